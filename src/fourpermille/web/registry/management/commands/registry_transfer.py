from django.core.management.base import BaseCommand

from fourpermille.web.registry import services
from fourpermille.web.registry.management.commands._base import (
    may_move,
    organisation_account,
    refused,
    user_named,
)


class Command(BaseCommand):
    help = "Transfer units between two organisations' accounts (whole blocks, the last one split)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="organisation name or id the units leave")
        parser.add_argument("target", help="organisation name or id the units go to")
        parser.add_argument("quantity", type=int, help="units [t CO2e]")
        parser.add_argument(
            "--as",
            dest="user",
            required=True,
            help="the user acting (an editor of the source organisation, or the secretariat)",
        )

    def handle(self, *args, **o):
        user = user_named(o["user"])
        source, target = organisation_account(o["source"]), organisation_account(o["target"])
        may_move(user, source)
        try:
            services.transfer(source, target, o["quantity"], user)
        except services.RegistryRefused as error:
            raise refused(error) from None
        self.stdout.write(f"transferred {o['quantity']} t CO2e from {source} to {target}")
