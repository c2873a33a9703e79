"""URL map of the platform (see docs/guide/platform.md)."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from fourpermille.web.core.views import ThrottledAdminAuthenticationForm
from fourpermille.web.resources.urls import moved_patterns

admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.site_header = "fourpermille"

handler400 = "fourpermille.web.core.views.bad_request"
handler403 = "fourpermille.web.core.views.permission_denied"
handler404 = "fourpermille.web.core.views.page_not_found"
handler500 = "fourpermille.web.core.views.server_error"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/dashboard/", include("fourpermille.web.dashboard.api_urls")),
    path("api/registry/", include("fourpermille.web.registry.api_urls")),
    path("api/", include("fourpermille.web.api.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("fourpermille.web.portal.urls")),
    path("organisations/", include("fourpermille.web.community.urls")),
    path("commitments/", include("fourpermille.web.commitments.urls")),
    path("projects/", include("fourpermille.web.projects.urls")),
    path("assessment/", include("fourpermille.web.assessment.urls")),
    path("roadmap/", include("fourpermille.web.roadmap.urls")),
    path("practices/", include("fourpermille.web.resources.urls")),
    path("resources/", include((moved_patterns, "resources-moved"))),
    # before "toolbox/": the catalogue of external tools lives under the toolbox
    path("toolbox/tools/", include("fourpermille.web.tools.urls")),
    path("toolbox/", include("fourpermille.web.toolbox.urls")),
    path("library/", include("fourpermille.web.library.urls")),
    path("admin/", admin.site.urls),
    path("dashboard/", include("fourpermille.web.dashboard.urls")),
    path("estimates/", include("fourpermille.web.estimates.urls")),
    path("registry/", include("fourpermille.web.registry.urls")),
    path("accounts/", include("fourpermille.web.community.account_urls")),
    path("notifications/", include("fourpermille.web.notifications.urls")),
    path("search/", include("fourpermille.web.search.urls")),
    path("helpdesk/", include("fourpermille.web.helpdesk.urls")),
    path("groups/", include("fourpermille.web.groups.urls")),
    path("events/", include("fourpermille.web.events.urls")),
    prefix_default_language=False,
)
