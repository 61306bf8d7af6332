"""The review before a period is closed (issue 18, item 6): per project what the report
needs and lacks – each figure linked to the list of exactly the records it counts."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import (
    ContactStatus,
    FieldOfAction,
    LegalBasis,
    NetworkContact,
    OrganisationType,
)
from projects.models import Project
from reports import review
from tests import factories

TODAY = timezone.localdate()


def _contact(project, **values):
    """A network contact complete for the report unless ``values`` say otherwise."""
    fields = values.pop("fields", True)
    last = values.pop("last_interaction_on", TODAY)
    contact = factories.NetworkContactFactory(project=project, **values)
    if fields:
        contact.fields_of_action.add(FieldOfAction.objects.first())
    NetworkContact.objects.filter(pk=contact.pk).update(last_interaction_on=last)
    return contact


@pytest.fixture
def gaps(world):
    """Project A with one contact per gap the review names, and records it must not count."""
    a = world.project_a
    other = OrganisationType.objects.get(code="sonstige")
    long_ago = TODAY - datetime.timedelta(days=400)
    NetworkContact.objects.filter(pk=world.contact_a.pk).update(last_interaction_on=TODAY)
    world.contact_a.fields_of_action.add(FieldOfAction.objects.first())
    found = {
        "type": _contact(a, organisation=factories.OrganisationFactory(organisation_type=other)),
        "fields": _contact(a, fields=False),
        "since": _contact(a, since=None),
        "quiet_active": _contact(a, last_interaction_on=long_ago),
        "quiet_never": _contact(a, last_interaction_on=None),
        "quiet_dormant": _contact(a, status=ContactStatus.DORMANT, last_interaction_on=long_ago),
    }
    # Not counted: archived (not running), ended long ago (not quiet in the sense of the list).
    archived = _contact(a, fields=False, since=None, last_interaction_on=None)
    NetworkContact.objects.filter(pk=archived.pk).update(is_archived=True)
    holder = _contact(a)
    old = TODAY.replace(year=TODAY.year - 4)
    found["persons"] = {
        "no_basis": factories.ContactPersonFactory(
            network_contact=holder, legal_basis=LegalBasis.CONSENT, consent_on=None
        ),
        "old_consent": factories.ContactPersonFactory(
            network_contact=holder, legal_basis=LegalBasis.CONSENT, consent_on=old
        ),
    }
    # From a list, collected 40 days ago and not informed (Art. 14 DSGVO): overdue.
    factories.ContactPersonFactory(
        network_contact=holder,
        source="imported",
        collected_on=TODAY - datetime.timedelta(days=40),
    )
    # Not counted: a recent consent, a public function, an erased person.
    factories.ContactPersonFactory(
        network_contact=holder, legal_basis=LegalBasis.CONSENT, consent_on=TODAY
    )
    factories.ContactPersonFactory(network_contact=holder)
    factories.ContactPersonFactory(
        network_contact=holder,
        legal_basis=LegalBasis.CONSENT,
        consent_on=None,
        erased_at=timezone.now(),
    )
    found["holder"] = holder
    return found


def _row(rows, project):
    return next(row for row in rows if row.project == project)


def _listed(client, url: str) -> set[int]:
    """The network contacts the list shows under the figure's link (every page)."""
    response = client.get(url)
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count <= 25, "the fixture fits one page"
    return {contact.pk for contact in page.object_list}


def test_each_gap_is_counted_once_and_nothing_else(world, gaps):
    rows, _ = review.project_review(Project.objects.all())
    row = _row(rows, world.project_a)
    running = NetworkContact.objects.filter(project=world.project_a, is_archived=False)
    assert row.contacts == running.count()
    counts = {key: figure.count for key, figure in row.missing.items()}
    assert counts == {"type": 1, "fields": 1, "since": 1}
    assert (row.quiet["active"].count, row.quiet["dormant"].count) == (2, 1)
    assert {key: figure.count for key, figure in row.persons.items()} == {
        "no_basis": 1,
        "old_consent": 1,
        "not_informed": 1,
    }
    assert row.persons["no_basis"].contacts == 1
    share = row.missing["fields"].percent_complete
    assert share == round(100 * (row.contacts - 1) / row.contacts)
    print(f"\nProject A: {row.contacts} running, fields of action complete: {share} %")


