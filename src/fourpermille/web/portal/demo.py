"""Deterministic demo data, clearly labelled (``is_demo``, names ending in "(demo)"): ~30 organisations
in the proportions of members_2017.csv, 20 projects spread over every workflow stage (driven through the
real workflow, so events and history are genuine), sites in several climate zones with soil measurements
imported through the same validated CSV path as user uploads, commitments with revisions, demo users.

The soil values are invented for the demonstration (a plausible order of magnitude per climate zone),
not measurements: every record holding them is flagged ``is_demo``.
"""

from __future__ import annotations

import csv
import functools
import importlib
import importlib.util
import io
import json
import math
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib import resources

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction

from fourpermille.web.assessment import workflow
from fourpermille.web.assessment.models import Outcome, Recommendation
from fourpermille.web.commitments.models import Commitment, Milestone, ResourceKind, TargetUnit
from fourpermille.web.community.models import Body, Organisation, OrganisationType, Person
from fourpermille.web.core import roles
from fourpermille.web.monitoring.services import import_measurements
from fourpermille.web.portal.seed import seed
from fourpermille.web.projects.models import ClimateZone, Modality, PrimaryAim, Project, ProjectStatus, Site
from fourpermille.web.resources.models import Practice
from fourpermille.web.roadmap.models import RoadmapObjective

DEMO_SEED = 4  # random.Random seed: the demo is the same on every machine
DEMO_ORGANISATIONS = 30
DEMO_PASSWORD = "fourpermille-demo"  # noqa: S105  (printed by make run; demo accounts only)
ADMIN_USERNAME = "admin"
DEMO_SUFFIX = " (demo)"

# members_2017.csv organisation types -> the platform's types
MEMBER_TYPES = {
    "Banks and development funds": OrganisationType.BANK,
    "States and local authorities": OrganisationType.STATE,
    "Foundations": OrganisationType.DONOR,
    "Companies (profit-making)": OrganisationType.COMPANY,
    "Farmers' organisations": OrganisationType.FARMERS,
    "International institutions": OrganisationType.INTERNATIONAL,
    "Research and universities": OrganisationType.RESEARCH,
    "Civil society and NGOs": OrganisationType.NGO,
}

# (country, region, longitude, latitude, climate zone): approximate agricultural areas, for map points
PLACES = [
    ("France", "europe", 1.9, 47.0, ClimateZone.COOL_TEMPERATE_MOIST),
    ("Senegal", "africa", -15.5, 14.5, ClimateZone.TROPICAL_DRY),
    ("Brazil", "latin_america", -47.9, -15.8, ClimateZone.TROPICAL_MOIST),
    ("India", "asia", 78.0, 21.0, ClimateZone.TROPICAL_DRY),
    ("Kenya", "africa", 36.8, -0.5, ClimateZone.TROPICAL_MONTANE),
    ("Mexico", "latin_america", -101.0, 20.5, ClimateZone.WARM_TEMPERATE_DRY),
    ("Germany", "europe", 10.4, 51.2, ClimateZone.COOL_TEMPERATE_MOIST),
    ("Morocco", "middle_east", -6.8, 33.0, ClimateZone.WARM_TEMPERATE_DRY),
    ("Australia", "asia", 147.0, -35.0, ClimateZone.WARM_TEMPERATE_DRY),
    ("Canada", "north_america", -106.0, 52.0, ClimateZone.BOREAL_DRY),
    ("Viet Nam", "asia", 105.8, 10.5, ClimateZone.TROPICAL_WET),
    ("Benin", "africa", 2.3, 9.3, ClimateZone.TROPICAL_MOIST),
    ("Spain", "europe", -4.0, 40.0, ClimateZone.WARM_TEMPERATE_DRY),
    ("Argentina", "latin_america", -61.0, -34.0, ClimateZone.WARM_TEMPERATE_MOIST),
    ("Ethiopia", "africa", 39.5, 9.0, ClimateZone.TROPICAL_MONTANE),
    ("Indonesia", "asia", 110.4, -7.5, ClimateZone.TROPICAL_WET),
    ("United States", "north_america", -93.5, 42.0, ClimateZone.COOL_TEMPERATE_MOIST),
    ("Tunisia", "middle_east", 9.5, 35.5, ClimateZone.WARM_TEMPERATE_DRY),
    ("Peru", "latin_america", -75.0, -12.0, ClimateZone.TROPICAL_MONTANE),
    ("Finland", "europe", 25.0, 62.0, ClimateZone.BOREAL_MOIST),
]

