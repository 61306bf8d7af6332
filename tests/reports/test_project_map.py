"""Each project's Netzwerkkarte: sectors, rings from the recorded work, labels that fit and
never overlap, period marks, downloads, and German messages for bad input."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import CooperationForm, OrganisationType, Sector
from contacts.querysets import months_before
from reports import netmap, network, periods
from reports.network_views import summary
from tests import factories
from tests.site.test_role_combinations import text_of

LONG = (
    "Arbeitsgemeinschaft der Wohlfahrtsverbände und Selbsthilfegruppen im Landkreis Sonneberg e. V."
)


def partner(project, name, type_code="verein", *, since=None, **kwargs):
    organisation = factories.OrganisationFactory(
        name=name, organisation_type=factories.vocabulary(OrganisationType, type_code)
    )
    return factories.NetworkContactFactory(
        project=project,
        organisation=organisation,
        since=since or datetime.date(2020, 1, 1),
        **kwargs,
    )


@pytest.fixture
def mapped(world):
    """Sonneberg with a close, a regular and a loose partner in three sectors."""
    today = timezone.localdate()
    close = partner(
        world.project_a, "Jobcenter Landkreis Sonneberg Nord", "jobcenter", in_steering_group=True
    )
    close.cooperation_forms.set(CooperationForm.objects.all()[:3])
    for weeks in range(6):
        factories.InteractionFactory(
            network_contact=close, date=today - datetime.timedelta(weeks=weeks + 1)
        )
    regular = partner(
        world.project_a, "Wohnungsbaugenossenschaft Sonneberg eG", "wohnungsunternehmen"
    )
    regular.cooperation_forms.set(CooperationForm.objects.all()[:1])
    factories.InteractionFactory(network_contact=regular, date=today - datetime.timedelta(days=30))
    loose = partner(world.project_a, LONG, "soziale-einrichtung")
    return {"close": close, "regular": regular, "loose": loose}


def net_of(project, day=None, period=None):
    return network.project_network(project, day or timezone.localdate(), period)


def test_sectors_come_from_the_organisation_types(world, mapped):
    net = net_of(world.project_a)
    sector_of = {p.name: p.sector for p in net.partners}
    assert sector_of["Jobcenter Landkreis Sonneberg Nord"] == Sector.objects.get(code="arbeit").pk
    assert sector_of[LONG] == Sector.objects.get(code="soziales-bildung").pk
    # Every organisation type has a sector after the migration.
    assert not OrganisationType.objects.filter(sector__isnull=True).exists()


def test_rings_follow_the_recorded_work(world, mapped):
    rings = {p.contact_id: p.ring for p in net_of(world.project_a).partners}
    assert rings[mapped["close"].pk] == 0  # six contacts, recent, three forms, steering group
    assert rings[mapped["regular"].pk] == 1  # one contact a month ago, one form
    assert rings[mapped["loose"].pk] == 2  # nothing recorded


def test_closeness_adds_its_parts():
    assert network.closeness(contacts_recent=0, months_since=None, forms=0, steering=False) == 0
    assert network.closeness(contacts_recent=6, months_since=0, forms=3, steering=True) == 9
    assert network.closeness(contacts_recent=1, months_since=13, forms=1, steering=False) == 2


def assert_labels_fit(picture):
    """Every label's box inside the picture, no two overlapping (from the layout)."""
    boxes = [*picture.boxes, picture.centre_label.box]
    for left, top, right, bottom in boxes:
        assert left >= 0
        assert right <= picture.width
        assert top >= 0
        assert bottom <= picture.height
    for a, b in itertools.combinations(picture.boxes, 2):
        overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        assert not overlap, (a, b)


@pytest.mark.parametrize("count", [1, 3, 12, 40, 60])
def test_labels_stay_inside_and_apart_at_any_size(world, count):
    types = ["verein", "jobcenter", "schule-kita", "behoerde", "unternehmen"]
    for index in range(count):
        partner(world.project_a, f"{LONG[: 20 + index % 60]} {index}", types[index % 2])
    picture = netmap.layout(net_of(world.project_a))
    assert picture.shown == min(count + 1, netmap.MAP_PARTNERS)  # + the world's contact
    assert_labels_fit(picture)
    for node in picture.nodes:
        assert len(node.label.lines) <= netmap.MAX_LINES
        assert all(len(line) <= netmap.LINE_CHARS for line in node.label.lines)


