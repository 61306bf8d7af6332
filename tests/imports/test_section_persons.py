"""Issue 28, "nothing lost": an organisation written as a sub-heading (merged across the
table or in bold, alone in its row) with its persons in the rows below – each person row is
a person of that one contact, never "doppelt in der Datei". Seeded variations: 1–4 persons
per section, the headings' wording and order, the sections' names, merged or bold
(bold only in .xlsx: the .ods writer keeps no font), .xlsx and .ods."""

from __future__ import annotations

import random

import pytest

from contacts.models import ContactPerson, NetworkContact
from imports import selectors, services
from imports.rows import DUPLICATE, ERROR
from tests.imports.sheetfiles import Sheet, build

NAME = ["Name", "Ansprechpartner", "Kontaktperson", "Person", "Name, Vorname"]
FUNCTION = ["Funktion", "Position", "Rolle"]
PHONE = ["Telefon", "Tel.", "Durchwahl"]
MAIL = ["E-Mail", "Mail", "E-Mail-Adresse"]
ORGANISATIONS = [
    "Tafel Suhl e. V.", "Jugendamt Suhl", "Diakonie Henneberger Land", "Stadtbibliothek Zella-Mehlis",
    "Kinderschutzbund Suhl e. V.", "Volkshochschule Suhl", "Caritas Suhl", "Grundschule Am Ringberg",
]  # fmt: skip
PEOPLE = [
    ("Anna", "Amsel"), ("Bernd", "Bussard"), ("Carla", "Kranich"), ("Dora", "Dohle"),
    ("Emil", "Elster"), ("Frieda", "Fink"), ("Gerd", "Geier"), ("Hanna", "Häher"),
    ("Ines", "Ibis"), ("Jan", "Joch"), ("Karl", "Kauz"), ("Lena", "Lerche"),
    ("Mona", "Meise"), ("Nils", "Neuntöter"), ("Olga", "Ohreule"), ("Paul", "Pirol"),
]  # fmt: skip
ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
FUNCTIONS = ["Leitung", "Beratung", "Sachbearbeitung", "Sozialarbeit", "Verwaltung"]


def _sheet(rng: random.Random, kind: str):
    order = rng.sample(range(4), 4)
    heads = [rng.choice(NAME), rng.choice(FUNCTION), rng.choice(PHONE), rng.choice(MAIL)]
    header = [heads[i] for i in order]
    rows: list[list[object]] = [header]
    merge, bold = [], set()
    people = iter(rng.sample(PEOPLE, 16))
    expected: dict[str, list[tuple[str, str, str, str]]] = {}
    for n_org, organisation in enumerate(rng.sample(ORGANISATIONS, rng.randint(2, 4))):
        heading = [""] * 4
        heading[0] = organisation
        rows.append(heading)
        style = rng.choice(["merged", "merged_bold", "bold"] if kind == "xlsx" else ["merged"])
        if style != "bold":
            merge.append((len(rows) - 1, 0, len(rows) - 1, 3))
        if style != "merged":
            bold.add((len(rows) - 1, 0))
        expected[organisation] = []
        for k in range(rng.randint(1, 4)):
            first, last = next(people)
            name = rng.choice([f"{first} {last}", f"{last}, {first}"])
            function = rng.choice(FUNCTIONS)
            phone = f"03681 {n_org + 1}0{k + 1}{rng.randint(10, 99)}"
            mail = f"{first.lower()}.{last.lower()}@beispiel-{n_org}.de".translate(ASCII)
            cells = [name, function, phone, mail]
            rows.append([cells[i] for i in order])
            expected[organisation].append((f"{first} {last}", function, phone, mail))
    return Sheet(rows, merge=merge, bold=bold), expected


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
@pytest.mark.parametrize("seed", range(5))
def test_every_person_under_a_section_heading_is_a_person_of_its_contact(world, kind, seed):
    sheet, expected = _sheet(random.Random(seed), kind)
    data, name = build(sheet, kind)
    batch = services.upload(project=world.project_a, by=world.staff_a, file_name=name, data=data)
    results = selectors.preview(batch)
    assert not [r for r in results if r.status in (DUPLICATE, ERROR)], [
        (r.number, r.status, r.errors) for r in results
    ]
    services.commit(batch=batch, by=world.staff_a)
    for organisation, persons in expected.items():
        contact = NetworkContact.objects.get(
            project=world.project_a, organisation__name=organisation
        )
        got = {
            (_words(p.name), p.function, p.phone, p.email)
            for p in ContactPerson.objects.filter(network_contact=contact)
        }
        want = {(_words(n), f, ph, e) for n, f, ph, e in persons}
        assert got == want, (sheet.rows[0], organisation)


def _words(name: str) -> frozenset[str]:
    """A name in either order ("Amsel, Anna" or "Anna Amsel")."""
    return frozenset(name.replace(",", " ").split())
