"""The library's pages: the list (filters, downloads), a document, upload and edit, the secretariat's
decision, and the file itself."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DeleteView, DetailView, ListView, UpdateView

from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import RulesMixin, deny
from fourpermille.web.library import services
from fourpermille.web.library.forms import FILE_TYPES, DecisionForm, DocumentForm
from fourpermille.web.library.lists import EXPORT_COLUMNS, SORT_FIELDS, DocumentFilter
from fourpermille.web.library.models import Document, DocumentStatus


class DocumentList(ListPageMixin, ListView):
    model = Document
    filterset_class = DocumentFilter
    sort_fields = SORT_FIELDS
    default_sort = "-year"
    export_name = "library"
    export_columns = EXPORT_COLUMNS
    template_name = "library/document_list.html"

    def get_base_queryset(self):
        return (
            Document.objects.visible_to(self.request.user)
            .select_related("organisation")
            .prefetch_related("topics", "practices")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_add"] = user.has_perm("library.add_document")
        if user.has_perm("library.moderate_document"):
            context["waiting"] = Document.objects.filter(status=DocumentStatus.SUBMITTED).count()
        return context


class DocumentDetail(RulesMixin, DetailView):
    model = Document
    permission_required = "library.view_document"
    template_name = "library/document_detail.html"

    def get_queryset(self):
        return Document.objects.select_related("organisation", "uploaded_by", "decided_by").prefetch_related(
            "topics", "practices"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, document = self.request.user, self.object
        context.update(
            can_change=user.has_perm("library.change_document", document),
            can_delete=user.has_perm("library.delete_document", document),
            can_moderate=user.has_perm("library.moderate_document", document)
            and document.status == DocumentStatus.SUBMITTED,
            decision_form=kwargs.get("decision_form") or DecisionForm(),
            history=document.history.all()[:20] if user.has_perm("library.moderate_document") else [],
        )
        return context


class DocumentFormMixin:
    model = Document
    form_class = DocumentForm
    template_name = "library/document_form.html"


class DocumentCreate(RulesMixin, DocumentFormMixin, CreateView):
    permission_required = "library.add_document"

    def get_permission_object(self):
        return None

    def form_valid(self, form):
        document = form.save(commit=False)
        try:
            services.submit(document, self.request.user)
        except NotAllowed:
            return deny(self.request)
        form.save_m2m()
        self.object = document
        if document.is_published:
            messages.success(self.request, _("Document published."))
        else:
            messages.success(self.request, _("Document sent to the secretariat, who will publish it."))
        return redirect(document.get_absolute_url())


class DocumentUpdate(RulesMixin, DocumentFormMixin, UpdateView):
    permission_required = "library.change_document"

    def form_valid(self, form):
        messages.success(self.request, _("Document saved."))
        return super().form_valid(form)


class DocumentDelete(RulesMixin, DeleteView):
    model = Document
    permission_required = "library.delete_document"
    template_name = "confirm_delete.html"
    success_url = reverse_lazy("library:document-list")

    def form_valid(self, form):
        messages.success(self.request, _("Document deleted."))
        return super().form_valid(form)


@require_POST
def decide(request, pk):
    """The secretariat publishes or rejects a submitted document (the buttons ask to confirm)."""
    document = get_object_or_404(Document, pk=pk)
    if not request.user.has_perm("library.moderate_document", document):
        return deny(request)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(document.get_absolute_url())
    try:
        services.decide(document, request.user, form.cleaned_data["outcome"], form.cleaned_data["reason"])
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        if form.cleaned_data["outcome"] == "published":
            messages.success(request, _("Document published; the uploader is notified."))
        else:
            messages.success(request, _("Document rejected; the uploader is notified."))
    return redirect(document.get_absolute_url())


def document_file(request, pk):
    """The uploaded file, to those who may read the document, always as a download (never shown inline)."""
    document = get_object_or_404(Document, pk=pk)
    if not request.user.has_perm("library.view_document", document):
        return deny(request)
    if not document.file:
        raise Http404
    suffix = PurePosixPath(document.file.name).suffix.lower()
    content_type = FILE_TYPES.get(suffix, ("application/octet-stream",))[0]
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.file_name or PurePosixPath(document.file.name).name,
        content_type=content_type,
    )
