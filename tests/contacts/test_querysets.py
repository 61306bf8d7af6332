"""The named conditions of contacts.querysets: the list filter's and the review's "ohne
Kontakt" (``quality.quiet_for``) is today's ``NetworkContact.objects.without_contact_at``."""

from __future__ import annotations

import datetime

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
