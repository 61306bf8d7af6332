"""Issue 28, "nothing lost": a list's organisation matched to an EXISTING register entry –
the project its partner or not yet – never drops what the list says of it. Empty fields of
the entry are filled (the undo empties them again), differing values are kept in the
contact's notes and the row is marked "prüfen". Checked over seeded variations: which
fields the entry has, which differ, the header wording, partner or not."""

from __future__ import annotations

import random

import pytest

from contacts.models import NetworkContact, Organisation
from imports import selectors, services
from tests import factories
from tests.imports.test_corpus import text_file

HEADERS = {
    "organisation": ["Organisation", "Einrichtung", "Träger", "Name der Einrichtung"],
    "street": ["Straße", "Anschrift", "Str. / Nr."],
    "postcode": ["PLZ", "Postleitzahl"],
    "city": ["Ort", "Stadt", "Wohnort"],
    "website": ["Website", "Internet", "Homepage"],
    "phone": ["Telefon", "Tel.", "Telefonnummer"],
}
LISTED = {
    "street": ["Bahnhofstraße 12", "Am Markt 3", "Lindenweg 7a"],
    "postcode": ["96515"],  # the entry's town: the same place, so it is matched
    "city": ["Sonneberg"],
    "website": ["https://www.beispiel-verein.de", "https://tafel-sonneberg.de"],
    "phone": ["03675 123456", "03675 98 76 54"],
}
OTHER = {
    "street": "Gartenstraße 1",
    "website": "https://anderer-verein.de",
    "phone": "03675 555000",
}
FILLABLE = ("street", "website", "phone")


def _case(seed: int):
    rng = random.Random(seed)
    fields = ["organisation", *rng.sample(FILLABLE, rng.randint(1, 3)), "postcode", "city"]
    rng.shuffle(fields)
    register = {name: rng.choice(["empty", "other", "same"]) for name in FILLABLE}
    listed = {name: rng.choice(LISTED[name]) for name in fields if name != "organisation"}
    partner = rng.random() < 0.5
    return rng, fields, register, listed, partner


@pytest.mark.parametrize("seed", range(12))
def test_a_matched_register_entry_gets_every_value_of_the_list_filled_or_noted(world, seed):
    rng, fields, register, listed, partner = _case(seed)
    name = rng.choice(["Tafel Sonneberg e. V.", "Kinderschutzbund Sonneberg", "Stadtbibliothek"])
    entry = factories.OrganisationFactory(
        name=name,
        **{
            field: (OTHER[field] if state == "other" else listed.get(field, OTHER[field]))
            if state != "empty"
            else ""
            for field, state in register.items()
        },
    )
    if partner:
        factories.NetworkContactFactory(project=world.project_a, organisation=entry, notes="")
    before = {field: getattr(entry, field) for field in FILLABLE}
    header = [rng.choice(HEADERS[field]) for field in fields]
    row = [name if field == "organisation" else listed[field] for field in fields]
    batch = services.upload(
        project=world.project_a,
        by=world.staff_a,
        file_name="liste.csv",
        data=text_file([header, row]),
    )
    (result,) = selectors.preview(batch)
    assert result.organisation == entry, (header, row)
    services.commit(batch=batch, by=world.staff_a)
    entry.refresh_from_db()
    contact = NetworkContact.objects.get(project=world.project_a, organisation=entry)
    expected_review = False
    for field in FILLABLE:
        if field not in listed:
            assert getattr(entry, field) == before[field]
            continue
        if register[field] == "empty":
            assert getattr(entry, field) == listed[field], field  # filled
        elif register[field] == "other":
            assert getattr(entry, field) == OTHER[field]  # the register keeps its own
            assert listed[field] in contact.notes, (field, contact.notes)
            assert "aus der Liste:" in contact.notes
            expected_review = True
    assert result.needs_review == expected_review
    services.undo(batch=batch, by=world.staff_a)
    entry.refresh_from_db()
    assert {field: getattr(entry, field) for field in FILLABLE} == before  # the undo is exact
    assert Organisation.objects.filter(pk=entry.pk).exists()
    assert NetworkContact.objects.filter(organisation=entry).exists() == partner


def test_a_register_entry_with_every_field_empty_is_filled_and_the_undo_empties_it(world):
    entry = factories.OrganisationFactory(name="Tafel Sonneberg e. V.", street="")
    batch = services.upload(
        project=world.project_a,
        by=world.staff_a,
        file_name="liste.csv",
        data=text_file(
            [
                ["Einrichtung", "Straße", "PLZ", "Ort", "Internet", "Telefon"],
                [
                    "Tafel Sonneberg e. V.",
                    "Am Markt 3",
                    "96515",
                    "Sonneberg",
                    "www.tafel.de",
                    "03675 123456",
                ],
            ]  # fmt: skip
        ),
    )
    services.commit(batch=batch, by=world.staff_a)
    entry.refresh_from_db()
    assert (entry.street, entry.phone) == ("Am Markt 3", "03675 123456")
    assert entry.website.endswith("www.tafel.de")
    services.undo(batch=batch, by=world.staff_a)
    entry.refresh_from_db()
    assert (entry.street, entry.website, entry.phone) == ("", "", "")
