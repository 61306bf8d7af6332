"""A labelled set of organisation-name pairs (same / not the same), generated with a seed
from realistic Thuringian social-sector names and the ways lists spell them.

Positives: one organisation written two ways – legal form spelt otherwise or left out, the
town as adjective in front ("Sonneberger Tafel"), the town only as the place, words in
another order, abbreviations (AWO, DRK, VHS, Kita, Stadtverw. …), umlauts spelt out or
lost, a typo in a long word, capitals. Hard negatives: the same kind of organisation in
another town, "Bäckerei Fischer" in ten towns, another organisation in the same town,
another name of the same kind in the same town (Kita Sonnenschein / Kita Regenbogen),
another level of the same association (Ortsverein / Kreisverband), another number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Towns of Thuringia with their adjective as people write it (the recogniser derives it).
TOWNS = {
    "Sonneberg": "Sonneberger", "Erfurt": "Erfurter", "Jena": "Jenaer", "Gera": "Geraer",
    "Weimar": "Weimarer", "Gotha": "Gothaer", "Eisenach": "Eisenacher", "Suhl": "Suhler",
    "Nordhausen": "Nordhäuser", "Mühlhausen": "Mühlhäuser", "Altenburg": "Altenburger",
    "Saalfeld": "Saalfelder", "Rudolstadt": "Rudolstädter", "Arnstadt": "Arnstädter",
    "Ilmenau": "Ilmenauer", "Meiningen": "Meininger", "Apolda": "Apoldaer",
    "Sondershausen": "Sondershäuser", "Greiz": "Greizer", "Pößneck": "Pößnecker",
    "Eisenberg": "Eisenberger", "Schmalkalden": "Schmalkaldener", "Artern": "Arterner",
    "Sömmerda": "Sömmerdaer", "Hildburghausen": "Hildburghäuser", "Zeulenroda": "Zeulenrodaer",
    "Bad Salzungen": "Bad Salzunger", "Bad Langensalza": "Bad Langensalzaer",
    "Heilbad Heiligenstadt": "Heiligenstädter", "Schleiz": "Schleizer",
}  # fmt: skip


@dataclass(frozen=True)
class Kind:
    words: tuple[str, ...]  # the kind of organisation, as written in full
    legal: str = ""  # its usual legal form
    proper: tuple[str, ...] = ()  # proper names this kind comes with ("Sonnenschein")
    town_in_name: bool = True  # "Tafel Sonneberg" – or the town only as the place


KINDS = [
    Kind(("Tafel",), "e. V."),
    Kind(("Arbeiterwohlfahrt", "Ortsverein"), "e. V."),
    Kind(("Arbeiterwohlfahrt", "Kreisverband"), "e. V."),
    Kind(("Deutsches Rotes Kreuz", "Kreisverband"), "e. V."),
    Kind(("Diakonisches Werk",), "gGmbH"),
    Kind(("Caritasverband",), "e. V."),
    Kind(("Volkshochschule",)),
    Kind(("Jobcenter",)),
    Kind(("Landratsamt",)),
    Kind(("Stadtverwaltung",)),
    Kind(("Kindertagesstätte",), "", ("Sonnenschein", "Regenbogen", "Pusteblume"), False),
    Kind(("Mehrgenerationenhaus",)),
    Kind(("Evangelisch-Lutherische Kirchgemeinde",), "KdöR"),
    Kind(("Katholische Pfarrei", "Sankt"), "", ("Marien", "Elisabeth", "Bonifatius")),
    Kind(("Jugendzentrum",), "", ("Oase", "Kompass", "Freiraum")),
    Kind(("Schuldnerberatung",)),
    Kind(("Freiwillige Feuerwehr",)),
    Kind(("Bäckerei",), "GmbH", ("Fischer", "Müller", "Schäfer"), False),
    Kind(("Wohnungsbaugenossenschaft",), "eG"),
    Kind(("Kreissportbund",), "e. V."),
    Kind(("Lebenshilfe",), "e. V."),
    Kind(("Suchtberatungsstelle",)),
    Kind(("Frauenhaus",)),
    Kind(("Stadtbibliothek",)),
    Kind(("Nachbarschaftstreff",), "", ("Lusan", "Nord", "Am Hain")),
    Kind(("Seniorenbüro",)),
    Kind(("Integrationsfachdienst",), "gGmbH"),
    Kind(("Grundschule",), "", ("3", "5", "Am Berg")),
]

ABBREVIATIONS = {
    "Arbeiterwohlfahrt": "AWO", "Ortsverein": "OV", "Kreisverband": "KV",
    "Deutsches Rotes Kreuz": "DRK", "Volkshochschule": "VHS", "Stadtverwaltung": "Stadtverw.",
    "Landratsamt": "LRA", "Jobcenter": "JC", "Diakonisches Werk": "Diakonie",
    "Caritasverband": "Caritas", "Kindertagesstätte": "Kita",
    "Evangelisch-Lutherische Kirchgemeinde": "Ev.-Luth. Kirchgemeinde",
    "Katholische Pfarrei": "Kath. Pfarrei", "Sankt": "St.", "Mehrgenerationenhaus": "MGH",
    "Freiwillige Feuerwehr": "FFW", "Wohnungsbaugenossenschaft": "WBG",
    "Jugendzentrum": "JUZ", "Suchtberatungsstelle": "Suchtberatungsst.",
}  # fmt: skip
LEGAL_SPELLINGS = {
    "e. V.": ["e.V.", "eV", "e. V.", ""],
    "gGmbH": ["GmbH", "g GmbH", "gemeinnützige GmbH", ""],
    "GmbH": ["GmbH", ""],
    "eG": ["e.G.", "eG", ""],
    "KdöR": ["K.d.ö.R.", ""],
    "": ["", "e. V."],
}


@dataclass(frozen=True)
class Entry:
    name: str
    city: str


@dataclass(frozen=True)
class Pair:
    first: Entry
    second: Entry
    same: bool
    why: str


def _render(kind: Kind, proper: str, town: str, *, legal: str, adjective: bool = False,
            with_town: bool | None = None, order: int = 0) -> Entry:  # fmt: skip
    words = list(kind.words)
    if order and len(words) > 1:
        words = words[order % len(words) :] + words[: order % len(words)]
    body = " ".join([*words, *([proper] if proper else [])])
    with_town = kind.town_in_name if with_town is None else with_town
    if adjective and with_town:
        name = f"{TOWNS[town]} {body}"
    elif with_town:
        name = f"{body} {town}"
    else:
        name = body
    return Entry(f"{name} {legal}".strip(), town)


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 9 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    word = words[i]
    at = rng.randint(2, len(word) - 3)
    how = rng.choice(["drop", "swap", "double"])
    if how == "drop":
        word = word[:at] + word[at + 1 :]
    elif how == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    else:
        word = word[:at] + word[at] + word[at:]
    words[i] = word
    return " ".join(words)


def _fold_umlauts(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        pairs = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
    else:  # the dots lost
        pairs = {"ä": "a", "ö": "o", "ü": "u", "Ä": "A", "Ö": "O", "Ü": "U", "ß": "ss"}
    for umlaut, plain in pairs.items():
        text = text.replace(umlaut, plain)
    return text


def _abbreviate(text: str, rng: random.Random) -> str:
    found = [long for long in ABBREVIATIONS if long in text]
    for long in rng.sample(found, k=min(len(found), rng.randint(1, 2))):
        text = text.replace(long, ABBREVIATIONS[long])
    return text


def _variant(kind: Kind, proper: str, town: str, rng: random.Random) -> tuple[Entry, str]:
    """The same organisation as another list writes it: one to three changes."""
    changes = rng.sample(
        ["legal", "adjective", "town as place", "order", "abbreviation", "umlauts", "typo",
         "case"],
        k=rng.randint(1, 3),
    )  # fmt: skip
    legal = rng.choice(LEGAL_SPELLINGS[kind.legal]) if "legal" in changes else kind.legal
    entry = _render(
        kind,
        proper,
        town,
        legal=legal,
        adjective="adjective" in changes,
        with_town=False if "town as place" in changes else None,
        order=1 if "order" in changes else 0,
    )
    name = entry.name
    if "abbreviation" in changes:
        name = _abbreviate(name, rng)
    if "umlauts" in changes:
        name = _fold_umlauts(name, rng)
    if "typo" in changes:
        name = _typo(name, rng)
    if "case" in changes:
        name = name.upper() if rng.random() < 0.5 else name.lower()
    # A list without the place column now and then: the town only in the name then.
    city = (
        "" if rng.random() < 0.2 and kind.town_in_name and "town as place" not in changes else town
    )
    return Entry(name, city), ", ".join(changes)


def pairs(seed: int = 29, positives: int = 220, negatives: int = 220) -> list[Pair]:
    rng = random.Random(seed)
    towns = list(TOWNS)
    result: list[Pair] = []
    while len(result) < positives:
        kind = rng.choice(KINDS)
        proper = rng.choice(kind.proper) if kind.proper else ""
        town = rng.choice(towns)
        original = _render(kind, proper, town, legal=kind.legal)
        variant, why = _variant(kind, proper, town, rng)
        if variant.name != original.name:
            result.append(Pair(original, variant, True, why))
    makers = [_other_town, _bakeries, _other_kind, _other_proper, _other_level]
    while len(result) < positives + negatives:
        made = rng.choice(makers)(rng, towns)
        if made is not None:
            result.append(made)
    return result


def _other_town(rng: random.Random, towns: list[str]) -> Pair:
    kind = rng.choice(KINDS)
    proper = rng.choice(kind.proper) if kind.proper else ""
    town, other = rng.sample(towns, 2)
    first = _render(kind, proper, town, legal=kind.legal)
    second, _why = _variant(kind, proper, other, rng)
    if not second.city:
        second = Entry(second.name, other)
    return Pair(first, second, False, "the same kind in another town")


def _bakeries(rng: random.Random, towns: list[str]) -> Pair:
    town, other = rng.sample(towns, 2)
    return Pair(
        Entry("Bäckerei Fischer GmbH", town), Entry("Bäckerei Fischer", other), False, "bakeries"
    )


def _other_kind(rng: random.Random, towns: list[str]) -> Pair:
    one, two = rng.sample([k for k in KINDS if k.town_in_name], 2)
    town = rng.choice(towns)
    return Pair(
        _render(one, "", town, legal=one.legal),
        _render(two, "", town, legal=two.legal),
        False,
        "another organisation in the same town",
    )


def _other_proper(rng: random.Random, towns: list[str]) -> Pair | None:
    kind = rng.choice([k for k in KINDS if len(k.proper) > 1])
    proper, other = rng.sample(kind.proper, 2)
    town = rng.choice(towns)
    return Pair(
        _render(kind, proper, town, legal=kind.legal),
        _render(kind, other, town, legal=kind.legal),
        False,
        "another name of the same kind in the same town",
    )


def _other_level(rng: random.Random, towns: list[str]) -> Pair:
    town = rng.choice(towns)
    association = rng.choice(["AWO", "DRK", "Arbeiterwohlfahrt"])
    one, two = rng.sample(["Ortsverein", "Kreisverband", "Landesverband"], 2)
    return Pair(
        Entry(f"{association} {one} {town} e. V.", town),
        Entry(f"{association} {two} {town} e.V.", town),
        False,
        "another level of the same association",
    )


# --- generated kinds: names the recogniser has never seen --------------------------------

# Compounds of the social sector, made from parts: "Jugendtreff", "Seniorenbüro",
# "Familienzentrum", "Bürgerhaus" – not a hand list of names, so a held-out seed meets
# names no test was tuned on.
STEMS = ["Jugend", "Senioren", "Familien", "Frauen", "Stadtteil", "Nachbarschafts", "Kinder",
         "Eltern", "Migrations", "Schuldner", "Sozial", "Kultur", "Bürger", "Begegnungs",
         "Erziehungs", "Ehrenamts", "Mütter", "Lern", "Inklusions", "Wohnungslosen"]  # fmt: skip
HEADS = ["treff", "zentrum", "büro", "beratung", "haus", "verein", "werkstatt", "café",
         "laden", "initiative", "netzwerk", "stube"]  # fmt: skip
PROPERS = ["Lichtblick", "Brücke", "Horizont", "Sonnenschein", "Löwenzahn", "Kompass",
           "Miteinander", "Zukunft", "Am Markt", "Nord", "Süd", "Bärenstark"]  # fmt: skip
LEGALS = ["e. V.", "gGmbH", "GmbH", "eG", "gUG (haftungsbeschränkt)", ""]
# How lists write a legal form: "e. V." / "e.V." / "eV" / "e.v." / "E.V." / left out.
LEGAL_WRITTEN = {
    "e. V.": ["e. V.", "e.V.", "eV", "e.v.", "E.V.", "e. V", ""],
    "gGmbH": ["gGmbH", "g GmbH", "gemeinnützige GmbH", "ggmbh", ""],
    "GmbH": ["GmbH", "mbH", "G.m.b.H.", ""],
    "eG": ["eG", "e.G.", "e. G.", ""],
    "gUG (haftungsbeschränkt)": ["gUG", "gUG (haftungsbeschraenkt)", ""],
    "": ["", "e. V."],
}


def generated_kind(rng: random.Random) -> Kind:
    stem, head = rng.choice(STEMS), rng.choice(HEADS)
    return Kind(
        (f"{stem}{head}",),
        rng.choice(LEGALS),
        tuple(rng.sample(PROPERS, 3)) if rng.random() < 0.5 else (),
        rng.random() < 0.7,
    )


def _written(entry: Entry, kind: Kind, rng: random.Random, changes: list[str]) -> str:
    name = entry.name
    legal = kind.legal
    if legal and name.endswith(legal) and "legal" in changes:
        name = f"{name[: -len(legal)].strip()} {rng.choice(LEGAL_WRITTEN[legal])}".strip()
    if "town suffix" in changes and entry.city and entry.city in name:
        # "Jugendtreff Sonneberg e. V." → "Jugendtreff e. V. Sonneberg" / "… (Sonneberg)"
        bare = " ".join(name.replace(entry.city, " ").split())
        name = rng.choice(
            [f"{bare} {entry.city}", f"{bare} ({entry.city})", f"{bare} in {entry.city}"]
        )
    if "town first" in changes and entry.city and name.endswith(entry.city):
        name = f"{entry.city} {name[: -len(entry.city)].strip()}"
    if "umlauts" in changes:
        name = _fold_umlauts(name, rng)
    if "typo" in changes:
        name = _short_typo(name, rng)
    if "case" in changes:
        name = name.upper() if rng.random() < 0.5 else name.lower()
    return name


def _short_typo(text: str, rng: random.Random) -> str:
    """One slip in a word of seven letters or more (the recogniser forgives typos in longer
    words only: "Ost" and "West" are two)."""
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) >= 7 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    word = words[i]
    at = rng.randint(2, len(word) - 3)
    how = rng.choice(["drop", "swap", "double", "replace"])
    if how == "drop":
        word = word[:at] + word[at + 1 :]
    elif how == "swap":
        word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    elif how == "double":
        word = word[:at] + word[at] + word[at:]
    else:
        word = word[:at] + rng.choice("aeinrst") + word[at + 1 :]
    words[i] = word
    return " ".join(words)


def generated_pairs(seed: int, positives: int = 200, negatives: int = 200) -> list[Pair]:
    """Pairs of generated names (``generated_kind``): one organisation written another way
    – legal form spelt otherwise, the town as adjective, after the legal form or first,
    umlauts spelt out or lost, a typo, capitals – and hard negatives: the same name in
    another town, another proper name, another head or stem of the compound in the same
    town ("Jugendtreff" / "Jugendzentrum", "Frauentreff" / "Jugendtreff")."""
    rng = random.Random(seed)
    towns = list(TOWNS)
    result: list[Pair] = []
    while len(result) < positives:
        kind = generated_kind(rng)
        proper = rng.choice(kind.proper) if kind.proper else ""
        town = rng.choice(towns)
        original = _render(kind, proper, town, legal=kind.legal)
        changes = rng.sample(
            ["legal", "adjective", "town as place", "town suffix", "town first", "umlauts",
             "typo", "case"],
            k=rng.randint(1, 3),
        )  # fmt: skip
        rendered = _render(
            kind,
            proper,
            town,
            legal=kind.legal,
            adjective="adjective" in changes,
            with_town=False if "town as place" in changes else None,
        )
        name = _written(rendered, kind, rng, changes)
        city = "" if rng.random() < 0.2 and kind.town_in_name and town in name else town
        if name != original.name:
            result.append(Pair(original, Entry(name, city), True, ", ".join(changes)))
    while len(result) < positives + negatives:
        kind = generated_kind(rng)
        proper = rng.choice(kind.proper) if kind.proper else ""
        town, other_town = rng.sample(towns, 2)
        original = _render(kind, proper, town, legal=kind.legal)
        how = rng.choice(["town", "proper", "head", "stem"])
        stem = next(s for s in STEMS if kind.words[0].startswith(s))
        head = kind.words[0][len(stem) :]
        if how == "town":
            other = _render(kind, proper, other_town, legal=kind.legal)
        elif how == "proper" and kind.proper:
            other_proper = rng.choice([p for p in PROPERS if p != proper])
            other = _render(kind, other_proper, town, legal=kind.legal)
        elif how == "head":
            compound = stem + rng.choice([h for h in HEADS if h != head])
            other = _render(Kind((compound,), kind.legal, kind.proper, kind.town_in_name),
                            proper, town, legal=kind.legal)  # fmt: skip
        else:
            compound = rng.choice([s for s in STEMS if s != stem]) + head
            other = _render(Kind((compound,), kind.legal, kind.proper, kind.town_in_name),
                            proper, town, legal=kind.legal)  # fmt: skip
        if how == "proper" and not kind.proper:
            continue
        variant = _written(other, kind, rng, rng.sample(["legal", "umlauts", "case"], k=1))
        result.append(Pair(original, Entry(variant, other.city), False, f"another {how}"))
    return result
