"""Shapes a fresh-eyes tester found on lists nobody had shown the import (issue 28): headers
with typos and numbered further columns, columns of marks that agree by chance, "aktiv?"
columns and status words. The cases are generated: misspellings made by a seeded
generator from the synonym lists, not the tester's words."""

from __future__ import annotations

import datetime
import random

import pytest

from contacts.models import ContactStatus
from core.text import fold
from imports import cells, evidence, services
from imports import mapping as m
from imports import parsers as p
from imports.tables import read_table
from tests.imports.test_import import csv_bytes

pytestmark = pytest.mark.django_db

SEED = 28


def _typos(word: str, rng: random.Random) -> list[str]:
    """One edit of each kind a typist makes: two letters swapped, one left out, one
    doubled, one replaced by its neighbour on the keyboard row."""
    inner = range(1, len(word) - 2)
    i = rng.choice(list(inner))
    swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    j = rng.choice(list(inner))
    dropped = word[:j] + word[j + 1 :]
    k = rng.choice(list(inner))
    doubled = word[:k] + word[k] + word[k:]
    return [swapped, dropped, doubled]


# Header words long enough to bear a typo, each with the field it names.
WORDS = {
    "Ansprechpartner": "person_name",
    "Kontaktperson": "person_name",
    "Organisation": "organisation",
    "Einrichtung": "organisation",
    "Telefonnummer": "phone",
    "Anschrift": "street",
    "Postleitzahl": "postcode",
    "Handlungsfeld": "fields_of_action",
    "Bemerkungen": "notes",
    "Homepage": "website",
    "Funktion": "person_function",
    "Steuerungsgruppe": "in_steering_group",
}


def test_misspelt_headers_name_their_field():
    rng = random.Random(SEED)
    cases = [(typo, code) for word, code in WORDS.items() for typo in _typos(word, rng)]
    cases = [(t, c) for t, c in cases if fold(t) not in m.ALL_SYNONYMS]
    right = sum(1 for typo, code in cases if m.suggest([typo])[typo] == code)
    share = right / len(cases)
    print(f"misspelt headers: {right}/{len(cases)} = {share:.0%}")
    assert share >= 0.9, [(t, c, m.suggest([t])[t]) for t, c in cases]


@pytest.mark.parametrize(
    "header",
    ["Kooperaton seit", "Kooperation sejt", "Partner since", "Zusammenarbiet seit", "partner seit"],
)
def test_a_misspelt_or_english_start_header_over_dates_is_the_start(header):
    rows = [["Tafel Suhl e. V.", 43525], ["Stadtbibliothek Suhl", "42552"], ["AWO Suhl", 2019]]
    decisions = evidence.decide(["Organisation", header], rows)
    assert decisions[1].role == "since"


def test_short_words_are_never_corrected_into_another_word():
    for word in ("stand", "stadt", "titel", "rolle", "region", "anrede", "abteilung", "geburtstag"):
        assert m.corrected_word(word) in (word,), word


@pytest.mark.parametrize("word", ["Handlungsfeld", "Themen", "Themenfeld", "Schwerpunkt", "Topics"])
@pytest.mark.parametrize("count", [2, 3, 4])
def test_numbered_columns_of_a_field_with_several_values_all_feed_it(word, count):
    header = ["Einrichtung", *[f"{word} {n}" for n in range(1, count + 1)]]
    suggestions = m.suggest(header)
    assert [suggestions[h] for h in header[1:]] == ["fields_of_action"] * count


def test_excel_serial_numbers_under_a_start_header_are_dates():
    rng = random.Random(SEED)
    serials = [rng.randint(36000, 46000) for _ in range(6)]
    for serial in serials:
        parsed = p.parse_date(serial)
        assert parsed.value is not None
        assert parsed.value == p.EXCEL_EPOCH + datetime.timedelta(days=serial)


def _mark_columns(rng: random.Random, rows: int) -> list[list[str]]:
    return [["x" if rng.random() < 0.5 else "" for _ in range(rows)] for _ in range(2)]


