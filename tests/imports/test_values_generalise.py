"""Values read as a careful person reads them (issue 28, second round): what the sheet said
of a row goes to the contact's notes; a legal form in its own column is part of the name;
an address book's categories name fields of action; a period is a start and an end; a
status with its date beats a bare yes/no mark; a number labelled with a function of the
organisation is the organisation's. Each mechanism is tested with generated wordings, not
one example (the generated lists measure them too: tests/imports/generator)."""

from __future__ import annotations

import datetime
import random

import pytest
from django.core.management import call_command

from contacts.models import ContactStatus, FieldOfAction, NetworkContact, Organisation
from imports import cells, evidence, selectors, services
from imports import mapping as m
from imports import parsers as p
from tests.imports.sheetfiles import Sheet, build
from tests.imports.test_import import csv_bytes


def _import(world, tmp_path, rows: list[list[object]], name: str = "liste.csv") -> str:
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows, delimiter="\t"))  # cells hold ";" and ","
    call_command("import_contacts", "sonneberg", str(path))
    return path.name


def _contact(name: str) -> NetworkContact:
    return NetworkContact.objects.select_related("organisation").get(
        organisation__name__startswith=name
    )


# --- 1. what the sheet said of a row stays with the contact ---------------------------------


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_hidden_row_is_written_to_the_contacts_notes(world, tmp_path, kind):
    rows = [["Einrichtung", "Ort"], ["Tafel Gera", "Gera"], ["Kita Gera", "Gera"]]
    data, name = build(Sheet(rows, hidden={2}), kind)
    path = tmp_path / name
    path.write_bytes(data)
    call_command("import_contacts", "sonneberg", str(path))
    kita = _contact("Kita Gera")
    assert "aus der Liste: Zeile 3 – in der Datei ausgeblendet oder herausgefiltert" in kita.notes
    assert "ausgeblendet" not in _contact("Tafel Gera").notes


def test_a_continued_rows_note_joins_the_contact_of_the_row_above(world):
    rows = [
        ["Einrichtung", "Ort", "Ansprechpartner"],
        ["Tafel Gera", "Gera", "Anna Beck"],
        ["", "", "Kai Roth"],
    ]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=csv_bytes(rows)
    )
    first = selectors.preview(batch)[0]
    assert [person["name"] for person in first.persons] == ["Anna Beck", "Kai Roth"]
    assert "gehört zur Organisation darüber" in first.values["notes"]


# --- 2. a legal form in its own column ------------------------------------------------------

LEGAL_HEADERS = ["Rechtsform", "Gesellschaftsform", "Rechtsform des Trägers", "Legal form"]
NOTATIONS = {
    "e. V.": ["e. V.", "e.V.", "eV", "E.V.", "eingetragener Verein"],
    "gGmbH": ["gGmbH", "gemeinnützige GmbH"],
    "eG": ["eG", "e.G.", "eingetragene Genossenschaft"],
}


@pytest.mark.parametrize("seed", range(3))
def test_a_legal_form_column_is_joined_to_the_name(world, tmp_path, seed):
    rng = random.Random(seed)
    rows = [["Name", rng.choice(LEGAL_HEADERS), "Ort"]]
    expected = {}
    for index, (form, notations) in enumerate(NOTATIONS.items()):
        name = f"{rng.choice(['Tafel', 'Netzwerk', 'Zentrum'])} {index} Gotha"
        rows.append([name, rng.choice(notations), "Gotha"])
        expected[name] = f"{name} {form}"
    rows.append(["Heimatverein Gotha e. V.", "e.V.", "Gotha"])  # the name has it already
    rows.append(["Jugendamt Gotha", "", "Gotha"])
    _import(world, tmp_path, rows)
    names = set(Organisation.objects.filter(city="Gotha").values_list("name", flat=True))
    assert names == {*expected.values(), "Heimatverein Gotha e. V.", "Jugendamt Gotha"}
    assert Organisation.objects.get(name=expected[rows[1][0]]).organisation_type.code == "verein"


def test_a_column_of_legal_forms_is_recognised_by_its_values(db):
    header = ["Einrichtung", "Form", "Ort"]
    rows = [["Tafel Gera", "e.V.", "Gera"], ["AWO Gera", "gGmbH", "Gera"], ["WBG", "eG", "Gera"]]
    roles = {d.name: d.role for d in evidence.decide(header, rows)}
    assert roles["Form"] == "legal_form"


# --- 3. an address book's categories --------------------------------------------------------

CATEGORY_HEADERS = ["Kategorien", "Categories", "Labels", "Group Membership", "Schlagworte"]


