"""The one recogniser of organisation names: which register entries a typed, searched or
imported name means, ranked for the person at work.

Used by the type-ahead and the recording page (``similar_organisations`` →
``contacts.views.organisation_suggest``, ``contact_create``), the list and register
searches (``contacts.filters``, ``contacts.selectors.organisation_register``), the import
(``match_for_import``, ``similar_for_import`` in ``imports.rows``), the duplicate hints on
the coordination start page and the merge suggestions (``duplicate_pairs``,
``merge_candidates``).

How: names are read by ``contacts.names`` (words in any order, legal forms, places and
their adjectives, the abbreviation table, folded umlauts). Candidates come from the word
tables the application keeps (``OrganisationToken``, ``NameToken``) by index – the same
queries on SQLite and PostgreSQL, a bounded number whatever the register's size – and are
scored in Python (rapidfuzz), so both databases give the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Value, When
from rapidfuzz import fuzz, process

from contacts import names
from contacts.models import (
    NameToken,
    NetworkContact,
    Organisation,
    OrganisationToken,
    identity_of,
    lexicon,
)
from core.db import text_in
from core.text import fold
from projects.models import Project

MAX_TEXT = 200  # characters of a query that are read (a search field allows more)
MAX_WORDS = 8  # words of a query that are looked up
MIN_LENGTH = 3  # a useful suggestion from the third letter
PREFIX_WORDS = 40  # register words per typed beginning ("kin" → kinder, kindergarten …)
TYPO_WORDS = 3  # register words per misspelt word
VOCABULARY_ROWS = 3000  # register words read for one query at most
CANDIDATES = 60  # entries per tier (own project, own town, everything)


# --- reading a query ------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    name: names.Name
    slots: tuple[frozenset[str], ...]  # per word of the query: register words meaning it


def _prefix(word: str) -> Q:
    """Register words beginning with ``word`` by index: PostgreSQL's LIKE uses the
    pattern index Django keeps beside a unique text column; SQLite's LIKE ignores case and
    no index, a range over its binary order does not."""
    if connection.vendor == "postgresql":
        return Q(token__startswith=word)
    return Q(token__gte=word, token__lt=word + "{")  # "{" follows "z" and every digit


def _read_query(text: str, *, typed: bool, all_beginnings: bool = False) -> Query | None:
    """The words of ``text`` and, per word, the register's words that may be meant: the
    word itself, the words it begins (being typed, abbreviated "Beratungsst.", or in a
    search ``all_beginnings``), near spellings of longer words. One indexed read."""
    text = str(text or "")[:MAX_TEXT]
    name = names.read(text, "", lexicon())
    raw = fold(text).split()
    words = list(dict.fromkeys([*name.core, *sorted(name.places)]))[:MAX_WORDS]
    if not words or len("".join(raw)) < MIN_LENGTH:
        return None
    # The word being typed as typed: the table may read "Kit" as nothing yet.
    last_typed = raw[-1] if typed and name.core and not text.endswith(" ") else ""
    if last_typed and names.read(last_typed).places:
        last_typed = ""  # a town typed last is a whole word
    if last_typed and len(raw) >= 2 and raw[-2] in names.FIRST_WORDS:
        # "Bad Sal": the beginning of a town of two words, met as the town's one word
        last_typed = raw[-2] + last_typed
        if raw[-2] in words[:-1]:
            words.remove(raw[-2])
    beginnings = set(name.truncated) | (set(words) if all_beginnings else set())
    if typed and name.core:
        beginnings.add(name.core[-1])
    beginnings = {w for w in beginnings if len(w) >= MIN_LENGTH and not w.isdigit()}
    near = {w for w in words if len(w) >= names.MIN_TYPO_LENGTH and not w.isdigit()}
    # A word written without its umlauts' dots ("Sud", "Fluchtlinge"): its spellings.
    spellings = {
        w: names.umlaut_spellings(w) - {w} for w in words if len(w) >= MIN_LENGTH and w.isalpha()
    }
    wanted = Q(token__in=sorted({*words, *(s for spelt in spellings.values() for s in spelt)}))
    for word in beginnings | ({last_typed} if len(last_typed) >= MIN_LENGTH else set()):
        wanted |= _prefix(word)
    for word in near:
        size = (len(word) - 2, len(word) + 2)
        wanted |= Q(head=word[:2], size__range=size) | Q(tail=word[-2:], size__range=size)
    # The shortest words first (then alphabetical): the same rows on either database.
    vocabulary = list(
        NameToken.objects.filter(wanted)
        .order_by("size", "token")
        .values_list("token", flat=True)[:VOCABULARY_ROWS]
    )
    known = set(vocabulary)

    def starting(beginning: str) -> set[str]:
        return set(
            sorted((w for w in vocabulary if w.startswith(beginning)), key=len)[:PREFIX_WORDS]
        )

    slots = []
    for word in words:
        alternatives = {word} | (spellings.get(word, frozenset()) & known)
        if word in beginnings:
            alternatives |= starting(word)
        if len(last_typed) >= MIN_LENGTH and word == name.core[-1]:
            alternatives |= starting(last_typed)
        if word in near and word not in known:
            close = process.extract(
                word, vocabulary, scorer=fuzz.ratio, score_cutoff=names.TYPO, limit=TYPO_WORDS
            )
            alternatives |= {match for match, _score, _i in close}
        slots.append(frozenset(alternatives))
    return Query(name, tuple(slots))


# --- candidates from the word table --------------------------------------------------------


def _matching_ids(
    query: Query, *, need: int, scope: Q | None = None, limit: int | None = CANDIDATES
) -> list[int]:
    """Entries whose words meet at least ``need`` of the query's words, most met first:
    one grouped read of the word table's index."""
    every = set().union(*query.slots)
    slot = Case(
        *[When(token__in=sorted(words), then=Value(i)) for i, words in enumerate(query.slots)],
        output_field=IntegerField(),
    )
    words = OrganisationToken.objects.filter(token__in=sorted(every))
    if scope is not None:
        words = words.filter(scope)
    rows = (
        words.values("organisation_id")
        .annotate(met=Count(slot, distinct=True))
        .filter(met__gte=need)
        .order_by("-met", "organisation_id")
        .values_list("organisation_id", flat=True)
    )
    return list(rows[:limit] if limit else rows)


