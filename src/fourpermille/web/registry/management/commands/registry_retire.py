from django.core.management.base import BaseCommand

from fourpermille.web.registry import services
from fourpermille.web.registry.management.commands._base import (
    may_move,
    organisation_account,
    refused,
    user_named,
)


class Command(BaseCommand):
    help = "Retire units of an organisation's account for a beneficiary (reason and location required)."

    def add_arguments(self, parser):
        parser.add_argument("organisation", help="organisation name or id whose units are retired")
        parser.add_argument("quantity", type=int, help="units [t CO2e]")
        parser.add_argument("--beneficiary", required=True)
        parser.add_argument("--reason", required=True)
        parser.add_argument("--location", required=True, help="country or region of the claim")
        parser.add_argument(
            "--as",
            dest="user",
            required=True,
            help="the user acting (an editor of the source organisation, or the secretariat)",
        )

    def handle(self, *args, **o):
        user = user_named(o["user"])
        account = organisation_account(o["organisation"])
        may_move(user, account)
        request = services.RetirementRequest(o["quantity"], o["beneficiary"], o["reason"], o["location"])
        try:
            retirement = services.retire(account, request, user)
        except services.RegistryRefused as error:
            raise refused(error) from None
        self.stdout.write(
            f"retired {retirement.quantity} t CO2e for {retirement.beneficiary}: "
            f"{retirement.get_absolute_url()}"
        )
