"""A corpus of lists shaped the way project offices really keep them, each built here
(openpyxl, csv; .xls and .ods converted with LibreOffice – no binaries checked in), each
with the value every field should receive.

Imported with the automatic mapping (the wizard's first suggestion and
``import_contacts --mapping auto``: the same engine), then read back from the database.
The test prints the share of expected values that landed in the right field and fails
below 100 %; an organisation that should not exist (a sum row, a title) counts as a miss.
"""

from __future__ import annotations

import csv
import datetime
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from openpyxl import Workbook

from contacts.models import NetworkContact
from imports import selectors, services
from tests.libreoffice import convert, needs_libreoffice

D = datetime.date


def xlsx(*sheets: tuple[str, list[list[object]]], merge: dict | None = None) -> bytes:
    """A workbook with the given sheets (name, rows); ``merge``: sheet → ranges."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        for cells in (merge or {}).get(title, []):
            sheet.merge_cells(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def text_file(rows, *, delimiter=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


@dataclass
class Case:
    name: str
    file_name: str
    build: object  # () -> bytes
    expected: dict  # organisation name → {field: value}
    convert_to: str = ""  # "xls" or "ods": converted from the built .xlsx by LibreOffice
    extra: dict = field(default_factory=dict)


TITLE = ["Netzwerkpartner ThINKA Sonneberg – Stand März 2016"]

CASES = [
    Case(
        "tidy CSV from German Excel (Windows-1252, semicolons)",
        "sonneberg.csv",
        lambda: text_file(
            [
                ["Name der Einrichtung", "Art", "PLZ", "Ort", "Telefon", "seit"],
                ["Tafel Sonneberg e. V.", "Verein", "96515", "Sonneberg", "03675 123456", "01.04.2016"],
                ["Stadtbibliothek Sonneberg", "Behörde", "96515", "Sonneberg", "", "2015"],
            ],
            encoding="cp1252",
        ),
        {
            "Tafel Sonneberg e. V.": {"type": "verein", "postcode": "96515", "city": "Sonneberg", "phone": "03675 123456", "since": D(2016, 4, 1)},
            "Stadtbibliothek Sonneberg": {"type": "behoerde", "since": D(2015, 1, 1)},
        },
    ),
    Case(
        "title block, subtitle and blank rows above the header",
        "titel.xlsx",
        lambda: xlsx(
            (
                "Netzwerk",
                [
                    TITLE,
                    ["erstellt für den Erfahrungsaustausch, bitte nicht weitergeben"],
                    [],
                    ["Einrichtung", "Straße", "PLZ", "Ort", "Kontakt seit"],
                    ["Kita Sonnenschein", "Platz 2", 96515, "Sonneberg", datetime.datetime(2016, 4, 1)],
                    ["Jugendclub Oase", "Weg 7", 96515, "Sonneberg", "April 2016"],
                ],
            ),
            merge={"Netzwerk": ["A1:E1"]},
        ),
        {
            "Kita Sonnenschein": {"street": "Platz 2", "postcode": "96515", "since": D(2016, 4, 1)},
            "Jugendclub Oase": {"street": "Weg 7", "since": D(2016, 4, 1)},
        },
    ),
    Case(
        "a table that starts in column C below notes",
        "spalte-c.xlsx",
        lambda: xlsx(
            (
                "Tabelle1",
                [
                    ["Liste der Kooperationspartner"],
                    [],
                    [None, None, "Organisation", "Ort", "E-Mail"],
                    [None, None, "Seniorenbüro Hildburghausen", "Hildburghausen", "senioren@example.org"],
                    [None, None, "Diakonie Hildburghausen", "Hildburghausen", "info@diakonie.example"],
                ],
            )
        ),
        {
            "Seniorenbüro Hildburghausen": {"city": "Hildburghausen", "email": "senioren@example.org"},
            "Diakonie Hildburghausen": {"email": "info@diakonie.example"},
        },
    ),
    Case(
        "two-row header, the group merged over its columns",
        "kontaktperson.xlsx",
        lambda: xlsx(
            (
                "Partner",
                [
                    ["Einrichtung", "Ort", "Kontaktperson", None, None, "Bemerkung"],
                    [None, None, "Name", "Tel.", "Mail", None],
                    ["Schuldnerberatung Gera", "Gera", "Petra Pfau", "0365 123456", "pfau@example.org", "Sprechzeit mittwochs"],
                ],
            ),
            merge={"Partner": ["C1:E1"]},
        ),
        {
            "Schuldnerberatung Gera": {
                "city": "Gera",
                "notes_has": ["Sprechzeit mittwochs"],
                "persons": {"Petra Pfau": {"phone": "0365 123456", "email": "pfau@example.org"}},
            },
        },
    ),
    Case(
        "two-row header without merged cells, group above the header row",
        "gruppen.csv",
        lambda: text_file(
            [
                ["", "", "Ansprechpartner", "", ""],
                ["Organisation", "Ort", "Name", "Telefon", "E-Mail"],
                ["Kirchengemeinde St. Peter", "Nordhausen", "Klaus Kranich", "03631 55555", "kranich@example.org"],
            ]
        ),
        {
            "Kirchengemeinde St. Peter": {
                "city": "Nordhausen",
                "persons": {"Klaus Kranich": {"phone": "03631 55555", "email": "kranich@example.org"}},
            },
        },
    ),
    Case(
        "one row per contact person",
        "personen.xlsx",
        lambda: xlsx(
            (
                "Kontakte",
                [
                    ["Organisation", "Ort", "Ansprechpartner", "Funktion", "Telefon Ansprechpartner"],
                    ["Jobcenter Nordhausen", "Nordhausen", "Anna Amsel", "Teamleitung", "03631 1001"],
                    ["Jobcenter Nordhausen", "Nordhausen", "Bernd Bussard", "Fallmanager", "03631 1002"],
                    ["Jobcenter Nordhausen", "", "Carla Clausen", "Empfang", "03631 1003"],
                    ["Tafelladen Nordhausen", "Nordhausen", "Doris Dohle", "", ""],
                ],
            )
        ),
        {
            "Jobcenter Nordhausen": {
                "type": "jobcenter",
                "persons": {
                    "Anna Amsel": {"function": "Teamleitung", "phone": "03631 1001"},
                    "Bernd Bussard": {"function": "Fallmanager", "phone": "03631 1002"},
                    "Carla Clausen": {"function": "Empfang"},
                },
            },
            "Tafelladen Nordhausen": {"persons": {"Doris Dohle": {}}},
        },
    ),
    Case(
        "Name and Vorname columns beside the organisation",
        "vorname.csv",
        lambda: text_file(
            [
                ["Einrichtung", "Vorname", "Name", "Telefon"],
                ["Stadtteilbüro Erfurt-Nord", "Maria", "Meise", "0361 2222"],
                ["Stadtteilbüro Erfurt-Nord", "Otto", "Ohr", ""],
            ]
        ),
        {"Stadtteilbüro Erfurt-Nord": {"persons": {"Maria Meise": {}, "Otto Ohr": {}}}},
    ),
    Case(
        "person with salutation, title and function in brackets",
        "herr-dr.csv",
        lambda: text_file(
            [
                ["Partner", "Kontaktperson"],
                ["Caritas Erfurt", "Herr Dr. Krüger (Schuldnerberatung)"],
                ["AWO Erfurt", "Frau Lange – Migrationsberatung"],
            ]
        ),
        {
            "Caritas Erfurt": {"persons": {"Dr. Krüger": {"function": "Schuldnerberatung"}}},
            "AWO Erfurt": {"persons": {"Lange": {"function": "Migrationsberatung"}}},
        },
    ),
    Case(
        "the whole address in one cell",
        "adresse.xlsx",
        lambda: xlsx(
            (
                "Adressen",
                [
                    ["Organisation", "Adresse"],
                    ["Volkshochschule Erfurt", "Bahnhofstraße 5, 99084 Erfurt"],
                    ["Bürgerhaus Jena", "Am Markt 1\n07743 Jena"],
                    ["Kleiderkammer Gera", "99999"],
                ],
            )
        ),
        {
            "Volkshochschule Erfurt": {"street": "Bahnhofstraße 5", "postcode": "99084", "city": "Erfurt"},
            "Bürgerhaus Jena": {"street": "Am Markt 1", "postcode": "07743", "city": "Jena"},
            "Kleiderkammer Gera": {"street": "99999"},
        },
    ),
    Case(
        "phone and fax in one cell, a „Tel.“ prefix",
        "telefon.csv",
        lambda: text_file(
            [
                ["Organisation", "Telefon"],
                ["Mehrgenerationenhaus Suhl", "Tel.: 03681 12345 / Fax: 03681 12346"],
                ["Jugendamt Suhl", "Tel. 03681 7000"],
                ["Sportverein Suhl", "0365 / 12 34 56"],
            ]
        ),
        {
            "Mehrgenerationenhaus Suhl": {"phone": "03681 12345", "notes_has": ["Fax: 03681 12346"]},
            "Jugendamt Suhl": {"phone": "03681 7000", "type": "behoerde"},
            "Sportverein Suhl": {"phone": "0365 / 12 34 56"},
        },
    ),
    Case(
        "several e-mails in one cell, websites without scheme",
        "mails.csv",
        lambda: text_file(
            [
                ["Organisation", "E-Mail", "Homepage"],
                ["Frauenzentrum Weimar", "info@frauenzentrum.example; beratung@frauenzentrum.example", "www.frauenzentrum.example"],
                ["Tafel Weimar", "tafel@example.org", "tafel-weimar.example/kontakt"],
            ],
        ),
        {
            "Frauenzentrum Weimar": {
                "email": "info@frauenzentrum.example",
                "website": "https://www.frauenzentrum.example",
                "notes_has": ["beratung@frauenzentrum.example"],
            },
            "Tafel Weimar": {"website": "https://tafel-weimar.example/kontakt"},
        },
    ),
    Case(
        "a column of marks per field of action",
        "kreuze.xlsx",
        lambda: xlsx(
            (
                "Handlungsfelder",
                [
                    ["Organisation", "Sprache", "Jugend", "Senioren", "Gesundheit"],
                    ["Bibliothek Altenburg", "x", "", "ja", ""],
                    ["Jugendhaus Altenburg", "", "1", "", "✓"],
                ],
            )
        ),
        {
            "Bibliothek Altenburg": {"fields": {"bildung-sprache", "senioren"}},
            "Jugendhaus Altenburg": {"fields": {"familie-jugend", "gesundheit"}},
        },
    ),
    Case(
        "footers: status line, author, sum and total rows",
        "fusszeilen.xlsx",
        lambda: xlsx(
            (
                "Liste",
                [
                    ["Organisation", "Ort", "Anzahl Treffen"],
                    ["Nachbarschaftstreff Lobeda", "Jena", 4],
                    ["Stadtteilverein Winzerla", "Jena", 8],
                    [],
                    ["Summe: 2", None, 12],
                    [None, None, 12],
                    ["Stand: 31.12.2016"],
                    ["erstellt von M. Muster"],
                ],
            )
        ),
        {
            "Nachbarschaftstreff Lobeda": {"city": "Jena"},
            "Stadtteilverein Winzerla": {"city": "Jena"},
        },
        extra={"skipped": 4},
    ),
    Case(
        "one sheet per kind of partner and a notes sheet",
        "blaetter.xlsx",
        lambda: xlsx(
            ("Hinweise", [["Diese Liste führt Frau Muster."], ["Bitte jährlich aktualisieren."]]),
            ("Ämter", [["Name", "Ort"], ["Sozialamt Apolda", "Apolda"], ["Ordnungsamt Apolda", "Apolda"]]),
            ("Träger", [["Name", "Ort", "Telefon"], ["Diakonie Apolda", "Apolda", "03644 1111"]]),
            ("Kitas", [["Name", "Ort"], ["Kita Regenbogen", "Apolda"]]),
        ),
        {
            "Sozialamt Apolda": {"type": "behoerde", "city": "Apolda"},
            "Ordnungsamt Apolda": {"type": "behoerde"},
            "Diakonie Apolda": {"type": "soziale-einrichtung", "phone": "03644 1111"},
            "Kita Regenbogen": {"type": "schule-kita"},
        },
    ),
    Case(
        "tables stacked on one sheet under sub-headings",
        "gestapelt.xlsx",
        lambda: xlsx(
            (
                "Netzwerk",
                [
                    ["Behörden:"],
                    ["Name", "Ort"],
                    ["Landratsamt Greiz", "Greiz"],
                    [],
                    ["Vereine:"],
                    ["Name", "Ort"],
                    ["Heimatverein Greiz", "Greiz"],
                    ["Sportverein Greiz", "Greiz"],
                ],
            )
        ),
        {
            "Landratsamt Greiz": {"type": "behoerde", "city": "Greiz"},
            "Heimatverein Greiz": {"type": "verein"},
            "Sportverein Greiz": {"type": "verein"},
        },
    ),
    Case(
        "Excel's Unicode text: UTF-16 with BOM, tabs",
        "unicode.txt",
        lambda: text_file(
            [["Organisation", "Ort"], ["Bürgerinitiative Mühlhausen", "Mühlhausen"]],
            delimiter="\t",
            encoding="utf-16",
        ),
        {"Bürgerinitiative Mühlhausen": {"city": "Mühlhausen", "type": "initiative"}},
    ),
    Case(
        "comma-separated UTF-8 with quoted fields",
        "komma.csv",
        lambda: text_file(
            [
                ["Organisation", "Handlungsfeld", "Ort"],
                ["Integrationsbüro Gotha", "Integration, Beratung", "Gotha"],
            ],
            delimiter=",",
        ),
        {"Integrationsbüro Gotha": {"fields": {"integration", "beratung"}, "city": "Gotha"}},
    ),
    Case(
        "vocabulary values by meaning",
        "bedeutung.csv",
        lambda: text_file(
            [
                ["Organisation", "Art"],
                ["Stadt Arnstadt", "Kommunale Verwaltung"],
                ["WBG Arnstadt eG", "Wohnungsgenossenschaft"],
                ["Lobeda-Initiative", "Stadtteilinitiative"],
                ["Kirchgemeinde Arnstadt", "Kirchgemeinden"],
            ]
        ),
        {
            "Stadt Arnstadt": {"type": "behoerde"},
            "WBG Arnstadt eG": {"type": "wohnungsunternehmen"},
            "Lobeda-Initiative": {"type": "initiative"},
            "Kirchgemeinde Arnstadt": {"type": "kirche"},
        },
    ),
    Case(
        "numbers Excel stored as numbers, Excel dates, PLZ and Ort in one column",
        "zahlen.xlsx",
        lambda: xlsx(
            (
                "Gera",
                [
                    ["Name", "Telefon", "Kontakt seit", "PLZ/Ort"],
                    ["Stadtteilbüro Liebschwitz", 3659123456, 42466, "07546 Gera"],
                    ["Kleingartenverein Erholung", None, datetime.datetime(2016, 1, 15), "07546 Gera"],
                ],
            )
        ),
        {
            "Stadtteilbüro Liebschwitz": {"phone": "03659123456", "since": D(2016, 4, 6), "postcode": "07546", "city": "Gera"},
            "Kleingartenverein Erholung": {"since": D(2016, 1, 15)},
        },
    ),
    Case(
        "a city column holding postcode and city",
        "ort.csv",
        lambda: text_file(
            [["Organisation", "Straße", "Ort"], ["Familienzentrum Erfurt", "Juri-Gagarin-Ring 8", "99084 Erfurt"]]
        ),
        {"Familienzentrum Erfurt": {"street": "Juri-Gagarin-Ring 8", "postcode": "99084", "city": "Erfurt"}},
    ),
    Case(
        "phone and e-mail beside a contact person: the person's, unless the organisation's",
        "personendaten.csv",
        lambda: text_file(
            [
                ["Einrichtung", "Ansprechpartner", "Telefon", "E-Mail"],
                ["Beratungsstelle Sonneberg", "Frau Uta Uhl", "03675 5000", "uhl@beratung-son.example"],
                ["Beratungsstelle Sonneberg", "Herr Max Meier", "03675 5000", "info@beratung-son.example"],
                ["Jugendhaus Sonneberg", "Lea Lerche", "03675 6000", "lerche@jugendhaus.example"],
            ]
        ),
        {
            "Beratungsstelle Sonneberg": {
                "phone": "03675 5000",  # the switchboard both persons share
                "email": "info@beratung-son.example",
                "persons": {
                    "Uta Uhl": {"email": "uhl@beratung-son.example", "phone": ""},
                    "Max Meier": {"email": "", "phone": ""},
                },
            },
            "Jugendhaus Sonneberg": {
                "phone": "",
                "email": "",
                "persons": {"Lea Lerche": {"phone": "03675 6000", "email": "lerche@jugendhaus.example"}},
            },
        },
    ),
    Case(
        "old Excel format (.xls) with a title block",
        "alt.xls",
        lambda: xlsx(("Liste", [TITLE, [], ["Einrichtung", "Ort"], ["Tafel Schmalkalden", "Schmalkalden"]])),
        {"Tafel Schmalkalden": {"city": "Schmalkalden"}},
        convert_to="xls",
    ),
    Case(
        "LibreOffice (.ods), several sheets",
        "libre.ods",
        lambda: xlsx(
            ("Vereine", [["Name", "Ort"], ["Heimatverein Meiningen", "Meiningen"]]),
            ("Schulen", [["Name", "Ort"], ["Grundschule Meiningen", "Meiningen"]]),
        ),
        {
            "Heimatverein Meiningen": {"type": "verein", "city": "Meiningen"},
            "Grundschule Meiningen": {"type": "schule-kita"},
        },
        convert_to="ods",
    ),
]  # fmt: skip


def _file(case: Case, tmp_path: Path) -> bytes:
    data = case.build()
    if not case.convert_to:
        return data
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice nicht installiert")
    source = tmp_path / (Path(case.file_name).stem + ".xlsx")
    source.write_bytes(data)
    convert(source, tmp_path, case.convert_to)
    return (tmp_path / case.file_name).read_bytes()


def _compare(contact: NetworkContact, expected: dict) -> tuple[int, list[str]]:
    """How many expected values landed in the right field, and what did not."""
    organisation = contact.organisation
    right, wrong = 0, []

    def check(label, actual, wanted):
        nonlocal right
        if actual == wanted:
            right += 1
        else:
            wrong.append(f"{organisation.name}: {label} = {actual!r}, erwartet {wanted!r}")

    for name, wanted in expected.items():
        if name == "type":
            check(name, organisation.organisation_type.code, wanted)
        elif name in ("street", "postcode", "city", "phone", "email", "website"):
            check(name, getattr(organisation, name), wanted)
        elif name == "since":
            check(name, contact.since, wanted)
        elif name == "fields":
            check(name, {f.code for f in contact.fields_of_action.all()}, wanted)
        elif name == "notes_has":
            for part in wanted:
                check("notes", part in contact.notes, True)
        elif name == "persons":
            persons = {p.name: p for p in contact.persons.all()}
            check("persons", set(persons), set(wanted))
            for person_name, attributes in wanted.items():
                for attribute, value in attributes.items():
                    person = persons.get(person_name)
                    check(f"{person_name}.{attribute}", getattr(person, attribute, None), value)
    return right, wrong


def _import(case: Case, world, tmp_path: Path):
    batch = services.upload(
        project=world.project_b,
        by=world.staff_b,
        file_name=case.file_name,
        data=_file(case, tmp_path),
    )
    services.commit(batch=batch, by=world.staff_b)
    return batch


@pytest.mark.parametrize("case", CASES, ids=[case.file_name for case in CASES])
def test_each_list_lands_in_the_uniform_schema(case, world, tmp_path):
    batch = _import(case, world, tmp_path)
    contacts = {
        c.organisation.name: c
        for c in NetworkContact.objects.filter(project=world.project_b)
        .exclude(pk=world.contact_b.pk)
        .select_related("organisation__organisation_type")
    }
    assert set(contacts) == set(case.expected), f"{case.name}: {batch.mapping}"
    right, wrong = 0, []
    for name, expected in case.expected.items():
        found, missed = _compare(contacts[name], expected)
        right, wrong = right + found, wrong + missed
    assert not wrong, f"{case.name}: {wrong}"
    if "skipped" in case.extra:
        assert len(selectors.table_of(batch).skipped) == case.extra["skipped"]


@needs_libreoffice
def test_the_corpus_share_of_values_in_the_right_field(world, tmp_path, capsys):
    """The measure the issue names: every expected value of every list, in its field."""
    assert len(CASES) >= 20
    total = right = 0
    misses: list[str] = []
    for case in CASES:
        workdir = tmp_path / Path(case.file_name).stem
        workdir.mkdir()
        NetworkContact.objects.filter(project=world.project_b).exclude(
            pk=world.contact_b.pk
        ).delete()
        try:
            _import(case, world, workdir)
        except Exception as error:  # noqa: BLE001 – a list that does not import misses everything
            misses.append(f"{case.file_name}: {error}")
            total += sum(_count(expected) for expected in case.expected.values())
            continue
        contacts = {
            c.organisation.name: c
            for c in NetworkContact.objects.filter(project=world.project_b).exclude(
                pk=world.contact_b.pk
            )
        }
        for name in set(contacts) - set(case.expected):
            total += 1
            misses.append(f"{case.file_name}: {name} sollte keine Organisation sein")
        for name, expected in case.expected.items():
            total += _count(expected) + 1
            if name not in contacts:
                misses.append(f"{case.file_name}: {name} fehlt")
                continue
            right += 1
            found, missed = _compare(contacts[name], expected)
            right += found
            misses += missed
    share = right / total
    with capsys.disabled():
        print(
            f"\nImport-Korpus: {right} von {total} erwarteten Werten im richtigen Feld ({share:.1%}), {len(CASES)} Listen"
        )
    assert share == 1, misses


def _count(expected: dict) -> int:
    count = 0
    for name, value in expected.items():
        if name == "notes_has":
            count += len(value)
        elif name == "persons":
            count += 1 + sum(len(attributes) for attributes in value.values())
        else:
            count += 1
    return count
