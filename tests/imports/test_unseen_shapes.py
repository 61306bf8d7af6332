"""Mechanisms found by lists nobody had shown the import (issue 28, fresh-eyes round): a
full name beside its first name, the country after the city, a name over two lines
("Name 1 | Name 2"), an inverted flag ("Inaktiv"), the persons' direct lines beside their
mobiles. Each is tested in several wordings; the generator (profiles "pipedrive", "datev",
"persons_rows") measures them on lists of its own."""

from __future__ import annotations

import datetime

import pytest

from contacts.models import ContactStatus, CooperationForm, NetworkContact
from imports import cells, evidence, parsers, rows, selectors, services, shapes
from imports import mapping as m
from tests.imports.test_import import csv_bytes

pytestmark = pytest.mark.django_db


def imported(world, table: list[list[str]]) -> None:
    batch = services.upload(
        project=world.project_b, by=world.staff_b, file_name="liste.csv", data=csv_bytes(table)
    )
    selectors.preview(batch)
    services.commit(batch=batch, by=world.staff_b)


@pytest.mark.parametrize(
    ("first", "name", "expected"),
    [
        ("Anke", "Anke Börner", "Anke Börner"),
        ("Anke", "Börner, Anke", "Börner, Anke"),
        ("Anke Maria", "Anke Maria Börner", "Anke Maria Börner"),
        ("Anke", "Börner", "Anke Börner"),
        ("Peter", "Peter", "Peter Peter"),  # a surname that is a first name too
        ("Jörg", "JÖRG Wendland", "JÖRG Wendland"),
    ],
)
def test_a_full_name_beside_its_first_name_is_not_doubled(first, name, expected):
    assert rows._with_first_name(first, name) == expected


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Kirchstraße 8, 99084 Erfurt, Deutschland", "Erfurt"),
        ("Am Hügel 5\n99092 Erfurt\nGermany", "Erfurt"),
        ("99084 Erfurt (Deutschland)", "Erfurt"),
        ("Markt 1, 98527 Suhl, DE", "Suhl"),
        ("Markt 1, 98527 Suhl / D", "Suhl"),
        ("Markt 1, 06108 Halle (Saale)", "Halle (Saale)"),
        ("Markt 1, 15230 Frankfurt (Oder)", "Frankfurt (Oder)"),
        ("Markt 1, 99084 Erfurt", "Erfurt"),
    ],
)
def test_the_country_after_the_city_is_no_part_of_it(text, city):
    assert cells.split_address(text).city == city


@pytest.mark.parametrize(
    ("first", "second"), [("Name 1", "Name 2"), ("Firma 1", "Firma 2"), ("Name1", "Name2")]
)
def test_a_name_over_two_lines_is_one_organisation_with_its_legal_form(world, first, second):
    imported(
        world,
        [
            ["Nummer", first, second, "Telefon", "Ort"],
            ["10001", "Diakonisches Werk Henneberger Land", "e.V.", "03681 30300", "Suhl"],
            ["10002", "Kulturhaus Suhl", "Stadt Suhl, Amt für Kultur", "03681 7420", "Suhl"],
            ["10003", "Bäckerei Recknagel", "Inh. Jens Recknagel", "03681 804155", "Suhl"],
            ["10004", "Lernwerkstatt Bieblach", "gGmbH", "0365 123456", "Gera"],
        ],
    )
    names = set(
        NetworkContact.objects.filter(organisation__city__in=["Suhl", "Gera"]).values_list(
            "organisation__name", flat=True
        )
    )
    assert names == {
        "Diakonisches Werk Henneberger Land e.V.",
        "Kulturhaus Suhl",
        "Bäckerei Recknagel",
        "Lernwerkstatt Bieblach gGmbH",
    }
    notes = NetworkContact.objects.get(organisation__name="Kulturhaus Suhl").notes
    assert "Stadt Suhl, Amt für Kultur" in notes
    assert "Inh. Jens Recknagel" in (
        NetworkContact.objects.get(organisation__name="Bäckerei Recknagel").notes
    )
    assert not NetworkContact.objects.filter(organisation__postcode__startswith="1000").exists()


def test_numbered_groups_of_organisations_with_fields_of_their_own_stay_groups():
    header = ["Partner 1", "Telefon 1", "Partner 2", "Telefon 2"]
    assert shapes.name_lines(header) is None
    assert shapes.find_groups(header, [["A e. V.", "0361 1", "B e. V.", "0361 2"]]) is not None


@pytest.mark.parametrize("heading", ["Inaktiv", "inaktiv", "Gesperrt", "Archiviert"])
@pytest.mark.parametrize(("yes", "no"), [("Ja", "Nein"), ("x", ""), ("1", "0"), ("J", "N")])
def test_an_inverted_flag_column_ends_the_partnership(world, heading, yes, no):
    imported(
        world,
        [
            ["Organisation", heading, "Ort"],
            ["Kulturhaus Suhl", yes, "Suhl"],
            ["Tafel Suhl e. V.", no, "Suhl"],
            ["Jugendamt Suhl", no, "Suhl"],
        ],
    )
    status = dict(
        NetworkContact.objects.filter(organisation__city="Suhl").values_list(
            "organisation__name", "status"
        )
    )
    assert status == {
        "Kulturhaus Suhl": ContactStatus.ENDED,
        "Tafel Suhl e. V.": ContactStatus.ACTIVE,
        "Jugendamt Suhl": ContactStatus.ACTIVE,
    }