# Demo topsoil values per climate zone (invented, plausible order of magnitude): SOC of the 0-10 cm layer
# [g C/kg], bulk density [g/cm3], clay [%], baseline stock 0-30 cm [t C/ha], WRB soil class.
DEMO_SOILS = {
    ClimateZone.COOL_TEMPERATE_MOIST: (22.0, 1.30, 24.0, 62.0, "Luvisol"),
    ClimateZone.TROPICAL_DRY: (6.0, 1.50, 12.0, 22.0, "Arenosol"),
    ClimateZone.TROPICAL_MOIST: (15.0, 1.25, 45.0, 48.0, "Ferralsol"),
    ClimateZone.TROPICAL_MONTANE: (28.0, 1.05, 38.0, 75.0, "Andosol"),
    ClimateZone.WARM_TEMPERATE_DRY: (9.0, 1.45, 20.0, 30.0, "Calcisol"),
    ClimateZone.BOREAL_DRY: (30.0, 1.10, 22.0, 80.0, "Chernozem"),
    ClimateZone.TROPICAL_WET: (18.0, 1.20, 50.0, 55.0, "Acrisol"),
    ClimateZone.WARM_TEMPERATE_MOIST: (20.0, 1.28, 30.0, 58.0, "Phaeozem"),
    ClimateZone.BOREAL_MOIST: (35.0, 1.00, 15.0, 90.0, "Podzol"),
}
# WRB reference soil group -> IPCC default soil class (2019 Refinement, Vol 4, Ch 3, Annex 3A.5, Fig. 3A.5.3)
WRB_TO_IPCC = {
    "Luvisol": "HAC",
    "Calcisol": "HAC",
    "Chernozem": "HAC",
    "Phaeozem": "HAC",
    "Arenosol": "SAN",
    "Ferralsol": "LAC",
    "Acrisol": "LAC",
    "Andosol": "VOL",
    "Podzol": "POD",
}
DEMO_LAYERS_CM = [(0, 10), (10, 20), (20, 30)]
DEMO_DEPTH_DECAY = 0.7  # SOC of each layer relative to the one above (demo profiles only)

NAME_PATTERNS = {
    OrganisationType.STATE: "Ministry of Agriculture of {country}",
    OrganisationType.INTERNATIONAL: "International Soil Partnership Office, {country}",
    OrganisationType.DONOR: "Living Soils Foundation {country}",
    OrganisationType.BANK: "{country} Green Development Fund",
    OrganisationType.FARMERS: "{country} Farmers' Federation",
    OrganisationType.RESEARCH: "{country} Institute of Soil Science",
    OrganisationType.NGO: "Soils for Life {country}",
    OrganisationType.COMPANY: "{country} AgriFoods Ltd",
}