# --- what is found -------------------------------------------------------------------------

PARTNER, TOWN, DISTRICT, ELSEWHERE = 0, 1, 2, 3


@dataclass
class Found:
    """A register entry a name may mean, with how alike and how near to the work it is."""

    organisation: Organisation
    similarity: float  # 0..1, the two names as a whole
    coverage: float = 1.0  # share of the typed words found in the entry's name
    tier: int = ELSEWHERE  # PARTNER, TOWN, DISTRICT or ELSEWHERE for the project
    contact: NetworkContact | None = None  # the project's network contact with it
    places: str = "open"  # same / open / different (contacts.names.places_relation)
    preselected: bool = False  # the import's best candidate, chosen unless changed
    confident: bool = False  # the same organisation for sure (same place, same name)

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)

    @property
    def is_partner(self) -> bool:
        return self.contact is not None


def _tier(
    organisation: Organisation, project: Project | None, partners: dict, town: frozenset[str]
) -> int:
    if project is None:
        return ELSEWHERE
    if organisation.pk in partners:
        return PARTNER
    if town & organisation.read_name().places:
        return TOWN
    if project.district and organisation.district == project.district:
        return DISTRICT
    return ELSEWHERE


def _found(
    query_name: names.Name,
    ids: Sequence[int],
    *,
    project: Project | None,
    typed: bool,
) -> list[Found]:
    organisations = Organisation.objects.filter(
        pk__in=list(dict.fromkeys(ids)), merged_into__isnull=True
    ).select_related("organisation_type")
    partners = (
        {
            c.organisation_id: c
            for c in NetworkContact.objects.filter(project=project, organisation__in=list(ids))
        }
        if project is not None and ids
        else {}
    )
    town = names.read_place(project.place) if project is not None else frozenset()
    found = []
    for organisation in organisations:
        comparison = names.compare(query_name, organisation.read_name(), a_is_typed=typed)
        found.append(
            Found(
                organisation,
                comparison.score,
                comparison.coverage,
                _tier(organisation, project, partners, town),
                partners.get(organisation.pk),
                comparison.places,
            )
        )
    return found