@pytest.mark.parametrize(
    ("phone", "mobile"),
    [
        ("Telefon", "Mobil"),
        ("Tel. dienstlich", "Mobil-Tel.-Nr."),
        ("Telefon geschäftlich", "Handy"),
        ("Phone", "Mobile Phone"),
    ],
)
def test_persons_as_rows_keep_their_direct_lines_beside_their_mobiles(world, phone, mobile):
    imported(
        world,
        [
            ["Vorname", "Nachname", "Firma", phone, mobile],
            ["Jörg", "Wendland", "Kreisjugendring Ilm-Kreis e.V.", "03628 58210", "0170 4455667"],
            ["Sabine", "Hartung", "Kreisjugendring Ilm-Kreis e.V.", "03628 58212", ""],
            ["Marta", "Kowalczyk", "Caritas Arnstadt", "03628 614072", "0151 2233445"],
        ],
    )
    contact = NetworkContact.objects.get(organisation__name="Kreisjugendring Ilm-Kreis e.V.")
    phones = dict(contact.persons.values_list("name", "phone"))
    assert phones == {"Jörg Wendland": "03628 58210", "Sabine Hartung": "03628 58212"}
    assert contact.organisation.phone == ""
    assert "0170 4455667" in contact.notes  # the mobile is kept, not dropped
    caritas = NetworkContact.objects.get(organisation__name="Caritas Arnstadt")
    assert caritas.persons.get().phone == "03628 614072"
    assert "0151 2233445" in caritas.notes


def test_one_phone_per_organisation_in_a_list_of_persons_stays_the_organisations():
    decided = {
        d.name: d.role
        for d in evidence.decide(
            ["Organisation", "Telefon", "Ansprechpartner"],
            [
                ["Tafel Suhl e. V.", "03681 1001", "Anna Amsel"],
                ["Tafel Suhl e. V.", "03681 1001", "Bernd Bussard"],
                ["Jugendamt Suhl", "03681 2001", "Dora Dohle"],
            ],
        )
    }
    assert decided["Telefon"] == "phone"


@pytest.mark.parametrize("heading", ["Lead Source", "Quelle", "Kontakt über", "Herkunft"])
@pytest.mark.parametrize("value", ["Stadtteilkonferenz", "stadtteilkonferenz", "Steuerungsgruppe"])
def test_one_loose_vocabulary_value_in_every_row_places_no_entry(heading, value):
    decided = {
        d.name: d
        for d in evidence.decide(
            ["Organisation", heading],
            [["Tafel Suhl e. V.", value], ["Jugendamt Suhl", value], ["Caritas Suhl", value]],
        )
    }
    assert decided[heading].role == ""
    assert "in jeder Zeile derselbe Wert" in decided[heading].reason


def test_values_that_differ_or_name_an_entry_exactly_are_still_read():
    differing = ["Stadtteilkonferenz", "Informationsaustausch", "Verweisberatung"]
    decided = {
        d.name: d.role
        for d in evidence.decide(
            ["Organisation", "Spalte X"],
            [[f"Verein {i} e. V.", v] for i, v in enumerate(differing)],
        )
    }
    assert decided["Spalte X"] == "cooperation_forms"


@pytest.mark.parametrize(
    ("text", "year"), [("2018/19", 2018), ("2018-19", 2018), ("2019/2020", 2019)]
)
def test_a_school_or_season_year_is_its_first_year(text, year):
    parsed = parsers.parse_date(text)
    assert (parsed.value, parsed.precision) == (datetime.date(year, 1, 1), parsers.YEAR)


def test_a_month_written_year_first_stays_a_month():
    assert parsers.parse_date("2016-04").value == datetime.date(2016, 4, 1)


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("Infoaustausch", "Informationsaustausch"),
        ("Info-Austausch", "Informationsaustausch"),
        ("Verweisberat.", "Verweisberatung"),
    ],
)
def test_shortened_vocabulary_values_name_their_entry(value, label):
    matcher = m.ValueMatcher(CooperationForm)
    pk, confident = matcher.match(value)
    assert confident
    assert CooperationForm.objects.get(pk=pk).label == label


@pytest.mark.parametrize(
    ("value", "entry"),
    [("Infoaustausch", "informationsaustausch"), ("Verweisberat", "verweisberatung")],
)
def test_what_abbreviates_an_entry(value, entry):
    assert m._abbreviates(value.lower(), entry)
    assert not m._abbreviates("austausch", entry)  # a head alone is no abbreviation
    assert not m._abbreviates("inf", entry)


@pytest.mark.parametrize("heading", ["Description", "Contact Description", "DESCRIPTION"])
def test_an_english_crms_description_is_the_notes(heading):
    decided = {
        d.name: d.role
        for d in evidence.decide(
            ["Account Name", heading],
            [
                ["Tafel Suhl e. V.", "Fachtag 2022 gemeinsam vorbereitet"],
                ["Jugendamt Suhl", "trifft sich quartalsweise"],
                ["Caritas Suhl", ""],
            ],
        )
    }
    assert decided[heading] == "notes"
