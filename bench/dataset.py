"""A synthetic, reproducible dataset for the benchmark, written with bulk inserts.

Full size (PostgreSQL): 50 projects, 20,000 organisations, 100,000 network contacts,
150,000 contact persons, 300,000 interactions. ``scale`` shrinks every number (SQLite).
Everything it writes belongs to projects whose slug starts with "bench-".
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from contacts.models import (
    ContactPerson,
    ContactStatus,
    FieldOfAction,
    Intensity,
    Interaction,
    InteractionChannel,
    NetworkContact,
    Organisation,
    OrganisationType,
)
from projects.models import Membership, MembershipRole, ProgrammeLine, Project

SEED = 20160406
PROJECTS, ORGANISATIONS, CONTACTS, PERSONS, INTERACTIONS = 50, 20_000, 100_000, 150_000, 300_000
BATCH = 5_000
WORDS = ["Verein", "Tafel", "Kita", "Schule", "Jobcenter", "Stadtteilbüro", "Sportverein",
         "Kirchengemeinde", "Beratungsstelle", "Wohnungsgesellschaft", "Jugendclub", "Bibliothek"]  # fmt: skip
PLACES = ["Sonneberg", "Nordhausen", "Gera", "Eisenberg", "Mühlhausen", "Artern", "Suhl",
          "Erfurt", "Jena", "Weimar", "Saalfeld", "Altenburg", "Eisenach", "Sömmerda"]  # fmt: skip


def exists() -> bool:
    return Project.objects.filter(slug__startswith="bench-").exists()


@transaction.atomic
def build(scale: float = 1.0, log=print) -> dict[str, int]:
    rng = random.Random(SEED)
    n = {
        "projects": max(5, int(PROJECTS * min(1, scale * 2))),
        "organisations": int(ORGANISATIONS * scale),
        "contacts": int(CONTACTS * scale),
        "persons": int(PERSONS * scale),
        "interactions": int(INTERACTIONS * scale),
    }
    line = ProgrammeLine.objects.first()
    projects = Project.objects.bulk_create(
        Project(
            name=f"Bench {i:03d} {PLACES[i % len(PLACES)]}",
            slug=f"bench-{i:03d}",
            place=PLACES[i % len(PLACES)],
            district="SON",
            programme_line=line,
            start_date=datetime.date(2014, 1, 1),
        )
        for i in range(n["projects"])
    )
    _fill(rng, projects, n, log)
    return n


@transaction.atomic
def grow(factor: float, scale: float = 1.0, log=print) -> dict[str, int]:
    """``factor`` times the data set's organisations, contacts, persons and interactions
    more, in the same projects (the growth `make bench` compares: 100,000 → 300,000)."""
    rng = random.Random(SEED + 1)
    projects = list(Project.objects.filter(slug__startswith="bench-").order_by("slug"))
    n = {
        key: int(total * scale * factor)
        for key, total in (
            ("organisations", ORGANISATIONS),
            ("contacts", CONTACTS),
            ("persons", PERSONS),
            ("interactions", INTERACTIONS),
        )
    }
    _fill(rng, projects, n, log, offset=Organisation.objects.count())
    return n


def _fill(rng: random.Random, projects, n: dict[str, int], log, offset: int = 0) -> None:
    """Organisations, network contacts (new pairs with them), persons and interactions."""
    types = list(OrganisationType.objects.all())
    organisations = [
        Organisation(
            name=f"{rng.choice(WORDS)} {PLACES[i % len(PLACES)]} {offset + i}",
            organisation_type=rng.choice(types),
            city=PLACES[i % len(PLACES)],
            postcode=f"{96000 + i % 3000:05d}",
        ).refresh_keys()
        for i in range(n["organisations"])
    ]
    Organisation.objects.bulk_create(organisations, batch_size=BATCH)
    log(f"  {len(organisations):,} Organisationen")
    org_ids = list(
        Organisation.objects.order_by("-pk").values_list("pk", flat=True)[: n["organisations"]]
    )
    # Each contact: a distinct (project, organisation) pair.
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < n["contacts"]:
        pairs.add((rng.choice(projects).pk, rng.choice(org_ids)))
    statuses = [ContactStatus.ACTIVE] * 8 + [ContactStatus.DORMANT, ContactStatus.ENDED]
    contacts = [
        NetworkContact(
            project_id=project_id,
            organisation_id=org_id,
            intensity=rng.choice(list(Intensity)),
            status=rng.choice(statuses),
            since=datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 3000)),
            in_steering_group=rng.random() < 0.05,
            notes=rng.choice(["", "", "Gemeinsames Stadtteilfest", "Sprechstunde im Büro"]),
        ).align_end_date()
        for project_id, org_id in sorted(pairs)
    ]
    NetworkContact.objects.bulk_create(contacts, batch_size=BATCH)
    contact_ids = list(
        NetworkContact.objects.filter(project__in=projects, organisation__gte=min(org_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    log(f"  {len(contact_ids):,} Netzwerkkontakte")
    fields = list(FieldOfAction.objects.values_list("pk", flat=True))
    through = NetworkContact.fields_of_action.through
    through.objects.bulk_create(
        (
            through(networkcontact_id=cid, fieldofaction_id=fid)
            for cid in contact_ids
            for fid in rng.sample(fields, 2)
        ),
        batch_size=BATCH,
    )
    ContactPerson.objects.bulk_create(
        (
            ContactPerson(
                network_contact_id=rng.choice(contact_ids),
                name=f"Person {offset + i}",
                function="Leitung",
                email=f"person{offset + i}@example.org",
            )
            for i in range(n["persons"])
        ),
        batch_size=BATCH,
    )
    log(f"  {n['persons']:,} Ansprechpersonen")
    channels = list(InteractionChannel.objects.values_list("pk", flat=True))
    Interaction.objects.bulk_create(
        (
            Interaction(
                network_contact_id=rng.choice(contact_ids),
                date=datetime.date(2016, 1, 1) + datetime.timedelta(days=rng.randint(0, 3500)),
                channel_id=rng.choice(channels),
                occasion="Abstimmung",
            )
            for _ in range(n["interactions"])
        ),
        batch_size=BATCH,
    )
    log(f"  {n['interactions']:,} Kontakte")
    # last_interaction_on, as the app keeps it.
    from django.db.models import Max, OuterRef, Subquery

    latest = (
        Interaction.objects.filter(network_contact=OuterRef("pk"))
        .values("network_contact")
        .annotate(m=Max("date"))
        .values("m")
    )
    NetworkContact.objects.filter(project__in=projects, organisation__gte=min(org_ids)).update(
        last_interaction_on=Subquery(latest)
    )


def analyse() -> None:
    """VACUUM ANALYZE after bulk writes: what autovacuum would do a little later (and on
    some machines, with autovacuum off, never)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def staff_user(project: Project):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=f"bench.staff.{project.slug}")
    Membership.objects.get_or_create(
        user=user, project=project, defaults={"role": MembershipRole.STAFF}
    )
    return user
