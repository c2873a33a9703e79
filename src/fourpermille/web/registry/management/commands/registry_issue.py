import datetime as dt

from django.core.management.base import BaseCommand

from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.registry import services
from fourpermille.web.registry.management.commands._base import refused, secretariat_user


class Command(BaseCommand):
    help = "Issue the units of a verified MRV result (by its id), naming the verifier."

    def add_arguments(self, parser):
        parser.add_argument("mrv_result", type=int, help="id of the verified MRV result")
        parser.add_argument(
            "--verifier", default="", help="who verified the result (required unless the result names them)"
        )
        parser.add_argument(
            "--verified-on", type=dt.date.fromisoformat, help="the day the verifier signed, YYYY-MM-DD"
        )
        parser.add_argument("--as", dest="user", required=True, help="the secretariat user acting")

    def handle(self, *args, **o):
        user = secretariat_user(o["user"])
        record = MrvRecord.objects.filter(pk=o["mrv_result"]).first()
        if record is None:
            raise refused(services.RegistryRefused(f"MRV result {o['mrv_result']} not found"))
        try:
            issuance = services.issue(record, o["verifier"], user, verified_on=o["verified_on"])
        except services.RegistryRefused as error:
            raise refused(error) from None
        self.stdout.write(
            f"issued {issuance.units} t CO2e ({issuance.buffer_units} to the buffer): "
            f"{services.serials(issuance)}"
        )