# (title, modality, primary aim, practices) of the demo projects; the stage list gives each its status
PROJECTS = [
    ("Cover crops in the Beauce plain", Modality.ONGOING, PrimaryAim.SOC_INCREASE, ["cover-crops"]),
    ("Sahel agroforestry parklands", Modality.NEW, PrimaryAim.SOC_INCREASE, ["agroforestry"]),
    (
        "Cerrado integrated crop-livestock-forest",
        Modality.ONGOING,
        PrimaryAim.SOC_INCREASE,
        ["agroforestry", "improved-grazing"],
    ),
    ("Deccan compost for smallholders", Modality.NEW, PrimaryAim.SOC_INCREASE, ["compost"]),
    ("Rift Valley terraces", Modality.NEW, PrimaryAim.SOC_LOSS_REDUCTION, ["degraded-land-restoration"]),
    (
        "Bajío conservation agriculture",
        Modality.ONGOING,
        PrimaryAim.SOC_INCREASE,
        ["reduced-tillage", "residue-retention"],
    ),
    ("Hedgerows of Lower Saxony", Modality.ONGOING, PrimaryAim.SOC_INCREASE, ["hedgerows"]),
    (
        "Middle Atlas rangeland restoration",
        Modality.NEW,
        PrimaryAim.SOC_LOSS_REDUCTION,
        ["degraded-land-restoration"],
    ),
    ("Riverina biochar trials", Modality.NEW, PrimaryAim.SOC_INCREASE, ["biochar"]),
    ("Prairie perennial grass strips", Modality.ONGOING, PrimaryAim.SOC_INCREASE, ["set-aside"]),
    ("Mekong rice straw return", Modality.NEW, PrimaryAim.SOC_INCREASE, ["residue-retention"]),
    ("Borgou legume rotations", Modality.NEW, PrimaryAim.SOC_INCREASE, ["crop-rotation"]),
    ("Dehesa grazing plans", Modality.ONGOING, PrimaryAim.SOC_INCREASE, ["improved-grazing", "agroforestry"]),
    ("Pampas no-till network", Modality.ONGOING, PrimaryAim.SOC_INCREASE, ["reduced-tillage"]),
    ("Tigray exclosures", Modality.NEW, PrimaryAim.SOC_LOSS_REDUCTION, ["degraded-land-restoration"]),
    ("Java home gardens", Modality.ONGOING, PrimaryAim.OTHER, ["agroforestry"]),
    ("Corn Belt cover crop cost-share", Modality.ONGOING, PrimaryAim.SOC_INCREASE, ["cover-crops"]),
    ("Tunisian olive grove mulching", Modality.NEW, PrimaryAim.OTHER, ["compost"]),
    ("Andean peat rewetting", Modality.NEW, PrimaryAim.SOC_LOSS_REDUCTION, ["peatland-rewetting"]),
    ("Nordic ley farming", Modality.ONGOING, PrimaryAim.SOC_INCREASE, ["crop-rotation", "cover-crops"]),
]
# The status each demo project is driven to (every workflow stage is represented).
STAGES = [
    ProjectStatus.PUBLISHED,
    ProjectStatus.PUBLISHED,
    ProjectStatus.PUBLISHED,
    ProjectStatus.COMPLETED,
    ProjectStatus.IN_REVIEW,
    ProjectStatus.COMPLETED,
    ProjectStatus.IN_REVIEW,
    ProjectStatus.SAFEGUARD_FAILED,
    ProjectStatus.ELIGIBILITY,
    ProjectStatus.SUBMITTED,
    ProjectStatus.DRAFT,
    ProjectStatus.IN_REVIEW,
    ProjectStatus.COMPLETED,
    ProjectStatus.PUBLISHED,
    ProjectStatus.SAFEGUARD_FAILED,
    ProjectStatus.INELIGIBLE,
    ProjectStatus.DRAFT,
    ProjectStatus.INELIGIBLE,
    ProjectStatus.SUBMITTED,
    ProjectStatus.ELIGIBILITY,
]


# Language of a demo project's request (the registry takes English, French or Spanish)
REQUEST_LANGUAGE = {
    "France": "fr",
    "Senegal": "fr",
    "Benin": "fr",
    "Morocco": "fr",
    "Tunisia": "fr",
    "Mexico": "es",
    "Spain": "es",
    "Argentina": "es",
    "Peru": "es",
}

# Demo editors act for the organisations of these projects (published, in review, two drafts).
EDITOR_PROJECTS = [0, 4, 10, 16]


