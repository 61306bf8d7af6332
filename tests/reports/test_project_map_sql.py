"""The project map counted in SQL (issue 30, performance): measures grouped in the
database and only the closest partners read must give what the former Python computation
gave – every partner, every measure – on seeded data, today and for a past period."""

from __future__ import annotations

import datetime
import random
from collections import Counter

import pytest
from django.db.models import Count, Max, Q
from django.utils import timezone

from contacts.models import (
    CooperationForm,
    Interaction,
    NetworkContact,
    OrganisationType,
    RelatedProgramme,
)
from contacts.querysets import months_before
from reports import network
from reports.periods import Period
from tests import factories

# --- the former computation (reports/network.py before the SQL one), kept as the reference --


def _months_between(earlier: datetime.date, later: datetime.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


def reference_partners(project, day, period) -> tuple[list[network.Partner], set[int]]:
    """Every partner as the Python computation built it, and the organisations active the
    day before the period (for Jaccard)."""
    known = network.sectors()
    contacts = NetworkContact.objects.filter(project=project).order_by()
    active_ids = set(contacts.active_at(day).values_list("pk", flat=True))
    ended_ids: set[int] = set()
    new_ids: set[int] = set()
    if period is not None:
        ended_ids = set(contacts.ended_in(period.start, day).values_list("pk", flat=True))
        new_ids = set(contacts.new_in(period.start, day).values_list("pk", flat=True))
    dormant_ids = set(contacts.dormant_at(day).values_list("pk", flat=True))
    ids = active_ids | ended_ids
    recent_from = months_before(day, network.RECENT_MONTHS)
    history = {
        row["network_contact"]: row
        for row in Interaction.objects.filter(network_contact__project=project, date__lte=day)
        .order_by()
        .values("network_contact")
        .annotate(recent=Count("pk", filter=Q(date__gt=recent_from)), last=Max("date"))
    }
    through = NetworkContact.cooperation_forms.through
    forms = dict(
        through.objects.filter(networkcontact__project=project)
        .order_by()
        .values("networkcontact_id")
        .annotate(n=Count("pk"))
        .values_list("networkcontact_id", "n")
    )
    partners = []
    for row in contacts.values(
        "pk",
        "organisation_id",
        "organisation__name",
        "organisation__organisation_type__label",
        "organisation__organisation_type__sector",
        "organisation__related_programme",
        "in_steering_group",
    ):
        if row["pk"] not in ids:
            continue
        seen = history.get(row["pk"], {})
        last = seen.get("last")
        partner = network.Partner(
            contact_id=row["pk"],
            organisation_id=row["organisation_id"],
            name=row["organisation__name"],
            type_label=row["organisation__organisation_type__label"],
            sector=network._sector_key(row["organisation__organisation_type__sector"], known),
            steering=row["in_steering_group"],
            forms=forms.get(row["pk"], 0),
            contacts_recent=seen.get("recent", 0),
            last_contact=last,
            related_programme=row["organisation__related_programme"],
            is_new=row["pk"] in new_ids,
            is_ended=row["pk"] in ended_ids and row["pk"] not in active_ids,
            is_dormant=row["pk"] in dormant_ids,
        )
        partner.score = network.closeness(
            contacts_recent=partner.contacts_recent,
            months_since=None if last is None else _months_between(last, day),
            forms=partner.forms,
            steering=partner.steering,
        )
        partner.ring = (
            len(network.RINGS) - 1 if partner.is_ended else network.ring_of(partner.score)
        )
        partners.append(partner)
    partners.sort(key=lambda p: (p.is_ended, -p.score, p.name.casefold(), p.contact_id))
    previous: set[int] = set()
    if period is not None:
        before = period.start - datetime.timedelta(days=1)
        previous = set(contacts.active_at(before).values_list("organisation_id", flat=True))
    return partners, previous


def reference_measures(partners, previous, period, sectors_total) -> network.ProjectMeasures:
    active = [p for p in partners if not p.is_ended]
    by_sector = Counter(p.sector for p in active)
    now = {p.organisation_id for p in active}
    jaccard = None
    if period is not None:
        union = now | previous
        jaccard = len(now & previous) / len(union) if union else 1.0
    ties = Counter(p.related_programme for p in active if p.related_programme)
    dormant = len([p for p in active if p.is_dormant])
    return network.ProjectMeasures(
        size=len(active),
        sectors_covered=len(by_sector),
        sectors_total=sectors_total,
        blau=round(network.blau_index(list(by_sector.values())), 2),
        multiplexity=round(sum(p.forms for p in active) / len(active), 2) if active else 0.0,
        new=len([p for p in partners if p.is_new]),
        ended=len([p for p in partners if p.is_ended]),
        dormant=dormant,
        jaccard=None if jaccard is None else round(jaccard, 2),
        dormant_share=round(dormant / len(active), 2) if active else 0.0,
        ties={value: ties[value] for value in RelatedProgramme.values},
    )


# --- seeded data ------------------------------------------------------------------------------


def seed(project, *, count: int, seed_value: int) -> None:
    """``count`` partners of every kind: sectors, steering seats, forms, contacts at any
    distance (also exactly three and twelve months back), begun and ended around the last
    half-year, some archived and restored."""
    rng = random.Random(seed_value)
    today = timezone.localdate()
    types = list(OrganisationType.objects.all())
    forms = list(CooperationForm.objects.all())
    programmes = ["", "", "", "", *RelatedProgramme.values]
    for index in range(count):
        organisation = factories.OrganisationFactory(
            name=f"{rng.choice(['Verein', 'Schule', 'Amt', 'Tafel'])} Ort {seed_value}{index:03d}",
            organisation_type=rng.choice(types),
            related_programme=rng.choice(programmes),
        )
        since = today - datetime.timedelta(days=rng.randint(0, 2500))
        contact = factories.NetworkContactFactory(
            project=project,
            organisation=organisation,
            since=since if rng.random() > 0.05 else None,
            in_steering_group=rng.random() < 0.15,
        )
        contact.cooperation_forms.set(rng.sample(forms, rng.randint(0, min(4, len(forms)))))
        for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 6, 9])):
            date = today - datetime.timedelta(days=rng.randint(0, 800))
            factories.InteractionFactory(network_contact=contact, date=max(date, since or date))
        if rng.random() < 0.1:  # a contact exactly on a month boundary of the score
            for months in (3, 12):
                factories.InteractionFactory(
                    network_contact=contact, date=months_before(today, months)
                )
        if rng.random() < 0.2:
            ended_on = since + datetime.timedelta(days=rng.randint(0, (today - since).days))
            contact.status, contact.ended_on = "ended", ended_on
            contact.save()
        elif rng.random() < 0.05:
            contact.is_archived = True
            contact.save()


