"""Demo helpdesk activity: experts on four desks (the demo STC reviewers), questions from the demo editors,
some answered (citing practices) and published in the FAQ, some open, one closed. Every question and answer
is ``is_demo`` and its title ends in " (demo)"; they go through ``workflow`` like real ones, so the experts
and askers find the notifications (in the platform only: demo accounts' addresses are invented)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from fourpermille.web.helpdesk import workflow
from fourpermille.web.helpdesk.models import Desk, Question
from fourpermille.web.library.models import Document
from fourpermille.web.resources.models import Practice

DEMO_SUFFIX = " (demo)"

#: desk region -> the demo accounts that are its experts
EXPERTS = {
    "europe": ["demo-reviewer-1"],
    "africa": ["demo-reviewer-1", "demo-reviewer-3"],
    "latin_america": ["demo-reviewer-2"],
    "asia": ["demo-reviewer-3"],
}

#: (region, asker, country, title, question, practices concerned, allow publishing,
#:  answer (or None: still open), practices cited, in the FAQ, closed)
QUESTIONS = [
    (
        "europe",
        "demo-editor-1",
        "France",
        "How deep should we sample to show a change after cover crops?",
        "We plan winter cover crops on 300 ha of cereal farms. How deep should the soil samples go to "
        "show a change in soil organic carbon, and after how many years?",
        ["cover-crops"],
        True,
        "Sample at least 0-30 cm, the IPCC reference depth, and compare equivalent soil masses rather than "
        "fixed depths when the bulk density changes. Changes after cover crops are small each year; plan a "
        "baseline now and a resampling after five years, with enough points (see the MRV sample size tool).",
        ["cover-crops"],
        True,
        False,
    ),
    (
        "africa",
        "demo-editor-2",
        "Kenya",
        "Is compost or manure better for carbon on sandy soils?",
        "Smallholders in our project can get compost or cattle manure. Which adds more soil carbon on sandy "
        "soils with little clay?",
        ["compost", "manure"],
        True,
        "Both add carbon; compost is more stable, so more of it stays in the soil per tonne applied. "
        "On sandy soils little carbon is protected by clay, so regular applications matter more "
        "than the choice. Combining either with residue retention helps.",
        ["compost", "manure", "residue-retention"],
        True,
        False,
    ),
    (
        "latin_america",
        "demo-editor-3",
        "Brazil",
        "Do pastures count as degraded land for restoration?",
        "Our ranchers' pastures are overgrazed. Can improved grazing be presented as restoration of degraded "
        "land in a project?",
        ["improved-grazing"],
        False,
        "If the pasture is degraded (low cover, erosion), improving grazing restores it; describe the "
        "current state with measurements so the baseline is clear. Improved grazing and degraded land "
        "restoration are separate practices in the catalogue; cite the one that fits.",
        ["improved-grazing", "degraded-land-restoration"],
        False,
        True,
    ),
    (
        "asia",
        "demo-editor-4",
        "India",
        "Which water management in rice paddies keeps soil carbon?",
        "We work with rice farmers. Does alternate wetting and drying reduce soil carbon compared with "
        "continuous flooding?",
        ["rice-paddy-management"],
        True,
        None,
        [],
        False,
        False,
    ),
    (
        "europe",
        "demo-editor-2",
        "Spain",
        "Biochar on vineyards: what rates are used?",
        "What application rates of biochar are used in Mediterranean vineyards, and is the carbon counted?",
        ["biochar"],
        False,
        None,
        [],
        False,
        False,
    ),
]


#: Poeplau & Don 2015, Agric. Ecosyst. Environ. 200: 33-41 (the library's reference entry).
COVER_CROP_META_ANALYSIS = "10.1016/j.agee.2014.10.024"


def load_app_demo() -> None:
    User = get_user_model()
    accounts = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    for region, names in EXPERTS.items():
        desk = Desk.objects.get(region=region)
        desk.experts.add(*[accounts[name] for name in names if name in accounts])
    if Question.objects.filter(is_demo=True).exists():
        return
    practices = {p.code: p for p in Practice.objects.all()}
    for (
        region,
        asker,
        country,
        title,
        body,
        concerned,
        allow,
        answer,
        cited,
        in_faq,
        closed,
    ) in QUESTIONS:
        if asker not in accounts:
            continue
        desk = Desk.objects.get(region=region)
        question = workflow.ask(
            accounts[asker],
            desk,
            title=title + DEMO_SUFFIX,
            body=body,
            country=country,
            practices=[practices[c] for c in concerned if c in practices],
            allow_publishing=allow,
            is_demo=True,
        )
        if answer is None:
            continue
        expert = desk.active_experts().first()
        # an answer citing cover crops also cites the library's meta-analysis of their carbon (a real entry)
        documents = (
            Document.objects.published().filter(doi=COVER_CROP_META_ANALYSIS)
            if "cover-crops" in cited
            else []
        )
        cited_practices = [practices[c] for c in cited if c in practices]
        workflow.answer(question, expert, answer, cited_practices, documents, is_demo=True)
        if in_faq:
            workflow.set_in_faq(question, expert, True)
        if closed:
            workflow.close(question, accounts[asker])
