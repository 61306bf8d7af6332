"""Columns decided by evidence (imports.evidence): the header's words *and* the share of
values that can be each field. Headers here are ones the synonym lists do not contain, and
headers that name a field their values cannot be."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import ContactStatus, NetworkContact
from imports import evidence, selectors, services
from imports import mapping as m
from tests.imports.test_corpus import text_file
from tests.imports.test_import import csv_bytes

D = datetime.date
pytestmark = pytest.mark.django_db

# Headers no synonym list contains: the values alone must decide.
OPAQUE = ["Spalte 1", "Feld B", "Info X", "Daten", "Kolumne", "Angabe 7", "Wert", "Zusatz 2", "Q"]
COLUMNS = {
    "phone": ["03675 123456", "0361 / 55 66 77", "+49 (0) 3681 4455", "03631–12345"],
    "email": ["info@tafel.example", "kontakt@verein.example", "post@amt.example", "a.b@c.example"],
    "since": ["01.04.2016", "2015", "März 2014", "12.05.2019"],
    "website": [
        "www.tafel.example",
        "https://verein.example",
        "amt.example/kontakt",
        "www.x.example",
    ],
    "postcode_city": ["96515 Sonneberg", "99084 Erfurt", "07743 Jena", "D-98724 Neuhaus"],
}
ORGANISATIONS = [
    "Tafel Sonneberg e. V.",
    "Jugendamt Erfurt",
    "Stadtbibliothek Jena",
    "Heimatverein Neuhaus",
]


def decide(rows):
    return {d.name: d for d in evidence.decide(rows[0], [list(r) for r in rows[1:]])}


@given(
    st.permutations(sorted(COLUMNS)),
    st.lists(st.sampled_from(OPAQUE), min_size=6, max_size=6, unique=True),
)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_columns_without_a_known_header_are_decided_by_their_values(order, headers):
    fields = ["organisation", *order]
    values = {"organisation": ORGANISATIONS, **COLUMNS}
    rows = [headers, *([values[f][i] for f in fields] for i in range(4))]
    decided = decide(rows)
    assert {name: d.role for name, d in decided.items()} == dict(zip(headers, fields, strict=True))
    for d in decided.values():
        assert any("%" in line for line in d.evidence), d  # "100 % Telefonnummern"


def test_a_header_naming_a_field_its_values_cannot_be_is_not_mapped_to_it():
    rows = [
        ["Einrichtung", "Zusammenarbeit (Beginn)", "Kontaktperson Telefon"],
        ["Tafel Sonneberg", "01.04.2016", "Anna Amsel"],
        ["Jugendamt Sonneberg", "2015", "Bernd Bussard"],
        ["Stadtbibliothek Sonneberg", "um 2013", "Carla Clausen"],
    ]
    decided = decide(rows)
    # "Zusammenarbeit" names forms of cooperation; every value is a date – and "Beginn" says which.
    assert decided["Zusammenarbeit (Beginn)"].role == "since"
    assert "Formen der Zusammenarbeit" in " ".join(decided["Zusammenarbeit (Beginn)"].evidence)
    # Names of persons under a header that says phone: not a phone column.
    assert decided["Kontaktperson Telefon"].role != "person_phone"


def test_every_column_is_used_or_ignored_with_its_reason():
    rows = [
        ["Organisation", "leer", "Ort", "Kopie Ort", "Kürzel", "Nr."],
        ["Tafel Sonneberg", "", "Sonneberg", "Sonneberg", "TS-1", "1"],
        ["Jugendamt Greiz", "", "Greiz", "Greiz", "JG-7", "2"],
        ["Kita Jena", "", "Jena", "Jena", "KJ-3", "3"],
    ]
    decided = decide(rows)
    assert decided["leer"].reason == "leer"
    assert decided["Kopie Ort"].reason == "gleich Spalte „Ort“"
    assert decided["Kürzel"].reason.startswith("unbekannt – Beispiele: „TS-1“")
    assert decided["Nr."].reason == "laufende Nummer"
    for d in decided.values():
        assert d.role or d.reason


def test_a_house_number_beside_the_street_and_status_with_its_date(world):
    rows = [
        [
            "Träger",
            "Straße",
            "Nr",
            "Stand der Kooperation",
            "Einverständnis (DSGVO)",
            "Ansprechpartner",
        ],
        [
            "Tafel Sonneberg",
            "Bahnhofstraße",
            "5",
            "ausgelaufen 06/2017",
            "12.03.2019",
            "Anna Amsel",
        ],
        ["Jugendamt Sonneberg", "Markt", "12a", "aktiv seit 2015", "", "Bernd Bussard"],
        ["Heimatverein Sonneberg", "Weg", "3-5", "ruht", "01.02.2020", "Carla Clausen"],
    ]
    batch = services.upload(
        project=world.project_b, by=world.staff_b, file_name="t.csv", data=csv_bytes(rows)
    )
    assert batch.mapping == {
        "Träger": "organisation", "Straße": "street", "Nr": "house_number",
        "Stand der Kooperation": "status", "Einverständnis (DSGVO)": "person_consent",
        "Ansprechpartner": "person_name",
    }  # fmt: skip
    services.commit(batch=batch, by=world.staff_b)
    tafel = NetworkContact.objects.get(organisation__name="Tafel Sonneberg")
    assert tafel.organisation.street == "Bahnhofstraße 5"
    assert (tafel.status, tafel.ended_on) == (ContactStatus.ENDED, D(2017, 6, 1))
    assert tafel.persons.get().consent_on == D(2019, 3, 12)
    jugendamt = NetworkContact.objects.get(organisation__name="Jugendamt Sonneberg")
    assert (jugendamt.status, jugendamt.since) == (ContactStatus.ACTIVE, D(2015, 1, 1))
    assert jugendamt.organisation.street == "Markt 12a"


# --- exports of address books and CRMs: persons as rows, the organisation in a column ------

# Column sets as the programs export them (German Outlook, Google Contacts, Thunderbird,
# HubSpot, Salesforce, CiviCRM), each with two persons of two organisations.
PROFILES = {
    "outlook.csv": (
        ["Anrede", "Vorname", "Weitere Vornamen", "Nachname", "Suffix", "Firma", "Abteilung", "Position",
         "Straße geschäftlich", "Ort geschäftlich", "Region geschäftlich", "Postleitzahl geschäftlich",
         "Land/Region geschäftlich", "Straße privat", "Ort privat", "Postleitzahl privat", "Fax geschäftlich",
         "Telefon geschäftlich", "Telefon privat", "Mobiltelefon", "E-Mail-Adresse", "E-Mail-Typ",
         "E-Mail: Angezeigter Name", "Ehepartner", "Geburtstag", "Kategorien", "Notizen", "Partner", "Webseite"],
        lambda o, p: ["Frau", p[0], "", p[1], "", o["name"], "Verwaltung", p[2], o["street"], o["city"], "Thüringen",
                      o["postcode"], "Deutschland", "Privatweg 9", "Dorf", "99999", "", o["phone"], "03675 999999",
                      "", p[3], "SMTP", f"{p[0]} {p[1]}", "Hans Gatte", "1.1.1970", "Netzwerk", "", "Hans Gatte", o["web"]],
    ),
    "google.csv": (
        ["Name", "Given Name", "Additional Name", "Family Name", "Name Prefix", "Birthday", "Notes",
         "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value",
         "Address 1 - Type", "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City",
         "Address 1 - Postal Code", "Address 1 - Country", "Organization 1 - Type", "Organization 1 - Name",
         "Organization 1 - Title", "Website 1 - Type", "Website 1 - Value"],
        lambda o, p: [f"{p[0]} {p[1]}", p[0], "", p[1], "", "", "", "* myContacts", "* Work", p[3], "Work",
                      o["phone"], "Work", f"{o['street']}\n{o['postcode']} {o['city']}", o["street"], o["city"],
                      o["postcode"], "DE", "", o["name"], p[2], "Work", o["web"]],
    ),
    "thunderbird.csv": (
        ["Vorname", "Nachname", "Anzeigename", "Spitzname", "Primäre E-Mail-Adresse", "Sekundäre E-Mail-Adresse",
         "Tel. dienstlich", "Tel. privat", "Fax-Nummer", "Pager-Nummer", "Mobil-Tel.-Nr.", "Privat: Adresse",
         "Privat: Ort", "Privat: PLZ", "Dienstlich: Adresse", "Dienstlich: Ort", "Dienstlich: Bundesland",
         "Dienstlich: PLZ", "Dienstlich: Land", "Arbeitstitel", "Abteilung", "Organisation", "Webseite 1", "Notizen"],
        lambda o, p: [p[0], p[1], f"{p[0]} {p[1]}", "", p[3], "", o["phone"], "", "", "", "", "Privatweg 9", "Dorf",
                      "99999", o["street"], o["city"], "Thüringen", o["postcode"], "Deutschland", p[2], "", o["name"],
                      o["web"], ""],
    ),
    "hubspot.csv": (
        ["Datensatz-ID", "Vorname", "Nachname", "E-Mail", "Telefonnummer", "Name des Unternehmens",
         "Jobbezeichnung", "Adresse", "Ort", "Postleitzahl", "Land/Region", "Website-URL", "Lifecycle-Phase",
         "Kontaktinhaber", "Erstellungsdatum"],
        lambda o, p: ["1234", p[0], p[1], p[3], o["phone"], o["name"], p[2], o["street"], o["city"], o["postcode"],
                      "Deutschland", o["web"], "Lead", "Max Muster", "2024-01-15 10:00"],
    ),
    "salesforce.csv": (
        ["Anrede", "Vorname", "Nachname", "Titel", "Accountname", "Straße (Post)", "Ort (Post)", "PLZ (Post)",
         "Land (Post)", "Telefon", "Mobil", "E-Mail", "Kontaktinhaber"],
        lambda o, p: ["Frau", p[0], p[1], p[2], o["name"], o["street"], o["city"], o["postcode"], "Deutschland",
                      o["phone"], "", p[3], "Max Muster"],
    ),
    "civicrm.csv": (
        ["Kontakt-ID", "Kontakttyp", "Vorname", "Nachname", "Aktueller Arbeitgeber", "Berufsbezeichnung",
         "Straße", "Ort", "Postleitzahl", "Land", "Telefon", "E-Mail", "Webseite"],
        lambda o, p: ["17", "Individual", p[0], p[1], o["name"], p[2], o["street"], o["city"], o["postcode"],
                      "Deutschland", o["phone"], p[3], o["web"]],
    ),
}  # fmt: skip
ORGS = [
    {"name": "Tafel Sonneberg e. V.", "street": "Bahnhofstraße 5", "city": "Sonneberg", "postcode": "96515",
     "phone": "03675 123456", "web": "www.tafel-son.example"},
    {"name": "Jobcenter Greiz", "street": "Markt 1", "city": "Greiz", "postcode": "07973",
     "phone": "03661 55555", "web": "www.jc-greiz.example"},
]  # fmt: skip
PERSONS = [
    [("Anna", "Amsel", "Leiterin", "amsel@tafel-son.example"), ("Otto", "Ohr", "Koch", "ohr@tafel-son.example")],
    [("Bernd", "Bussard", "Teamleiter", "bussard@jc-greiz.example")],
]  # fmt: skip


@pytest.mark.parametrize("file_name", sorted(PROFILES))
def test_exports_of_address_books_and_crms_land_in_the_schema(file_name, world, capsys):
    header, row = PROFILES[file_name]
    rows = [header] + [
        row(org, person) for org, persons in zip(ORGS, PERSONS, strict=True) for person in persons
    ]
    batch = services.upload(
        project=world.project_b,
        by=world.staff_b,
        file_name=file_name,
        data=text_file(rows, delimiter=","),
    )
    plan = selectors.plan_of(batch, explain=True)
    with capsys.disabled():
        print(
            f"\n{file_name}: "
            + "; ".join(f"{c.name} → {c.role or '–'}" for c in plan.columns if c.role)
        )
    for column in plan.ignored:
        assert column.reason, column
    services.commit(batch=batch, by=world.staff_b)
    contacts = {
        c.organisation.name: c
        for c in NetworkContact.objects.filter(project=world.project_b).exclude(
            pk=world.contact_b.pk
        )
    }
    assert set(contacts) == {org["name"] for org in ORGS}, batch.mapping
    for org, persons in zip(ORGS, PERSONS, strict=True):
        contact = contacts[org["name"]]
        organisation = contact.organisation
        assert (organisation.street, organisation.postcode, organisation.city) == (
            org["street"], org["postcode"], org["city"]
        ), batch.mapping  # fmt: skip
        found = {p.name: p for p in contact.persons.all()}
        assert set(found) == {f"{first} {last}" for first, last, _f, _e in persons}, batch.mapping
        for first, last, function, email in persons:
            person = found[f"{first} {last}"]
            assert (person.function, person.email) == (function, email), batch.mapping
        assert "Hans Gatte" not in contact.notes  # the spouse is nobody's organisation
        assert "Privatweg" not in organisation.street


def test_the_organisation_is_the_company_column_not_a_partner_column_of_persons():
    rows = [
        ["Vorname", "Nachname", "Partner", "Firma"],
        ["Anna", "Amsel", "Martin Amsel", "Tafel Sonneberg"],
        ["Bernd", "Bussard", "Maria Bussard", "Jobcenter Greiz"],
        ["Carla", "Clausen", "", "Stadtbibliothek Jena"],
    ]
    decided = decide(rows)
    assert decided["Firma"].role == "organisation"
    assert decided["Partner"].role == ""
    assert "Firma" in decided["Partner"].reason


def test_the_label_of_every_role_reads_for_the_user():
    for target in m.TARGETS:
        assert str(target.label)
