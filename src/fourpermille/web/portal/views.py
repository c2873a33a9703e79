"""The home page: for a logged-in user, what concerns them by role (``portal.home``); for everyone, the
platform's figures (composed from every domain app) and the demo notice."""

from __future__ import annotations

from django.views.generic import TemplateView

from fourpermille.web.portal.demo import demo_loaded
from fourpermille.web.portal.figures import platform_figures
from fourpermille.web.portal.home import home_for
from fourpermille.web.projects.models import ProjectStatus


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = platform_figures()
        context["figures"] = figures
        context["stages"] = [
            (status, ProjectStatus(status).label, n) for status, n in figures["projects_by_status"].items()
        ]
        context["demo"] = demo_loaded()
        if self.request.user.is_authenticated:
            context["mine"] = home_for(self.request.user)
        return context
