from django.urls import path

from fourpermille.web.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.AssessmentList.as_view(), name="list"),
    path("<int:pk>/", views.AssessmentDetail.as_view(), name="detail"),
    path("<int:pk>/assess/", views.assess, name="assess"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/report.<str:fmt>", views.report, name="report"),
    path("<int:pk>/letter.<str:fmt>", views.report, {"kind": "letter"}, name="letter"),
    path("<int:pk>/results/", views.record_result, name="record-result"),
    path("<int:pk>/report/", views.edit_report, name="edit-report"),
    path("<int:pk>/eligibility/", views.edit_eligibility, name="edit-eligibility"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("frameworks/", views.FrameworkList.as_view(), name="framework-list"),
    path("frameworks/<int:pk>/", views.FrameworkDetail.as_view(), name="framework-detail"),
    path("frameworks/<int:pk>/new-version/", views.framework_new_version, name="framework-new-version"),
    path("frameworks/<int:pk>/publish/", views.framework_publish, name="framework-publish"),
]