@pytest.mark.parametrize("header", CATEGORY_HEADERS)
def test_categories_name_fields_of_action_and_keep_the_rest(world, tmp_path, header, capsys):
    separator = " ::: " if header in ("Labels", "Group Membership") else ";"
    rows = [
        ["Vorname", "Nachname", "Firma", header],
        ["Anna", "Beck", "Tafel Gotha", separator.join(["Netzwerk", "SENIOREN", "Bildung"])],
        ["Kai", "Roth", "Kita Gotha", separator.join(["* myContacts", "Familien"])],
        ["Uwe", "Lenz", "Jobcenter Gotha", "Netzwerk"],
    ]
    _import(world, tmp_path, rows)
    out = capsys.readouterr().out
    tafel = _contact("Tafel Gotha")
    fields = set(tafel.fields_of_action.values_list("code", flat=True))
    assert fields == {"senioren", "bildung-sprache"}
    assert set(_contact("Kita Gotha").fields_of_action.values_list("code", flat=True)) == {
        "familie-jugend"
    }
    assert f"aus der Liste: {header} – Netzwerk" in tafel.notes
    assert "myContacts" not in _contact("Kita Gotha").notes  # the address book's own label
    assert "Unbekannt in „Handlungsfelder“: „Netzwerk“" in out


def test_a_typo_in_a_category_is_asked_once_with_its_entry_suggested(db):
    rows = [["Tafel Gotha", "Seinoren; Netzwerk"], ["Kita Gotha", "Seinoren"]]
    unknown = m.unknown_values(
        rows, ["Firma", "Kategorien"], {"Kategorien": "fields_of_action"}, {}
    )
    assert unknown == {"fields_of_action": ["Netzwerk", "Seinoren"]}  # once each
    pk, confident = m.ValueMatcher(FieldOfAction).match("Seinoren")
    assert FieldOfAction.objects.get(pk=pk).code == "senioren"
    assert not confident


# --- 4. periods and dated status words ------------------------------------------------------

PERIODS = {
    "2019–2021": ((2019, 1), (2021, 1)),
    "2019-2021": ((2019, 1), (2021, 1)),
    "seit 2019 bis 2021": ((2019, 1), (2021, 1)),
    "von 03/2018 bis 12/2020": ((2018, 3), (2020, 12)),
    "03.2018 – 12.2020": ((2018, 3), (2020, 12)),
    "from 2017 to 2019": ((2017, 1), (2019, 1)),
    "Mai 2016 - Juni 2018": ((2016, 5), (2018, 6)),
}


@pytest.mark.parametrize(("cell", "period"), PERIODS.items())
def test_a_period_is_the_start_the_end_and_ended(cell, period):
    (start_year, start_month), (end_year, end_month) = period
    parsed = p.parse_since(cell)
    assert parsed.value == datetime.date(start_year, start_month, 1)
    assert dict(parsed.parts) == {
        "ended_on": datetime.date(end_year, end_month, 1),
        "status": ContactStatus.ENDED,
    }
    ended = p.parse_ended(cell)
    assert ended.value == datetime.date(end_year, end_month, 1)
    assert dict(ended.parts) == {"since": datetime.date(start_year, start_month, 1)}


@pytest.mark.parametrize("cell", ["2016-04-01", "01-04-2016", "2016-04", "04/2016", "ca. 2013"])
def test_one_date_with_dashes_is_no_period(cell):
    assert p.parse_period(cell) is None
    assert p.parse_since(cell).value is not None


def test_an_open_end_is_only_the_start():
    parsed = p.parse_since("2018 – heute")
    assert parsed.value == datetime.date(2018, 1, 1)
    assert parsed.parts == ()


@pytest.mark.parametrize("seed", range(4))
def test_a_dormant_status_with_its_date_is_never_the_start(seed):
    rng = random.Random(seed)
    for _ in range(20):
        word = rng.choice(
            ["ruht", "pausiert", "ruhend", "eingeschlafen", "ausgesetzt", "Pause",
             "derzeit kein Kontakt", "Kontakt ruht"]
        )  # fmt: skip
        when = rng.choice(["2022", "05/2021", "Mai 2021", "03.2020"])
        cell = rng.choice(["{w} seit {d}", "{w} ({d})", "{w} seit dem {d}", "{w}, {d}"])
        parsed = p.parse_status(cell.format(w=word, d=when))
        assert parsed.value == ContactStatus.DORMANT, cell
        assert "since" not in dict(parsed.parts), cell
        assert when in " ".join(parsed.extras), cell  # the date stays, in the notes


