from pathlib import PurePosixPath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from fourpermille.web.community import services
from fourpermille.web.community.forms import (
    DOCUMENT_TYPES,
    AcceptInvitationForm,
    AccountCreateForm,
    DecisionForm,
    InviteForm,
    JoinRequestForm,
    OrganisationForm,
)
from fourpermille.web.community.lists import EXPORT_COLUMNS, SORT_FIELDS, OrganisationFilter
from fourpermille.web.community.models import JoinRequest, JoinRequestStatus, Organisation
from fourpermille.web.core import roles, throttle
from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import RulesMixin, deny
from fourpermille.web.projects.models import Project


class OrganisationList(ListPageMixin, ListView):
    model = Organisation
    filterset_class = OrganisationFilter
    sort_fields = SORT_FIELDS
    default_sort = "name"
    export_name = "organisations"
    export_columns = EXPORT_COLUMNS

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("community.add_organisation")
        return context


class OrganisationDetail(DetailView):
    model = Organisation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["projects"] = Project.objects.visible_to(user).filter(organisation=self.object)
        context["commitments"] = self.object.commitments.all()
        context["can_change"] = user.has_perm("community.change_organisation", self.object)
        context["can_delete"] = user.has_perm("community.delete_organisation", self.object)
        context["can_invite"] = user.has_perm("community.invite_member", self.object)
        context["history"] = self.object.history.all()[:20]
        return context


class OrganisationFormMixin:
    """The form knows who edits: the secretariat's fields are read-only to everyone else."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class OrganisationCreate(RulesMixin, OrganisationFormMixin, CreateView):
    model = Organisation
    form_class = OrganisationForm
    permission_required = "community.add_organisation"
    template_name = "form.html"

    def get_permission_object(self):
        return None

    def form_valid(self, form):
        messages.success(self.request, _("Organisation created."))
        return super().form_valid(form)


class OrganisationUpdate(RulesMixin, OrganisationFormMixin, UpdateView):
    model = Organisation
    form_class = OrganisationForm
    permission_required = "community.change_organisation"
    template_name = "form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Organisation saved."))
        return super().form_valid(form)


class OrganisationDelete(RulesMixin, DeleteView):
    model = Organisation
    permission_required = "community.delete_organisation"
    template_name = "confirm_delete.html"
    success_url = reverse_lazy("community:organisation-list")

    def form_valid(self, form):
        messages.success(self.request, _("Organisation deleted."))
        return super().form_valid(form)


# --- joining -----------------------------------------------------------------------------------------

#: Applications accepted from one client address per hour (each sends an e-mail).
JOIN_REQUESTS_PER_HOUR = 5


def _join_throttled(request) -> bool:
    key = f"join-requests:{throttle.client_address(request)}"
    if cache.add(key, 1, timeout=3600):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)
        return False
    return count > JOIN_REQUESTS_PER_HOUR


def join_apply(request):
    """The public application form; on success, the contact is asked to confirm the e-mail address."""
    form = JoinRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if _join_throttled(request):
            form.add_error(None, _("Too many applications from your address: try again in an hour."))
        else:
            join_request = form.save(commit=False)
            join_request.language = translation.get_language() or settings.LANGUAGE_CODE
            services.submit_join_request(join_request, request)
            return render(request, "community/join_sent.html", {"join_request": join_request})
    status = 400 if request.method == "POST" else 200
    return render(request, "community/join_apply.html", {"form": form}, status=status)


def join_confirm(request, token):
    try:
        join_request = services.confirm_join_request(token)
    except WorkflowError as error:
        return render(request, "community/join_confirmed.html", {"error": error}, status=400)
    return render(request, "community/join_confirmed.html", {"join_request": join_request})


class JoinRequestList(RulesMixin, ListView):
    model = JoinRequest
    permission_required = "community.view_joinrequest"
    paginate_by = 50
    template_name = "community/joinrequest_list.html"

    def get_queryset(self):
        queryset = JoinRequest.objects.select_related("organisation", "decided_by")
        status = self.request.GET.get("status", JoinRequestStatus.PENDING)
        if status in JoinRequestStatus.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(JoinRequest.objects.values_list("status").annotate(n=Count("pk")).order_by())
        context["statuses"] = [(s.value, s.label, counts.get(s.value, 0)) for s in JoinRequestStatus]
        context["current"] = self.request.GET.get("status", JoinRequestStatus.PENDING)
        return context


def join_request_detail(request, pk):
    join_request = get_object_or_404(JoinRequest, pk=pk)
    if not request.user.has_perm("community.view_joinrequest", join_request):
        return deny(request)
    can_decide = (
        request.user.has_perm("community.decide_joinrequest", join_request)
        and join_request.status == JoinRequestStatus.PENDING
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        if not request.user.has_perm("community.decide_joinrequest", join_request):
            return deny(request)
        if not can_decide:
            messages.error(request, _("This request is decided already."))
            return redirect(join_request)
        if form.is_valid():
            try:
                if form.cleaned_data["decision"] == DecisionForm.APPROVE:
                    organisation = services.approve_join_request(join_request, request.user, request)
                    messages.success(
                        request,
                        _("%(name)s approved: the organisation is created and its contact invited.")
                        % {"name": organisation.name},
                    )
                else:
                    services.reject_join_request(join_request, request.user, form.cleaned_data["reason"])
                    messages.success(request, _("Request rejected; the applicant is told why."))
                return redirect(join_request)
            except (WorkflowError, NotAllowed) as error:
                form.add_error(None, str(error))
    context = {
        "object": join_request,
        "form": form,
        "can_decide": can_decide,
        "history": join_request.history.all()[:20],
    }
    return render(request, "community/joinrequest_detail.html", context, status=400 if form.errors else 200)


def join_document(request, pk, which):
    """A request's document, to the secretariat only, always as a download (never shown inline)."""
    join_request = get_object_or_404(JoinRequest, pk=pk)
    if not request.user.has_perm("community.view_joinrequest", join_request):
        return deny(request)
    field, name = {
        "declaration": (join_request.declaration, join_request.declaration_name),
        "non-profit": (join_request.non_profit_proof, join_request.non_profit_proof_name),
    }.get(which, (None, ""))
    if not field:
        raise Http404
    suffix = PurePosixPath(field.name).suffix.lower()
    content_type = DOCUMENT_TYPES.get(suffix, ("application/octet-stream",))[0]
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=name or field.name, content_type=content_type
    )


