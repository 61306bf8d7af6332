"""The named conditions of contacts.querysets: the list filter's and the review's "ohne
Kontakt" (``quality.quiet_for``) is today's ``NetworkContact.objects.without_contact_at``."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from contacts import quality
from contacts.models import NetworkContact
from contacts.querysets import months_before
from tests import factories


def test_quiet_for_is_without_contact_at_today_at_its_edges(world):
    today = timezone.localdate()
    months = 6
    cutoff = months_before(today, months)
    cases = {
        "never": None,
        "on the cutoff": cutoff,
        "a day before": cutoff - datetime.timedelta(days=1),
        "recent": today,
    }
    pks = {}
    for name, last in cases.items():
        contact = factories.NetworkContactFactory(project=world.project_a)
        NetworkContact.objects.filter(pk=contact.pk).update(last_interaction_on=last)
        pks[contact.pk] = name
    contacts = NetworkContact.objects.filter(pk__in=list(pks))
    listed = {
        pks[pk] for pk in contacts.filter(quality.quiet_for(months)).values_list("pk", flat=True)
    }
    named = {
        pks[pk] for pk in contacts.without_contact_at(today, months).values_list("pk", flat=True)
    }
    print(f"ohne Kontakt seit {months} Monaten: Liste {sorted(listed)}, Regel {sorted(named)}")
    assert listed == named == {"never", "a day before"}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 5, 15), 1, datetime.date(2026, 4, 15)),
        (datetime.date(2026, 1, 15), 1, datetime.date(2025, 12, 15)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 5, 15), 12, datetime.date(2025, 5, 15)),
        (datetime.date(2026, 5, 15), 0, datetime.date(2026, 5, 15)),
    ],
)
def test_months_before_is_the_same_day_that_many_months_earlier(day, months, expected):
    assert months_before(day, months) == expected
