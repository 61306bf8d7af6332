"""One matching key for names: the register and the import's column and value matching
compare what ``core.text.fold`` makes of a text."""

import pytest

from contacts.models import identity_of
from core.text import fold
from imports import mapping


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Bäckerei Müller-Weiß", "baeckerei mueller weiss"),
        ("  E-Mail-Adresse ", "e mail adresse"),
        ("Café Crème", "cafe creme"),
        ("ÖFFNUNGSZEITEN", "oeffnungszeiten"),
        (42, "42"),
        ("", ""),
    ],
)
def test_fold_spells_out_umlauts_and_drops_punctuation(text, key):
    assert fold(text) == key


def test_the_import_compares_with_the_same_key():
    # The import's synonyms are stored as fold() writes a header: one key, no second name.
    assert fold("Straße & Hausnr.") == "strasse hausnr"
    assert all(fold(synonym) == synonym for synonym in mapping.ALL_SYNONYMS)
    assert not hasattr(mapping, "key")


@pytest.mark.parametrize(
    ("name", "city", "key"),
    [
        ("Tafel Sonneberg e. V.", "", "tafel@sonneberg"),
        ("Sonneberger Tafel e.V.", "Sonneberg", "tafel@sonneberg"),
        ("Diakonie gGmbH", "", "diakonisches werk@"),
        ("Wohnungsbau Gera eG", "", "wohnungsbau@gera"),
        ("e. V.", "", "e v@"),
        ("e. V.", "Gera", "@gera"),
    ],
)
def test_the_register_key_is_the_recognisers_identity(db, name, city, key):
    """Uniqueness (contacts.models.Organisation) and the recogniser share one key."""
    assert identity_of(name, city) == key
