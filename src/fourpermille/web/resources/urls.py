from django.urls import path

from fourpermille.web.resources import views

app_name = "resources"
urlpatterns = [
    path("", views.PracticeList.as_view(), name="practice-list"),
    path("case-studies/", views.CaseStudyList.as_view(), name="case-study-list"),
    path("case-studies/new/", views.CaseStudyCreate.as_view(), name="case-study-create"),
    path("case-studies/<int:pk>/", views.CaseStudyDetail.as_view(), name="case-study-detail"),
    path("case-studies/<int:pk>/edit/", views.CaseStudyUpdate.as_view(), name="case-study-update"),
    path("case-studies/<int:pk>/submit/", views.case_study_submit, name="case-study-submit"),
    path("case-studies/<int:pk>/decide/", views.case_study_decide, name="case-study-decide"),
    path("<slug:code>/", views.PracticeDetail.as_view(), name="practice-detail"),
]

#: The catalogue's former addresses (/resources/...), redirected for good (web/urls.py mounts them).
moved_patterns = [
    path("", views.resources_moved, name="list"),
    path("practices/<slug:code>/", views.resources_moved, name="practice"),
]
