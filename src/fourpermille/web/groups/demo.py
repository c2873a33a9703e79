"""Demo working groups (named "... (demo)", ``is_demo``): the STC as a private group, a regional network, a
thematic group and a quiet one, with threads, replies and a shared document. Posts go through the services
(so the members get their notifications, in the platform only) and are then dated in the past."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from fourpermille.web.groups import services
from fourpermille.web.groups.models import GroupKind, MemberRole, WorkingGroup

#: A one-page PDF, the demo's shared document.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)

GROUPS = [
    {
        "name": "Scientific and Technical Committee (demo)",
        "kind": GroupKind.STC,
        "region": "",
        "private": True,
        "description": "Invented for the demonstration: the committee's working space (private).",
        "members": [
            ("demo-reviewer-1", MemberRole.COORDINATOR),
            ("demo-reviewer-2", MemberRole.MEMBER),
            ("demo-reviewer-3", MemberRole.MEMBER),
            ("demo-secretariat", MemberRole.MEMBER),
        ],
        "threads": [
            (
                "Review calendar for the next call (demo)",
                "demo-reviewer-1",
                25,
                "Invented for the demonstration. Which weeks suit everyone for the next assessments?",
                [
                    ("demo-reviewer-2", 24, "The second half of the month works for me."),
                    ("demo-reviewer-3", 23, "Same here; I can take two projects."),
                ],
            ),
            (
                "Agenda of the next committee meeting (demo)",
                "demo-secretariat",
                5,
                "Invented for the demonstration. The draft agenda; comments welcome.",
                [
                    ("demo-reviewer-1", 4, "Please add the criteria framework update."),
                    ("demo-secretariat", 3, "Added as item 3."),
                ],
            ),
        ],
    },
    {
        "name": "Africa regional network (demo)",
        "kind": GroupKind.REGIONAL,
        "region": "africa",
        "private": False,
        "description": "Invented for the demonstration: members and partners working in Africa.",
        "members": [
            ("demo-editor-1", MemberRole.COORDINATOR),
            ("demo-editor-2", MemberRole.MEMBER),
            ("demo-reviewer-2", MemberRole.MEMBER),
        ],
        "threads": [
            (
                "Soil sampling campaign in the Sahel (demo)",
                "demo-editor-1",
                40,
                "Invented for the demonstration. We plan a sampling campaign; who has a protocol to share?",
                [
                    (
                        "demo-editor-2",
                        38,
                        "We used the FAO GSOC MRV protocol last year; happy to share notes.",
                    ),
                    ("demo-reviewer-2", 35, "Mind the sampling depth: 0-30 cm for comparability."),
                ],
            ),
            (
                "Next regional meeting (demo)",
                "demo-editor-2",
                10,
                "Invented for the demonstration. Topics for the agenda welcome.",
                [],
            ),
        ],
        "document": ("Sampling protocol notes (demo)", "demo-editor-1", "sampling-protocol-demo.pdf"),
    },
    {
        "name": "Agroforestry and soil carbon (demo)",
        "kind": GroupKind.THEMATIC,
        "region": "",
        "private": False,
        "description": "Invented for the demonstration: practices, results and questions on agroforestry.",
        "members": [
            ("demo-editor-3", MemberRole.COORDINATOR),
            ("demo-editor-4", MemberRole.MEMBER),
            ("demo-editor-1", MemberRole.MEMBER),
        ],
        "threads": [
            (
                "Measuring carbon under tree rows (demo)",
                "demo-editor-3",
                60,
                "Invented for the demonstration. How do you stratify samples between rows and alleys?",
                [("demo-editor-4", 58, "We sample both and weight by area.")],
            ),
        ],
    },
    {
        "name": "Latin America network (demo)",
        "kind": GroupKind.REGIONAL,
        "region": "latin_america",
        "private": False,
        "description": "Invented for the demonstration: a network with no post in the last twelve months.",
        "members": [("demo-editor-2", MemberRole.COORDINATOR), ("demo-reviewer-3", MemberRole.MEMBER)],
        "threads": [
            ("Kick-off (demo)", "demo-editor-2", 600, "Invented for the demonstration. Welcome!", []),
        ],
    },
]


def _dated(post, days_ago: int) -> None:
    moment = timezone.now() - dt.timedelta(days=days_ago)
    type(post).objects.filter(pk=post.pk).update(created_at=moment, updated_at=moment)


@transaction.atomic
def load_app_demo() -> None:
    if WorkingGroup.objects.filter(is_demo=True).exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    secretariat = users["demo-secretariat"]
    for spec in GROUPS:
        group = WorkingGroup.objects.create(
            name=spec["name"],
            kind=spec["kind"],
            region=spec["region"],
            private=spec["private"],
            description=spec["description"],
            is_demo=True,
        )
        for username, role in spec["members"]:
            services.add_member(group, users[username], secretariat, role=role)
        for title, author, days, body, replies in spec["threads"]:
            thread = services.post_thread(group, users[author], title, body, is_demo=True)
            _dated(thread, days)
            for who, reply_days, text in replies:
                _dated(services.post_reply(thread, users[who], text, is_demo=True), reply_days)
        if "document" in spec:
            title, who, filename = spec["document"]
            services.add_document(
                group, users[who], title, ContentFile(DEMO_PDF, name=filename), is_demo=True
            )
