"""Helpdesk pages: the desks, asking, the question page (answers, follow-ups, closing), the experts' queue,
the public FAQ and the secretariat's page for a desk's experts. Views stay thin: ``workflow`` acts,
``rules`` decides."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import deny
from fourpermille.web.helpdesk import kpis, workflow
from fourpermille.web.helpdesk.forms import AnswerForm, DeskForm, FollowUpForm, QuestionForm
from fourpermille.web.helpdesk.lists import (
    EXPORT_COLUMNS,
    SORT_FIELDS,
    DeskFilter,
    FaqFilter,
    QuestionFilter,
)
from fourpermille.web.helpdesk.models import Desk, Message, MessageKind, Question


def _messages_prefetch():
    return Prefetch(
        "messages",
        queryset=Message.objects.select_related("author").prefetch_related("practices", "documents"),
    )


class DeskList(ListPageMixin, ListView):
    """The helpdesks (the app's index); ``?active=1`` lists the desks KPI B3 counts."""

    model = Desk
    filterset_class = DeskFilter
    template_name = "helpdesk/desk_list.html"

    def get_base_queryset(self):
        start, end = kpis.window(None)
        return Desk.objects.prefetch_related("experts").annotate(
            recent_answers=Count(
                "questions__messages",
                filter=Q(
                    questions__messages__kind=MessageKind.ANSWER,
                    questions__messages__created_at__gte=start,
                    questions__messages__created_at__lt=end,
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        active = set(kpis.active_desks().values_list("pk", flat=True))
        for desk in context["object_list"]:
            desk.is_kpi_active = desk.pk in active
            desk.expert_list = [e for e in desk.experts.all() if e.is_active]
        context.update(
            kpi=kpis.regions_with_active_desk(),
            window_days=kpis.ACTIVE_WINDOW_DAYS,
            can_ask=user.has_perm("helpdesk.add_question"),
            can_queue=user.has_perm("helpdesk.view_any_queue"),
            my_questions=user.is_authenticated and Question.objects.filter(asker=user).exists(),
        )
        return context


class DeskDetail(DetailView):
    model = Desk
    slug_field = "region"
    slug_url_kwarg = "region"
    template_name = "helpdesk/desk_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        desk = self.object
        context.update(
            experts=desk.active_experts(),
            faq=Question.objects.in_faq().filter(desk=desk)[:5],
            faq_count=Question.objects.in_faq().filter(desk=desk).count(),
            can_ask=desk.active and user.has_perm("helpdesk.add_question"),
            can_queue=user.has_perm("helpdesk.view_queue", desk),
            can_manage=user.has_perm("helpdesk.manage_experts"),
            is_kpi_active=kpis.active_desks().filter(pk=desk.pk).exists(),
            window_days=kpis.ACTIVE_WINDOW_DAYS,
        )
        return context


def desk_manage(request, region):
    """The secretariat chooses a desk's experts and opens or closes it."""
    if not request.user.has_perm("helpdesk.manage_experts"):
        return deny(request)
    desk = get_object_or_404(Desk, region=region)
    form = DeskForm(request.POST or None, instance=desk)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Helpdesk saved."))
        return redirect(desk)
    return render(
        request, "helpdesk/desk_manage.html", {"desk": desk, "form": form}, status=400 if form.errors else 200
    )


def ask(request):
    if not request.user.has_perm("helpdesk.add_question"):
        return deny(request)
    initial = {}
    region = request.GET.get("desk")
    desk = Desk.objects.filter(region=region, active=True).first() if region else None
    person = getattr(request.user, "person", None) if hasattr(request.user, "person") else None
    organisation = getattr(person, "organisation", None)
    if desk is None and organisation is not None:
        desk = Desk.objects.filter(region=organisation.region, active=True).first()
    if desk is not None:
        initial["desk"] = desk
    if organisation is not None:
        initial["country"] = organisation.country
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question = workflow.ask(
                request.user,
                data["desk"],
                title=data["title"],
                body=data["body"],
                country=data["country"],
                practices=data["practices"],
                allow_publishing=data["allow_publishing"],
            )
        except (WorkflowError, NotAllowed) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Your question was sent to the %(desk)s helpdesk.") % {"desk": question.desk}
            )
            return redirect(question)
    return render(request, "helpdesk/ask.html", {"form": form}, status=400 if form.errors else 200)


class QuestionList(ListPageMixin, ListView):
    """The questions this user may read: their own, their desks' queue (experts), all (the secretariat)."""

    model = Question
    filterset_class = QuestionFilter
    sort_fields = SORT_FIELDS
    default_sort = "-asked"
    export_name = "helpdesk-questions"
    export_columns = EXPORT_COLUMNS
    template_name = "helpdesk/question_list.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return deny(request)
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        queryset = Question.objects.visible_to(self.request.user).select_related("desk")
        if self.request.GET.get("mine") == "1":
            queryset = queryset.filter(asker=self.request.user)
        return queryset.prefetch_related("practices")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            mine=self.request.GET.get("mine") == "1",
            my_desks=list(user.helpdesk_desks.all()),
        )
        return context


def _question(request, pk, permission="helpdesk.view_question"):
    question = get_object_or_404(Question.objects.select_related("desk", "asker"), pk=pk)
    if not request.user.has_perm(permission, question):
        return None, question
    return question, question


def question_detail(request, pk):
    allowed, question = _question(request, pk)
    if allowed is None:
        if question.is_public:
            return redirect(question.get_faq_url())
        return deny(request)
    question = (
        Question.objects.select_related("desk", "asker")
        .prefetch_related("practices", _messages_prefetch())
        .get(pk=pk)
    )
    actions = workflow.available(question, request.user)
    context = {
        "question": question,
        "thread": question.messages.all(),
        "actions": actions,
        "answer_form": AnswerForm() if "answer" in actions else None,
        "follow_up_form": FollowUpForm() if "reopen" in actions else None,
        "can_mark_faq": request.user.has_perm("helpdesk.mark_faq", question),
        "is_asker": question.asker_id == request.user.pk,
    }
    return render(request, "helpdesk/question_detail.html", context)


def _act(request, pk, action, success: str):
    """Run ``action(question)`` for the user; a refused move becomes a message, a forbidden one a 403."""
    question = get_object_or_404(Question, pk=pk)
    if not request.user.has_perm("helpdesk.view_question", question):
        return deny(request)
    try:
        action(question)
    except NotAllowed:
        return deny(request)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(question)


@require_POST
def question_answer(request, pk):
    form = AnswerForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {"body": "", "practices": [], "documents": []}
    return _act(
        request,
        pk,
        lambda q: workflow.answer(q, request.user, data["body"], data["practices"], data["documents"]),
        _("Answer sent; the asker is notified."),
    )


@require_POST
def question_close(request, pk):
    return _act(request, pk, lambda q: workflow.close(q, request.user), _("Question closed."))


@require_POST
def question_reopen(request, pk):
    form = FollowUpForm(request.POST)
    body = form.cleaned_data["body"] if form.is_valid() else ""
    return _act(
        request,
        pk,
        lambda q: workflow.reopen(q, request.user, body),
        _("Question reopened; the desk's experts are notified."),
    )


@require_POST
def question_faq(request, pk):
    in_faq = request.POST.get("in_faq") == "1"
    return _act(
        request,
        pk,
        lambda q: workflow.set_in_faq(q, request.user, in_faq),
        _("Added to the public FAQ.") if in_faq else _("Removed from the public FAQ."),
    )


class FaqList(ListPageMixin, ListView):
    """The public FAQ: published questions and their answers, per region, searchable."""

    model = Question
    filterset_class = FaqFilter
    template_name = "helpdesk/faq_list.html"
    paginate_by = 10

    def get_base_queryset(self):
        return (
            Question.objects.in_faq()
            .select_related("desk")
            .prefetch_related("practices", _messages_prefetch())
            .order_by("-answered_at", "-pk")
        )


def faq_detail(request, pk):
    question = get_object_or_404(
        Question.objects.select_related("desk").prefetch_related("practices", _messages_prefetch()), pk=pk
    )
    if not request.user.has_perm("helpdesk.view_faq_entry", question):
        raise Http404
    context = {
        "question": question,
        "thread": question.messages.all(),
        "can_view_full": request.user.has_perm("helpdesk.view_question", question),
    }
    return render(request, "helpdesk/faq_detail.html", context)
