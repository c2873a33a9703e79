"""The sentence of each kind of notification, written in the reader's language when shown or e-mailed.
``params`` hold the names (project, organisation, period, who, outcome key); a missing name shows as "?"."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from fourpermille.web.notifications.models import Kind

MESSAGES = {
    Kind.SUBMITTED: _("%(organisation)s submitted “%(project)s” for assessment."),
    Kind.ELIGIBILITY: _("“%(project)s”: %(outcome)s."),
    Kind.REVIEWER_ASSIGNED: _("You are assigned to review “%(project)s”."),
    Kind.ASSESSMENT_COMPLETED: _("The assessment of “%(project)s” is completed: %(outcome)s."),
    Kind.PUBLISHED: _("“%(project)s” is published as an investment opportunity."),
    Kind.MRV_UPLOADED: _("An MRV result for %(period)s was uploaded for “%(project)s”."),
    Kind.MRV_VERIFIED: _("The MRV result for %(period)s of “%(project)s” is verified."),
    Kind.JOIN_REQUESTED: _("%(organisation)s applies to join the initiative."),
    Kind.JOIN_DECIDED: _("The join request of %(organisation)s is %(outcome)s."),
    Kind.QUESTION_ASKED: _("A question was asked to the %(desk)s helpdesk: “%(title)s”."),
    Kind.QUESTION_ANSWERED: _("The question “%(title)s” has a new answer."),
    Kind.GROUP_POST: _("%(who)s posted in %(group)s: “%(title)s”."),
    Kind.EVENT_REGISTRATION: _("%(who)s registered for “%(event)s”."),
    Kind.CONTRIBUTION_SUBMITTED: _("%(who)s submitted “%(title)s” for publication."),
    Kind.CONTRIBUTION_DECIDED: _("“%(title)s” is %(outcome)s."),
}

#: Outcomes named in ``params["outcome"]`` (stored as keys, shown translated).
OUTCOMES = {
    "eligible": _("eligible, the review starts"),
    "ineligible": _("not eligible"),
    "completed": _("recommendation given"),
    "safeguard_failed": _("the review ended on a safeguard"),
    "approved": _("approved"),
    "rejected": _("rejected"),
    "published": _("published"),
}

#: Who receives each kind (shown on the preferences page).
AUDIENCE = {
    Kind.SUBMITTED: _("the secretariat"),
    Kind.ELIGIBILITY: _("the project's editors and reviewers"),
    Kind.REVIEWER_ASSIGNED: _("the reviewer"),
    Kind.ASSESSMENT_COMPLETED: _("the project's editors and the secretariat"),
    Kind.PUBLISHED: _("the project's editors and reviewers"),
    Kind.MRV_UPLOADED: _("the secretariat and the project's editors"),
    Kind.MRV_VERIFIED: _("the project's editors"),
    Kind.JOIN_REQUESTED: _("the secretariat"),
    Kind.JOIN_DECIDED: _("the secretariat"),
    Kind.QUESTION_ASKED: _("the desk's experts"),
    Kind.QUESTION_ANSWERED: _("the asker and the desk's experts"),
    Kind.GROUP_POST: _("the group's members"),
    Kind.EVENT_REGISTRATION: _("the event's organisers and the person registered"),
    Kind.CONTRIBUTION_SUBMITTED: _("the secretariat"),
    Kind.CONTRIBUTION_DECIDED: _("the author"),
}


def text(notification) -> str:
    """The notification's sentence in the active language."""
    params = defaultdict(lambda: "?", {k: str(v) for k, v in (notification.params or {}).items()})
    outcome = params.get("outcome")
    if outcome in OUTCOMES:
        params["outcome"] = str(OUTCOMES[outcome])
    template = MESSAGES.get(notification.kind)
    if template is None:
        return str(notification.kind)
    return str(template) % params
