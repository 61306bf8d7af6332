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

import networkx as nx
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from contacts.models import NetworkContact, Organisation, RelatedProgramme, Sector
from contacts.querysets import months_before
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
class ProjectNetwork:
    project: Project
    day: datetime.date
    period: Period | None
    sectors: list[SectorInfo]
    partners: list[Partner]  # active at ``day`` and ended in the period, closest first
    previous_ids: set[int] = field(default_factory=set)  # organisations active before

    @property
    def active(self) -> list[Partner]:
        return [p for p in self.partners if not p.is_ended]

    @property
    def ended(self) -> list[Partner]:
        return [p for p in self.partners if p.is_ended]

    @property
    def new(self) -> list[Partner]:
        return [p for p in self.partners if p.is_new]

    @property
    def dormant(self) -> list[Partner]:
        return [p for p in self.partners if p.is_dormant]

    def ring_counts(self) -> list[tuple[str, int]]:
        counts = Counter(p.ring for p in self.active)
        return [(str(label), counts[index]) for index, (_b, label) in enumerate(RINGS)]

    def sector_counts(self) -> list[tuple[SectorInfo, int]]:
        counts = Counter(p.sector for p in self.active)
        return [(s, counts[s.pk]) for s in self.sectors]

    @property
    def measures(self) -> ProjectMeasures:
        return project_measures(self)


def project_network(project: Project, day: datetime.date, period: Period | None) -> ProjectNetwork:
    """The project's partners at the end of ``day``: those active then, and those that ended
    in ``period`` (marked), each with its closeness from the recorded work."""
    known = sectors()
    contacts = NetworkContact.objects.filter(project=project).order_by()
    active_ids = set(contacts.active_at(day).values_list("pk", flat=True))
    ended_ids: set[int] = set()
    new_ids: set[int] = set()
    if period is not None:
        ended_ids = set(contacts.ended_in(period.start, day).values_list("pk", flat=True))
        new_ids = set(contacts.new_in(period.start, day).values_list("pk", flat=True))
    dormant_ids = set(contacts.dormant_at(day).values_list("pk", flat=True))
    ids = active_ids | ended_ids
    recent_from = months_before(day, RECENT_MONTHS)
    history = {
        row["network_contact"]: row
        # By project, not by a list of ids: no IN list of thousands at 100,000 contacts.
        for row in NetworkContact.interactions.rel.related_model.objects.filter(
            network_contact__project=project, date__lte=day
        )
        .order_by()
        .values("network_contact")
        .annotate(recent=Count("pk", filter=Q(date__gt=recent_from)), last=Max("date"))
    }
    through = NetworkContact.cooperation_forms.through
    forms = dict(
        through.objects.filter(networkcontact__project=project)
        .order_by()
        .values("networkcontact_id")
        .annotate(n=Count("pk"))
        .values_list("networkcontact_id", "n")
    )
    partners = []
    for row in contacts.values(
        "pk",
        "organisation_id",
        "organisation__name",
        "organisation__organisation_type__label",
        "organisation__organisation_type__sector",
        "organisation__related_programme",
        "in_steering_group",
    ):
        if row["pk"] not in ids:
            continue  # neither active at the day nor ended in the period
        seen = history.get(row["pk"], {})
        last = seen.get("last")
        partner = Partner(
            contact_id=row["pk"],
            organisation_id=row["organisation_id"],
            name=row["organisation__name"],
            type_label=row["organisation__organisation_type__label"],
            sector=_sector_key(row["organisation__organisation_type__sector"], known),
            steering=row["in_steering_group"],
            forms=forms.get(row["pk"], 0),
            contacts_recent=seen.get("recent", 0),
            last_contact=last,
            related_programme=row["organisation__related_programme"],
            is_new=row["pk"] in new_ids,
            is_ended=row["pk"] in ended_ids and row["pk"] not in active_ids,
            is_dormant=row["pk"] in dormant_ids,
        )
        months_since = None if last is None else _months_between(last, day)
        partner.score = closeness(
            contacts_recent=partner.contacts_recent,
            months_since=months_since,
            forms=partner.forms,
            steering=partner.steering,
        )
        partner.ring = len(RINGS) - 1 if partner.is_ended else ring_of(partner.score)
        partners.append(partner)
    partners.sort(key=lambda p: (p.is_ended, -p.score, p.name.casefold(), p.contact_id))
    network = ProjectNetwork(project, day, period, known, partners)
    if period is not None:
        before = period.start - datetime.timedelta(days=1)
        network.previous_ids = set(
            contacts.active_at(before).values_list("organisation_id", flat=True)
        )
    return network


def _months_between(earlier: datetime.date, later: datetime.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (later.day < earlier.day)


# --- measures (docs/network-measures.md) ---------------------------------------------------


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


def blau_index(counts: list[int]) -> float:
    total = sum(counts)
    if not total:
        return 0.0
    return 1 - sum((n / total) ** 2 for n in counts)


def project_measures(network: ProjectNetwork) -> ProjectMeasures:
    active = network.active
    by_sector = Counter(p.sector for p in active)
    now = {p.organisation_id for p in active}
    jaccard = None
    if network.period is not None:
        union = now | network.previous_ids
        jaccard = len(now & network.previous_ids) / len(union) if union else 1.0
    ties = Counter(p.related_programme for p in active if p.related_programme)
    return ProjectMeasures(
        size=len(active),
        sectors_covered=len(by_sector),
        sectors_total=len(network.sectors),
        blau=round(blau_index(list(by_sector.values())), 2),
        multiplexity=round(sum(p.forms for p in active) / len(active), 2) if active else 0.0,
        new=len(network.new),
        ended=len(network.ended),
        dormant=len([p for p in active if p.is_dormant]),
        jaccard=None if jaccard is None else round(jaccard, 2),
        dormant_share=round(len([p for p in active if p.is_dormant]) / len(active), 2)
        if active
        else 0.0,
        ties={value: ties[value] for value in RelatedProgramme.values},
    )


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
    ranked = list(
        active.values("organisation")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("-n", Lower("organisation__name"), "organisation")
        .values_list("organisation", flat=True)[:shared_limit]
    )
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
