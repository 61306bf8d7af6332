"""How the register reads an organisation's name: the pure half of the recogniser (no
database). ``contacts.recognition`` finds and ranks register entries with it; the
abbreviation table the coordination office extends (``contacts.models.Abbreviation``) comes
in as a ``Lexicon``.

A name is read into its *core words* (the words that say which organisation it is, in
canonical form: folded umlauts and ß, abbreviations spelt out, legal forms and filler words
gone) and its *places* (towns and districts named in it or given as its place, adjectives
such as "Erfurter" read as the town). Two names are compared word by word, in any order,
with typos forgiven in longer words (rapidfuzz); names in different places are different
organisations.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from core.text import fold

# --- legal forms and filler words ------------------------------------------------------------

# Unambiguous wherever they stand ("GmbH", "gGmbH", "KdöR", "gUG (haftungsbeschränkt)").
LEGAL_ANYWHERE = frozenset(
    {
        "ggmbh",
        "gmbh",
        "mbh",
        "kdoer",
        "gug",
        "haftungsbeschraenkt",
        "haftungsbeschrankt",
        "aoer",
        "gbr",
        "ohg",
        "gag",
    }
)
# Legal forms only at the end of a name: "AG Jugendhilfe" is an Arbeitsgemeinschaft.
LEGAL_AT_END = frozenset({"ev", "eg", "ag", "kg", "ug", "co", "mbh", "ggmbh", "gmbh", "gbr"})
# Spelt in single letters: "e. V." → "e v", "K.d.ö.R." → "k d oe r", "e. G." → "e g".
LEGAL_SEQUENCES = (
    ("k", "d", "oe", "r"),
    ("a", "oe", "r"),
    ("e", "v"),
    ("e", "g"),
    ("gemeinnuetzige", "gmbh"),
    ("g", "gmbh"),
    ("g", "m", "b", "h"),  # "G.m.b.H."
    ("m", "b", "h"),
)
FILLERS = frozenset(
    {"der", "die", "das", "des", "dem", "den", "und", "u", "fuer", "in", "im", "am", "an", "auf",
     "von", "vom", "zu", "zum", "zur", "bei", "beim", "mit", "nr", "eingetragener", "e", "f"}
)  # fmt: skip
# "Landkreis Sonneberg" is the place Sonneberg: the word before a place goes.
PLACE_QUALIFIERS = frozenset({"landkreis", "lk", "lkr", "kreis", "landkreises", "region"})

# --- abbreviations (defaults; the coordination office adds more in the register's table) -----

# short form → long form, as written; both read as the long form.
DEFAULT_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("AWO", "Arbeiterwohlfahrt"),
    ("DRK", "Deutsches Rotes Kreuz"),
    ("ASB", "Arbeiter-Samariter-Bund"),
    ("DPWV", "Paritätischer Wohlfahrtsverband"),
    ("Paritätische", "Paritätischer Wohlfahrtsverband"),
    ("Paritätischer", "Paritätischer Wohlfahrtsverband"),
    ("Diakonie", "Diakonisches Werk"),
    ("Caritas", "Caritasverband"),
    ("VHS", "Volkshochschule"),
    ("KV", "Kreisverband"),
    ("OV", "Ortsverband"),
    ("Ortsverein", "Ortsverband"),
    ("RV", "Regionalverband"),
    ("LV", "Landesverband"),
    ("Stadtverw.", "Stadtverwaltung"),
    ("Verw.", "Verwaltung"),
    ("Gemeindeverw.", "Gemeindeverwaltung"),
    ("VG", "Verwaltungsgemeinschaft"),
    ("LRA", "Landratsamt"),
    ("JC", "Jobcenter"),
    ("AfA", "Agentur für Arbeit"),
    ("Arbeitsagentur", "Agentur für Arbeit"),
    ("Bundesagentur für Arbeit", "Agentur für Arbeit"),
    ("ev.", "evangelisch"),
    ("evang.", "evangelisch"),
    ("evangelische", "evangelisch"),
    ("evangelischer", "evangelisch"),
    ("evangelisches", "evangelisch"),
    ("luth.", "lutherisch"),
    ("lutherische", "lutherisch"),
    ("kath.", "katholisch"),
    ("katholische", "katholisch"),
    ("katholischer", "katholisch"),
    ("katholisches", "katholisch"),
    ("Kirchengemeinde", "Kirchgemeinde"),
    ("Kirchgem.", "Kirchgemeinde"),
    ("St.", "Sankt"),
    ("Kita", "Kindertagesstätte"),
    ("KiTa", "Kindertagesstätte"),
    ("MGH", "Mehrgenerationenhaus"),
    ("JUZ", "Jugendzentrum"),
    ("Jugendklub", "Jugendclub"),
    ("GS", "Grundschule"),
    ("RS", "Regelschule"),
    ("TGS", "Gemeinschaftsschule"),
    ("Gymn.", "Gymnasium"),
    ("BBS", "Berufsbildende Schule"),
    ("FFW", "Freiwillige Feuerwehr"),
    ("KJR", "Kreisjugendring"),
    ("SJR", "Stadtjugendring"),
    ("KSB", "Kreissportbund"),
    ("SV", "Sportverein"),
    ("WBG", "Wohnungsbaugenossenschaft"),
    ("MVZ", "Medizinisches Versorgungszentrum"),
    ("IHK", "Industrie- und Handelskammer"),
    ("HWK", "Handwerkskammer"),
    ("ASD", "Allgemeiner Sozialer Dienst"),
    ("Beratungsst.", "Beratungsstelle"),
    ("Thür.", "Thüringer"),
    ("Thüringen", "Thüringer"),
    ("LK", "Landkreis"),
    ("Rotes Kreuz", "Deutsches Rotes Kreuz"),
    ("KGV", "Kleingartenverein"),
)


# The welfare sector's well-known abbreviations, loaded into the register's table
# (``contacts.models.Abbreviation``, a data migration and ``seed_demo``) so the coordination
# office sees, corrects and switches them off there; where a short form is also one of the
# defaults above, its long form is the same.
WELFARE_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("AWO", "Arbeiterwohlfahrt"),
    ("DRK", "Deutsches Rotes Kreuz"),
    ("Rotes Kreuz", "Deutsches Rotes Kreuz"),
    ("ASB", "Arbeiter-Samariter-Bund"),
    ("JUH", "Johanniter-Unfall-Hilfe"),
    ("Johanniter", "Johanniter-Unfall-Hilfe"),
    ("MHD", "Malteser Hilfsdienst"),
    ("Malteser", "Malteser Hilfsdienst"),
    ("DPWV", "Paritätischer Wohlfahrtsverband"),
    ("DPW", "Paritätischer Wohlfahrtsverband"),
    ("Der Paritätische", "Paritätischer Wohlfahrtsverband"),
    ("EKM", "Evangelische Kirche in Mitteldeutschland"),
    ("SkF", "Sozialdienst katholischer Frauen"),
    ("SKM", "Sozialdienst katholischer Männer"),
    ("CJD", "Christliches Jugenddorfwerk Deutschlands"),
    ("IB", "Internationaler Bund"),
    ("DKSB", "Deutscher Kinderschutzbund"),
    ("DLRG", "Deutsche Lebens-Rettungs-Gesellschaft"),
    ("THW", "Technisches Hilfswerk"),
    ("VHS", "Volkshochschule"),
    ("KJR", "Kreisjugendring"),
    ("SJR", "Stadtjugendring"),
    ("KiTa", "Kindertagesstätte"),
    ("MGH", "Mehrgenerationenhaus"),
    ("JMD", "Jugendmigrationsdienst"),
    ("MBE", "Migrationsberatung für erwachsene Zuwanderer"),
    ("JC", "Jobcenter"),
    ("AfA", "Agentur für Arbeit"),
    ("LRA", "Landratsamt"),
    ("SPZ", "Sozialpädiatrisches Zentrum"),
    ("SpDi", "Sozialpsychiatrischer Dienst"),
    ("ASD", "Allgemeiner Sozialer Dienst"),
    ("SPFH", "Sozialpädagogische Familienhilfe"),
    ("WfbM", "Werkstatt für behinderte Menschen"),
    ("KGV", "Kleingartenverein"),
    ("FFW", "Freiwillige Feuerwehr"),
    ("KSB", "Kreissportbund"),
    ("LSB", "Landessportbund"),
    ("MVZ", "Medizinisches Versorgungszentrum"),
    ("KV", "Kreisverband"),
    ("OV", "Ortsverband"),
)


def words(text: str) -> tuple[str, ...]:
    """A text's folded words without filler words: how both sides of the table are read."""
    return tuple(w for w in fold(text).split() if w not in FILLERS)


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key of _read
class Lexicon:
    """The abbreviation table read for matching: word sequence → one canonical word."""

    phrases: dict[tuple[str, ...], str]
    longest: int
    # Misspellings already looked up: (words, as spelt) → canonical, and word → canonical.
    _near_joined: dict[tuple[int, str], str | None] = field(
        default_factory=dict, init=False, repr=False
    )
    _near: dict[str, str | None] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def build(cls, pairs: Iterable[tuple[str, str]]) -> Lexicon:
        phrases: dict[tuple[str, ...], str] = {}
        for short, long in pairs:
            canonical_words = words(long)
            if not canonical_words:
                continue
            canonical = "".join(canonical_words)
            for form in (short, long):
                key = words(form)
                if key:
                    phrases[key] = canonical
        return cls(phrases, max((len(k) for k in phrases), default=1))

    @functools.cached_property
    def _joined(self) -> dict[int, dict[str, str]]:
        """The entries of several words written together, by their number of words."""
        joined: dict[int, dict[str, str]] = {}
        for key, canonical in self.phrases.items():
            if len(key) > 1:
                joined.setdefault(len(key), {})["".join(key)] = canonical
        return joined

    @functools.cached_property
    def _single(self) -> dict[str, str]:
        """The entries of one long word (six letters or more): the ones a typo can hit."""
        return {k[0]: v for k, v in self.phrases.items() if len(k) == 1 and len(k[0]) >= 6}

    def near_phrase(self, tokens: list[str]) -> tuple[str, int] | None:
        """A misspelt entry of several words at the start of ``tokens``: canonical, size."""
        if not tokens or tokens[0].isdigit():
            return None
        for size in range(min(len(tokens), self.longest), 1, -1):
            spelt = "".join(tokens[:size])
            if size not in self._joined or len(spelt) < 10:
                continue
            if (size, spelt) not in self._near_joined:
                found = process.extractOne(
                    spelt, self._joined[size].keys(), scorer=fuzz.ratio, score_cutoff=PLACE_TYPO
                )
                self._near_joined[size, spelt] = self._joined[size][found[0]] if found else None
            if canonical := self._near_joined[size, spelt]:
                return canonical, size
        return None

    def near(self, word: str) -> str | None:
        """The canonical word of a one-word entry ``word`` misspells, if any."""
        if word not in self._near:
            found = process.extractOne(
                word, self._single.keys(), scorer=fuzz.ratio, score_cutoff=PLACE_TYPO
            )
            self._near[word] = self._single[found[0]] if found else None
        return self._near[word]


