"""Template helpers of the design system: numbers by locale, message and button styles, list sorting.

``{% load ui %}`` then ``{{ value|num }}`` (at most 2 decimals, grouped by the page's locale: 12,345.6 in
English, 12 345,6 in French), ``{{ value|num:0 }}`` (a count: 196, never "196.0"),
``{{ action|button_class }}`` for a workflow transition, ``{% sort_header "title" _("Title") %}`` for a
sortable column heading, ``{{ "t C/ha/yr"|unit }}`` for a unit written in the page's language (the one
place units are translated: "t C/ha/an" in French, "t C/ha/año" in Spanish).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

register = template.Library()

#: Workflow transitions that go backwards or end a project's chances: shown as danger and confirmed.
BACKWARD_ACTIONS = frozenset({"withdraw", "declare_ineligible", "reject", "delete"})

_ALERT = {"error": "danger", "debug": "secondary"}

#: Units a page writes beside a number (docs/nomenclature.md), each in the reader's language.
UNITS = {
    "t C/ha/yr": pgettext_lazy("unit", "t C/ha/yr"),
    "t C/ha": pgettext_lazy("unit", "t C/ha"),
    "t CO2e/yr": pgettext_lazy("unit", "t CO2e/yr"),
    "ha": pgettext_lazy("unit", "ha"),
}


@register.filter
def alert_class(tags: str) -> str:
    """Bootstrap's alert colour for a message's tags (``error`` -> ``danger``)."""
    level = (tags or "info").split()[-1]
    return _ALERT.get(level, level)


@register.filter
def num(value, digits=2):
    """``value`` in the page's locale with thousands separators and at most ``digits`` decimals
    (trailing zeros dropped); ``digits`` 0 rounds to a whole number (counts); None shows "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return value
    try:
        digits = max(0, int(digits))
        rounded = round(Decimal(str(value)), digits)
    except (TypeError, ValueError, InvalidOperation):
        return value
    if not rounded.is_finite():
        return value
    places = max(0, -rounded.normalize().as_tuple().exponent)
    return floatformat(rounded, f"{places}g")


@register.filter
def unit(name: str) -> str:
    """The unit ``name`` (a key of :data:`UNITS`) in the page's language; an unknown unit is an error
    naming the known ones, so a typo cannot leave an untranslated unit on a page."""
    if name not in UNITS:
        raise ValueError(f"unknown unit {name!r}; known: {', '.join(UNITS)}")
    return str(UNITS[name])


@register.filter
def button_class(action: str) -> str:
    """``btn-danger`` for a transition that withdraws, rejects or deletes; ``btn-primary`` otherwise."""
    return "btn-danger" if action in BACKWARD_ACTIONS else "btn-primary"


@register.filter
def is_backward(action: str) -> bool:
    return action in BACKWARD_ACTIONS


@register.simple_tag(takes_context=True)
def query(context, **changes):
    """The current query string with ``changes`` applied (a value of None removes the key); for links
    that change the page or the order of a list while keeping its filters."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label, css: str = ""):
    """A column heading that sorts the list by ``key`` (ascending, then descending on a second click),
    with ``aria-sort`` on the current column."""
    current = context.get("sort", "")
    if current == key:
        target, state, arrow = f"-{key}", "ascending", " ▲"
    elif current == f"-{key}":
        target, state, arrow = key, "descending", " ▼"
    else:
        target, state, arrow = key, "none", ""
    href = query(context, sort=target, page=None)
    title = _("Sort by %(column)s") % {"column": label}
    return format_html(
        '<th scope="col" class="{}" aria-sort="{}"><a class="sort-link" href="{}" title="{}">{}{}</a></th>',
        css,
        state,
        href,
        title,
        label,
        arrow,
    )


#: Page headings of the create and edit forms, per model, written whole so that French and Spanish can agree
#: them ("Nouvel engagement", "Nueva organización"); the list a "Cancel" on a new record returns to.
FORM_PAGES = {
    "community.organisation": (
        gettext_lazy("New organisation"),
        gettext_lazy("Edit organisation “%(name)s”"),
        "community:organisation-list",
    ),
    "commitments.commitment": (
        gettext_lazy("New commitment"),
        gettext_lazy("Edit commitment “%(name)s”"),
        "commitments:list",
    ),
    "projects.project": (
        gettext_lazy("New project"),
        gettext_lazy("Edit project “%(name)s”"),
        "projects:list",
    ),
    "projects.site": (gettext_lazy("New site"), gettext_lazy("Edit site “%(name)s”"), "projects:list"),
    "roadmap.roadmapobjective": (
        gettext_lazy("New roadmap objective"),
        gettext_lazy("Edit roadmap objective “%(name)s”"),
        "roadmap:objective-list",
    ),
}


@register.simple_tag(takes_context=True)
def form_page(context) -> dict:
    """Heading, submit label and cancel link of the create/edit page of ``view.model``."""
    view, obj = context.get("view"), context.get("object")
    model = getattr(view, "model", None) or (type(obj) if obj is not None else None)
    label = model._meta.label_lower if model is not None else ""
    editing = obj is not None and getattr(obj, "pk", None) is not None
    verbose = str(model._meta.verbose_name) if model is not None else ""
    new, edit, list_url = FORM_PAGES.get(
        label, (gettext_lazy("New %(kind)s"), gettext_lazy("Edit “%(name)s”"), "home")
    )
    if editing:
        heading = str(edit) % {"name": obj, "kind": verbose}
        cancel = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else reverse(list_url)
        submit = _("Save changes")
    else:
        heading = str(new) % {"kind": verbose}
        parent = view.get_project() if hasattr(view, "get_project") else None
        if parent is not None:
            heading = _("%(heading)s in “%(parent)s”") % {"heading": heading, "parent": parent}
        cancel = parent.get_absolute_url() if parent is not None else reverse(list_url)
        submit = _("Create")
    return {"heading": heading, "cancel": cancel, "submit": submit}
