from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from fourpermille.web.helpdesk.models import Desk, Question
from fourpermille.web.library.models import Document
from fourpermille.web.resources.models import Practice


class UserChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class QuestionForm(forms.ModelForm):
    """A question to a desk (only desks open to questions)."""

    class Meta:
        model = Question
        fields = ["desk", "title", "body", "country", "practices", "allow_publishing"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
            "practices": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "title": _("One sentence that says what you want to know."),
            "country": _("The country your question is about."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desk"].queryset = Desk.objects.filter(active=True)
        self.fields["desk"].empty_label = None
        self.fields["practices"].queryset = Practice.objects.all()
        self.fields["practices"].required = False


class DocumentSelect(forms.SelectMultiple):
    """Library documents by their title, each option marked with the language its title is in (a title may
    exist in one language only, as published)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        document = getattr(value, "instance", None)
        if document is not None:
            option["attrs"]["lang"] = document.shown_title.lang
        return option


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    practices = forms.ModelMultipleChoiceField(
        queryset=Practice.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Practices cited"),
        help_text=_("Each one links to its page in the good-practice database."),
    )
    documents = forms.ModelMultipleChoiceField(
        queryset=Document.objects.published(),
        required=False,
        widget=DocumentSelect(attrs={"size": 6}),
        label=_("Library documents cited"),
        help_text=_("Published documents of the resource library; each one links to its page."),
    )


class FollowUpForm(forms.Form):
    body = forms.CharField(
        label=_("Follow-up"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        help_text=_("Reopens the question; the desk's experts are notified."),
    )


class DeskForm(forms.ModelForm):
    """The secretariat's page for a desk: its experts and whether it takes questions."""

    experts = UserChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Experts"),
        help_text=_("They answer the desk's questions and are notified of new ones."),
    )

    class Meta:
        model = Desk
        fields = ["active", "experts"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # an expert whose account was deactivated stays listed, so saving the page does not drop them
            self.fields["experts"].queryset = (
                (get_user_model().objects.filter(is_active=True) | self.instance.experts.all())
                .distinct()
                .order_by("username")
            )
