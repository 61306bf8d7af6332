"""Matching keys for German text: what the register and the import compare names with."""

from __future__ import annotations

import functools
import re
import unicodedata

_UMLAUTS = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"))


_PUNCTUATION = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=100_000)
def _fold(value: str) -> str:
    value = value.lower().replace("ß", "ss")
    for umlaut, plain in _UMLAUTS:
        value = value.replace(umlaut, plain)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return " ".join(_PUNCTUATION.sub(" ", value).split())


def fold(text: object) -> str:
    """Lower case, umlauts and ß spelled out, accents dropped, punctuation to single spaces:
    "Bäckerei Müller-Weiß e. V." → "baeckerei mueller weiss e v".

    Cached: an import folds the same places, types and headings thousands of times."""
    return _fold(str(text))
