"""The mechanisms the generated lists found missing (issue 28, round 3), each on lists of
its own: person groups named by a prefix, a person's own lines, a company phone beside a
business phone, phones Excel stored as numbers, marks under a merged group heading, line
breaks between entries, the last contact kept in the notes, legends and sum rows of CSV
files, export profiles named in the preview."""

from __future__ import annotations

import pytest

from contacts.models import FieldOfAction
from imports import evidence, parsers, profiles, shapes
from imports import mapping as m
from imports.plan import ImportPlan
from imports.rows import evaluate
from imports.tables import read_table
from tests import factories
from tests.imports.test_corpus import text_file

pytestmark = pytest.mark.django_db


def _roles(rows: list[list[object]]) -> dict[str, str]:
    table = read_table(text_file(rows), "liste.csv")
    return evidence.suggest(table.header, table.rows)


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("AP Name", "person_name"),
        ("AP Mail", "person_email"),
        ("Kontaktperson Kontaktperson", "person_name"),
        ("Contact Job title", "person_function"),
        ("Mail AP", "person_email"),
        ("Telefon Kontaktperson", "person_phone"),
    ],
)
def test_a_person_group_names_the_persons_field_before_or_after(heading, role):
    assert m.suggest([heading])[heading] == role


@pytest.mark.parametrize("separator", [": ", " – ", " "])
def test_numbered_person_groups_with_a_colon_or_dash(separator):
    assert shapes._numbered(f"AP 2{separator}Name") == ("ap name", 2)


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("E-Mail (persönlich)", "person_email"),
        ("Personal e-mail", "person_email"),
        ("Telefon (direkt)", "person_phone"),
    ],
)
def test_a_persons_own_line_is_the_persons_not_private(heading, role):
    roles = _roles(
        [
            ["Einrichtung", "Ansprechpartner", heading],
            ["Tafel Gera e. V.", "Anna Weber", "a.weber@tafel.example" if "ail" in heading else "0365 12345"],
            ["Jobcenter Jena", "Uwe Lange", "u.lange@jc.example" if "ail" in heading else "03641 5678"],
        ]
    )  # fmt: skip
    assert roles[heading] == role


def test_a_company_phone_beside_a_business_phone_is_the_organisations():
    roles = _roles(
        [
            ["Vorname", "Nachname", "Firma", "Telefon geschäftlich", "Telefon Firma"],
            ["Anna", "Weber", "Tafel Gera e. V.", "0365 12345", "0365 10000"],
            ["Uwe", "Lange", "Jobcenter Jena", "03641 5678", "03641 9999"],
        ]
    )
    assert roles["Telefon Firma"] == "phone"
    assert roles["Telefon geschäftlich"] == "person_phone"


@pytest.mark.parametrize(
    ("cell", "phone", "fax"),
    [
        ("3613697644", "03613697644", ""),
        (3613697644, "03613697644", ""),
        ("3613697644.0", "03613697644", ""),
        ("03693 / 46 7 / Fax 03693 / 12 34 5", "03693 / 46 7", "03693 / 12 34 5"),
        ("03695 982355\nFax 03695 7410", "03695 982355", "03695 7410"),
    ],
)
def test_phones_excel_stored_as_numbers_and_phone_fax_cells(cell, phone, fax):
    parsed = parsers.parse_phone(cell)
    assert parsed.value == phone
    assert dict(parsed.parts).get("fax", "") == fax


def test_a_short_number_is_no_phone():
    assert parsers.parse_phone("123456").value is None  # a record id, not a lost zero


def test_a_line_break_separates_vocabulary_entries():
    matcher = m.ValueMatcher(FieldOfAction)

    def lookup(_code, value):
        pk, confident = matcher.match(value)
        if not confident:
            raise LookupError(value)
        return pk

    parsed = m.BY_CODE["fields_of_action"].parse("Integration und Flucht\nSenioren", lookup)
    codes = set(FieldOfAction.objects.filter(pk__in=parsed.value).values_list("code", flat=True))
    assert codes == {"integration", "senioren"}


def test_marks_under_a_group_heading_with_their_entries_in_a_second_row():
    rows = [
        ["Organisation", "Themen", "", "", "Ort"],
        ["", "Kultur und Freizeit", "Senioren", "Beratung / Einzelfallhilfe", ""],
        ["Tafel Gera e. V.", "x", "", "x", "Gera"],
        ["Jobcenter Jena", "", "x", "x", "Jena"],
        ["Kita Ost Gotha", "x", "x", "", "Gotha"],
    ]
    roles = _roles(rows)
    assert sorted(r for r in roles.values() if r.startswith("mark:")) == [
        "mark:fields_of_action:beratung",
        "mark:fields_of_action:kultur-freizeit",
        "mark:fields_of_action:senioren",
    ]


def test_the_last_contact_goes_to_the_notes():
    rows = [
        ["Organisation", "Kontakt seit", "letzter Kontakt"],
        ["Tafel Gera e. V.", "01.02.2015", "17.03.2021"],
        ["Jobcenter Jena", "2016", "2019"],
    ]
    table = read_table(text_file(rows), "liste.csv")
    mapping = evidence.suggest(table.header, table.rows)
    assert mapping["letzter Kontakt"] == "last_contact"
    results = evaluate(table, ImportPlan.build(table, mapping), factories.ProjectFactory())
    assert "Letzter Kontakt: 17.03.2021" in results[0].values["notes"]
    assert "last_contact" not in results[0].values


def test_a_legend_and_a_sum_row_below_a_csv_list_are_no_organisations():
    rows = [
        ["Organisation", "2019", "2020"],
        ["Tafel Gera e. V.", "x", "x"],
        ["Jobcenter Jena", "", "x"],
        ["2"],
        [],
        ["Legende:"],
        ["x = Kontakt in diesem Jahr"],
    ]
    table = read_table(text_file(rows), "liste.csv")
    assert [row[0] for row in table.rows] == ["Tafel Gera e. V.", "Jobcenter Jena"]


@pytest.mark.parametrize(
    ("header", "program"),
    [
        (["Anrede", "Vorname", "Nachname", "Firma", "Straße geschäftlich", "Ort geschäftlich",
          "Postleitzahl geschäftlich", "Telefon geschäftlich", "E-Mail-Adresse"], "Microsoft Outlook"),
        (["First Name", "Last Name", "Organization Name", "E-mail 1 - Label", "E-mail 1 - Value",
          "Phone 1 - Value"], "Google Kontakte"),
        (["Vorname", "Nachname", "Anzeigename", "Primäre E-Mail-Adresse", "Tel. dienstlich",
          "Organisation"], "Mozilla Thunderbird"),
        (["Organisation", "Straße", "PLZ", "Ort", "Telefon", "E-Mail"], ""),
    ],
)  # fmt: skip
def test_export_profiles_are_named_in_the_preview(header, program):
    assert profiles.recognise(header) == program
    rows = [header, ["x"] * len(header)]
    rows[1][header.index(next(h for h in header if "irma" in h or "rgani" in h))] = "Tafel Gera"
    notices = read_table(text_file(rows), "export.csv").notices
    assert any(f"Export aus {program} erkannt" in n for n in notices) == bool(program)