def test_periods_and_dated_status_words_arrive(world, tmp_path):
    rows = [
        ["Einrichtung", "Kontakt seit", "Status"],
        ["Tafel Gotha", "von 03/2018 bis 12/2020", ""],
        ["Kita Gotha", "", "ruht seit 05/2021"],
        ["Amt Gotha", "2015", "beendet (2019–2021)"],
    ]
    _import(world, tmp_path, rows)
    tafel, kita, amt = (_contact(f"{n} Gotha") for n in ("Tafel", "Kita", "Amt"))
    assert (tafel.since, tafel.ended_on, tafel.status) == (
        datetime.date(2018, 3, 1),
        datetime.date(2020, 12, 1),
        ContactStatus.ENDED,
    )
    assert (kita.since, kita.status) == (None, ContactStatus.DORMANT)
    assert "ruht seit 05/2021" in kita.notes
    assert (amt.since, amt.ended_on) == (datetime.date(2015, 1, 1), datetime.date(2021, 1, 1))


# --- 5. a status column and an "aktiv?" column together -------------------------------------


def test_a_status_with_its_date_beats_a_bare_mark_and_a_conflict_is_checked(world):
    rows = [
        ["Einrichtung", "aktiv?", "Status"],
        ["Tafel Gotha", "ja", "ruht seit 2022"],  # conflict: the dated status wins
        ["Kita Gotha", "nein", "ruhend"],  # no conflict: both "not active"
        ["Amt Gotha", "x", ""],  # the mark alone
        ["Haus Gotha", "", "aktiv"],  # an empty box does not contradict a status
        ["Hort Gotha", "ja", "beendet 06/2019"],
    ]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=csv_bytes(rows)
    )
    results = {r.name: r for r in selectors.preview(batch)}
    status = {name: r.values["status"] for name, r in results.items()}
    assert status == {
        "Tafel Gotha": ContactStatus.DORMANT,
        "Kita Gotha": ContactStatus.DORMANT,
        "Amt Gotha": ContactStatus.ACTIVE,
        "Haus Gotha": ContactStatus.ACTIVE,
        "Hort Gotha": ContactStatus.ENDED,
    }
    assert results["Tafel Gotha"].needs_review
    assert "aus der Liste: aktiv? – ja" in results["Tafel Gotha"].values["notes"]
    assert results["Hort Gotha"].needs_review
    assert results["Hort Gotha"].values["ended_on"] == datetime.date(2019, 6, 1)
    assert not any(results[n].needs_review for n in ("Kita Gotha", "Amt Gotha", "Haus Gotha"))
    # the order of the columns does not matter
    swapped = [[row[0], row[2], row[1]] for row in rows]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="s.csv", data=csv_bytes(swapped)
    )
    assert {r.name: r.values["status"] for r in selectors.preview(batch)} == status


@pytest.mark.parametrize("header", ["State", "Status", "aktiv?", "Stand"])
def test_a_column_of_status_words_is_the_status_whatever_its_header(db, header):
    """ "State" is a region in an address book – over status words it is the status."""
    rows = [
        ["Tafel Gera", "ruht seit 2022"],
        ["Kita Gera", "aktiv"],
        ["Amt Gera", "derzeit kein Kontakt seit 10/2020"],
        ["Haus Gera", "beendet 06/2019"],
    ]
    roles = {d.name: d.role for d in evidence.decide(["Einrichtung", header], rows)}
    assert roles[header] in ("status", "active")


# --- 6. a number labelled with a function of the organisation -------------------------------

ORGANISATION_LABELS = ["Zentrale", "Sekretariat", "Empfang", "Hauptnummer", "Verwaltung",
                       "Geschäftsstelle", "Büro", "Telefonzentrale", "Anmeldung", "Pforte",
                       "Rezeption", "Info-Telefon", "Servicenummer", "Main", "Reception"]  # fmt: skip
PERSON_LABELS = ["Durchwahl", "Frau Beck", "Herr Ohm", "mobil", "direkt", "Handy", ""]


def test_labels_that_name_a_function_of_the_organisation():
    assert all(cells.names_organisation_function(label) for label in ORGANISATION_LABELS)
    assert not any(cells.names_organisation_function(label) for label in PERSON_LABELS)


@pytest.mark.parametrize("seed", range(3))
def test_a_labelled_number_beside_a_person_is_the_organisations(world, seed):
    rng = random.Random(seed)
    rows = [["Einrichtung", "Ansprechpartner", "Telefon"]]
    truth = {}
    for index in range(8):
        number = f"0361 {rng.randint(200000, 999999)}"
        label = rng.choice(ORGANISATION_LABELS + PERSON_LABELS)
        cell = rng.choice(["{w}: {n}", "{w} {n}", "{n} ({w})"]).format(w=label, n=number)
        rows.append([f"Verein {index} Gotha", "Anna Beck", cell if label else number])
        truth[f"Verein {index} Gotha"] = (number, cells.names_organisation_function(label))
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=csv_bytes(rows)
    )
    for result in selectors.preview(batch):
        number, organisations = truth[result.name]
        where = "phone" if organisations else "person_phone"
        assert result.values.get(where) == number, (result.name, result.values)
