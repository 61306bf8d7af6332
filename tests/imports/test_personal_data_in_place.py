"""Personal data in its place (issue 31, point 5): a role before a name is the person's
function, a functional mailbox and a switchboard are the organisation's, a direct line and a
personal address next to a person stay the person's.

The names and roles are generated (Hypothesis): many role words in both genders, with and
without salutation and academic title, so the rule cannot be tuned to a list of examples.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imports import cells

FIRST_NAMES = ["Anna", "Hans", "Maria", "Jörg", "Ülkü", "Kim", "Sören", "Petra", "Ines", "Ole"]
SURNAMES = ["Beck", "Müller", "Schmidt", "Krüger", "Weiß", "Özdemir", "Lange", "Vogel", "Kahl"]
# (masculine, feminine) forms; a few neutral ones twice.
ROLES = [
    ("Leiter", "Leiterin"),
    ("Geschäftsführer", "Geschäftsführerin"),
    ("Pfarrer", "Pfarrerin"),
    ("Schulleiter", "Schulleiterin"),
    ("Bürgermeister", "Bürgermeisterin"),
    ("Sozialarbeiter", "Sozialarbeiterin"),
    ("Integrationsbeauftragter", "Integrationsbeauftragte"),
    ("Quartiersmanager", "Quartiersmanagerin"),
    ("Koordinator", "Koordinatorin"),
    ("Referent", "Referentin"),
    ("Vorsitzender", "Vorsitzende"),
    ("Sachbearbeiter", "Sachbearbeiterin"),
    ("Direktor", "Direktorin"),
    ("Pastor", "Pastorin"),
    ("Sachbearbeitung", "Sachbearbeitung"),
    ("Teamleitung", "Teamleitung"),
    ("Leiter*in", "Leiter:in"),
]
SALUTATIONS = {0: ["Herr", "Hr."], 1: ["Frau", "Fr."]}
TITLES = ["", "Dr.", "Prof. Dr."]

persons = st.builds(
    dict,
    gender=st.sampled_from([0, 1]),
    role=st.sampled_from(ROLES),
    first=st.sampled_from(FIRST_NAMES + [""]),
    surname=st.sampled_from(SURNAMES),
    title=st.sampled_from(TITLES),
    salutation=st.booleans(),
    qualifier=st.sampled_from(["", "stellv.", "kommissarische"]),
    shape=st.sampled_from(["before", "colon", "after_comma"]),
)


def _write(p: dict) -> tuple[str, str, str]:
    """The cell as an office writes it, and the name and function it holds."""
    role = " ".join(part for part in (p["qualifier"], p["role"][p["gender"]]) if part)
    name = " ".join(part for part in (p["title"], p["first"], p["surname"]) if part)
    salutation = SALUTATIONS[p["gender"]][0] + " " if p["salutation"] else ""
    if p["shape"] == "colon":
        return f"{role}: {salutation}{name}", name, role
    if p["shape"] == "after_comma" and not p["title"] and not p["salutation"]:
        return f"{name}, {role}", name, role
    return f"{role} {salutation}{name}", name, role


@settings(max_examples=300, deadline=None)
@given(persons)
def test_a_role_before_or_after_a_name_becomes_the_function(p):
    cell, name, role = _write(p)
    person = cells.split_person(cell)
    assert (person.name, person.function) == (name, role), cell


@pytest.mark.parametrize(
    ("cell", "name", "function"),
    [
        ("Leiterin Frau Beck", "Beck", "Leiterin"),
        ("Geschäftsführer Dr. Hans Müller", "Dr. Hans Müller", "Geschäftsführer"),
        ("Pfarrer Schmidt", "Schmidt", "Pfarrer"),
        ("Sachbearbeitung: Anna Weber", "Anna Weber", "Sachbearbeitung"),
        ("Leiterin der Kita Frau Beck", "Beck", "Leiterin der Kita"),
        ("Herr Dr. Krüger (Schuldnerberatung)", "Dr. Krüger", "Schuldnerberatung"),
    ],
)
def test_the_issues_examples(cell, name, function):
    assert cells.split_person(cell) == cells.PersonName(name=name, function=function)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(FIRST_NAMES),
    st.sampled_from(SURNAMES + ["Fischer", "Schneider", "Richter", "Meister", "Lehmann"]),
    st.booleans(),
)
def test_a_plain_name_keeps_every_word_also_trade_surnames(first, surname, surname_first):
    """Surnames that are trades (Fischer, Schneider, Richter) are no role: nothing is lost."""
    cell = f"{surname}, {first}" if surname_first else f"{first} {surname}"
    assert cells.split_person(cell) == cells.PersonName(name=cell)
    cell = f"{surname} {first}"
    assert cells.split_person(cell).function == ""


def test_a_cell_that_is_only_a_role_stays_whole():
    assert cells.split_person("Schulleitung").name == "Schulleitung"


FUNCTIONAL = [
    "pfarramt", "info", "poststelle", "kontakt", "buero", "verwaltung", "sekretariat",
    "jugendamt", "sozialamt", "kita-leitung", "info.sonneberg", "geschaeftsstelle",
    "beratungsstelle", "stadtverwaltung", "anmeldung", "gemeindebuero", "Kontakt+web",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(FUNCTIONAL), st.sampled_from(FIRST_NAMES), st.sampled_from(SURNAMES))
def test_a_functional_mailbox_is_the_organisations(local, first, surname):
    address = f"{local}@beispiel-traeger.de"
    assert cells.is_organisation_mailbox(address, "Diakonie Sonneberg", f"{first} {surname}")


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(FIRST_NAMES),
    st.sampled_from(SURNAMES),
    st.sampled_from(["{f}.{s}", "{i}.{s}", "{s}", "{i}{s}", "{f}_{s}", "{s}.{f}"]),
)
def test_a_personal_address_stays_the_persons(first, surname, shape):
    local = shape.format(f=first.lower(), s=surname.lower(), i=first[0].lower())
    address = f"{local}@diakonie-sonneberg.de"
    assert not cells.is_organisation_mailbox(address, "Diakonie Sonneberg", f"{first} {surname}")


def test_a_mailbox_named_after_the_organisation_is_the_organisations():
    assert cells.is_organisation_mailbox("tafel@example.org", "Tafel Sonneberg", "Anna Beck")


@pytest.mark.parametrize(
    ("number", "switchboard"),
    [
        ("03675 8840-0", True),
        ("0361 / 12 34 5 - 0", True),
        ("Zentrale: 0361 123456", True),
        ("03675 8840-12", False),
        ("0361 123450", False),
        ("0170 1234567", False),
    ],
)
def test_a_switchboard_is_told_from_a_direct_line(number, switchboard):
    assert cells.is_switchboard(number) is switchboard


# --- through a whole import -------------------------------------------------------------


def test_an_imported_list_puts_roles_mailboxes_and_switchboards_in_their_place(world, tmp_path):
    from contacts.models import NetworkContact
    from tests.imports.test_corpus import Case, _compare, _import, text_file

    case = Case(
        "roles before names, a parish office's mailbox, a switchboard",
        "pfarramt.csv",
        lambda: text_file(
            [
                ["Einrichtung", "Ansprechpartner", "Telefon", "E-Mail"],
                ["Ev. Kirchgemeinde Schleusingen", "Pfarrer Schmidt", "036841 4711-0", "pfarramt.schleusingen@kirche.example"],
                ["Kita Sonnenschein Suhl", "Leiterin Frau Beck", "03681 3030-12", "beck@kita-sonnenschein.example"],
                ["Stadtverwaltung Zella-Mehlis", "Sachbearbeitung: Anna Weber", "03682 852-0", "poststelle@zella-mehlis.example"],
            ]
        ),
        {
            "Ev. Kirchgemeinde Schleusingen": {
                "phone": "036841 4711-0",
                "email": "pfarramt.schleusingen@kirche.example",
                "persons": {"Schmidt": {"function": "Pfarrer", "phone": "", "email": ""}},
            },
            "Kita Sonnenschein Suhl": {
                "phone": "",
                "email": "",
                "persons": {
                    "Beck": {
                        "function": "Leiterin",
                        "phone": "03681 3030-12",
                        "email": "beck@kita-sonnenschein.example",
                    }
                },
            },
            "Stadtverwaltung Zella-Mehlis": {
                "phone": "03682 852-0",
                "email": "poststelle@zella-mehlis.example",
                "persons": {"Anna Weber": {"function": "Sachbearbeitung", "email": ""}},
            },
        },
    )  # fmt: skip
    _import(case, world, tmp_path)
    contacts = {
        c.organisation.name: c
        for c in NetworkContact.objects.filter(project=world.project_b).exclude(
            pk=world.contact_b.pk
        )
    }
    assert set(contacts) == set(case.expected)
    wrong = [
        miss for name, want in case.expected.items() for miss in _compare(contacts[name], want)[1]
    ]
    assert not wrong