def test_a_long_name_is_wrapped_and_shortened_never_cut(world, mapped):
    picture = netmap.layout(net_of(world.project_a))
    node = next(n for n in picture.nodes if n.partner.name == LONG)
    shown = " ".join(node.label.lines)
    assert shown.endswith("… (ohne Kontakt)")  # nothing recorded: without contact, marked
    name = shown.removesuffix("… (ohne Kontakt)")
    assert LONG.replace(" ", "").startswith(name.replace(" ", ""))


def test_page_has_the_picture_the_table_and_a_sentence(client, world, mapped):
    client.force_login(world.staff_a)
    response = client.get(reverse("reports:project_map", args=[world.project_a.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page
    assert "<title>" in page
    assert f"<title>{LONG} –" in page  # the full name on the node
    assert page.count("<tr>") >= 4  # header + three partners + the world's contact
    assert "aktive Netzwerkpartner in" in page


def test_period_marks_new_ended_and_dormant(world):
    period = network.Period(
        datetime.date(2025, 7, 1), datetime.date(2025, 12, 31), "2. Halbjahr 2025"
    )
    partner(world.project_a, "Neuer Verein", since=datetime.date(2025, 9, 1))
    ended = partner(world.project_a, "Alter Verein", since=datetime.date(2020, 1, 1))
    ended.status, ended.ended_on = "ended", datetime.date(2025, 10, 1)
    ended.save()
    quiet = partner(world.project_a, "Stiller Verein")
    factories.InteractionFactory(network_contact=quiet, date=months_before(period.end, 14))
    net = net_of(world.project_a, period.end, period)
    state = {p.name: p.state for p in net.partners}
    assert state["Neuer Verein"] == "new"
    assert state["Alter Verein"] == "ended"
    assert state["Stiller Verein"] == "dormant"
    measures = net.measures
    assert (measures.new, measures.ended) == (1, 1)
    assert measures.jaccard is not None
    assert 0 < measures.jaccard < 1


def test_downloads_svg_and_pdf(client, world, mapped):
    client.force_login(world.lead_a)
    svg = client.get(reverse("reports:project_map_svg", args=[world.project_a.pk]))
    assert svg.status_code == 200
    assert svg["Content-Type"].startswith("image/svg+xml")
    assert svg.content.startswith(b"<?xml")
    assert b'xmlns="http://www.w3.org/2000/svg"' in svg.content
    pdf = client.get(reverse("reports:project_map_pdf", args=[world.project_a.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("period", ["2099-H1", "kein Zeitraum", "2016-Q9"])
def test_an_unknown_or_future_period_is_a_german_message(client, world, period):
    client.force_login(world.coordination)
    response = client.get(
        reverse("reports:project_map", args=[world.project_a.pk]), {"zeitraum": period}
    )
    assert response.status_code == 400
    assert "Diesen Zeitraum gibt es nicht" in response.content.decode()
    svg = client.get(
        reverse("reports:project_map_svg", args=[world.project_a.pk]), {"zeitraum": period}
    )
    assert svg.status_code == 400


def test_the_map_offers_only_ended_periods(client, world):
    """A period still running has no state at its end: neither offered nor accepted."""
    today = timezone.localdate()
    running = f"{today.year}-H{1 if today.month <= 6 else 2}"
    client.force_login(world.coordination)
    url = reverse("reports:project_map", args=[world.project_a.pk])
    page = client.get(url).content.decode()
    assert f'value="{running}"' not in page
    assert 'value="2016-H2"' in page
    assert client.get(url, {"zeitraum": running}).status_code == 400


def test_a_project_without_partners_says_what_to_do(client, world):
    empty = factories.ProjectFactory(name="ThINKA Altenburg")
    client.force_login(world.coordination)
    response = client.get(reverse("reports:project_map", args=[empty.pk]))
    assert response.status_code == 200
    assert "keine aktiven Netzwerkpartner" in response.content.decode()
    assert "Tragen Sie die Netzwerkkontakte" in response.content.decode()
    # The ministry records nothing: it reads the fact, not advice it cannot follow.
    client.force_login(world.ministry)
    for name in ("reports:project_map", "reports:project_map_svg", "reports:project_map_pdf"):
        text = text_of(client.get(reverse(name, args=[empty.pk])))
        assert "Tragen Sie" not in text, name
    assert "keine aktiven Netzwerkpartner" in text_of(
        client.get(reverse("reports:project_map", args=[empty.pk]))
    )


def test_the_sentence_counts_in_singular_and_plural_and_names_the_period_end(world):
    period = periods.parse("2025-H2")
    project = factories.ProjectFactory(name="ThINKA Gotha")
    fresh = partner(project, "Neuer Verein", since=datetime.date(2025, 9, 1))
    factories.InteractionFactory(network_contact=fresh, date=datetime.date(2025, 11, 1))
    quiet = partner(project, "Stiller Verein", since=datetime.date(2020, 1, 1))
    factories.InteractionFactory(network_contact=quiet, date=months_before(period.end, 14))
    sentence = summary(net_of(project, period.end, period), can_record=True)
    print(sentence)
    assert "am Ende des 2. Halbjahrs 2025 (31.12.2025)" in sentence
    assert "1 Partner kam hinzu, keiner endete" in sentence
    assert "1 ist seit 12 Monaten ohne Kontakt." in sentence
    for partner_name in ("Zweiter Verein", "Dritter Verein"):
        partner(world.project_a, partner_name, since=datetime.date(2025, 10, 1))
    sentence = summary(
        net_of(world.project_a, period.end, periods.parse("2025-Q4")), can_record=True
    )
    assert "am Ende des 4. Quartals 2025 (31.12.2025)" in sentence
    assert "2 Partner kamen hinzu" in sentence


def test_staff_of_another_project_get_404(client, world):
    client.force_login(world.staff_b)
    response = client.get(reverse("reports:project_map", args=[world.project_a.pk]))
    assert response.status_code == 404


def test_coverage_matrix_shows_gaps_and_ties(client, world, mapped):
    from contacts.models import RelatedProgramme

    thilik = factories.OrganisationFactory(
        name="ThILIK Landkreis Sonneberg", related_programme=RelatedProgramme.THILIK
    )
    factories.NetworkContactFactory(project=world.project_a, organisation=thilik)
    shared = mapped["regular"].organisation
    factories.NetworkContactFactory(project=world.project_b, organisation=shared)
    from projects.models import Project

    programme = network.programme_network(Project.objects.all(), timezone.localdate())
    sectors = [s.code for s in programme.sectors]
    cells = {
        project.pk: dict(zip(sectors, counts, strict=True))
        for project, counts in programme.coverage
    }
    assert cells[world.project_a.pk]["arbeit"] == 1  # the Jobcenter
    assert cells[world.project_b.pk]["arbeit"] == 0  # a gap
    assert cells[world.project_a.pk]["wohnen"] == 1
    assert cells[world.project_b.pk]["wohnen"] == 1
    # Sonneberg is tied to ThILIK, Nordhausen is not: 50 % of the projects.
    assert programme.tie_share("thilik") == 50
    assert programme.tie_share("planning") == 0
    # The two projects share one partner; it is their only link: a bridge.
    assert [(a.pk, b.pk, n) for a, b, n, _o in programme.pairs] == [
        tuple(
            sorted(
                (world.project_a.pk, world.project_b.pk),
                key=lambda pk: Project.objects.get(pk=pk).name,
            )
        )
        + (1,)
    ]
    assert [organisation.pk for organisation, _pairs in programme.bridges] == [shared.pk]
    client.force_login(world.coordination)
    page = client.get(reverse("reports:network_map")).content.decode()
    assert "Abdeckung: Vorhaben × Sektoren" in page
    assert page.count("Lücke") >= 1
    assert 'data-figure="tie-thilik">50 %' in page


def test_blau_index_and_multiplexity(world, mapped):
    measures = net_of(world.project_a).measures
    # four partners in four sectors (verein: world's contact; jobcenter; wohnen; soziales)
    assert measures.size == 4
    assert measures.sectors_covered == 4
    assert measures.blau == pytest.approx(1 - 4 * (1 / 4) ** 2)
    assert measures.multiplexity == pytest.approx((3 + 1) / 4)
    assert network.blau_index([5]) == 0


@pytest.mark.parametrize("name", [LONG, "Kurzer Verein", "Verein " + "x" * 40])
def test_the_mark_is_never_shortened_away(name):
    lines = netmap.label_lines(name, " (ohne Kontakt)")
    assert " ".join(lines).endswith("(ohne Kontakt)")
    assert len(lines) <= netmap.MAX_LINES
    assert all(len(line) <= netmap.LINE_CHARS for line in lines)
