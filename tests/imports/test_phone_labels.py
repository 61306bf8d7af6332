"""A phone cell with words beside the number – "Zentrale: 03675 88400", "0361 12345
(Durchwahl)", "Büro Frau Beck 0361 …" – gives the number to the phone field and the words to
the notes beside it: neither is lost, and no label list decides it (generated labels)."""

from __future__ import annotations

import random

import pytest

from imports import parsers

LABEL_WORDS = [
    "Zentrale", "Vermittlung", "Durchwahl", "Büro", "Sekretariat", "Empfang", "Leitung",
    "Beratungsstelle", "Hausmeister", "Frau Beck", "Herr Ohm", "Anmeldung", "Werkstatt",
    "Schulleitung", "Kita-Büro", "Pfarrbüro", "Notruf", "Hotline", "Sprechzeiten Mo–Fr",
]  # fmt: skip
PREFIXES = ["{w}: {n}", "{w} {n}", "Tel. {w}: {n}", "{n} ({w})", "{n} – {w}", "{w} – {n}"]


def _number(rng: random.Random) -> str:
    area = rng.choice(["0361", "03675", "036601", "0170", "+49 361", "03641"])
    return f"{area} {rng.randint(10000, 9999999)}"


@pytest.mark.parametrize("seed", range(6))
def test_generated_labelled_numbers_keep_number_and_words(seed):
    rng = random.Random(seed)
    read = 0
    cases = 60
    for _ in range(cases):
        number, words = _number(rng), rng.choice(LABEL_WORDS)
        cell = rng.choice(PREFIXES).format(w=words, n=number)
        parsed = parsers.parse_phone(cell)
        assert parsed.value is not None or parsed.leftover == cell, cell  # never lost
        if parsed.value is not None:
            digits = "".join(ch for ch in parsed.value if ch.isdigit())
            assert digits == "".join(ch for ch in number if ch.isdigit()), cell
            kept = " ".join(parsed.extras)
            assert all(part in kept for part in words.replace("–", " ").split()), cell
            read += 1
    print(f"\nSeed {seed}: {read}/{cases} Nummern mit Worten daneben gelesen")
    assert read == cases


@pytest.mark.parametrize(
    ("cell", "fax"),
    [("0361 12345 Fax", "0361 12345"), ("Telefax (Büro) 0361 12346", "0361 12346")],
)
def test_fax_among_the_words_is_the_fax(cell, fax):
    assert dict(parsers.parse_phone(cell).parts).get("fax") == fax


@pytest.mark.parametrize("cell", ["Zimmer 12", "Tel. 110", "Raum 0.12", "ab 2019"])
def test_words_with_a_short_number_stay_unread_and_in_the_notes(cell):
    parsed = parsers.parse_phone(cell)
    assert parsed.value is None
    assert parsed.leftover == cell