def half_year_before(today: datetime.date) -> Period:
    if today.month > 6:
        return Period(datetime.date(today.year, 1, 1), datetime.date(today.year, 6, 30), "H1")
    return Period(datetime.date(today.year - 1, 7, 1), datetime.date(today.year - 1, 12, 31), "H2")


@pytest.fixture
def seeded(world):
    seed(world.project_a, count=90, seed_value=30)
    seed(world.project_b, count=20, seed_value=31)  # another project's data stays out
    return world.project_a


def cases():
    today = timezone.localdate()
    past = half_year_before(today)
    running = Period(datetime.date(today.year, 1, 1), today, "Jahr bis heute")
    return [
        ("heute", today, None),
        ("Ende des Halbjahrs", past.end, past),
        ("Jahr", today, running),
    ]


@pytest.mark.parametrize(("name", "day", "period"), cases())
def test_every_partner_and_measure_as_the_python_computation(seeded, name, day, period):
    expected, previous = reference_partners(seeded, day, period)
    net = network.project_network(seeded, day, period, limit=None)
    assert len(expected) > network.MAP_PARTNERS  # more partners than the map shows
    assert net.partners == expected
    assert net.total == len(expected)
    assert net.measures == reference_measures(expected, previous, period, len(net.sectors))
    active = [p for p in expected if not p.is_ended]
    assert net.ring_counts() == [
        (str(label), len([p for p in active if p.ring == index]))
        for index, (_b, label) in enumerate(network.RINGS)
    ]
    print(name, net.measures)
    # The map reads only the closest partners; its measures still count all of them.
    shown = network.project_network(seeded, day, period)
    assert len(shown.partners) == network.MAP_PARTNERS < shown.total == len(expected)
    # The same closest ones (ASCII names: the database's order of ties is Python's here).
    assert shown.partners == expected[: network.MAP_PARTNERS]
    assert shown.measures == net.measures
