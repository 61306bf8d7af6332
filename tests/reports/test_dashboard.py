"""The coordination dashboard and the network map."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactStatus, FieldOfAction, NetworkContact, OrganisationType
from contacts.querysets import months_before
from reports import dashboard
from tests import factories


@pytest.fixture
def shared(world):
    """An organisation both projects work with, in one field of action."""
    field = FieldOfAction.objects.order_by("order").first()
    organisation = factories.OrganisationFactory(
        name="Diakonie Mitteldeutschland",
        organisation_type=OrganisationType.objects.get(code="kirche"),
    )
    for project in (world.project_a, world.project_b):
        contact = factories.NetworkContactFactory(project=project, organisation=organisation)
        contact.fields_of_action.add(field)
    return {"organisation": organisation, "field": field}


def test_counts_per_project_equal_the_database(world, shared):
    today = timezone.localdate()
    factories.NetworkContactFactory(project=world.project_a, status=ContactStatus.ENDED)
    factories.NetworkContactFactory(project=world.project_a, in_steering_group=True, since=today)
    factories.InteractionFactory(network_contact=world.contact_a, date=today)
    factories.NetworkContactFactory(project=world.project_a, is_archived=True)
    empty = factories.ProjectFactory(name="ThINKA Altenburg")
    counts = {p.pk: p for p in dashboard.project_counts(today)}
    assert [counts[empty.pk].running, counts[empty.pk].active, counts[empty.pk].quiet] == [0, 0, 0]
    project = counts[world.project_a.pk]
    contacts = NetworkContact.objects.filter(project=world.project_a, is_archived=False)
    assert project.running == contacts.count()
    # Active: begun, not ended, not archived – the status "ruhend" does not end a contact.
    assert project.active == contacts.exclude(status=ContactStatus.ENDED).count()
    assert project.steering == 1
    assert project.new_this_year == 1
    assert project.interactions_year == 1
    active = contacts.exclude(status=ContactStatus.ENDED)
    cutoff = months_before(today, settings.THINKA_DORMANT_MONTHS)
    recent = active.filter(last_interaction_on__gte=cutoff)
    assert project.quiet == active.count() - recent.count()


def test_new_contacts_per_month_counts_each_month(world):
    today = datetime.date(2016, 12, 15)
    for since in (
        datetime.date(2016, 11, 3),
        datetime.date(2016, 11, 28),
        datetime.date(2016, 7, 1),
    ):
        factories.NetworkContactFactory(project=world.project_a, since=since)
    chart = dashboard.new_contacts_per_month(months=6, today=today)
    # The chart ends with the month of the latest "since", November 2016.
    labels = [bar.long_label for bar in chart.bars]
    assert labels == [
        "Juni 2016",
        "Juli 2016",
        "August 2016",
        "September 2016",
        "Oktober 2016",
        "November 2016",
    ]
    assert [bar.value for bar in chart.bars] == [0, 1, 0, 0, 0, 2]
    assert chart.total == 3
    tallest = max(chart.bars, key=lambda bar: bar.value)
    assert tallest.y + tallest.height == pytest.approx(chart.baseline)
    assert chart.bars[0].height == 0


def test_coverage_shades_only_fields_with_contacts(world, shared):
    projects = dashboard.project_counts()
    fields, rows = dashboard.coverage(projects)
    column = fields.index(shared["field"])
    by_project = {project.pk: cells for project, cells in rows}
    assert by_project[world.project_a.pk][column][0] == 1
    assert by_project[world.project_a.pk][column][1] >= 1
    other = (column + 1) % len(fields)
    assert by_project[world.project_a.pk][other] == (0, 0)


def test_shared_organisations_and_their_filters(world, shared):
    found = dashboard.shared_organisations()
    assert [(o.name, sorted(p.name for p in ps)) for o, ps in found] == [
        ("Diakonie Mitteldeutschland", ["ThINKA Nordhausen", "ThINKA Sonneberg"])
    ]
    other_field = FieldOfAction.objects.exclude(pk=shared["field"].pk).first()
    assert dashboard.shared_organisations(field_of_action=other_field) == []
    assert (
        dashboard.shared_organisations(
            organisation_type=OrganisationType.objects.get(code="verein")
        )
        == []
    )


def test_archived_contacts_do_not_make_an_organisation_shared(world, shared):
    NetworkContact.objects.filter(
        project=world.project_b, organisation=shared["organisation"]
    ).update(is_archived=True)
    assert dashboard.shared_organisations() == []


def test_dashboard_for_coordination_links_to_the_contact_list(client, world, shared):
    client.force_login(world.coordination)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "Abdeckung der Handlungsfelder" in html
    assert "Diakonie Mitteldeutschland" in html
    assert shared["organisation"].get_absolute_url() in html
    assert "<svg" in html
    assert "Daten als Tabelle" in html


def test_ministry_sees_the_same_totals_without_links_into_contacts(client, world, shared):
    client.force_login(world.ministry)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "Diakonie Mitteldeutschland" in html
    assert shared["organisation"].get_absolute_url() not in html
    assert "/netzwerk/?project=" not in html
    assert world.person_a.name not in html


def test_network_map_has_projects_and_shared_organisations(client, world, shared):
    client.force_login(world.coordination)
    response = client.get(reverse("reports:network_map"))
    graph = response.context["graph"]
    kinds = sorted((node.kind, node.label) for node in graph.nodes)
    assert ("organisation", "Diakonie Mitteldeutschland") in kinds
    assert ("project", "ThINKA Sonneberg") in kinds
    assert len(graph.edges) == 2
    html = response.content.decode()
    assert f'href="{shared["organisation"].get_absolute_url()}"' in html
    assert f'href="{world.project_a.get_absolute_url()}"' in html


def test_network_map_filters_by_field_of_action(client, world, shared):
    client.force_login(world.ministry)
    other = FieldOfAction.objects.exclude(pk=shared["field"].pk).first()
    response = client.get(reverse("reports:network_map"), {"field": other.pk})
    assert [n for n in response.context["graph"].nodes if n.kind == "organisation"] == []
    response = client.get(reverse("reports:network_map"), {"field": shared["field"].pk})
    organisation = next(n for n in response.context["graph"].nodes if n.kind == "organisation")
    assert organisation.url is None  # the ministry does not open organisations


def test_network_map_with_an_unknown_filter_gets_a_german_error(client, world):
    client.force_login(world.coordination)
    response = client.get(reverse("reports:network_map"), {"type": "999999"})
    assert response.status_code == 400
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()


@pytest.fixture
def many_shared(world):
    """Twelve projects and forty organisations each shared by three neighbouring ones."""
    projects = [world.project_a, world.project_b] + [
        factories.ProjectFactory(name=f"ThINKA Ort {i:02d}") for i in range(10)
    ]
    for i in range(40):
        organisation = factories.OrganisationFactory(name=f"Stadtteilverein Nummer {i} e. V.")
        for project in (projects[i % 12], projects[(i + 1) % 12], projects[(i + 2) % 12]):
            factories.NetworkContactFactory(project=project, organisation=organisation)
    return projects


def test_network_map_spreads_and_labels_every_organisation(world, many_shared):
    from projects.models import Project

    shared = dashboard.shared_organisations(limit=dashboard.MAP_ORGANISATIONS)
    graph = dashboard.network_map(shared, Project.objects.all(), link_organisations=True)
    organisations = [n for n in graph.nodes if n.kind == "organisation"]
    assert len(organisations) == 40
    centre = graph.size / 2
    radii = {round(((n.x - centre) ** 2 + (n.y - centre) ** 2) ** 0.5) for n in organisations}
    assert len(radii) == 1  # a ring, not a clump
    assert radii.pop() > graph.size / 5
    closest = min(
        ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5
        for i, a in enumerate(organisations)
        for b in organisations[i + 1 :]
    )
    biggest = max(n.degree for n in organisations) + 3
    print(f"\nclosest organisations: {closest:.1f} px apart (node radius {biggest})")
    assert closest > 2 * biggest  # no node hides another
    assert all(n.short_label for n in graph.nodes)
    assert all(len(n.short_label) <= dashboard.LABEL_LENGTH for n in graph.nodes)
    # Each organisation stands on the side of its projects: nearer to them than to the
    # project opposite.
    projects = {n.key: n for n in graph.nodes if n.kind == "project"}
    for organisation in organisations:
        ends = [b for a, b in graph.edges if a is organisation]
        mean_x = sum(e.x for e in ends) / len(ends)
        mean_y = sum(e.y for e in ends) / len(ends)
        opposite = (2 * centre - mean_x, 2 * centre - mean_y)
        near = ((organisation.x - mean_x) ** 2 + (organisation.y - mean_y) ** 2) ** 0.5
        far = ((organisation.x - opposite[0]) ** 2 + (organisation.y - opposite[1]) ** 2) ** 0.5
        assert near < far, organisation.label
    assert len(projects) == 12


def test_network_map_page_has_a_legend_and_labels(client, world, many_shared):
    client.force_login(world.coordination)
    html = client.get(reverse("reports:network_map")).text
    assert "Legende" in html
    assert "Vorhaben (äußerer Ring)" in html
    assert html.count('text-anchor="') == 12 + 40
    assert "Stadtteilverein Nummer 7 e. V." in html


def _entered_on(contact: NetworkContact, day: datetime.date) -> NetworkContact:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
    NetworkContact.objects.filter(pk=contact.pk).update(created_at=moment)
    return contact


def test_new_contacts_per_month_counts_new_as_the_rule_does(world):
    """'neu' on the chart is ``new_in``: without "Kontakt seit", the month it was entered
    (the start page's "neu dieses Jahr" counts it so; the chart once left it out)."""
    today = datetime.date(2016, 12, 15)
    NetworkContact.objects.all().delete()
    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 11, 3))
    _entered_on(
        factories.NetworkContactFactory(project=world.project_a, since=None),
        datetime.date(2016, 9, 20),
    )
    _entered_on(  # entered after the day the chart is drawn for: not yet new
        factories.NetworkContactFactory(project=world.project_a, since=None),
        datetime.date(2016, 12, 20),
    )
    chart = dashboard.new_contacts_per_month(months=6, today=today)
    values = {bar.long_label: bar.value for bar in chart.bars}
    assert values["September 2016"] == 1
    assert values["November 2016"] == 1
    assert chart.total == 2
    start, end = datetime.date(2016, 6, 1), datetime.date(2016, 11, 30)
    assert chart.total == NetworkContact.objects.new_in(start, end).count()


def test_the_chart_ends_with_the_latest_entered_month_when_it_has_no_start_date(world):
    today = datetime.date(2016, 12, 15)
    NetworkContact.objects.all().delete()
    factories.NetworkContactFactory(project=world.project_a, since=datetime.date(2016, 10, 3))
    _entered_on(
        factories.NetworkContactFactory(project=world.project_a, since=None),
        datetime.date(2016, 12, 1),
    )
    chart = dashboard.new_contacts_per_month(months=3, today=today)
    assert [(bar.long_label, bar.value) for bar in chart.bars] == [
        ("Oktober 2016", 1),
        ("November 2016", 0),
        ("Dezember 2016", 1),
    ]
