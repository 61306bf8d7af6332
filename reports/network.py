"""Network evaluation (issue 30): each project's partners at a day with their closeness, and
the programme's two-mode network projects × organisations, with the measures of
docs/network-measures.md computed by networkx.

Every count asks the named figures of ``contacts.querysets`` (active at a day, new and ended
in a period, dormant), so the map, the Übersicht and the workbook say the same numbers.
The organisation type and the forms of cooperation are read as they are today (the history
of the vocabularies is not replayed for the map); begin, end and contacts are dated.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from contacts.models import Interaction, NetworkContact, Organisation, RelatedProgramme, Sector
from contacts.querysets import began_within, months_before
from projects.models import Project
from reports.periods import Period

TIE_LABELS = {"thilik": _("ThILIK"), "planning": _("Planungskoordination")}  # short, for figures
RECENT_MONTHS = 12  # "contacts in the last 12 months" of the closeness score

# Rings from the inside out: the closeness score's lower bound for each.
RINGS = [
    (6, _("eng")),
    (3, _("regelmäßig")),
    (0, _("lose")),
]


def ring_of(score: int) -> int:
    """0 (innermost) to 2 (outermost) for a closeness score."""
    for index, (bound, _label) in enumerate(RINGS):
        if score >= bound:
            return index
    return len(RINGS) - 1


def closeness(*, contacts_recent: int, months_since: int | None, forms: int, steering: bool) -> int:
    """Closeness 0–9 from the recorded work: contacts in the last 12 months (0–3), recency
    of the last contact (0–2), number of forms of cooperation (0–2), steering-group seat (2)."""
    score = (
        0
        if contacts_recent == 0
        else 1
        if contacts_recent <= 2
        else 2
        if contacts_recent <= 5
        else 3
    )
    if months_since is not None:
        score += 2 if months_since < 3 else 1 if months_since < RECENT_MONTHS else 0
    score += 0 if forms == 0 else 1 if forms <= 2 else 2
    score += 2 if steering else 0
    return score


@dataclass(frozen=True)
class SectorInfo:
    pk: int | None
    label: str
    code: str


def sectors() -> list[SectorInfo]:
    """The sectors in their order; organisation types without one fall under "Sonstige"."""
    found = [SectorInfo(s.pk, s.label, s.code) for s in Sector.objects.filter(is_active=True)]
    if not any(s.code == "sonstige" for s in found):
        found.append(SectorInfo(None, str(_("Sonstige")), "sonstige"))
    return found


def _sector_key(sector_id: int | None, known: list[SectorInfo]) -> int | None:
    ids = {s.pk for s in known}
    if sector_id in ids:
        return sector_id
    return next(s.pk for s in known if s.code == "sonstige")


MAP_PARTNERS = 40  # the map's partners, closest first; the table and the sentence say how many


@dataclass
class Partner:
    contact_id: int
    organisation_id: int
    name: str
    type_label: str
    sector: int | None
    steering: bool
    forms: int
    contacts_recent: int
    last_contact: datetime.date | None
    related_programme: str
    is_new: bool = False
    is_ended: bool = False
    is_dormant: bool = False
    score: int = 0
    ring: int = 0

    @property
    def state(self) -> str:
        if self.is_ended:
            return "ended"
        if self.is_new:
            return "new"
        if self.is_dormant:
            return "dormant"
        return ""


@dataclass
class ProjectMeasures:
    size: int
    sectors_covered: int
    sectors_total: int
    blau: float  # 1 - sum of squared sector shares: 0 one sector only, towards 1 even spread
    multiplexity: float  # forms of cooperation per active partner
    new: int
    ended: int
    dormant: int
    jaccard: float | None  # partners at the period's start vs its end; None without period
    dormant_share: float
    ties: dict[str, int]  # related programme -> active partners of it


@dataclass
class ProjectNetwork:
    """A project's network at ``day``: its measures counted over every partner in the
    database, and the ``partners`` the map shows – the closest first, at most the limit
    ``project_network`` was asked for (``total`` says how many there are)."""

    project: Project
    day: datetime.date
    period: Period | None
    sectors: list[SectorInfo]
    partners: list[Partner]  # active at ``day`` and ended in the period, closest first
    total: int  # all partners: active at ``day`` and ended in the period
    measures: ProjectMeasures
    rings: list[int] = field(default_factory=list)  # active partners per ring, inside out
    by_sector: dict[int | None, int] = field(default_factory=dict)  # active per sector

    def ring_counts(self) -> list[tuple[str, int]]:
        return [(str(label), self.rings[index]) for index, (_b, label) in enumerate(RINGS)]

    def sector_counts(self) -> list[tuple[SectorInfo, int]]:
        return [(s, self.by_sector.get(s.pk, 0)) for s in self.sectors]


def _count_of(queryset: QuerySet[Any]) -> Subquery:
    """A correlated COUNT(*) without GROUP BY (answered from the index of the relation)."""
    return Subquery(
        queryset.order_by()
        .annotate(n=Func(template="COUNT(*)", output_field=IntegerField()))
        .values("n")
    )


def _scored(contacts: QuerySet[NetworkContact], day: datetime.date) -> QuerySet[Any]:
    """``contacts`` with the parts of ``closeness`` and its score as SQL expressions (the
    same steps as the function: tests/reports/test_project_map_sql.py compares them)."""
    interactions = Interaction.objects.filter(network_contact=OuterRef("pk"), date__lte=day)
    recent_from = months_before(day, RECENT_MONTHS)
    through = NetworkContact.cooperation_forms.through
    return contacts.annotate(
        recent=_count_of(interactions.filter(date__gt=recent_from)),
        last=Subquery(interactions.order_by("-date").values("date")[:1]),
        forms=_count_of(through.objects.filter(networkcontact_id=OuterRef("pk"))),
    ).annotate(
        score=Case(
            When(recent=0, then=Value(0)),
            When(recent__lte=2, then=Value(1)),
            When(recent__lte=5, then=Value(2)),
            default=Value(3),
        )
        # months since the last contact < 3 (< 12): the last contact after the same day
        # three (twelve) months before – _months_between counts whole months the same way.
        + Case(
            When(last__gt=months_before(day, 3), then=Value(2)),
            When(last__gt=recent_from, then=Value(1)),
            default=Value(0),
        )
        + Case(When(forms=0, then=Value(0)), When(forms__lte=2, then=Value(1)), default=Value(2))
        + Case(When(in_steering_group=True, then=Value(2)), default=Value(0)),
    )


def _ring_expression() -> Case:
    bounds = [When(score__gte=bound, then=Value(index)) for index, (bound, _l) in enumerate(RINGS)]
    return Case(*bounds, default=Value(len(RINGS) - 1))


def project_network(
    project: Project,
    day: datetime.date,
    period: Period | None,
    *,
    limit: int | None = MAP_PARTNERS,
) -> ProjectNetwork:
    """The project's partners at the end of ``day``: those active then, and those that ended
    in ``period`` (marked), each with its closeness from the recorded work.

    The measures are counted grouped in the database over every partner; Python reads only
    the ``limit`` closest partners (None: all of them), so the map's time does not grow with
    the size of the network."""
    known = sectors()
    contacts = NetworkContact.objects.filter(project=project).order_by()
    active = contacts.active_at(day)
    ended = contacts.ended_in(period.start, day) if period is not None else contacts.none()
    dormant = contacts.dormant_at(day)
    # Ended in the period means "beendet am" up to ``day``: never active at ``day`` as well.
    shown = contacts.filter(Q(pk__in=active.values("pk")) | Q(pk__in=ended.values("pk")))
    by_sector: Counter[int | None] = Counter()
    rings = [0] * len(RINGS)
    forms_total = 0
    for sector_id, ring, n, forms in (
        _scored(active, day)
        .annotate(ring=_ring_expression())
        .values("organisation__organisation_type__sector", "ring")
        .annotate(n=Count("pk"), forms_sum=Sum("forms"))
        .values_list("organisation__organisation_type__sector", "ring", "n", "forms_sum")
    ):
        by_sector[_sector_key(sector_id, known)] += n
        rings[ring] += n
        forms_total += forms or 0
    size = sum(rings)
    ties = Counter(
        dict(
            active.exclude(organisation__related_programme="")
            .values("organisation__related_programme")
            .annotate(n=Count("pk"))
            .values_list("organisation__related_programme", "n")
        )
    )
    dormant_count = dormant.count()
    new_count = ended_count = 0
    jaccard = None
    if period is not None:
        ended_count = ended.count()
        new_count = shown.new_in(period.start, day).count()
        before = contacts.active_at(period.start - datetime.timedelta(days=1))
        previous = before.count()  # one contact per organisation and project
        both = active.filter(organisation__in=before.values("organisation_id")).count()
        union = size + previous - both
        jaccard = both / union if union else 1.0
    measures = ProjectMeasures(
        size=size,
        sectors_covered=len([n for n in by_sector.values() if n]),
        sectors_total=len(known),
        blau=round(blau_index(list(by_sector.values())), 2),
        multiplexity=round(forms_total / size, 2) if size else 0.0,
        new=new_count,
        ended=ended_count,
        dormant=dormant_count,
        jaccard=None if jaccard is None else round(jaccard, 2),
        dormant_share=round(dormant_count / size, 2) if size else 0.0,
        ties={value: ties[value] for value in RelatedProgramme.values},
    )
    return ProjectNetwork(
        project=project,
        day=day,
        period=period,
        sectors=known,
        partners=_closest(shown, day, period, dormant, known, limit),
        total=size + ended_count,
        measures=measures,
        rings=rings,
        by_sector=dict(by_sector),
    )


def _closest(
    shown: QuerySet[NetworkContact],
    day: datetime.date,
    period: Period | None,
    dormant: QuerySet[NetworkContact],
    known: list[SectorInfo],
    limit: int | None,
) -> list[Partner]:
    """The ``limit`` closest of ``shown`` (ended ones last), closeness computed in SQL."""
    no: Value = Value(False)
    rows = (
        _scored(shown, day)
        .annotate(
            is_ended=no
            if period is None
            else Case(When(ended_on__range=(period.start, day), then=Value(True)), default=no),
            is_new=no
            if period is None
            else Case(When(began_within(period.start, day), then=Value(True)), default=no),
            is_dormant=Case(
                When(pk__in=dormant.values("pk"), then=Value(True)), default=Value(False)
            ),
        )
        .order_by("is_ended", "-score", Lower("organisation__name"), "pk")
        .values_list(
            "pk",
            "organisation_id",
            "organisation__name",
            "organisation__organisation_type__label",
            "organisation__organisation_type__sector",
            "organisation__related_programme",
            "in_steering_group",
            "forms",
            "recent",
            "last",
            "is_new",
            "is_ended",
            "is_dormant",
            "score",
        )
    )
    partners = []
    for row in rows if limit is None else rows[:limit]:
        (pk, organisation_id, name, type_label, sector, programme, steering) = row[:7]
        (forms, recent, last, is_new_row, is_ended_row, is_dormant_row, score) = row[7:]
        partners.append(
            Partner(
                contact_id=pk,
                organisation_id=organisation_id,
                name=name,
                type_label=type_label,
                sector=_sector_key(sector, known),
                steering=steering,
                forms=forms or 0,
                contacts_recent=recent or 0,
                last_contact=last,
                related_programme=programme,
                is_new=bool(is_new_row),
                is_ended=bool(is_ended_row),
                is_dormant=bool(is_dormant_row),
                score=score,
                ring=len(RINGS) - 1 if is_ended_row else ring_of(score),
            )
        )
    # The database chose them by the lowercased name; the page orders ties as Python does.
    partners.sort(key=lambda p: (p.is_ended, -p.score, p.name.casefold(), p.contact_id))
    return partners


def blau_index(counts: list[int]) -> float:
    total = sum(counts)
    if not total:
        return 0.0
    return 1 - sum((n / total) ** 2 for n in counts)


# --- the programme: projects × organisations ------------------------------------------------


@dataclass
class ProgrammeNetwork:
    day: datetime.date
    projects: list[Project]
    sectors: list[SectorInfo]
    coverage: list[tuple[Project, list[int]]]  # per project: active partners per sector
    shared: list[tuple[Organisation, list[Project]]]  # by number of projects
    bridges: list[tuple[Organisation, list[tuple[Project, Project]]]]
    pairs: list[tuple[Project, Project, int, float]]  # shared partners, overlap 0–1
    ties: dict[str, list[Project]]  # related programme -> projects with an active tie
    size: dict[int, int]  # project -> active partners

    def tie_share(self, value: str) -> int:
        """Percent of projects with an active tie to the related programme."""
        if not self.projects:
            return 0
        return round(100 * len(self.ties.get(value, [])) / len(self.projects))

    @property
    def tie_figures(self) -> list[tuple[str, str, int, int]]:
        return [
            (value, str(TIE_LABELS[value]), len(self.ties.get(value, [])), self.tie_share(value))
            for value in RelatedProgramme.values
        ]


def programme_network(
    projects: QuerySet[Project], day: datetime.date, *, shared_limit: int = 60
) -> ProgrammeNetwork:
    """The two-mode network at ``day``. Only organisations tied to two or more projects
    enter the graph: they alone make the projection, so the graph grows with the sharing,
    not with the data."""
    project_list = list(projects.order_by("name"))
    by_pk = {p.pk: p for p in project_list}
    known = sectors()
    active = NetworkContact.objects.filter(project__in=project_list).order_by().active_at(day)
    size = dict(active.values("project").annotate(n=Count("pk")).values_list("project", "n"))
    coverage_counts: dict[int, Counter] = defaultdict(Counter)
    for project_id, sector_id, n in (
        active.values("project", "organisation__organisation_type__sector")
        .annotate(n=Count("pk"))
        .values_list("project", "organisation__organisation_type__sector", "n")
    ):
        coverage_counts[project_id][_sector_key(sector_id, known)] += n
    coverage = [(p, [coverage_counts[p.pk][s.pk] for s in known]) for p in project_list]
    ties: dict[str, list[Project]] = defaultdict(list)
    for project_id, value in (
        active.exclude(organisation__related_programme="")
        .values_list("project", "organisation__related_programme")
        .distinct()
    ):
        ties[value].append(by_pk[project_id])
    # Organisations by the number of projects they work with (their degree in the two-mode
    # network), the first ``shared_limit`` only: counted in the database.
    ranked = _ranked_shared(active, shared_limit)
    # The projection onto the projects, weighted by shared partners: a self-join in the
    # database (its rows grow with the pairs of projects, not with the contacts).
    weighted = nx.Graph()
    weighted.add_nodes_from(f"p{p.pk}" for p in project_list)
    only_one: dict[int, list[tuple[Project, Project]]] = defaultdict(list)
    for first_id, second_id, weight, smallest in _shared_per_pair(active):
        weighted.add_edge(f"p{first_id}", f"p{second_id}", weight=weight)
        if weight == 1:  # the organisation that alone ties the pair: a bridge
            pair = sorted((by_pk[first_id], by_pk[second_id]), key=lambda p: p.name)
            only_one[smallest].append((pair[0], pair[1]))
    organisations = Organisation.objects.select_related("organisation_type").in_bulk(
        {*ranked, *only_one}
    )
    projects_of: dict[int, list[Project]] = defaultdict(list)
    for organisation_id, project_id in active.filter(organisation__in=ranked).values_list(
        "organisation", "project"
    ):
        projects_of[organisation_id].append(by_pk[project_id])
    shared = [(organisations[pk], sorted(projects_of[pk], key=lambda p: p.name)) for pk in ranked]
    pairs = []
    for a, b, data in weighted.edges(data=True):
        first, second = sorted((by_pk[int(a[1:])], by_pk[int(b[1:])]), key=lambda p: p.name)
        overlap = project_pair_overlap(
            size.get(first.pk, 0), size.get(second.pk, 0), data["weight"]
        )
        pairs.append((first, second, data["weight"], round(overlap, 2)))
    pairs.sort(key=lambda row: (-row[2], -row[3], row[0].name, row[1].name))
    bridges = sorted(
        (
            (organisations[pk], sorted(unique, key=lambda pair: (pair[0].name, pair[1].name)))
            for pk, unique in only_one.items()
        ),
        key=lambda row: (-len(row[1]), row[0].name.casefold()),
    )[:shared_limit]
    return ProgrammeNetwork(
        day=day,
        projects=project_list,
        sectors=known,
        coverage=coverage,
        shared=shared,
        bridges=bridges,
        pairs=pairs[:shared_limit],
        ties={value: ties.get(value, []) for value in RelatedProgramme.values},
        size=size,
    )


def _ranked_shared(active: QuerySet[NetworkContact], limit: int) -> list[int]:
    """The ``limit`` organisations active with the most projects (two or more), ties by
    lowercased name and id. Counted per organisation first; only the shared ones are joined
    to their names (joined before counting, every active contact read its organisation)."""
    sql, params = active.values_list("organisation_id").query.sql_with_params()
    organisations = connection.ops.quote_name(Organisation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH active (organisation_id) AS ({sql}), "  # noqa: S608 - our SQL
            "counted AS (SELECT organisation_id, COUNT(*) AS n FROM active "
            "GROUP BY organisation_id HAVING COUNT(*) >= 2) "
            f"SELECT c.organisation_id FROM counted c JOIN {organisations} o "
            "ON o.id = c.organisation_id ORDER BY c.n DESC, LOWER(o.name), c.organisation_id "
            "LIMIT %s",
            [*params, limit],
        )
        return [row[0] for row in cursor.fetchall()]


def _shared_per_pair(active: QuerySet[NetworkContact]) -> list[tuple[int, int, int, int]]:
    """Per pair of projects with shared active partners: both ids (the smaller first), how
    many organisations they share and the smallest of their ids. The join runs over the SQL
    of ``active`` – the one definition of "active at a day", not a copy of it."""
    sql, params = active.values_list("project_id", "organisation_id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH active (project_id, organisation_id) AS ({sql}) "  # noqa: S608 - our SQL
            "SELECT a.project_id, b.project_id, COUNT(*), MIN(a.organisation_id) "
            "FROM active a JOIN active b ON a.organisation_id = b.organisation_id "
            "AND a.project_id < b.project_id GROUP BY a.project_id, b.project_id",
            params,
        )
        return [tuple(row) for row in cursor.fetchall()]


def project_pair_overlap(size_a: int, size_b: int, shared: int) -> float:
    """Shared partners as a share of the smaller network (0–1): comparable across sizes."""
    smaller = min(size_a, size_b)
    return 0.0 if smaller == 0 else shared / smaller


# --- the workbook's sheet "Netzwerkentwicklung" ---------------------------------------------


@dataclass
class Development:
    """One project's network at the end of one period (grouped queries over all projects)."""

    active: int = 0
    new: int = 0
    ended: int = 0
    dormant: int = 0
    sectors: Counter = field(default_factory=Counter)
    ties: Counter = field(default_factory=Counter)

    @property
    def sectors_covered(self) -> int:
        return len([n for n in self.sectors.values() if n])

    @property
    def blau(self) -> float:
        return round(blau_index(list(self.sectors.values())), 2)