def test_every_figure_links_to_exactly_the_records_it_counts(client, world, gaps):
    """Follow each link as the coordination office and as the project: the list shows the
    counted records, no more and no fewer."""
    expected = {
        ("missing", "type"): {gaps["type"].pk},
        ("missing", "fields"): {gaps["fields"].pk},
        ("missing", "since"): {gaps["since"].pk},
        ("quiet", "active"): {gaps["quiet_active"].pk, gaps["quiet_never"].pk},
        ("quiet", "dormant"): {gaps["quiet_dormant"].pk},
        ("persons", "no_basis"): {gaps["holder"].pk},
        ("persons", "old_consent"): {gaps["holder"].pk},
        ("persons", "not_informed"): {gaps["holder"].pk},
    }
    for user in (world.coordination, world.staff_a):
        client.force_login(user)
        rows = client.get(reverse("reports:review")).context["rows"]
        row = _row(rows, world.project_a)
        figures = {
            **{("missing", key): figure for key, figure in row.missing.items()},
            **{("quiet", key): figure for key, figure in row.quiet.items()},
            **{("persons", key): figure for key, figure in row.persons.items()},
        }
        for key, figure in figures.items():
            listed = _listed(client, figure.url)
            assert listed == expected[key], (user.username, key, figure.url)
            assert len(listed) == (figure.contacts or figure.count), key


def test_fixing_a_record_takes_it_off_the_review(world, gaps):
    gaps["fields"].fields_of_action.add(FieldOfAction.objects.first())
    NetworkContact.objects.filter(pk=gaps["since"].pk).update(since=TODAY)
    gaps["persons"]["no_basis"].consent_on = TODAY
    gaps["persons"]["no_basis"].save()
    rows, _ = review.project_review(Project.objects.all())
    row = _row(rows, world.project_a)
    assert (row.missing["fields"].count, row.missing["since"].count) == (0, 0)
    assert row.missing["fields"].percent_complete == 100
    assert row.persons["no_basis"].count == 0


def test_the_coordination_office_sees_every_project_and_the_sum(client, world, gaps):
    _contact(world.project_b, since=None)
    client.force_login(world.coordination)
    response = client.get(reverse("reports:review"))
    rows, total = response.context["rows"], response.context["total"]
    assert {row.project for row in rows} >= {world.project_a, world.project_b}
    assert total.missing["since"].count == 2
    assert dict(parse_qsl(urlsplit(total.missing["since"].url).query)) == {"missing": "since"}
    assert len(_listed(client, total.missing["since"].url)) == 2
    assert "Datenprüfung vor dem Berichtsabschluss" in response.text


def test_a_project_sees_its_own_projects_only(client, world, gaps):
    _contact(world.project_b, since=None)
    client.force_login(world.staff_a)
    response = client.get(reverse("reports:review"))
    assert [row.project for row in response.context["rows"]] == [world.project_a]
    assert response.context["total"] is None  # one project: no sum row
    assert world.project_b.name not in response.text


def test_a_complete_project_is_marked_complete(client, world):
    NetworkContact.objects.filter(pk=world.contact_a.pk).update(last_interaction_on=TODAY)
    world.contact_a.fields_of_action.add(FieldOfAction.objects.first())
    world.person_a.delete()
    client.force_login(world.staff_a)
    response = client.get(reverse("reports:review"))
    row = response.context["rows"][0]
    assert row.open_points == 0
    assert "vollständig" in response.text


def test_the_list_names_the_review_filters_in_german(client, world):
    client.force_login(world.staff_a)
    response = client.get(reverse("contacts:list"), {"missing": "fields"})
    assert "Für den Bericht fehlt" in response.text
    assert "ohne Handlungsfeld" in response.text
    refused = client.get(reverse("contacts:list"), {"persons": "everyone"})
    assert refused.status_code == 200
    assert "keine gültige Auswahl" in refused.text


def test_the_report_pages_lead_to_the_review(client, world):
    for user, page in (
        (world.staff_a, "reports:ministry_export"),
        (world.coordination, "reports:ministry_export"),
        (world.coordination, "reports:final_list"),
    ):
        client.force_login(user)
        assert reverse("reports:review") in client.get(reverse(page)).text, (user, page)
    client.force_login(world.ministry)
    assert reverse("reports:review") not in client.get(reverse("reports:ministry_export")).text