def invitation_accept(request, token):
    """The invited person chooses a user name and password; the link then stops working."""
    try:
        invitation = services.open_invitation(token)
    except WorkflowError as error:
        return render(request, "community/invitation_accept.html", {"error": error}, status=400)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(token, form)
        except WorkflowError as error:
            return render(request, "community/invitation_accept.html", {"error": error}, status=400)
        messages.success(
            request,
            _("Welcome, %(name)s: your account is open. Log in with your user name and password.")
            % {"name": user.get_full_name() or user.get_username()},
        )
        return redirect("login")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "invitation": invitation}
    return render(request, "community/invitation_accept.html", context, status=status)


def organisation_invite(request, pk):
    """An organisation's editor (or the secretariat) invites a colleague to edit for it."""
    organisation = get_object_or_404(Organisation, pk=pk)
    if not request.user.has_perm("community.invite_member", organisation):
        return deny(request)
    form = InviteForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            services.invite(
                organisation,
                form.cleaned_data["email"],
                request.user,
                request=request,
                language=form.cleaned_data["language"],
            )
        except (WorkflowError, NotAllowed) as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect(organisation)
    invitations = organisation.invitations.select_related("invited_by")[:20]
    context = {"organisation": organisation, "form": form, "invitations": invitations, "now": timezone.now()}
    return render(request, "community/invite.html", context, status=400 if form.errors else 200)


# --- accounts (the secretariat) -----------------------------------------------------------------------


class AccountList(RulesMixin, ListView):
    permission_required = "community.manage_accounts"
    paginate_by = 50
    template_name = "community/account_list.html"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        queryset = (
            get_user_model()
            .objects.select_related("person__organisation")
            .prefetch_related("groups")
            .order_by("username")
        )
        query = self.request.GET.get("q", "").strip()[:100]
        if query:
            queryset = queryset.filter(
                Q(username__icontains=query)
                | Q(email__icontains=query)
                | Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
                | Q(person__organisation__name__icontains=query)
            )
        active = self.request.GET.get("active")
        if active in ("1", "0"):
            queryset = queryset.filter(is_active=active == "1")
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for account in context["object_list"]:
            account.role_labels = [str(_("Superuser"))] if account.is_superuser else []
            account.role_labels += [str(roles.ROLE_LABELS.get(g.name, g.name)) for g in account.groups.all()]
        return context


def account_create(request):
    if not request.user.has_perm("community.manage_accounts"):
        return deny(request)
    form = AccountCreateForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_account(request.user, request=request, **form.cleaned_data)
        except (WorkflowError, NotAllowed) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Account %(username)s created; a link to choose a password was sent to %(email)s.")
                % {"username": user.username, "email": user.email},
            )
            return redirect("accounts:list")
    return render(request, "community/account_form.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def account_set_active(request, pk):
    if not request.user.has_perm("community.manage_accounts"):
        return deny(request)
    user = get_object_or_404(get_user_model(), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(user, active, request.user)
    except (WorkflowError, NotAllowed) as error:
        messages.error(request, str(error))
    else:
        message = _("Account %(username)s reactivated.") if active else _("Account %(username)s deactivated.")
        messages.success(request, message % {"username": user.username})
    return redirect("accounts:list")