DEFAULT_LEXICON = Lexicon.build(DEFAULT_ABBREVIATIONS)

# --- places of Thuringia -----------------------------------------------------------------

# District code (projects.districts.District) → towns; a town's place key is its folded name.
TOWNS: dict[str, tuple[str, ...]] = {
    "ABG": ("Altenburg", "Schmölln", "Meuselwitz", "Lucka", "Gößnitz", "Nobitz", "Rositz"),
    "EIC": ("Heiligenstadt", "Heilbad Heiligenstadt=Heiligenstadt", "Leinefelde-Worbis", "Leinefelde",
            "Worbis", "Dingelstädt", "Niederorschel", "Uder", "Küllstedt"),
    "GTH": ("Gotha", "Waltershausen", "Ohrdruf", "Friedrichroda", "Tambach-Dietharz",
            "Tabarz", "Bad Tabarz=Tabarz", "Georgenthal", "Neudietendorf"),
    "GRZ": ("Greiz", "Zeulenroda", "Zeulenroda-Triebes=Zeulenroda", "Weida", "Ronneburg", "Berga",
            "Auma-Weidatal", "Hohenleuben", "Münchenbernsdorf", "Bad Köstritz"),
    "HBN": ("Hildburghausen", "Eisfeld", "Schleusingen", "Themar", "Heldburg", "Ummerstadt",
            "Römhild", "Bad Colberg-Heldburg"),
    "IK": ("Arnstadt", "Ilmenau", "Stadtilm", "Plaue", "Großbreitenbach", "Gehren",
           "Geratal", "Langewiesen"),
    "KYF": ("Sondershausen", "Artern", "Bad Frankenhausen", "Roßleben", "Roßleben-Wiehe=Roßleben",
            "Greußen", "Ebeleben", "Clingen", "Heldrungen", "Kindelbrück"),
    "NDH": ("Nordhausen", "Bleicherode", "Ellrich", "Heringen", "Sollstedt", "Niedersachswerfen"),
    "SHK": ("Eisenberg", "Stadtroda", "Kahla", "Hermsdorf", "Bad Klosterlausnitz",
            "Dornburg-Camburg", "Camburg=Dornburg-Camburg", "Orlamünde", "Schkölen", "Bürgel"),
    "SOK": ("Schleiz", "Pößneck", "Bad Lobenstein", "Lobenstein=Bad Lobenstein", "Neustadt an der Orla",
            "Triptis", "Hirschberg", "Saalburg-Ebersdorf", "Tanna", "Ziegenrück", "Wurzbach",
            "Gefell"),
    "SLF": ("Saalfeld", "Rudolstadt", "Bad Blankenburg", "Königsee", "Leutenberg",
            "Gräfenthal", "Lehesten", "Kaulsdorf", "Unterwellenborn", "Schwarzatal"),
    "SM": ("Meiningen", "Schmalkalden", "Zella-Mehlis", "Steinbach-Hallenberg", "Wasungen",
           "Oberhof", "Brotterode", "Breitungen", "Kaltennordheim"),
    "SÖM": ("Sömmerda", "Kölleda", "Weißensee", "Gebesee", "Buttstädt", "Rastenberg"),
    "SON": ("Sonneberg", "Neuhaus am Rennweg", "Neuhaus=Neuhaus am Rennweg", "Steinach", "Lauscha", "Schalkau",
            "Föritztal", "Frankenblick", "Neuhaus-Schierschnitz", "Judenbach", "Hönbach"),
    "UH": ("Mühlhausen", "Bad Langensalza", "Langensalza=Bad Langensalza", "Schlotheim", "Bad Tennstedt",
           "Unstruttal", "Menteroda", "Großengottern"),
    "WAK": ("Bad Salzungen", "Ruhla", "Creuzburg", "Treffurt", "Geisa", "Vacha", "Dermbach",
            "Bad Liebenstein", "Gerstungen", "Barchfeld", "Tiefenort", "Merkers"),
    "EA": ("Eisenach",),
    "AP": ("Apolda", "Bad Berka", "Blankenhain", "Bad Sulza", "Magdala", "Kranichfeld"),
    "EF": ("Erfurt",),
    "G": ("Gera",),
    "J": ("Jena",),
    "SHL": ("Suhl",),
    "WE": ("Weimar",),
}  # fmt: skip
# Districts named as places ("Jobcenter Kyffhäuserkreis"): district-wide, no town.
DISTRICT_NAMES: dict[str, str] = {
    "Altenburger Land": "ABG", "Eichsfeld": "EIC", "Ilm-Kreis": "IK",
    "Kyffhäuserkreis": "KYF", "Saale-Holzland-Kreis": "SHK", "Saale-Orla-Kreis": "SOK",
    "Saalfeld-Rudolstadt": "SLF", "Schmalkalden-Meiningen": "SM",
    "Unstrut-Hainich-Kreis": "UH", "Wartburgkreis": "WAK", "Weimarer Land": "AP",
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    key: str  # one word: "badsalzungen"
    district: str | None
    is_district: bool = False


def _place_table() -> dict[tuple[str, ...], Place]:
    table: dict[tuple[str, ...], Place] = {}
    for district, towns in TOWNS.items():
        for town in towns:
            # "Heilbad Heiligenstadt=Heiligenstadt": another name of the same town.
            written, _sep, same_as = town.partition("=")
            place_words = words(written)
            key = "".join(words(same_as or written))
            table.setdefault(place_words, Place(key, district))
    for name, district in DISTRICT_NAMES.items():
        place_words = words(name)
        table[place_words] = Place("".join(place_words), district, is_district=True)
    return table


PLACES = _place_table()
PLACE_BY_KEY = {place.key: place for place in PLACES.values()}
# Places as one string, for misspelt ones ("Sonnebreg", "Sommerda", "Bad Sallzungen").
PLACE_SPELLINGS = {"".join(place_words): place for place_words, place in PLACES.items()}
FIRST_WORDS = {place_words[0] for place_words in PLACES if len(place_words) > 1}  # "bad"
PLACE_HEADS = {place_words[0] for place_words in PLACES}
PLACE_TYPO = 88  # rapidfuzz ratio from which a word is a misspelt place
MIN_PLACE_TYPO_LENGTH = 7
LONGEST_PLACE = max(len(k) for k in PLACES)
_UMLAUT_BACK = (("aeu", "au"), ("ae", "a"), ("oe", "o"), ("ue", "u"))


@functools.lru_cache(maxsize=50_000)
def adjective_bases(word: str) -> tuple[str, ...]:
    """What a place adjective may be made of: "erfurter" → "erfurt", "jenaer" → "jena",
    "meininger" → "meiningen", "nordhaeuser" → "nordhausen", "rudolstaedter" → "rudolstadt".
    The generic German rule (-er, -ener; the umlaut of the last vowel), no word list."""
    if len(word) < 5 or not word.endswith("er"):
        return ()
    stem = word[:-2]
    bases = [stem, stem + "en", stem + "e"]
    if stem.endswith("en"):
        bases.append(stem[:-2])  # "schmalkaldener" → "schmalkalden" is stem already
    for umlaut, plain in _UMLAUT_BACK:
        position = stem.rfind(umlaut)
        if position >= 0:
            plain_stem = stem[:position] + plain + stem[position + len(umlaut) :]
            bases += [plain_stem, plain_stem + "en"]
            break
    return tuple(dict.fromkeys(bases))


def _place_at(tokens: list[str], start: int) -> tuple[Place, int] | None:
    """The longest place beginning at ``start`` (its last word may be an adjective), else a
    misspelt one of one or two words ("Sonnebreg", "Sommerdaer", "Bad Sallzungen")."""
    longest = min(LONGEST_PLACE, len(tokens) - start)
    first = tokens[start]
    if first.isdigit():
        return None
    for size in range(longest if first in PLACE_HEADS else 1, 0, -1):
        candidate = tuple(tokens[start : start + size])
        if candidate in PLACES:
            return PLACES[candidate], size
        for base in adjective_bases(candidate[-1]):
            if (*candidate[:-1], base) in PLACES:
                return PLACES[(*candidate[:-1], base)], size
    for size in range(min(2, longest), 0, -1):
        typed = tokens[start : start + size]
        if any(w.isdigit() for w in typed) or (size > 1 and typed[0] not in FIRST_WORDS):
            continue
        for last in (typed[-1], *adjective_bases(typed[-1])):
            spelt = "".join([*typed[:-1], last])
            if len(spelt) >= MIN_PLACE_TYPO_LENGTH and (place := _near_place(spelt)):
                return place, size
    return None


@functools.lru_cache(maxsize=100_000)  # an import asks for the same words again and again
def _near_place(spelt: str) -> Place | None:
    near = process.extractOne(
        spelt, PLACE_SPELLINGS.keys(), scorer=fuzz.ratio, score_cutoff=PLACE_TYPO
    )
    return PLACE_SPELLINGS[near[0]] if near is not None else None


# --- compounds ---------------------------------------------------------------------------

# The last parts of the social sector's compound words ("Job|center", "Stadt|bibliothek",
# "Mehrgenerationen|haus"): a word ending in one is read as its parts, so "Job-Center",
# "Job Center" and "Jobcenter" are one. Single parts, not compounds of them ("hochschule"
# is "hoch|schule" wherever it stands); the words that name an organisation's kind or level
# ("verband", "verein", "amt", "verwaltung") stay whole.
COMPOUND_TAILS = frozenset(
    {"zentrum", "center", "haus", "heim", "stelle", "beratung", "initiative", "bibliothek",
     "schule", "werk", "dienst", "dienste", "hilfe", "gemeinde", "kirche", "garten", "treff",
     "cafe", "laden", "stube", "kammer", "kasse", "bund", "ring", "rat", "buero", "agentur",
     "projekt", "gruppe", "stiftung", "akademie", "klinik", "praxis", "pflege", "betreuung",
     "bildung", "tafel", "inspektion", "behoerde", "club", "klub", "halle", "station",
     "werkstatt", "kreis", "netz", "forum", "punkt", "begegnung", "arbeit",
     "hof", "markt", "wache"}
)  # fmt: skip
# Plurals of the tails, read as the singular ("Mühlhäuser Werkstätten" = "… Werkstatt").
TAIL_SINGULARS = {
    "zentren": "zentrum", "haeuser": "haus", "heime": "heim", "schulen": "schule",
    "initiativen": "initiative", "hilfen": "hilfe", "dienste": "dienst", "werke": "werk",
    "werkstaetten": "werkstatt", "beratungen": "beratung", "treffs": "treff",
    "stiftungen": "stiftung", "gruppen": "gruppe", "projekte": "projekt", "gaerten": "garten",
    "kliniken": "klinik", "praxen": "praxis", "stationen": "station", "bibliotheken": "bibliothek",
}  # fmt: skip
# Parts that only say "the place where it is done": "Schuldnerberatungsstelle" is the
# "Schuldnerberatung" ("Anlaufstelle", "Fachstelle" keep their first part).
GENERIC_TAILS = frozenset({"stelle"})
# First parts that say the level of an organisation of the same kind ("Kreis|jugendring").
LEVEL_PREFIXES = ("kreis", "stadt", "landes", "regional", "bezirks", "orts")
MIN_PART = 3  # letters a compound's first part keeps at least
LONGEST_TAIL = max(len(t) for t in COMPOUND_TAILS | set(TAIL_SINGULARS))
# The linking "s" of a first part ("Beratungs|stelle", "Gesundheits|amt"): gone after these.
_LINKED = ("ungs", "heits", "keits", "schafts", "ions", "taets")


def _unlink(word: str) -> str:
    return word[:-1] if word.endswith(_LINKED) else word


@functools.lru_cache(maxsize=100_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """A word read as its parts, last part by the table of tails (a plural as the singular),
    the first part's linking "s" gone: "schuldnerberatungsstelle" → ("schuldner",
    "beratung"), "familienzentren" → ("familien", "zentrum"); a word without a known tail is
    itself."""
    word = _unlink(word)
    if word in TAIL_SINGULARS:
        return (TAIL_SINGULARS[word],)
    if word.isdigit() or len(word) < MIN_PART + 3:
        return (word,)
    for prefix in LEVEL_PREFIXES:
        # "Kreisvolkshochschule" is the district's "Volkshochschule" (a level word stays).
        if word.startswith(prefix) and len(word) - len(prefix) >= 6 and word not in QUALIFIERS:
            return (prefix, *compound_parts(word[len(prefix) :]))
    for size in range(min(LONGEST_TAIL, len(word) - MIN_PART), 2, -1):
        written = word[-size:]
        tail = written if written in COMPOUND_TAILS else TAIL_SINGULARS.get(written)
        if tail:
            head = compound_parts(word[:-size])
            return head if tail in GENERIC_TAILS else (*head, tail)
    return (word,)


_HYPHENED = re.compile(r"[^\W_]+(?:-[^\W_]+)+", re.UNICODE)  # "Mehr-Generationen-Haus"
_OPEN = re.compile(r"([^\W_]+)-\s*(?:und|u\.|oder|,|&|/)", re.UNICODE)  # "Schuldner- und"
_LETTERS = re.compile(r"(?<![^\W\d_])((?:[^\W\d_]\.){2,})(?![^\W\d_])", re.UNICODE)  # "A.W.O."
_NOT_LETTERS = frozenset({"ev", "eg", "ig", "ua", "zb", "kdoer", "aoer", "ggf", "evluth"})


def _spell_letters(name: str) -> str:
    """Abbreviations spelt with dots ("A.W.O.", "D.R.K.") as one word; legal forms stay."""

    def joined(match: re.Match) -> str:
        letters = match.group(1).replace(".", "")
        return match.group(1) if fold(letters) in _NOT_LETTERS else letters + " "

    return _LETTERS.sub(joined, name)


def _hyphen_pairs(name: str) -> frozenset[tuple[str, str]]:
    """Folded neighbours written with a hyphen: ("mehr", "generationen"), ("job", "center")."""
    pairs = set()
    for chain in _HYPHENED.finditer(name):
        parts = [fold(p) for p in chain.group(0).split("-")]
        pairs |= {(a, b) for a, b in zip(parts, parts[1:], strict=False) if a and b}
    return frozenset(pairs)


def _compounds(
    core: list[str], hyphened: frozenset[tuple[str, str]], open_words: frozenset[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The core words as written whole (hyphened compounds joined, "Schuldner- und
    Insolvenzberatung" completed) and as their parts."""
    whole: list[str] = []
    for word in core:
        if whole and (whole[-1].rsplit("|", 1)[-1], word) in hyphened and not word.isdigit():
            whole[-1] = f"{whole[-1]}|{word}"  # joined below; "|" keeps the last part
        else:
            whole.append(word)
    whole = [w.replace("|", "") for w in whole]
    for i, word in enumerate(whole):
        if word in open_words:
            following = next(
                (compound_parts(w) for w in whole[i + 1 :] if len(compound_parts(w)) > 1), None
            )
            if following:
                whole[i] = word + following[-1]
    parts = [part for word in whole for part in compound_parts(word)]
    return tuple(whole), tuple(parts)


# --- reading a name --------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A name as the recogniser reads it."""

    core: tuple[str, ...]  # canonical words in their order, compounds as their parts
    places: frozenset[str]  # place keys, from the name and the given place
    truncated: frozenset[str] = field(default_factory=frozenset)  # "Beratungsst." → prefix
    named: frozenset[str] = field(default_factory=frozenset)  # the places in the name itself
    whole: tuple[str, ...] = ()  # the core words as written whole ("stadtbibliothek")
    regional: frozenset[str] = field(default_factory=frozenset)  # "Region Saalfeld": a branch

    @property
    def key(self) -> str:
        """Same key, same organisation (in a compatible place): the words in any order."""
        return " ".join(sorted(set(self.core)))

    @property
    def identity(self) -> str:
        """One organisation, one identity: the core words in any order (without the words
        that are its own place) and the places its name says, else its given place –
        "Sonneberger Tafel e. V." and "Tafel" in Sonneberg are "tafel@sonneberg". The
        register holds one live entry per identity (``Organisation.normalised_name``); the
        import takes an entry of the same identity as the same organisation."""
        places = self.named or self.places
        core = {w for w in self.core if not _is_place_of(w, places)}
        return f"{' '.join(sorted(core))}@{' '.join(sorted(places))}"

    @property
    def tokens(self) -> set[str]:
        """What the register's word table holds for this name: core words (whole and as
        parts, so "Stadtbib…" is found as "Stadt Bibliothek" is) and places."""
        return set(self.core) | set(self.whole) | set(self.places)


_ABBREVIATED = re.compile(r"([^\W\d_]{2,})\.", re.UNICODE)


def _strip_legal_forms(tokens: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for sequence in LEGAL_SEQUENCES:
            if tuple(tokens[i : i + len(sequence)]) == sequence:
                i += len(sequence)
                break
        else:
            if tokens[i] not in LEGAL_ANYWHERE:
                out.append(tokens[i])
            i += 1
    # A trailing run of legal forms ("… GmbH & Co. KG", "… eV"), "und"/"u" between them.
    while out and (out[-1] in LEGAL_AT_END or (out[-1] in {"und", "u"} and len(out) > 1)):
        out.pop()
    return out


@functools.lru_cache(maxsize=50_000)  # an import asks for the same places again and again
def read_place(city: str) -> frozenset[str]:
    """The place keys of a given place ("Gera-Liebschwitz" → gera, liebschwitz); a place the
    list does not know is its folded self ("Kleinkleckersdorf")."""
    tokens = [t for t in fold(city).split() if t not in FILLERS]
    if not tokens:
        return frozenset()
    keys: set[str] = set()
    i = 0
    while i < len(tokens):
        found = _place_at(tokens, i)
        if found is None:
            i += 1
            continue
        keys.add(found[0].key)
        i += found[1]
    return frozenset(keys) if keys else frozenset({"".join(tokens)})


@functools.lru_cache(maxsize=200_000)
def _read(name: str, city: str, lexicon: Lexicon) -> Name:
    # The name is read once whatever the place: an import reads each row's name with its
    # place and without (contacts.recognition.row_key) – 10,000 names, half the preview.
    read = _read_name(name, lexicon)
    located = read_place(city) if city else frozenset()
    return replace(read, places=read.places | located) if located - read.places else read


@functools.lru_cache(maxsize=200_000)
def _read_name(name: str, lexicon: Lexicon) -> Name:
    name = _spell_letters(name)
    hyphened = _hyphen_pairs(name)
    open_words = frozenset(fold(m.group(1)) for m in _OPEN.finditer(name))
    truncated_raw = {fold(m.group(1)) for m in _ABBREVIATED.finditer(name)}
    tokens = _strip_legal_forms(fold(name).split())
    # "ev" is a legal form at the end (stripped above), elsewhere "evangelisch" (table).
    tokens = [t for t in tokens if t not in FILLERS]
    places: set[str] = set()
    core: list[str] = []
    truncated: set[str] = set()
    regional: set[str] = set()
    i = 0
    while i < len(tokens):
        found = _place_at(tokens, i)
        if found is not None:
            if core and core[-1] in PLACE_QUALIFIERS:
                if core[-1] == "region":
                    regional.add(found[0].key)
                core.pop()
            places.add(found[0].key)
            i += found[1]
            continue
        for size in range(min(lexicon.longest, len(tokens) - i), 0, -1):
            canonical = lexicon.phrases.get(tuple(tokens[i : i + size]))
            if canonical is not None:
                core.append(canonical)
                i += size
                break
        else:
            if near_phrase := lexicon.near_phrase(tokens[i : i + lexicon.longest]):
                core.append(near_phrase[0])  # "Diaoknisches Werk": the table's, misspelt
                i += near_phrase[1]
                continue
            if len(tokens[i]) >= MIN_PLACE_TYPO_LENGTH and (near := lexicon.near(tokens[i])):
                core.append(near)  # "Ortsvrein": the table's "Ortsverein", misspelt
                i += 1
                continue
            if tokens[i] in truncated_raw and len(tokens[i]) >= 3:
                truncated.add(tokens[i])
            core.append(tokens[i])
            i += 1
    whole, parts = _compounds(core, hyphened, open_words)
    return Name(
        parts,
        frozenset(places),
        frozenset(truncated),
        frozenset(places),
        whole or parts,
        frozenset(regional),
    )


def read(name: str, city: str = "", lexicon: Lexicon | None = None) -> Name:
    """``name`` (and its place ``city``) as the recogniser reads it."""
    return _read(str(name or ""), str(city or ""), lexicon or DEFAULT_LEXICON)


IDENTITY_LENGTH = 200  # of an identity; an old duplicate's "#<id>" comes after it


def identity_key(name: str, city: str = "", lexicon: Lexicon | None = None) -> str:
    """The register's uniqueness key of an entry (name, place): ``Name.identity``, one live
    entry each (``contacts.models.Organisation.normalised_name``). A name of nothing but a
    legal form keeps its folded self."""
    identity = read(name, city, lexicon).identity
    if identity == "@":
        identity = f"{fold(str(name or ''))}@"
    return identity[:IDENTITY_LENGTH]


# --- comparing two names ---------------------------------------------------------------------

SAME = 0.88  # from here two names in compatible places are the same organisation
TYPO = 82  # rapidfuzz ratio from which two longer words are one word misspelt
MIN_TYPO_LENGTH = 5  # shorter words must match exactly ("Ost" ≠ "West")
DIFFERENT_WORDS = 0.8  # at most, where each name has a word the other lacks


def _weight(word: str) -> float:
    return max(len(word), 6) if word.isdigit() else len(word)


def word_credit(a: str, b: str, *, prefix_a: bool = False, prefix_b: bool = False) -> float:
    """How much two words are one: 1 the same, the typo ratio for near spellings of longer
    words, 0.95 where one is the written-out form of the other's abbreviation ("Beratungsst.")."""
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0
    if (prefix_a and b.startswith(a)) or (prefix_b and a.startswith(b)):
        return 0.95
    if min(len(a), len(b)) < MIN_TYPO_LENGTH:
        return 0.0
    ratio = fuzz.ratio(a, b)
    return ratio / 100 if ratio >= TYPO else 0.0


@dataclass(frozen=True)
class Comparison:
    score: float  # 0..1, both names as a whole (soft Dice of their words)
    coverage: float  # 0..1, share of the first name's words found in the second
    places: str  # "same", "open" (one or both without place), "different"

    @property
    def same(self) -> bool:
        return self.places != "different" and self.score >= SAME


def places_relation(a: frozenset[str], b: frozenset[str]) -> str:
    if not a or not b:
        return "open"
    if a & b:
        return "same"
    towns_a = {k for k in a if not _is_district(k)}
    towns_b = {k for k in b if not _is_district(k)}
    if towns_a and towns_b:
        return "different"
    districts_a = {_district(k) for k in a} - {None}
    districts_b = {_district(k) for k in b} - {None}
    return "open" if districts_a & districts_b else "different"


def relation_of(a: Name, b: Name) -> str:
    """Where two names are: the places their names say first ("Jobcenter Sonneberg" in
    Neuhaus is Sonneberg's), else all they have (the given place too)."""
    if a.named and b.named:
        if not _named_alike(a.named, b.named) or (a.named ^ b.named) & (a.regional | b.regional):
            return "different"
        return places_relation(a.named, b.named)
    return places_relation(a.named or a.places, b.named or b.places)


def _named_alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether the places two names say are one place: a place only one of them says is
    evidence against ("Eichsfelder Tafel" ≠ "Leinefelde-Worbiser Tafel", "Caritasverband
    Erfurt – Region Saalfeld" ≠ "Caritasverband Erfurt"), unless it only says more exactly
    where a place both say is: the district of a town both name, a town of a district both
    name ("Lebenshilfe Unstrut-Hainich, Mühlhausen")."""
    shared = a & b
    shared_districts = {_district(k) for k in shared if _is_district(k)}
    shared_towns_districts = {_district(k) for k in shared if not _is_district(k)}
    for key in a ^ b:
        if _is_district(key):
            if _district(key) not in shared_towns_districts:
                return False
        elif _district(key) is None or _district(key) not in shared_districts:
            return False
    return True


def _is_district(key: str) -> bool:
    place = PLACE_BY_KEY.get(key)
    return bool(place and place.is_district)


def _district(key: str) -> str | None:
    place = PLACE_BY_KEY.get(key)
    return place.district if place else None


def _is_place_of(word: str, places: frozenset[str]) -> bool:
    return word in places or any(base in places for base in adjective_bases(word))


def compare(a: Name, b: Name, *, a_is_typed: bool = False) -> Comparison:
    """How alike ``a`` and ``b`` are. ``a_is_typed``: ``a`` is being typed, its last word
    may be the beginning of a word. Compounds count as their parts and as written whole,
    the closer reading wins ("Stadt-Bibliothek" ~ "Stadtbibliothek" ~ "Stadtbib…")."""
    by_parts = _compare(a.core, b.core, a, b, a_is_typed=a_is_typed)
    if (a.whole or a.core) == a.core and (b.whole or b.core) == b.core:
        return by_parts
    by_whole = _compare(a.whole or a.core, b.whole or b.core, a, b, a_is_typed=a_is_typed)
    return by_whole if by_whole.score > by_parts.score else by_parts


def _compare(
    words_a: tuple[str, ...], words_b: tuple[str, ...], a: Name, b: Name, *, a_is_typed: bool
) -> Comparison:
    # A village the list does not know: a word of one name that is the other's place.
    core_a = [w for w in words_a if not _is_place_of(w, b.places)]
    core_b = [w for w in words_b if not _is_place_of(w, a.places)]
    relation = relation_of(
        Name(
            tuple(core_a),
            a.places | {w for w in words_a if w not in core_a},
            named=a.named,
            regional=a.regional,
        ),
        Name(
            tuple(core_b),
            b.places | {w for w in words_b if w not in core_b},
            named=b.named,
            regional=b.regional,
        ),
    )
    if not core_a or not core_b:
        # Only places ("Sonneberg"): the same only where nothing else is said either.
        same = not core_a and not core_b and relation == "same"
        return Comparison(1.0 if same else 0.0, 1.0 if same else 0.0, relation)
    last = len(core_a) - 1
    used: set[int] = set()
    unmatched_a = False
    matched = 0.0
    covered = 0.0
    for i, word in enumerate(core_a):
        prefix_a = word in a.truncated or (a_is_typed and i == last)
        best, best_j = 0.0, -1
        for j, other in enumerate(core_b):
            if j in used:
                continue
            credit = word_credit(word, other, prefix_a=prefix_a, prefix_b=other in b.truncated)
            if credit > best:
                best, best_j = credit, j
                if credit == 1.0:
                    break
        if best_j >= 0:
            used.add(best_j)
            matched += best * (_weight(word) + _weight(core_b[best_j]))
            covered += best * _weight(word)
        else:
            unmatched_a = True
    total_a = sum(_weight(w) for w in core_a)
    total_b = sum(_weight(w) for w in core_b)
    score = matched / (total_a + total_b)
    digits_a = {w for w in core_a if w.isdigit()}
    digits_b = {w for w in core_b if w.isdigit()}
    if digits_a and digits_b and digits_a != digits_b:
        score = min(score, 0.5)  # "Grundschule 3" is not "Grundschule 5"
    elif unmatched_a and len(used) < len(core_b):
        # Each has a word the other lacks: "Ortsverein" / "Kreisverband", "Nord" / "Lusan".
        score = min(score, DIFFERENT_WORDS)
    elif not a_is_typed and len(core_a) != len(core_b):
        # Compounds written apart: "Nachbarschafts Treff" ~ "Nachbarschaftstreff".
        joined = fuzz.ratio("".join(core_a), "".join(core_b)) / 100
        if joined >= TYPO / 100:
            score = max(score, joined * 0.98)
    return Comparison(score, covered / total_a, relation)


def same_organisation(
    name_a: str, city_a: str, name_b: str, city_b: str, lexicon: Lexicon | None = None
) -> bool:
    """Whether two register entries (name, place) are one organisation."""
    return compare(read(name_a, city_a, lexicon), read(name_b, city_b, lexicon)).same


# Words that say an organisation's level, branch, parent administration or denomination
# in detail: a short form may leave them out ("AWO Sonneberg" for "AWO Ortsverein
# Sonneberg e. V.", "Ordnungsamt Erfurt" for "Stadtverwaltung Erfurt – Ordnungsamt") – taken
# as the same where it is the town's only such entry (contacts.recognition).
QUALIFIERS = frozenset(
    {"ortsverband", "kreisverband", "regionalverband", "landesverband", "stadtverband",
     "bezirksverband", "kreisvereinigung", "ortsgruppe", "filiale", "zweig", "geschaefts",
     "hauptgeschaefts", "stadtverwaltung", "gemeindeverwaltung", "kreisverwaltung",
     "landratsamt", "evangelisch", "lutherisch", "katholisch", "gemeinnuetzige",
     "gemeinnuetziger", "gemeinnuetziges", "kreis", "stadt", "regional", "bezirks", "orts"}
)  # fmt: skip


# Words naming a part of a town: an entry that adds one is another branch.
PARTS_OF_TOWN = frozenset(
    {"altstadt", "innenstadt", "nord", "sued", "ost", "west", "mitte", "nordost", "nordwest",
     "suedost", "suedwest", "oberstadt", "unterstadt", "neustadt", "vorstadt"}
)  # fmt: skip


def short_form(short: Name, long: Name) -> str:
    """Whether ``short`` is ``long`` written shorter: "qualifiers" where ``long`` only adds
    words of ``QUALIFIERS``, "contained" where it adds other words too, "" where ``short``
    has a word ``long`` lacks or only generic words ("Schule", "Beratung")."""
    words = set(short.core)
    if not words or all(w in COMPOUND_TAILS or w in QUALIFIERS or w.isdigit() for w in words):
        return ""  # "Stadtverwaltung Gotha" is not each of its offices
    offered = set(long.core)
    if not words <= offered:
        return ""
    extra = offered - words
    if not extra:
        return ""  # the same words: the key found it
    if extra & PARTS_OF_TOWN:
        return ""  # "Familienzentrum Artern-Altstadt" is not "Familienzentrum Artern"
    qualifying = QUALIFIERS | {
        part for word in long.whole if word in QUALIFIERS for part in compound_parts(word)
    }
    return "qualifiers" if extra <= qualifying else "contained"


def containment(query: Name, name: Name, *, beginnings: bool = True) -> float:
    """Share of the query's words (core and places, each word may be a beginning) found in
    ``name``'s words: how a search reads "all words in any order"."""
    offered = [*name.core, *(w for w in name.whole if w not in name.core), *sorted(name.places)]
    best = 0.0
    for core in {query.core, query.whole or query.core}:
        wanted = [*core, *sorted(query.places)]
        if not wanted:
            continue
        found = 0.0
        for word in wanted:
            prefix = beginnings and len(word) >= 3 and not word.isdigit()
            found += _weight(word) * max(
                (word_credit(word, other, prefix_a=prefix) for other in offered), default=0.0
            )
        best = max(best, found / sum(_weight(w) for w in wanted))
    return best