@pytest.mark.parametrize("rows", [3, 4, 5])
def test_columns_of_marks_under_different_headings_are_never_duplicates(rows):
    entries = ["Senioren", "Gesundheit", "Familie", "Beratung", "Wohnen", "Bildung"]
    rng = random.Random(SEED + rows)
    for _ in range(10):
        first, second = rng.sample(entries, 2)
        pattern = ["x" if rng.random() < 0.5 else "" for _ in range(rows)]
        pattern[0] = "x"
        table = [[f"Organisation {i}", pattern[i], pattern[i]] for i in range(rows)]
        decisions = evidence.decide(["Name der Organisation", first, second], table)
        assert decisions[2].role, (first, second, decisions[2].reason)
        assert "gleich Spalte" not in decisions[2].reason


def test_equal_text_columns_are_still_duplicates():
    rows = [
        ["Tafel", "Sonneberg", "Sonneberg"],
        ["Kita", "Erfurt", "Erfurt"],
        ["AWO", "Jena", "Jena"],
    ]
    decisions = evidence.decide(["Organisation", "Ort", "Stadt"], rows)
    assert "gleich Spalte" in decisions[2].reason


ACTIVE_HEADERS = ["aktiv?", "Aktiv", "aktiv (j/n)", "noch aktiv?", "Kooperation aktiv", "Active"]
WORDS_TO_STATUS = {
    "x": ContactStatus.ACTIVE,
    "ja": ContactStatus.ACTIVE,
    "läuft": ContactStatus.ACTIVE,
    "läuft noch": ContactStatus.ACTIVE,
    "nein": ContactStatus.ENDED,
    "ehem.": ContactStatus.ENDED,
    "ehemals": ContactStatus.ENDED,
    "beendet 03/2021": ContactStatus.ENDED,
    "abgeschlossen": ContactStatus.ENDED,
    "inaktiv": ContactStatus.ENDED,
    "nicht mehr aktiv": ContactStatus.ENDED,
    "ruht": ContactStatus.DORMANT,
    "ruht seit 2022": ContactStatus.DORMANT,
    "ehem. (bis 2020)": ContactStatus.ENDED,
    "-": ContactStatus.ENDED,
    "x (seit 2017)": ContactStatus.ACTIVE,
    "läuft seit 2019": ContactStatus.ACTIVE,
}


@pytest.mark.parametrize("header", ACTIVE_HEADERS)
def test_an_active_column_decides_the_status(header):
    rows = [["Tafel Artern", "x"], ["Kita Artern", ""], ["AWO Artern", "x"], ["VHS Artern", ""]]
    decisions = evidence.decide(["Einrichtung", header], rows)
    assert decisions[1].role == "active", decisions[1]


@pytest.mark.parametrize(("word", "status"), WORDS_TO_STATUS.items())
def test_status_words_with_or_without_a_date(word, status):
    assert p.parse_active(word).value == status
    if word not in ("x", "ja", "nein", "-", "x (seit 2017)"):
        assert p.parse_status(word).value == status


def test_a_date_after_a_status_word_is_its_start_or_end():
    assert p.parse_active("ehem. (bis 2020)").parts == (("ended_on", datetime.date(2020, 1, 1)),)
    assert p.parse_active("x (seit 2017)").parts == (("since", datetime.date(2017, 1, 1)),)
    # "aktiv bis 2020" is no start: kept for the notes, not read as one
    assert p.parse_active("aktiv bis 2020").leftover


FIRST = ["Ute", "Kai", "Anja", "Holger", "Marion", "Jens", "Petra", "Uwe"]
LAST = ["Müller", "Schmidt", "Sturm", "Kirsch", "Fuchs", "Lange", "Brandt", "Sommer"]
SALUTE = {"f": ["Fr.", "Frau", ""], "m": ["Hr.", "Herr", ""]}
BETWEEN = [" / ", "/", "; ", " und ", " + ", " & ", "\n"]


def _written(first: str, last: str, style: int, salutation: str) -> str:
    """One person as lists write them: full, initial, or surname first."""
    if style == 0:
        return f"{salutation} {first} {last}".strip()
    if style == 1:
        return f"{first[0]}. {last}"
    return f"{last}, {first}"