def development(projects: QuerySet[Project], period: Period) -> dict[int, Development]:
    """Per project id: active, new, ended, dormant, sectors and ties at the period's end."""
    known = sectors()
    contacts = NetworkContact.objects.filter(project__in=projects).order_by()
    found: dict[int, Development] = defaultdict(Development)
    active = contacts.active_at(period.end)
    for name, queryset in (
        ("active", active),
        ("new", contacts.new_in(period.start, period.end)),
        ("ended", contacts.ended_in(period.start, period.end)),
        ("dormant", contacts.dormant_at(period.end)),
    ):
        for project_id, n in (
            queryset.values("project").annotate(n=Count("pk")).values_list("project", "n")
        ):
            setattr(found[project_id], name, n)
    for project_id, sector_id, n in (
        active.values("project", "organisation__organisation_type__sector")
        .annotate(n=Count("pk"))
        .values_list("project", "organisation__organisation_type__sector", "n")
    ):
        found[project_id].sectors[_sector_key(sector_id, known)] += n
    for project_id, value, n in (
        active.exclude(organisation__related_programme="")
        .values("project", "organisation__related_programme")
        .annotate(n=Count("pk"))
        .values_list("project", "organisation__related_programme", "n")
    ):
        found[project_id].ties[value] += n
    return found
