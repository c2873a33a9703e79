from django.core.management.base import BaseCommand

from fourpermille.web.projects.models import Project
from fourpermille.web.registry import services
from fourpermille.web.registry.management.commands._base import refused, secretariat_user


class Command(BaseCommand):
    help = "Cancel units of a project after a loss: from the buffer account first, then from its holders."

    def add_arguments(self, parser):
        parser.add_argument("project", type=int, help="project id")
        parser.add_argument("quantity", type=int, help="units [t CO2e]")
        parser.add_argument("--reason", required=True)
        parser.add_argument("--as", dest="user", required=True, help="the secretariat user acting")

    def handle(self, *args, **o):
        user = secretariat_user(o["user"])
        project = Project.objects.filter(pk=o["project"]).first()
        if project is None:
            raise refused(services.RegistryRefused(f"project {o['project']} not found"))
        try:
            row = services.cancel(project, o["quantity"], o["reason"], user)
        except services.RegistryRefused as error:
            raise refused(error) from None
        self.stdout.write(f"cancelled {row.quantity} t CO2e of {project} ({row.from_buffer} from the buffer)")