def test_several_persons_in_one_cell_become_several_in_order():
    """Generated cells with two or three persons, each written one of three ways, joined
    by one of seven separators: every person found, first name first."""

    rng = random.Random(SEED)
    right = total = 0
    for _ in range(200):
        count = rng.choice([2, 2, 3])
        people = [(rng.choice(FIRST), rng.choice(LAST)) for _ in range(count)]
        between = rng.choice(BETWEEN)
        styles = [rng.choice([0, 1, 2]) for _ in people]
        if between.strip() in ("", ",") or (";" not in between and 2 in styles and "," in between):
            continue
        written = [
            _written(f, la, s, rng.choice(SALUTE[rng.choice("fm")]))
            for (f, la), s in zip(people, styles, strict=True)
        ]
        found = cells.split_persons(between.join(written))
        total += 1
        expected = [
            f"{f} {la}" if s != 1 else f"{f[0]}. {la}"
            for (f, la), s in zip(people, styles, strict=True)
        ]
        names = [cells.split_person(n).name for n in found]
        right += names == expected
    share = right / total
    print(f"several persons in one cell: {right}/{total} = {share:.0%}")
    assert share >= 0.95


@pytest.mark.parametrize(
    "text",
    [
        "Kita und Hort",
        "Jugend / Familie",
        "Beratung & Begleitung",
        "Schmidt / Lange",
        "Leitung Kita + Hort",
    ],
)
def test_a_cell_of_words_that_are_no_persons_stays_whole(text):

    assert len(cells.split_persons(text)) == 1


@pytest.mark.parametrize(("first", "last"), [(f, la) for f in FIRST[:4] for la in LAST[:4]])
def test_surname_first_is_turned_round(first, last):

    assert cells.split_persons(f"{last}, {first}") == [f"{first} {last}"]
    assert p.parse_person_name(f"{last}, {first}").value == f"{first} {last}"


def test_a_role_after_the_comma_stays_the_function():
    assert p.parse_person_name("Beck, Leiterin").value == "Beck"


# --- group headings between the rows ------------------------------------------------------

GROUPS = [
    "Grundschulen", "Kindertagesstätten", "Sportvereine", "Behörden", "Ämter und Behörden",
    "Kirchen", "Freie Träger", "Sonstige", "Sonstige Partner", "Wirtschaft", "Medien",
    "Öffentliche Einrichtungen", "Kirchengemeinden", "Beratungsstellen", "Betriebe",
    "Senioren", "Jugendhilfe", "Bildungseinrichtungen", "Initiativen",
]  # fmt: skip
ORGS = [
    ("Stadtbibliothek Suhl", "Suhl", "0361 12345"), ("Tafel Gotha e. V.", "Gotha", "03621 5555"),
    ("Grundschule Am Berg", "Jena", "03641 2222"), ("Jobcenter Weimar", "Weimar", "03643 1111"),
    ("Heimatverein Ilmenau", "Ilmenau", "03677 3333"), ("Caritas Sonneberg", "Sonneberg", "03675 4444"),
    ("Kunstverein Arnstadt", "Arnstadt", "03628 6666"), ("Kita Sonnenschein", "Gera", "0365 7777"),
]  # fmt: skip


@pytest.mark.parametrize("seed", range(8))
def test_group_headings_between_rows_are_labels_not_organisations(seed):

    rng = random.Random(SEED * 100 + seed)
    groups = rng.sample(GROUPS, 3)
    orgs = rng.sample(ORGS, 6)
    width = rng.choice([3, 4])
    rows = [["Einrichtung", "Ort", "Telefon", "Bemerkung"][:width]]
    expected = []
    for index, group in enumerate(groups):
        heading = group + (":" if rng.random() < 0.2 else "")
        rows.append([heading] + [""] * (width - 1))
        for name, city, phone in orgs[index * 2 : index * 2 + 2]:
            rows.append([name, city, phone, "x"][:width])
            expected.append((name, group))
    table = read_table(csv_bytes(rows), "liste.csv")
    names = [row[0] for row in table.rows]
    assert names == [name for name, _group in expected]
    section = table.header.index("Abschnitt")
    assert [row[section] for row in table.rows] == [group for _name, group in expected]
    decisions = {d.name: d.role for d in evidence.decide(table.header, table.rows)}
    assert decisions["Abschnitt"] in ("organisation_type", "fields_of_action", "notes")


