"""The weekly digest for many readers (issue 33: 500 accounts within 60 s on the worker –
timed in `make bench`): its queries do not grow with the readers. Shown on a generated set
of projects, readers and contacts (seeded): the digests read together say exactly what each
reader's own selectors say, and sending to 6 or 60 readers takes the same few queries."""

from __future__ import annotations

import datetime
import random
from collections import Counter

import pytest
from django.conf import settings
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts import selectors as contact_selectors
from contacts.models import ContactPerson, NetworkContact
from portal import digest
from projects.access import Action, project_ids_for_each, projects_for
from projects.models import Project, ProjectStatus
from tests import factories

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
QUERY_BAR = 12  # preferences, groups, memberships, projects, 3 reads, 2 writes, slack


def generate(seed: int, readers: int, projects: int = 5) -> list:
    rng = random.Random(seed)
    today = timezone.localdate()
    places = [factories.ProjectFactory() for _ in range(projects)]
    Project.objects.filter(pk=places[-1].pk).update(status=ProjectStatus.ENDED)  # read-only
    users = []
    teams: dict[int, list] = {place.pk: [] for place in places}
    for number in range(readers):
        user = factories.UserFactory(username=f"leser-{seed}-{number}")
        for place in rng.sample(places, rng.randint(1, 2)):
            factories.MembershipFactory(user=user, project=place)
            teams[place.pk].append(user)
        users.append(user)
    for place in places:
        for _ in range(rng.randint(4, 10)):
            contact = factories.NetworkContactFactory(
                project=place, responsible=rng.choice([*teams[place.pk], None, None])
            )
            for _ in range(rng.choice([0, 0, 1, 2])):
                factories.InteractionFactory(
                    network_contact=contact,
                    date=today - 30 * DAY,
                    follow_up_on=today + rng.randint(-40, 20) * DAY,
                    occasion=f"Anlass {rng.randint(1, 99)}",
                )
            if rng.random() < 0.5:  # quiet for a year
                NetworkContact.objects.filter(pk=contact.pk).update(
                    created_at=timezone.now() - 500 * DAY,
                    last_interaction_on=rng.choice([None, today - 400 * DAY]),
                )
            for _ in range(rng.choice([0, 0, 1, 3])):
                person = factories.ContactPersonFactory(network_contact=contact)
                ContactPerson.objects.filter(pk=person.pk).update(
                    source="imported", informed_on=None, information_exemption=""
                )
    # a reader outside every team and a deactivated one: nothing, and no mail
    users.append(factories.UserFactory(username=f"leser-{seed}-ohne-team"))
    gone = factories.UserFactory(username=f"leser-{seed}-deaktiviert")
    factories.MembershipFactory(user=gone, project=places[0])
    gone.is_active = False
    gone.save()
    users.append(gone)
    return users


def _own(user, contact_id_responsible):
    return contact_id_responsible in (None, user.pk)


def expected(user) -> dict:
    """What the reader's own selectors (the pages' rules) give, one reader at a time."""
    follow_ups = [
        item
        for item in contact_selectors.follow_ups_due(user=user)
        if _own(user, item.network_contact.responsible_id)
    ]
    quiet = [
        contact
        for contact in contact_selectors.quiet_partners(
            user=user, months=settings.DIGEST_QUIET_MONTHS
        )
        if _own(user, contact.responsible_id)
    ]
    writable = set(projects_for(user, Action.WRITE).values_list("pk", flat=True))
    inform = Counter(
        person.network_contact_id
        for person in contact_selectors.persons_to_inform(user=user)
        if person.network_contact.project_id in writable
    )
    return {
        "follow_ups": (
            len(follow_ups),
            [digest.absolute(i.network_contact.get_absolute_url()) for i in follow_ups][
                : digest.SHOWN
            ],
        ),
        "quiet": (
            len(quiet),
            [digest.absolute(c.get_absolute_url()) for c in quiet][: digest.SHOWN],
        ),
        "to_inform": dict(inform),
    }


def found(summary) -> dict:
    sections = {section.key: section for section in summary.sections}
    inform = sections.get("to_inform")
    return {
        "follow_ups": (
            sections["follow_ups"].total,
            [line.url for line in sections["follow_ups"].lines],
        ),
        "quiet": (sections["quiet"].total, [line.url for line in sections["quiet"].lines]),
        "to_inform": {
            int(line.url.rstrip("/").split("/")[-1]): int(line.detail.split()[0])
            for line in (inform.lines if inform else [])
        },
    }


@pytest.mark.parametrize("seed", [3, 11])
def test_digests_read_together_say_what_each_readers_selectors_say(seed):
    users = generate(seed, readers=25)
    summaries = digest.digests_for(users)
    wrong = [s.user.username for s in summaries if found(s) != expected(s.user)]
    filled = sum(not s.is_empty for s in summaries)
    print(f"seed {seed}: {len(users)} readers, {filled} with something to act on")
    assert filled >= len(users) // 2  # the generated set exercises the digest
    assert wrong == []


def test_the_project_ids_for_many_accounts_are_projects_for_each(world):
    users = [
        world.staff_a,
        world.lead_a,
        world.staff_b,
        world.coordination,
        world.ministry,
        world.admin,
    ]
    Project.objects.filter(pk=world.project_b.pk).update(status=ProjectStatus.ENDED)
    fresh = list(type(world.staff_a).objects.filter(pk__in=[u.pk for u in users]))
    for action in Action:
        together = project_ids_for_each(fresh, action)
        for user in fresh:
            alone = type(user).objects.get(pk=user.pk)  # nothing kept on it
            assert together[user.pk] == set(
                projects_for(alone, action).values_list("pk", flat=True)
            ), (user.username, action)


def _queries_to_send(users) -> tuple[int, int]:
    mailer = EmailBackend()
    with CaptureQueriesContext(connection) as captured:
        sent = digest.send_digests(users, mailer=mailer)
    return len(captured.captured_queries), sent


def test_sending_to_more_readers_takes_no_more_queries(django_assert_max_num_queries):
    users = generate(5, readers=60)
    few, many = users[:6], users
    small, sent_small = _queries_to_send(few)
    large, sent_large = _queries_to_send(many)
    print(
        f"queries: {small} for {len(few)} readers ({sent_small} sent), "
        f"{large} for {len(many)} readers ({sent_large} sent)"
    )
    assert sent_large > sent_small > 0
    assert large <= small
    with django_assert_max_num_queries(QUERY_BAR):
        digest.send_digests(many, mailer=EmailBackend())