def _rank(found: Found) -> tuple:
    # Whole matches before partial ones; among them the project's partners, its town, its
    # district, the rest; then the closest name.
    return (
        found.coverage < 0.99,
        found.places == "different",
        found.tier,
        -round(found.similarity, 2),
        found.organisation.name,
    )


def suggest(
    text: str, *, project: Project | None = None, limit: int = 8, typed: bool = True
) -> list[Found]:
    """Register entries for a name being typed (``typed``) or entered, best first for the
    person at work: all words met before some, then the project's partners, its town and
    district, the rest; closest name first. Nothing for less than three letters, only
    punctuation or nothing known."""
    query = _read_query(text, typed=typed)
    if query is None:
        return []
    need = len(query.slots) - (1 if len(query.slots) >= 3 else 0)
    ids: list[int] = []
    if project is not None:
        partners = NetworkContact.objects.filter(project=project).values("organisation_id")
        ids += _matching_ids(query, need=need, scope=Q(organisation_id__in=partners))
        town = fold(project.place)
        ids += _matching_ids(query, need=need, scope=Q(city=town)) if town else []
    if len(set(ids)) < limit or need < len(query.slots):
        # The rest of the register only where the project's own are not enough.
        ids += _matching_ids(query, need=need)
    found = [
        f
        for f in _found(query.name, ids, project=project, typed=typed)
        if f.coverage >= 0.6 and f.similarity >= 0.3
    ]
    found.sort(key=_rank)
    return found[:limit]


def search_ids(text: str, *, limit: int = 2000, ranked: int = 300) -> list[int]:
    """The entries a search means – every word, in any order, begun, misspelt or without
    umlauts – closest first (the first ``ranked`` of them compared in full)."""
    query = _read_query(text, typed=False, all_beginnings=True)
    if query is None:
        return []
    # Every word – but a qualifier the entry may leave out ("Staatl.", "Ev.", "Kreis-").
    need = max(1, sum(1 for slot in query.slots if not slot & names.OPTIONAL))
    ids = _matching_ids(query, need=need, limit=limit)
    if not ids:
        return []
    head = []
    for organisation in Organisation.objects.filter(
        pk__in=ids[:ranked], merged_into__isnull=True
    ).only("pk", "name", "city"):
        read = organisation.read_name()
        coverage = names.containment(query.name, read)
        if coverage >= SEARCH_COVERAGE:
            score = names.compare(query.name, read, a_is_typed=True).score
            head.append((-round(coverage, 2), -round(score, 2), organisation.name, organisation.pk))
    head.sort()
    return [pk for *_rest, pk in head] + ids[ranked:]


SEARCH_COVERAGE = 0.8  # share of a search's words an entry must show
# Entries of a list search the recogniser hands on, best first (a bounded candidate set:
# the best by the cheap key of words met in SQL, the first ``ranked`` of them exactly).
SEARCH_CANDIDATES = 500


def rank_order(ids: Sequence[int], field_name: str = "organisation_id", top: int = 60) -> Case:
    """An ORDER BY expression putting ``ids`` first: in their order where they are few,
    else the closest ``top`` before the rest (one hashed IN per row, not a CASE arm per
    entry over thousands of rows of a broad search)."""
    if len(ids) <= top:
        whens = [When(**{field_name: pk}, then=Value(i)) for i, pk in enumerate(ids)]
    else:
        whens = [When(**{f"{field_name}__in": list(ids[:top])}, then=Value(0))]
    return Case(*whens, default=Value(top + 1), output_field=IntegerField())


# --- the import ----------------------------------------------------------------------------


@dataclass
class ImportMatch:
    organisation: Organisation | None = None  # taken: a confident match
    candidates: list[Found] = field(default_factory=list)  # doubtful: asked, first preselected


