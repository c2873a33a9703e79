from django.views.generic import DetailView, ListView

from fourpermille.web.resources.models import Document, Practice


class PracticeList(ListView):
    model = Practice

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = Document.objects.all()[:50]
        return context


class PracticeDetail(DetailView):
    model = Practice
    slug_field = "code"
    slug_url_kwarg = "code"
