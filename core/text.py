"""Matching keys for German text: what the register and the import compare names with."""

from __future__ import annotations

import re
import unicodedata

_UMLAUTS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"))


def fold(text: object) -> str:
    """Lower case, umlauts and ß spelled out, accents dropped, punctuation to single spaces:
    "Bäckerei Müller-Weiß e. V." → "baeckerei mueller weiss e v"."""
    value = str(text).lower().replace("ß", "ss")
    for umlaut, plain in _UMLAUTS:
        value = value.replace(umlaut, plain)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", value).split())
