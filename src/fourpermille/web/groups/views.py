"""Working group pages. A private group the user may not see answers 404 everywhere (its list entry, page,
threads and documents), so nothing tells that it exists."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count, DateTimeField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from fourpermille.web.community.forms import DOCUMENT_TYPES
from fourpermille.web.core.errors import WorkflowError
from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import RulesMixin, deny
from fourpermille.web.groups import services
from fourpermille.web.groups.forms import DocumentForm, MemberForm, ReplyForm, ThreadForm, WorkingGroupForm
from fourpermille.web.groups.lists import EXPORT_COLUMNS, SORT_FIELDS, WorkingGroupFilter
from fourpermille.web.groups.models import Document, Reply, Thread, WorkingGroup


def with_activity(queryset):
    """Members, threads and the time of the last visible post of each group."""
    last_thread = Thread.objects.filter(working_group=OuterRef("pk"), hidden=False).order_by("-created_at")
    last_reply = Reply.objects.filter(
        thread__working_group=OuterRef("pk"), hidden=False, thread__hidden=False
    ).order_by("-created_at")
    thread_time = Subquery(last_thread.values("created_at")[:1], output_field=DateTimeField())
    reply_time = Subquery(last_reply.values("created_at")[:1], output_field=DateTimeField())
    return queryset.annotate(
        member_count=Count("memberships", distinct=True),
        thread_count=Count("threads", filter=Q(threads__hidden=False), distinct=True),
        last_thread=thread_time,
        last_reply=reply_time,
    ).annotate(
        last_post=Greatest(
            Coalesce("last_thread", "last_reply"),
            Coalesce("last_reply", "last_thread"),
            output_field=DateTimeField(),
        )
    )


def visible_group(request, pk) -> WorkingGroup:
    """The group if ``request.user`` may see it, else 404 (a private group does not exist for others)."""
    group = get_object_or_404(WorkingGroup, pk=pk)
    if not request.user.has_perm("groups.view_workinggroup", group):
        raise Http404
    return group


def visible_thread(request, pk) -> Thread:
    thread = get_object_or_404(Thread.objects.select_related("working_group", "author"), pk=pk)
    user = request.user
    if not user.has_perm("groups.view_workinggroup", thread.working_group):
        raise Http404
    if thread.hidden and not user.has_perm("groups.hide_post", thread):
        raise Http404
    return thread


class GroupList(ListPageMixin, ListView):
    model = WorkingGroup
    template_name = "groups/group_list.html"
    filterset_class = WorkingGroupFilter
    sort_fields = SORT_FIELDS
    default_sort = "name"
    export_name = "working-groups"
    export_columns = EXPORT_COLUMNS

    def get_base_queryset(self):
        return with_activity(WorkingGroup.objects.visible_to(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = user.has_perm("groups.add_workinggroup")
        context["my_groups"] = (
            set(user.group_memberships.values_list("group_id", flat=True)) if user.is_authenticated else set()
        )
        return context


def group_detail(request, pk):
    group = visible_group(request, pk)
    user = request.user
    can_moderate = user.has_perm("groups.hide_post", group)
    threads = group.threads.select_related("author").annotate(
        reply_count=Count("replies", filter=Q(replies__hidden=False)),
        last_reply=Max("replies__created_at"),
    )
    if not can_moderate:
        threads = threads.filter(hidden=False)
    context = {
        "group": group,
        "object": group,
        "role": group.role_of(user),
        "memberships": group.memberships.select_related("user"),
        "threads": threads,
        "documents": group.documents.select_related("uploaded_by"),
        "can_post": user.has_perm("groups.post_in_group", group),
        "can_join": user.has_perm("groups.join_workinggroup", group),
        "can_leave": user.has_perm("groups.leave_workinggroup", group),
        "can_manage": user.has_perm("groups.manage_members", group),
        "can_change": user.has_perm("groups.change_workinggroup", group),
        "can_moderate": can_moderate,
    }
    return render(request, "groups/group_detail.html", context)


class GroupCreate(RulesMixin, CreateView):
    model = WorkingGroup
    form_class = WorkingGroupForm
    permission_required = "groups.add_workinggroup"
    template_name = "groups/form.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("New working group")}

    def form_valid(self, form):
        response = super().form_valid(form)
        services.add_member(self.object, self.request.user, self.request.user, role="coordinator")
        messages.success(self.request, _("Working group created; you coordinate it."))
        return response


class GroupUpdate(RulesMixin, UpdateView):
    model = WorkingGroup
    form_class = WorkingGroupForm
    permission_required = "groups.change_workinggroup"
    template_name = "groups/form.html"

    def get_object(self, queryset=None):
        return visible_group(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Edit the group")}

    def form_valid(self, form):
        messages.success(self.request, _("Working group saved."))
        return super().form_valid(form)


@require_POST
def group_join(request, pk):
    group = visible_group(request, pk)
    if not request.user.has_perm("groups.join_workinggroup", group):
        return deny(request)
    services.join(group, request.user)
    messages.success(request, _("You joined %(group)s.") % {"group": group.name})
    return redirect(group)


@require_POST
def group_leave(request, pk):
    group = visible_group(request, pk)
    if not request.user.has_perm("groups.leave_workinggroup", group):
        return deny(request)
    services.leave(group, request.user)
    messages.success(request, _("You left %(group)s.") % {"group": group.name})
    return redirect("groups:list" if group.private else group.get_absolute_url())


def group_members(request, pk):
    """Coordinators and the secretariat add members (or change a role) and remove them."""
    group = visible_group(request, pk)
    if not request.user.has_perm("groups.manage_members", group):
        return deny(request)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = form.cleaned_data["user"]
        services.add_member(group, member, request.user, role=form.cleaned_data["role"])
        messages.success(
            request, _("%(who)s is a member of the group.") % {"who": services.display_name(member)}
        )
        return redirect("groups:members", pk=group.pk)
    context = {"group": group, "form": form, "memberships": group.memberships.select_related("user")}
    return render(request, "groups/members.html", context, status=400 if form.errors else 200)


@require_POST
def member_remove(request, pk, user_pk):
    group = visible_group(request, pk)
    if not request.user.has_perm("groups.manage_members", group):
        return deny(request)
    member = get_object_or_404(get_user_model(), pk=user_pk)
    services.remove_member(group, member, request.user)
    messages.success(request, _("%(who)s is no longer a member.") % {"who": services.display_name(member)})
    return redirect("groups:members", pk=group.pk)


def thread_create(request, pk):
    group = visible_group(request, pk)
    if not request.user.has_perm("groups.post_in_group", group):
        return deny(request)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        thread = services.post_thread(
            group, request.user, form.cleaned_data["title"], form.cleaned_data["body"]
        )
        messages.success(request, _("Thread posted; the group's members are notified."))
        return redirect(thread)
    context = {
        "form": form,
        "heading": _("New thread in “%(group)s”") % {"group": group.name},
        "cancel": group,
    }
    return render(request, "groups/form.html", context, status=400 if form.errors else 200)


def thread_detail(request, pk):
    thread = visible_thread(request, pk)
    group = thread.working_group
    user = request.user
    can_post = user.has_perm("groups.post_in_group", group)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if not can_post:
            return deny(request)
        if form.is_valid():
            try:
                reply = services.post_reply(thread, user, form.cleaned_data["body"])
            except WorkflowError:
                messages.error(request, _("The thread is hidden: it takes no reply."))
                return redirect(thread)
            messages.success(request, _("Reply posted."))
            return redirect(reply.get_absolute_url())
    can_moderate = user.has_perm("groups.hide_post", thread)
    replies = thread.replies.select_related("author")
    context = {
        "thread": thread,
        "group": group,
        "replies": [(r, user.has_perm("groups.change_post", r)) for r in replies],
        "form": form if can_post else None,
        "can_edit": user.has_perm("groups.change_post", thread),
        "can_moderate": can_moderate,
    }
    return render(request, "groups/thread_detail.html", context, status=400 if form.errors else 200)


def thread_edit(request, pk):
    thread = visible_thread(request, pk)
    if not request.user.has_perm("groups.change_post", thread):
        return deny(request)
    form = ThreadForm(request.POST or None, instance=thread)
    if request.method == "POST" and form.is_valid():
        services.edit_post(
            thread, request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"]
        )
        messages.success(request, _("Thread saved."))
        return redirect(thread)
    context = {"form": form, "heading": _("Edit the thread"), "cancel": thread}
    return render(request, "groups/form.html", context, status=400 if form.errors else 200)


def reply_edit(request, pk):
    reply = get_object_or_404(Reply, pk=pk)
    visible_thread(request, reply.thread_id)
    if not request.user.has_perm("groups.change_post", reply):
        return deny(request)
    form = ReplyForm(request.POST or None, instance=reply)
    if request.method == "POST" and form.is_valid():
        services.edit_post(reply, request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Reply saved."))
        return redirect(reply.get_absolute_url())
    context = {"form": form, "heading": _("Edit the reply"), "cancel": reply.thread}
    return render(request, "groups/form.html", context, status=400 if form.errors else 200)


@require_POST
def post_hide(request, which, pk):
    """Hide a thread or reply (``hidden=1``) or show it again (``hidden=0``)."""
    model = {"thread": Thread, "reply": Reply}.get(which)
    if model is None:
        raise Http404
    post = get_object_or_404(model, pk=pk)
    if not request.user.has_perm("groups.view_workinggroup", post.group):
        raise Http404
    if not request.user.has_perm("groups.hide_post", post):
        return deny(request)
    hidden = request.POST.get("hidden") == "1"
    services.set_hidden(post, request.user, hidden)
    messages.success(request, _("The message is hidden.") if hidden else _("The message is shown again."))
    thread = post if isinstance(post, Thread) else post.thread
    return redirect(thread)


def document_upload(request, pk):
    group = visible_group(request, pk)
    if not request.user.has_perm("groups.post_in_group", group):
        return deny(request)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_document(group, request.user, form.cleaned_data["title"], form.cleaned_data["file"])
        messages.success(request, _("Document shared with the group."))
        return redirect(group)
    context = {
        "form": form,
        "heading": _("Share a document in “%(group)s”") % {"group": group.name},
        "cancel": group,
    }
    return render(request, "groups/form.html", context, status=400 if form.errors else 200)


def document_download(request, pk):
    """A group's document, to those who see the group, always as a download (never shown inline)."""
    document = get_object_or_404(Document.objects.select_related("working_group"), pk=pk)
    if not request.user.has_perm("groups.view_workinggroup", document.working_group):
        raise Http404
    suffix = PurePosixPath(document.file.name).suffix.lower()
    content_type = DOCUMENT_TYPES.get(suffix, ("application/octet-stream",))[0]
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name or f"{document.title}{suffix}",
        content_type=content_type,
    )


@require_POST
def document_delete(request, pk):
    document = get_object_or_404(Document.objects.select_related("working_group"), pk=pk)
    group = document.working_group
    if not request.user.has_perm("groups.view_workinggroup", group):
        raise Http404
    if not request.user.has_perm("groups.delete_document", document):
        return deny(request)
    services.delete_document(document, request.user)
    messages.success(request, _("Document deleted."))
    return redirect(group)