def test_an_organisation_alone_in_its_row_stays_a_row():

    rows = [["Einrichtung", "Ort", "Telefon"], ["Tafel Gotha e. V.", "Gotha", "03621 5555"]]
    rows += [
        ["Stadtbibliothek Suhl", "", ""],
        ["Jobcenter", "", ""],
        ["Kita Sonnenschein", "Gera", "0365 7"],
    ]
    table = read_table(csv_bytes(rows), "liste.csv")
    assert [row[0] for row in table.rows] == [
        "Tafel Gotha e. V.", "Stadtbibliothek Suhl", "Jobcenter", "Kita Sonnenschein",
    ]  # fmt: skip


# --- an existing partner's values never vanish -------------------------------------------

REGISTER_VALUES = {
    "email": ["kontakt@jobcenter-son.example", "info@jc-sonneberg.example"],
    "phone": ["03675 123456", "03675 998877"],
    "street": ["Bahnhofstraße 5", "Am Markt 2"],
    "website": ["https://jobcenter-son.example", "https://www.jc-son.example"],
}
HEADERS = {"email": "E-Mail", "phone": "Telefon", "street": "Straße", "website": "Homepage"}


@pytest.mark.parametrize("field", list(REGISTER_VALUES))
@pytest.mark.parametrize("register_has", [False, True])
def test_an_existing_partners_value_is_stored_where_empty_else_kept_and_shown(
    world, field, register_has
):
    organisation = world.contact_a.organisation
    register_value, list_value = REGISTER_VALUES[field]
    if register_has:
        setattr(organisation, field, register_value)
        organisation.save()
    rows = [["Organisation", HEADERS[field]], ["Jobcenter Sonneberg", list_value]]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=csv_bytes(rows)
    )
    (result,) = services.preview(batch)
    assert result.organisation == organisation
    shown = " ".join(f"{label} {new}" for label, _old, new in result.changes)
    assert list_value in shown
    assert result.needs_review == register_has
    services.commit(batch=batch, by=world.staff_a)
    organisation.refresh_from_db()
    world.contact_a.refresh_from_db()
    if register_has:
        assert getattr(organisation, field) == register_value  # never overwritten
        assert list_value in world.contact_a.notes
    else:
        assert getattr(organisation, field) == list_value
    services.undo(batch=batch, by=world.staff_a)
    organisation.refresh_from_db()
    assert getattr(organisation, field) == (register_value if register_has else "")


def test_an_existing_partners_other_start_date_is_shown_and_kept_in_the_notes(world):
    rows = [["Organisation", "Kooperation seit"], ["Jobcenter Sonneberg", "05/2012"]]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=csv_bytes(rows)
    )
    (result,) = services.preview(batch)
    reasons = " ".join(str(note) for note in result.review)
    assert "Kontakt seit" in reasons
    assert "01.05.2012" in reasons
    services.commit(batch=batch, by=world.staff_a)
    world.contact_a.refresh_from_db()
    assert world.contact_a.since == datetime.date(2016, 1, 15)
    assert "01.05.2012" in world.contact_a.notes


DATE_NOTATIONS = [
    "seit 2016",
    "06/2018",
    "2019-2021",
    "März 2014",
    "ca. 2013",
    "01.04.2015",
    "Frühjahr 2017",
    "2012",
]


@pytest.mark.parametrize(
    "header", ["Zusammenarbeit", "Kooperation", "Kooperationen", "Art der Kooperation"]
)
@pytest.mark.parametrize("seed", range(3))
def test_a_vocabulary_header_over_mostly_dates_is_the_start(header, seed):
    rng = random.Random(SEED + seed)
    values = rng.sample(DATE_NOTATIONS, 3) + ["?? (vor 2015)"]
    rows = [[f"Organisation {i}", value] for i, value in enumerate(values)]
    decisions = evidence.decide(["Einrichtung", header], rows)
    assert decisions[1].role == "since", decisions[1]
