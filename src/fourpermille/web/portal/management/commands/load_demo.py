from django.core.management import call_command
from django.core.management.base import BaseCommand

from fourpermille.web.portal.demo import demo_loaded, load_demo


class Command(BaseCommand):
    help = "Load the deterministic demo data once, then print the demo accounts."

    def handle(self, *args, **options):
        already = demo_loaded()
        summary = load_demo()
        if already:
            self.stdout.write("Demo data already loaded.")
        else:
            self.stdout.write(
                f"Demo data loaded: {summary.organisations} organisations, {summary.projects} projects, "
                f"{summary.sites} sites, {summary.measurements} soil measurements, "
                f"{summary.commitments} commitments."
            )
        call_command("compute_estimates", "--demo-mrv", stdout=self.stdout)
        self.stdout.write("Demo accounts (password unless changed since):")
        for username, password, role in summary.users:
            self.stdout.write(f"  {username:18s} {password:18s} {role}")
        self.stdout.write("Pages: http://127.0.0.1:8000/ (admin: /admin/, API: /api/, API docs: /api/docs/)")