def row_key(name: str) -> str:
    """Rows of one list with this key and the same or no place are one organisation."""
    read = names.read(name, "", lexicon())
    return f"{read.key}|{' '.join(sorted(read.places))}"


def match_for_import(rows: Sequence[tuple[str, str]], *, project: Project) -> list[ImportMatch]:
    """Each (name, place) of an imported list against the register, in one read of the
    recogniser's key: the same name after normalising in the same place (or this project's
    partner, or the one entry of exactly this spelling) is taken; the same name whose place
    is open is asked, the best candidate – own project, own town – first."""
    read = [names.read(name, city, lexicon()) for name, city in rows]
    keys = {r.key for r in read if r.key}
    register: dict[str, list[Organisation]] = {}
    if keys:
        for organisation in Organisation.objects.filter(
            match_key__in=text_in(keys), merged_into__isnull=True
        ):
            register.setdefault(organisation.match_key, []).append(organisation)
    found_ids = [o.pk for group in register.values() for o in group]
    partners = {
        c.organisation_id: c
        for c in NetworkContact.objects.filter(project=project, organisation__in=found_ids)
    } if found_ids else {}  # fmt: skip
    town = names.read_place(project.place)
    matches = []
    for (name, city), row in zip(rows, read, strict=True):
        match = ImportMatch()
        matches.append(match)
        found = []
        for organisation in register.get(row.key, []) if row.key else []:
            relation = names.relation_of(row, organisation.read_name())
            if relation == "different":
                continue
            tier = _tier(organisation, project, partners, town)
            confident = not other_town(city, organisation) and (
                relation == "same"
                or tier == PARTNER
                or organisation.normalised_name == identity_of(name, city)
                or (  # the one entry of this name, written alike
                    len(register[row.key]) == 1
                    and identity_of(organisation.name) == identity_of(name)
                )
            )
            found.append(
                Found(
                    organisation,
                    1.0,
                    1.0,
                    tier,
                    partners.get(organisation.pk),
                    relation,
                    confident=confident,
                )  # fmt: skip
            )
        found.sort(key=lambda f: (not f.confident, f.places != "same", f.tier, f.organisation.pk))
        if found and found[0].confident:
            match.organisation = found[0].organisation
        elif found:
            found[0].preselected = not other_town(city, found[0].organisation)
            match.candidates = found[:3]
    _short_forms(rows, read, matches, project=project, partners=partners, town=town)
    return matches


SHORT_FORM_ROWS = 200  # rows looked up together for their short forms


