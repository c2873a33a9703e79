from django.core.management.base import BaseCommand

from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.registry import services
from fourpermille.web.registry.management.commands._base import refused, secretariat_user
from fourpermille.web.registry.models import Label, WithdrawalCause


class Command(BaseCommand):
    help = (
        "The 4 per 1000 label of a project and monitoring period: show its decision, award it (when the "
        "rules grant it) or withdraw it (the assessment or the verification was withdrawn)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["show", "award", "withdraw"])
        parser.add_argument("project", type=int, help="project id")
        parser.add_argument("period", help="monitoring period START-END, e.g. 2020-2025")
        parser.add_argument("--cause", choices=WithdrawalCause.values, help="withdraw: what was withdrawn")
        parser.add_argument("--reason", default="", help="withdraw: why")
        parser.add_argument("--as", dest="user", help="the secretariat user acting (award, withdraw)")

    def handle(self, *args, **o):
        record = MrvRecord.objects.filter(project=o["project"], period=o["period"]).first()
        if record is None:
            raise refused(
                services.RegistryRefused(f"project {o['project']} has no MRV result for {o['period']}")
            )
        if o["action"] == "show":
            page = services.label_page(record)
            self.stdout.write(f"{page.state}: {'; '.join(page.reasons) or 'every condition met'}")
            return
        if not o["user"]:
            raise refused(services.RegistryRefused("--as SECRETARIAT_USER is required to award or withdraw"))
        user = secretariat_user(o["user"])
        try:
            if o["action"] == "award":
                row = services.award_label(record, user)
                self.stdout.write(f"label awarded: {row} (evidence {row.evidence_hash})")
            else:
                row = Label.objects.filter(mrv_record=record).first()
                if row is None:
                    raise services.RegistryRefused(f"no label was awarded for {record}")
                if not o["cause"]:
                    raise services.RegistryRefused("--cause assessment|verification is required")
                row = services.withdraw_label(row, o["cause"], o["reason"], user)
                self.stdout.write(f"label withdrawn on {row.withdrawn_at.date()}: {row.withdrawal_reason}")
        except services.RegistryRefused as error:
            raise refused(error) from None
