from django.views.generic import DetailView, ListView

from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.resources.lists import EXPORT_COLUMNS, SORT_FIELDS, PracticeFilter
from fourpermille.web.resources.models import Document, Practice, PracticeCategory
from fourpermille.web.resources.services import practice_sheet, practice_sheets


class PracticeList(ListPageMixin, ListView):
    """The catalogue by category: each practice's headline effect, or that none is quantified yet."""

    model = Practice
    filterset_class = PracticeFilter
    sort_fields = SORT_FIELDS
    default_sort = "category"
    export_name = "practices"
    export_columns = EXPORT_COLUMNS

    def export_rows(self, rows):
        return super().export_rows(practice_sheets(rows))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sheets = practice_sheets(context["object_list"])
        if self.sort.lstrip("-") == "category":
            context["categories"] = [
                (label, [s for s in sheets if s.record.category == value])
                for value, label in PracticeCategory.choices
                if any(s.record.category == value for s in sheets)
            ]
            if self.sort.startswith("-"):
                context["categories"].reverse()
        else:
            context["categories"] = [("", sheets)]
        context["documents"] = Document.objects.all()[:50]
        return context


class PracticeDetail(DetailView):
    model = Practice
    slug_field = "code"
    slug_url_kwarg = "code"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sheet"] = practice_sheet(self.object)
        context["projects"] = self.object.projects.visible_to(self.request.user).order_by("title")
        return context