def _short_forms(
    rows: Sequence[tuple[str, str]],
    read: list[names.Name],
    matches: list[ImportMatch],
    *,
    project: Project,
    partners: dict,
    town: frozenset[str],
) -> None:
    """Rows the key did not find that are a register entry written shorter, in the same
    town ("AWO Sonneberg" → "AWO Ortsverein Sonneberg e. V."): the town's only such entry
    is taken where it only adds its level, branch or parent ("Ortsverein", "Filiale",
    "Stadtverwaltung"), asked and preselected where it adds other words; several such
    entries are asked, none preselected. One indexed read per ``SHORT_FORM_ROWS`` rows."""
    open_rows = [
        i
        for i, (match, row) in enumerate(zip(matches, read, strict=True))
        if match.organisation is None and not match.candidates and row.core and _towns(row)
    ]
    # Only rows whose every word the register uses (one read of the word table): a list's
    # new organisations mostly have a word of their own.
    words = {w for i in open_rows for w in read[i].core}
    known: set[str] = set()
    listed = sorted(words)
    for start in range(0, len(listed), 5000):
        known |= set(
            NameToken.objects.filter(token__in=text_in(listed[start : start + 5000])).values_list(
                "token", flat=True
            )
        )
    open_rows = [i for i in open_rows if set(read[i].core) <= known]
    for start in range(0, len(open_rows), SHORT_FORM_ROWS):
        chunk = open_rows[start : start + SHORT_FORM_ROWS]
        # Each row by its longest (rarest) word, in the entries of the rows' towns.
        rarest = {i: max(read[i].core, key=len) for i in chunk}
        towns = {t for i in chunk for t in _towns(read[i])}
        in_towns = OrganisationToken.objects.filter(token__in=sorted(towns)).values(
            "organisation_id"
        )
        having: dict[str, list[int]] = {}
        for pk, token in OrganisationToken.objects.filter(
            token__in=sorted(set(rarest.values())), organisation_id__in=in_towns
        ).values_list("organisation_id", "token")[: SHORT_FORM_ROWS * SHORT_FORM_CANDIDATES]:
            having.setdefault(token, []).append(pk)
        wanted = {
            i: having[rarest[i]]
            for i in chunk
            if 0 < len(having.get(rarest[i], ())) <= SHORT_FORM_CANDIDATES
        }
        entries = (
            Organisation.objects.filter(
                pk__in={pk for pks in wanted.values() for pk in pks}, merged_into__isnull=True
            )
            .only("pk", "name", "city", "district")
            .in_bulk()
        )
        for i, pks in wanted.items():
            row, (_name, city) = read[i], rows[i]
            found = []
            for pk in sorted(pks):
                organisation = entries.get(pk)
                if organisation is None:
                    continue
                entry = organisation.read_name()
                kind = names.short_form(row, entry)
                if (
                    kind
                    and names.relation_of(row, entry) == "same"
                    and not other_town(city, organisation)
                ):
                    tier = _tier(organisation, project, partners, town)
                    similarity = names.compare(row, entry).score
                    found.append(
                        Found(organisation, similarity, 1.0, tier, None, "same",
                              confident=kind == "qualifiers")
                    )  # fmt: skip
            if len(found) == 1 and found[0].confident:
                matches[i].organisation = found[0].organisation
            elif found:
                found.sort(key=lambda f: (f.tier, -f.similarity, f.organisation.pk))
                found[0].preselected = len(found) == 1
                matches[i].candidates = found[:3]


SHORT_FORM_CANDIDATES = 40  # entries of a row's towns with its rarest word, at most


def _towns(name: names.Name) -> set[str]:
    return {
        key
        for key in name.places
        if key not in names.PLACE_BY_KEY or not names.PLACE_BY_KEY[key].is_district
    }


def other_town(city: str, organisation: Organisation) -> bool:
    """Whether a row's given place and a register entry's place are different towns: never
    taken nor preselected, whatever the names say ("AWO Ortsverein Sonneberg" in Suhl)."""
    if not city or not organisation.city or organisation.read_name().statewide:
        return False  # a body of the Land is the Land's wherever its address is
    row_places = names.read_place(city)
    return names.places_relation(row_places, names.read_place(organisation.city)) == "different"


def similar_for_import(name: str, city: str, *, project: Project | None) -> list[Found]:
    """Near matches for an imported row the register has no confident match for: never an
    entry in another place, nor one that shares only the place; the best – own project,
    own town – preselected when it is close."""
    row = names.read(name, city, lexicon())
    found = [
        f
        for f in suggest(f"{name} {city}".strip(), project=project, limit=8, typed=False)
        if names.relation_of(row, f.organisation.read_name()) != "different" and f.similarity >= 0.5
    ]
    found.sort(key=lambda f: (-round(f.similarity, 1), f.tier, f.organisation.name))
    if found and found[0].similarity >= names.SAME and not other_town(city, found[0].organisation):
        found[0].preselected = True
    return found[:3]


# --- duplicates in the register ------------------------------------------------------------


