"""Events of the case-study workflow, for the apps above this one (notifications) to act on.

``case_study_submitted(study, by)``: an author submitted a case study for publication.
``case_study_decided(study, by)``: the secretariat published or rejected it (``study.status`` says which).
Both are sent inside the transaction that changed the study; receivers act once it has committed."""

from django.dispatch import Signal

case_study_submitted = Signal()
case_study_decided = Signal()
