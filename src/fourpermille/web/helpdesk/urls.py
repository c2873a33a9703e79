from django.urls import path

from fourpermille.web.helpdesk import views

app_name = "helpdesk"
urlpatterns = [
    path("", views.DeskList.as_view(), name="desk-list"),
    path("desks/<slug:region>/", views.DeskDetail.as_view(), name="desk-detail"),
    path("desks/<slug:region>/experts/", views.desk_manage, name="desk-manage"),
    path("ask/", views.ask, name="ask"),
    path("questions/", views.QuestionList.as_view(), name="question-list"),
    path("questions/<int:pk>/", views.question_detail, name="question-detail"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question-answer"),
    path("questions/<int:pk>/close/", views.question_close, name="question-close"),
    path("questions/<int:pk>/reopen/", views.question_reopen, name="question-reopen"),
    path("questions/<int:pk>/faq/", views.question_faq, name="question-faq"),
    path("faq/", views.FaqList.as_view(), name="faq-list"),
    path("faq/<int:pk>/", views.faq_detail, name="faq-detail"),
]