@dataclass
class DuplicatePair:
    first: Organisation
    second: Organisation
    similarity: float

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def duplicate_pairs(
    *, limit: int = 10, groups: int = 200, recent: int = 100
) -> list[DuplicatePair]:
    """Pairs of live entries that could be one, closest first: the same key (words in any
    order, abbreviations and legal forms aside), and the ``recent`` newest entries against
    the entries sharing their rarest words or their small town's name – compared by the
    recogniser, so a typo, an abbreviation or a qualifier left out pairs too. Only the same
    place or none: ten bakeries in ten towns are ten bakeries. Bounded work: one grouped
    read per source, at most ``DUPLICATE_TOKEN_ENTRIES`` entries per shared word."""
    keys = (
        Organisation.objects.filter(merged_into__isnull=True)
        .exclude(match_key="")
        .values("match_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("-n", "match_key")
        .values_list("match_key", flat=True)[:groups]
    )
    entries: dict[str, list[Organisation]] = {}
    for organisation in Organisation.objects.filter(
        match_key__in=list(keys), merged_into__isnull=True
    ).order_by("pk"):
        entries.setdefault(organisation.match_key, []).append(organisation)
    candidates: list[tuple[Organisation, Organisation]] = [
        (first, second)
        for group in entries.values()
        for i, first in enumerate(group[:20])
        for second in group[i + 1 : 20]
    ]
    candidates += _recent_candidates(recent)
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for first, second in candidates:
        if first.pk > second.pk:
            first, second = second, first
        if (first.pk, second.pk) in pairs:
            continue
        comparison = names.compare(first.read_name(), second.read_name())
        if comparison.same:
            closeness = fuzz.ratio(fold(first.name), fold(second.name)) / 100
            pairs[first.pk, second.pk] = DuplicatePair(
                first, second, (comparison.score + closeness) / 2
            )
    ranked = sorted(
        pairs.values(), key=lambda p: (-p.similarity, p.first.name, p.first.pk, p.second.pk)
    )
    return ranked[:limit]


DUPLICATE_TOKEN_ENTRIES = 50  # a word shared by more entries says too little to pair by it


def _recent_candidates(recent: int) -> list[tuple[Organisation, Organisation]]:
    """The newest entries, each with the entries sharing one of its two longest words or
    its place (where few entries share it)."""
    newest = list(Organisation.objects.filter(merged_into__isnull=True).order_by("-pk")[:recent])
    wanted: dict[int, set[str]] = {}
    for organisation in newest:
        read = organisation.read_name()
        rare = sorted(
            (w for w in set(read.core) if not w.isdigit() and w not in names.OPTIONAL),
            key=lambda w: (-len(w), w),
        )[:2]
        wanted[organisation.pk] = {*rare, *read.places}
    tokens = sorted({t for words in wanted.values() for t in words})
    if not tokens:
        return []
    counted = (
        OrganisationToken.objects.filter(token__in=tokens)
        .values("token")
        .annotate(n=Count("organisation_id"))
        .filter(n__lte=DUPLICATE_TOKEN_ENTRIES, n__gt=1)
        .values_list("token", flat=True)
    )
    having: dict[str, set[int]] = {}
    for pk, token in OrganisationToken.objects.filter(token__in=list(counted)).values_list(
        "organisation_id", "token"
    ):
        having.setdefault(token, set()).add(pk)
    others = {
        pk for organisation in newest for t in wanted[organisation.pk] for pk in having.get(t, ())
    }
    loaded = Organisation.objects.filter(pk__in=sorted(others), merged_into__isnull=True).in_bulk()
    return [
        (organisation, loaded[pk])
        for organisation in newest
        for pk in sorted({p for t in wanted[organisation.pk] for p in having.get(t, ())})
        if pk != organisation.pk and pk in loaded
    ]


def merge_candidates(organisation: Organisation, *, limit: int = 5) -> list[Found]:
    """Entries ``organisation`` could be merged into: alike and not in another place."""
    own = organisation.read_name()
    found = [
        f
        for f in suggest(" ".join([*own.core, *sorted(own.places)]), limit=limit + 5, typed=False)
        if f.organisation.pk != organisation.pk
        and names.relation_of(own, f.organisation.read_name()) != "different"
    ]
    return found[:limit]


def shares_more_than_the_place(name: str, city: str, organisation: Organisation) -> bool:
    """Whether an imported (name, place) and a register entry share more than their place
    and legal form: "Tafel Sonneberg e. V." and "Kita Sonneberg e. V." do not."""
    comparison = names.compare(names.read(name, city, lexicon()), organisation.read_name())
    return comparison.places != "different" and comparison.score >= NEAR_MATCH


NEAR_MATCH = 0.5  # similarity from which an entry is offered to an import as "the same?"