def member_counts() -> dict[str, tuple[int, int]]:
    """members_2017.csv: {organisation type: (forum partners, consortium members)}."""
    text = resources.files("fourpermille.web.portal").joinpath("data", "members_2017.csv").read_text("utf-8")
    return {
        MEMBER_TYPES[row["organisation_type"]]: (int(row["forum_partners"]), int(row["consortium_members"]))
        for row in csv.DictReader(io.StringIO(text))
    }


def allocate(weights: dict[str, int], total: int, minimum: int = 1) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` (largest remainder), at least ``minimum`` each."""
    keys = list(weights)
    count = {k: minimum for k in keys}
    left = total - minimum * len(keys)
    if left < 0:
        raise ValueError("total is smaller than the minimum times the number of groups")
    whole = sum(weights.values())
    shares = {k: weights[k] * total / whole - minimum for k in keys}
    for k in keys:
        count[k] += max(0, math.floor(shares[k]))
    left = total - sum(count.values())
    by_remainder = sorted(keys, key=lambda k: (-(shares[k] - math.floor(shares[k])), keys.index(k)))
    for k in by_remainder[: max(0, left)]:
        count[k] += 1
    return count


@dataclass
class DemoSummary:
    organisations: int
    projects: int
    sites: int
    measurements: int
    commitments: int
    users: list[tuple[str, str, str]]  # (user name, password, role)


def demo_loaded() -> bool:
    return Organisation.objects.filter(is_demo=True).exists()


@transaction.atomic
def load_demo() -> DemoSummary:
    """Load the demo once (a second call does nothing but report the accounts)."""
    seed()
    if demo_loaded():
        return DemoSummary(
            Organisation.objects.filter(is_demo=True).count(),
            Project.objects.filter(is_demo=True).count(),
            Site.objects.filter(is_demo=True).count(),
            0,
            Commitment.objects.filter(is_demo=True).count(),
            demo_accounts(),
        )
    rng = random.Random(DEMO_SEED)
    organisations = _organisations()
    users = _users(organisations)
    commitments = _commitments(organisations, rng)
    projects, sites, measurements = _projects(organisations, users, rng)
    load_app_demos()
    return DemoSummary(len(organisations), projects, sites, measurements, commitments, demo_accounts())


#: The function an app's ``demo`` module defines to add its own demo records (once, after the organisations,
#: users and projects above exist; flagged ``is_demo`` and named "(demo)" like them).
APP_DEMO_FUNCTION = "load_app_demo"


def load_app_demos() -> list[str]:
    """Run ``<app>.demo.load_app_demo()`` of every platform app that has one, in INSTALLED_APPS order;
    returns the apps run. The knowledge apps (library, helpdesk, groups, events ...) add their demo here."""
    ran = []
    for config in django_apps.get_app_configs():
        if not config.name.startswith("fourpermille.web.") or config.name == __package__:
            continue
        if importlib.util.find_spec(f"{config.name}.demo") is None:
            continue
        module = importlib.import_module(f"{config.name}.demo")
        function = getattr(module, APP_DEMO_FUNCTION, None)
        if function is not None:
            function()
            ran.append(config.label)
    return ran


def demo_accounts() -> list[tuple[str, str, str]]:
    User = get_user_model()
    accounts = [(ADMIN_USERNAME, DEMO_PASSWORD, "superuser (admin)")]
    for user in User.objects.filter(username__startswith="demo-").order_by("username"):
        role = ", ".join(roles.role_names(user))
        if roles.is_editor(user):
            role += f" of {user.person.organisation}"
        accounts.append((user.username, DEMO_PASSWORD, role))
    return accounts


def _organisations() -> list[Organisation]:
    counts = member_counts()
    allocation = allocate({t: f + c for t, (f, c) in counts.items()}, DEMO_ORGANISATIONS)
    organisations = []
    place = 0
    for org_type, n in allocation.items():
        forum, consortium = counts[org_type]
        n_consortium = round(n * consortium / (forum + consortium))
        for i in range(n):
            country, region, *_rest = PLACES[place % len(PLACES)]
            place += 1
            name = NAME_PATTERNS[org_type].format(country=country) + DEMO_SUFFIX
            organisations.append(
                Organisation.objects.create(
                    name=name,
                    type=org_type,
                    country=country,
                    region=region,
                    body=Body.CONSORTIUM if i < n_consortium else Body.FORUM,
                    declaration_signed=date(2015 + (place % 6), 1 + (place * 5) % 12, 1 + (place * 7) % 28),
                    description="Demo organisation: invented for the demonstration of the platform.",
                    is_demo=True,
                )
            )
    return organisations


def _user(username: str, first: str, last: str, groups: list[str], organisation=None, staff=False):
    User = get_user_model()
    user = User.objects.create(
        username=username,
        password=_demo_password_hash(),
        first_name=first,
        last_name=last,
        email=f"{username}@example.org",
        is_staff=staff,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    Person.objects.create(
        user=user,
        organisation=organisation,
        position="Demo account" if organisation is None else "Demo editor",
    )
    return user


@functools.cache
def _demo_password_hash() -> str:
    """Hashed once (Django's default hasher is slow on purpose) and shared by the demo accounts."""
    return make_password(DEMO_PASSWORD)


def _users(organisations) -> dict[str, object]:
    User = get_user_model()
    if not User.objects.filter(username=ADMIN_USERNAME).exists():
        User.objects.create(
            username=ADMIN_USERNAME,
            email="admin@example.org",
            password=_demo_password_hash(),
            is_staff=True,
            is_superuser=True,
        )
    users = {
        "secretariat": _user("demo-secretariat", "Sam", "Secretariat", [roles.SECRETARIAT], staff=True),
        "reviewer1": _user("demo-reviewer-1", "Rita", "Reviewer", [roles.REVIEWER]),
        "reviewer2": _user("demo-reviewer-2", "Raúl", "Revisor", [roles.REVIEWER]),
        "reviewer3": _user("demo-reviewer-3", "Romain", "Rapporteur", [roles.REVIEWER]),
    }
    owners = _project_owners(organisations)
    for n, i in enumerate(EDITOR_PROJECTS, start=1):
        organisation = _project_organisation(i, owners)
        users[f"editor{n}"] = _user(f"demo-editor-{n}", "Eda", f"Editor {n}", [roles.EDITOR], organisation)
    return users


def _project_organisation(i: int, owners):
    """The organisation carrying demo project ``i``: one of its country where there is one."""
    country = PLACES[i % len(PLACES)][0]
    local = [o for o in owners if o.country == country]
    return local[i % len(local)] if local else owners[i % len(owners)]


def _project_owners(organisations):
    """Organisations that carry projects: everyone but the banks and donors (who fund them)."""
    return [o for o in organisations if o.type not in (OrganisationType.BANK, OrganisationType.DONOR)]


def _commitments(organisations, rng) -> int:
    actions = list(Practice.objects.order_by("code"))
    units = [TargetUnit.HECTARES, TargetUnit.FARMERS, TargetUnit.T_C_YR, TargetUnit.PROJECTS]
    n = 0
    for i, organisation in enumerate(organisations[::2]):
        unit = units[i % len(units)]
        value = Decimal(rng.choice([500, 1000, 5000, 20000, 100000]))
        commitment = Commitment.objects.create(
            organisation=organisation,
            title=f"{organisation.name.removesuffix(DEMO_SUFFIX)}: 2030 commitment",
            target_text=f"Reach {value} {TargetUnit(unit).label} by 2030 (demo).",
            target_value=value,
            target_unit=unit,
            start=date(2018 + i % 4, 1, 1),
            end=date(2030, 12, 31),
            resources_amount=Decimal(rng.choice([50_000, 250_000, 1_000_000])),
            resources_currency="EUR",
            resources_kind=ResourceKind.FINANCIAL if i % 3 else ResourceKind.STAFF,
            is_demo=True,
        )
        commitment.actions.set(rng.sample(actions, 2))
        Milestone.objects.create(
            commitment=commitment,
            date=date(2025, 6, 30),
            description="Half-way review (demo)",
            achieved=i % 2 == 0,
        )
        if i % 3 == 0:  # a revised commitment: the history keeps both revisions
            commitment.target_value = value * 2
            commitment.target_text = f"Reach {value * 2} {TargetUnit(unit).label} by 2030 (demo, revised)."
            commitment._change_reason = "Target doubled after the mid-term review (demo)"
            commitment.save()
        n += 1
    return n


def _geometry(lon: float, lat: float, polygon: bool) -> str:
    if not polygon:
        return json.dumps({"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]})
    d = 0.01
    ring = [
        [lon - d, lat - d],
        [lon + d, lat - d],
        [lon + d, lat + d],
        [lon - d, lat + d],
        [lon - d, lat - d],
    ]
    return json.dumps({"type": "Polygon", "coordinates": [[[round(x, 4), round(y, 4)] for x, y in ring]]})


def _measurement_csv(zone, rng, cores: bool) -> str:
    soc_top, bulk_density, *_rest = DEMO_SOILS[zone]
    out = io.StringIO()
    if cores:
        out.write(
            "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,sample_mass_g,core_diameter_mm,"
            "cores_per_sample\n"
        )
    else:
        out.write("profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3,coarse_fraction_vol\n")
    for p in range(1, 4):
        soc = soc_top * rng.uniform(0.85, 1.15)
        for top, bottom in DEMO_LAYERS_CM:
            bd = bulk_density * rng.uniform(0.95, 1.05) * (1 + 0.03 * top / 10)
            if cores:
                diameter_mm, n_cores = 50.0, 4
                volume_cm3 = math.pi * (diameter_mm / 20) ** 2 * (bottom - top) * n_cores
                out.write(f"P{p},{top},{bottom},{soc:.2f},{bd * volume_cm3:.1f},{diameter_mm:g},{n_cores}\n")
            else:
                out.write(f"P{p},{top},{bottom},{soc:.2f},{bd:.3f},{rng.choice([0, 0.05, 0.1]):g}\n")
            soc *= DEMO_DEPTH_DECAY
    return out.getvalue()


def _projects(organisations, users, rng) -> tuple[int, int, int]:
    owners = _project_owners(organisations)
    editors = {u.person.organisation_id: u for k, u in users.items() if k.startswith("editor")}
    practices = {p.code: p for p in Practice.objects.all()}
    objectives = list(RoadmapObjective.objects.order_by("code"))
    n_sites = n_rows = 0
    for i, ((title, modality, aim, codes), stage) in enumerate(zip(PROJECTS, STAGES, strict=True)):
        country, region, lon, lat, zone = PLACES[i % len(PLACES)]
        organisation = _project_organisation(i, owners)
        project = Project.objects.create(
            organisation=organisation,
            title=title + DEMO_SUFFIX,
            summary=f"Demo project: {title.lower()} ({country}). Invented to show the platform.",
            country=country,
            region=region,
            modality=modality,
            language=REQUEST_LANGUAGE.get(country, "en"),
            primary_aim=aim,
            area_ha=Decimal(rng.choice([120, 800, 2500, 10000, 45000])),
            budget_amount=Decimal(rng.choice([150_000, 600_000, 2_000_000])),
            budget_currency="EUR",
            start=date(2019 + i % 5, 1 + i % 12, 1),
            end=date(2030, 12, 31),
            is_demo=True,
        )
        project.practices.set([practices[c] for c in codes])
        if stage != ProjectStatus.INELIGIBLE or aim != PrimaryAim.OTHER:
            project.objectives.set([objectives[i % len(objectives)], objectives[1]])
        for s in range(1 + i % 2):
            site_zone = zone
            soc_top, _bd, clay, baseline, wrb_group = DEMO_SOILS[site_zone]
            site = Site.objects.create(
                project=project,
                name=f"{country} site {s + 1} (demo)",
                geometry=_geometry(lon + 0.1 * s, lat + 0.05 * s, polygon=(i + s) % 3 == 0),
                climate_zone=site_zone,
                soil_class=WRB_TO_IPCC[wrb_group],
                wrb_group=wrb_group,
                clay_pct=clay,
                baseline_soc_t_ha=baseline,
                baseline_depth_cm=30,
                is_demo=True,
            )
            n_sites += 1
            csv_text = _measurement_csv(site_zone, rng, cores=(i + s) % 4 == 0)
            owner = editors.get(organisation.pk, users["secretariat"])
            result = import_measurements(
                site,
                ContentFile(csv_text.encode(), name=f"site{site.pk}.csv"),
                owner,
                note="Demo measurements (invented values)",
            )
            n_rows += result.rows
        _drive(project, stage, users, editors.get(organisation.pk, users["secretariat"]), i)
    return len(PROJECTS), n_sites, n_rows


def _drive(project, stage, users, submitter, i) -> None:
    """Take ``project`` through the real workflow up to ``stage``."""
    secretariat = users["secretariat"]
    reviewer = users[f"reviewer{1 + i % 3}"]
    if stage == ProjectStatus.DRAFT:
        return
    workflow.transition(project, "submit", submitter)
    if stage == ProjectStatus.SUBMITTED:
        return
    workflow.transition(project, "start_eligibility", secretariat)
    assessment = workflow.edit_assessment(project.assessment, secretariat, request_complete=True)
    workflow.assign_reviewer(assessment, reviewer, secretariat)
    if stage == ProjectStatus.ELIGIBILITY:
        return
    if stage == ProjectStatus.INELIGIBLE:
        workflow.transition(
            project,
            "declare_ineligible",
            secretariat,
            note="The primary aim is not an increase of SOC stocks (demo).",
        )
        return
    workflow.transition(project, "declare_eligible", secretariat)
    criteria = list(assessment.framework.criteria())
    if stage == ProjectStatus.SAFEGUARD_FAILED:
        workflow.record_result(assessment, criteria[0], Outcome.MET, "Consent documented (demo).", reviewer)
        workflow.record_result(
            assessment,
            criteria[1],
            Outcome.NOT_MET,
            "Customary land rights of herders are not secured by the project (demo).",
            reviewer,
        )
        return
    n_done = len(criteria) if stage != ProjectStatus.IN_REVIEW else 4
    for criterion in criteria[:n_done]:
        workflow.record_result(
            assessment,
            criterion,
            Outcome.MET if criterion.code != "3.5" else Outcome.PARTLY_MET,
            f"Criterion {criterion.code} assessed on the concept note (demo).",
            reviewer,
        )
    if stage == ProjectStatus.IN_REVIEW:
        return
    negative = stage == ProjectStatus.COMPLETED and i % 2 == 1
    if negative:
        report = (
            "Formative assessment report (demo): the project meets the safeguards, but its plan gives no "
            "baseline measurement of SOC stocks, so an increase could not be verified."
        )
    else:
        report = (
            "Formative assessment report (demo): the project meets the safeguards and shows a "
            "credible plan to increase SOC stocks."
        )
    workflow.edit_assessment(
        assessment,
        reviewer,
        report=report,
        recommendation=Recommendation.NOT_SUPPORTED if negative else Recommendation.SUPPORT,
        letter_of_support="" if negative else "The STC supports this project (demo letter).",
    )
    workflow.transition(project, "complete", reviewer)
    if stage == ProjectStatus.PUBLISHED:
        workflow.transition(project, "publish", secretariat)
