"""A past period's report does not change by itself (issue 18): the figures count what was
true at the period's end – changing today's data in every way that matters leaves a past
period's overview and detail sheet as they were, while the open period moves."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from contacts import services as contact_services
from contacts.models import ContactStatus, FieldOfAction, NetworkContact
from reports import as_of, periods
from reports.figures import project_figures
from reports.workbook import ExportRequest, detail_values
from tests import factories
from tests.jobs import job_file

PAST = periods.parse("2016-H2")


def open_period() -> periods.Period:
    today = timezone.localdate()
    return periods.half_year(today.year, 1 if today.month <= 6 else 2)


def overview(projects, period):
    return [
        (f.project.pk, f.active, f.new, f.interactions, dict(f.by_type), dict(f.by_field))
        for f in project_figures(projects, period)
    ]


def details(projects, period):
    return list(detail_values(ExportRequest(projects=projects, period=period, office="T")))


@pytest.fixture
def network(world):
    field = FieldOfAction.objects.order_by("order").first()
    contacts = [
        factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 3, 1))
        for _ in range(4)
    ]
    for contact in contacts:
        contact.fields_of_action.add(field)
    factories.InteractionFactory(network_contact=contacts[0], date=datetime.date(2016, 9, 1))
    # Archived before anyone reported: it was running in 2016 all the same.
    contact_services.network_contact_set_archived(
        contact=contacts[3], archived=True, by=world.staff_a
    )
    person = factories.ContactPersonFactory(network_contact=contacts[1])
    return {"contacts": contacts, "person": person}


def test_changing_todays_data_leaves_a_past_period_as_it_was(world, network):
    projects = world.project_a.__class__.objects.filter(pk=world.project_a.pk)
    first, rows = overview(projects, PAST), details(projects, PAST)
    open_before = overview(projects, open_period())
    contacts = network["contacts"]

    ended = NetworkContact.objects.get(pk=contacts[0].pk)
    ended.status = ContactStatus.ENDED  # today; align_end_date dates it
    ended.save()
    contact_services.network_contact_set_archived(
        contact=contacts[1], archived=True, by=world.staff_a
    )
    contact_services.network_contact_set_archived(
        contact=contacts[3], archived=False, by=world.staff_a
    )
    network["person"].delete()
    factories.InteractionFactory(network_contact=contacts[2], date=timezone.localdate())

    assert overview(projects, PAST) == first
    assert details(projects, PAST) == rows
    open_after = overview(projects, open_period())
    # The open period moves: one ended, one archived, one restored.
    assert open_after[0][1] == open_before[0][1] - 1
    print(
        f"2016-H2 aktiv {first[0][1]} vorher und nachher; offenes Halbjahr "
        f"{open_before[0][1]} → {open_after[0][1]}"
    )


def test_active_at_the_end_follows_the_dates_and_the_history(world):
    end = PAST.end
    began_later = factories.NetworkContactFactory(
        project=world.project_a, since=datetime.date(2017, 1, 1)
    )
    ended_within = factories.NetworkContactFactory(
        project=world.project_a,
        since=datetime.date(2015, 1, 1),
        status=ContactStatus.ENDED,
        ended_on=datetime.date(2016, 11, 30),
    )
    ended_on_the_last_day = factories.NetworkContactFactory(
        project=world.project_a,
        since=datetime.date(2015, 1, 1),
        status=ContactStatus.ENDED,
        ended_on=end,
    )
    began_on_the_last_day = factories.NetworkContactFactory(project=world.project_a, since=end)
    ended_later = factories.NetworkContactFactory(
        project=world.project_a,
        since=datetime.date(2015, 1, 1),
        status=ContactStatus.ENDED,
        ended_on=datetime.date(2017, 2, 1),
    )
    dormant = factories.NetworkContactFactory(
        project=world.project_a, since=datetime.date(2015, 1, 1), status=ContactStatus.DORMANT
    )
    active = set(
        NetworkContact.objects.filter(project=world.project_a)
        .active_at(end)
        .values_list("pk", flat=True)
    )
    assert began_on_the_last_day.pk in active
    assert ended_later.pk in active
    assert dormant.pk in active  # not ended: it counts
    assert began_later.pk not in active
    assert ended_within.pk not in active
    assert ended_on_the_last_day.pk not in active  # "beendet am" is the first day without


def test_a_contact_without_a_start_date_counts_from_the_day_it_was_entered(world):
    undated = factories.NetworkContactFactory(project=world.project_a, since=None)
    entered = timezone.localdate(undated.created_at)
    contacts = NetworkContact.objects.filter(pk=undated.pk)
    assert not contacts.active_at(entered - datetime.timedelta(days=1)).exists()
    assert contacts.active_at(entered).exists()


def test_an_ended_contact_always_has_an_end_date(world):
    contact = NetworkContact.objects.get(pk=world.contact_a.pk)
    contact.status = ContactStatus.ENDED
    contact.save()
    assert contact.ended_on == timezone.localdate()
    contact.status = ContactStatus.ACTIVE  # taken up again
    contact.save()
    assert contact.ended_on is None


def test_the_database_refuses_an_ended_contact_without_a_date(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkContact.objects.filter(pk=world.contact_a.pk).update(status=ContactStatus.ENDED)


@pytest.mark.parametrize(
    ("code", "before"),
    [
        ("2016-H2", "2016-H1"),
        ("2016-H1", "2015-H2"),
        ("2016-Q1", "2015-Q4"),
        ("2016-Q3", "2016-Q2"),
        ("2016-07-01..2016-07-10", "2016-06-21..2016-06-30"),
    ],
)
def test_the_period_before(code, before):
    assert periods.previous(periods.parse(code)) == periods.parse(before)


def test_the_comparison_sheet_sets_each_project_against_the_period_before(client, world):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 8, 1))
    factories.NetworkContactFactory(
        project=world.project_a,
        since=datetime.date(2015, 5, 1),
        status=ContactStatus.ENDED,
        ended_on=datetime.date(2016, 9, 30),
    )
    client.force_login(world.coordination)
    response = job_file(
        client, client.post(reverse("reports:ministry_export"), {"period": "2016-H2"})
    )
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = {row[0]: row[1:] for row in book["Vergleich"].values}
    # A: the 2016 contact (both), the ended one (H1 only), the new one (H2 only).
    # active H1, H2, diff | new H1, H2, diff | ended H1, H2, diff
    assert rows[world.project_a.name] == (2, 2, 0, 1, 1, 0, 0, 1, 1)
    assert rows["Summe"][:3] == (3, 3, 0)


# --- the rule at its edges (each test kills a change to reports/as_of.py no other noticed)


H2_2016 = (datetime.date(2016, 7, 1), datetime.date(2016, 12, 31))


def _entered_on(contact: NetworkContact, day: datetime.date) -> NetworkContact:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    NetworkContact.objects.filter(pk=contact.pk).update(created_at=moment)
    return NetworkContact.objects.get(pk=contact.pk)


def test_a_contact_entered_in_the_period_but_begun_before_is_not_new_in_it(world):
    start, end = H2_2016
    old = _entered_on(
        factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2015, 3, 1)),
        datetime.date(2016, 9, 1),
    )
    undated = _entered_on(
        factories.NetworkContactFactory(project=world.project_a, since=None),
        datetime.date(2016, 9, 1),
    )
    entered_before = _entered_on(
        factories.NetworkContactFactory(project=world.project_a, since=None),
        start - datetime.timedelta(days=1),
    )
    new = NetworkContact.objects.new_in(start, end)
    assert undated in new  # no "since": entered in the period counts as begun in it
    assert old not in new
    assert entered_before not in new  # entered on the day before the period began


def test_a_contact_ended_the_day_before_the_period_did_not_exist_in_it(world):
    start, end = H2_2016
    before = factories.NetworkContactFactory(
        project=world.project_a,
        since=datetime.date(2015, 1, 1),
        status=ContactStatus.ENDED,
        ended_on=start - datetime.timedelta(days=1),
    )
    on_first_day = factories.NetworkContactFactory(
        project=world.project_a,
        since=datetime.date(2015, 1, 1),
        status=ContactStatus.ENDED,
        ended_on=start,
    )
    existed = NetworkContact.objects.existed_in(start, end)
    assert on_first_day in existed
    assert before not in existed


def test_the_status_at_a_periods_end_comes_from_the_history_and_the_end_date():
    last_day = H2_2016[1]
    dormant = as_of.State(
        history_id=1, is_archived=False, status=ContactStatus.DORMANT, intensity="regular"
    )
    assert as_of.status_then(ContactStatus.ACTIVE, None, last_day, dormant) == ContactStatus.DORMANT
    # Ended on the last day: ended at the end of it; ended a day later: still active then.
    assert as_of.status_then(ContactStatus.ENDED, last_day, last_day, None) == ContactStatus.ENDED
    later = last_day + datetime.timedelta(days=1)
    assert as_of.status_then(ContactStatus.ENDED, later, last_day, None) == ContactStatus.ACTIVE
