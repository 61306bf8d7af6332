"""Reads of the contacts app: scoped, prefetched querysets shared by pages and exports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.contrib.auth.models import Group
from django.contrib.postgres.search import TrigramDistance
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.access import Action, User, contacts_for, is_coordination, memberships
from contacts.models import (
    ContactPerson,
    Interaction,
    NetworkContact,
    Organisation,
    normalise_name,
)
from core import changes
from projects.models import Membership, Project
from projects.roles import COORDINATION_GROUP
from projects.selectors import project_list


def contact_list(*, user: User) -> QuerySet[NetworkContact]:
    """The list page's and its downloads' rows: a fixed number of queries, whatever the
    number of rows (both show the fields of action, neither the forms of cooperation)."""
    return (
        contacts_for(user, Action.VIEW)
        .select_related("project", "organisation", "organisation__organisation_type")
        .prefetch_related("fields_of_action")
    )


HISTORY_SHOWN = 50


def _contact_history(contact: NetworkContact, *, with_persons: bool) -> list:
    """The contact's changes with what changed – and its persons' changes where the reader
    may see personal data (one extra version each, to compare the oldest shown with)."""
    entries = changes.describe(
        list(
            contact.history.select_related("history_user").order_by("-history_date")[
                : HISTORY_SHOWN + 1
            ]
        )
    )
    if with_persons:
        persons = changes.describe(
            list(
                ContactPerson.history.filter(network_contact_id=contact.pk)
                # An erased person (Art. 17) is gone from every page, its history too.
                .exclude(id__in=contact.persons.filter(erased_at__isnull=False).values("pk"))
                .select_related("history_user")
                .order_by("-history_date")[: HISTORY_SHOWN + 1]
            )
        )
        for entry in persons:
            entry.subject = _("Ansprechperson „%(name)s“") % {"name": entry.name}
        entries = sorted([*entries, *persons], key=lambda e: e.history_date, reverse=True)
    return entries[:HISTORY_SHOWN]


def _later_contact() -> Exists:
    """A contact with the same partner after this one (a later date, or the same date entered
    later): it settles this one's follow-up, which asked for exactly that."""
    return Exists(
        Interaction.objects.filter(
            Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk")),
            network_contact=OuterRef("network_contact"),
        )
    )


def contact_detail(*, contact: NetworkContact, with_persons: bool) -> dict:
    interactions = contact.interactions.select_related("channel", "created_by").annotate(
        follow_up_done=_later_contact()
    )
    persons = (
        contact.persons.filter(erased_at__isnull=True)
        if with_persons
        else ContactPerson.objects.none()
    )
    history = _contact_history(contact, with_persons=with_persons)
    return {
        "interactions": interactions,
        "persons": persons,
        "history": history,
        "fields_of_action": contact.fields_of_action.all(),
        "cooperation_forms": contact.cooperation_forms.all(),
    }


def steering_group(*, project) -> QuerySet[NetworkContact]:
    return (
        project.network_contacts.filter(in_steering_group=True, is_archived=False)
        .select_related("organisation", "organisation__organisation_type")
        .prefetch_related(
            Prefetch("persons", queryset=ContactPerson.objects.filter(is_active=True))
        )
        .order_by("-moderates_steering_group", "organisation__name")
    )


def organisation_register(*, query: str = "") -> QuerySet[Organisation]:
    organisations = (
        Organisation.objects.filter(merged_into__isnull=True)
        .select_related("organisation_type")
        .annotate(project_count=Count("network_contacts", distinct=True))
        .order_by("name")
    )
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(city__icontains=query) | Q(postcode__startswith=query)
        )
    return organisations


@dataclass(frozen=True)
class Suggestion:
    organisation: Organisation
    similarity: float  # 0..1

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)


def _score(a: str, b: str) -> float:
    tokens_a, tokens_b = set(a.split()), set(b.split())
    overlap = len(tokens_a & tokens_b) / max(1, min(len(tokens_a), len(tokens_b)))
    return max(SequenceMatcher(None, a, b).ratio(), 0.9 * overlap)


def _similar_on_postgresql(base: QuerySet, key: str, limit: int) -> list[Suggestion]:
    """Index reads that each stop after ``limit`` rows, so the time does not grow with the
    register (docs/performance.md): the name itself and names that begin with what was typed
    (btree), that contain it (GIN trigrams), and the nearest by trigram distance (GiST,
    ``<->``) for typos.
    Ranking every entry by similarity read the whole register: 63 ms at 100,000 network
    contacts, 149 ms at 300,000."""
    found: dict[int, Organisation] = {}

    def add(rows) -> None:
        for org in rows:
            found.setdefault(org.pk, org)

    add(base.filter(normalised_name=key)[:limit])
    # Unordered: an ORDER BY sorts every name with this beginning (25 ms for 5,000 of them);
    # without, the read stops after eight. The exact name is in already, the rest is ranked.
    add(base.filter(normalised_name__startswith=key).exclude(pk__in=list(found)).order_by()[:limit])
    if len(found) < limit:
        add(base.filter(normalised_name__contains=key).exclude(pk__in=list(found))[:limit])
    if len(found) < limit:
        # No WHERE on the distance: the index returns rows nearest first and the LIMIT stops
        # it; a filter would make it read on until eight rows pass. pg_trgm's similarity
        # decides below what is near enough – as "similar" did before (similarity >= 0.3).
        nearest = base.annotate(distance=TrigramDistance("normalised_name", key))
        add(
            org
            for org in nearest.order_by("distance")[:limit]
            if 1 - org.distance >= MIN_SIMILARITY
        )
    suggestions = [
        Suggestion(
            org,
            max(1 - getattr(org, "distance", 1), _score(key, org.normalised_name)),
        )
        for org in found.values()
    ]
    suggestions.sort(key=lambda s: (-s.similarity, s.organisation.name))
    return suggestions[:limit]


MIN_SIMILARITY = 0.3  # pg_trgm's own default threshold for "similar"


def similar_organisations(name: str, *, limit: int = 8) -> list[Suggestion]:
    """Organisations of the register whose names resemble ``name``.

    PostgreSQL ranks by trigram similarity (pg_trgm); elsewhere the normalised names are
    compared word by word. Only register data is returned, never a project's own data.
    """
    key = normalise_name(name)
    if len(key) < 3:
        return []
    base = Organisation.objects.filter(merged_into__isnull=True).select_related("organisation_type")
    if connection.vendor == "postgresql":
        return _similar_on_postgresql(base, key, limit)
    words = [word for word in key.split() if len(word) >= 4] or key.split()
    query = Q()
    for word in words:
        query |= Q(normalised_name__contains=word)
    candidates = base.filter(query)[:300]
    scored = [Suggestion(org, _score(key, org.normalised_name)) for org in candidates]
    scored = [s for s in scored if s.similarity >= 0.65]
    scored.sort(key=lambda s: (-s.similarity, s.organisation.name))
    return scored[:limit]


def preferred_project(*, user: User, projects: QuerySet[Project]) -> Project | None:
    """The project a form starts with: the one the user last recorded or changed a network
    contact in, else the project they joined first – not the alphabetically first (a
    Sonneberg worker who also helps in Nordhausen starts in Sonneberg)."""
    if not projects.exists():
        return None
    last = (
        NetworkContact.history.filter(history_user=user, project_id__in=projects.values("pk"))
        .order_by("-history_date")
        .values_list("project_id", flat=True)
        .first()
    ) or (
        Membership.objects.filter(user=user, project__in=projects)
        .order_by("pk")
        .values_list("project_id", flat=True)
        .first()
    )
    return projects.filter(pk=last).first() if last else projects.order_by("name").first()


def follow_ups_due(*, user: User, within_days: int = 7) -> QuerySet[Interaction]:
    """Follow-ups of the user's projects due within ``within_days`` or overdue for up to 30
    days and not yet settled by a later contact, oldest first, each marked ``overdue``."""
    today = timezone.localdate()
    return (
        Interaction.objects.filter(
            network_contact__in=contacts_for(user, Action.WRITE),
            follow_up_on__isnull=False,
            follow_up_on__lte=today + datetime.timedelta(days=within_days),
            follow_up_on__gte=today - datetime.timedelta(days=30),
        )
        .exclude(_later_contact())
        .annotate(overdue=ExpressionWrapper(Q(follow_up_on__lt=today), output_field=BooleanField()))
        .select_related("network_contact__organisation", "network_contact__project")
        .order_by("follow_up_on", "pk")
    )


def recently_changed(*, user: User, limit: int = 8) -> QuerySet[NetworkContact]:
    return (
        contacts_for(user, Action.VIEW)
        .select_related("organisation", "project")
        .order_by("-updated_at")[:limit]
    )


def project_overview(*, user: User):
    """Start page rows: each visible project with its network's size and last activity.

    Per project by subquery, each answered from an index (project, is_archived, status) and
    (project, updated_at): a join over all network contacts grouped by project read every
    row – 58 ms of the coordination office's start page at 100,000 network contacts.
    """
    contacts = NetworkContact.objects.filter(project=OuterRef("pk")).order_by()
    # COUNT as a plain function: no GROUP BY; with Count() the planner grouped along the
    # project index. Active as every page counts it (contacts.querysets).
    active = contacts.active_at(timezone.localdate()).annotate(
        n=Func(template="COUNT(*)", output_field=IntegerField())
    )
    return project_list(user=user).annotate(
        active_contacts=Subquery(active.values("n")),
        last_activity=Subquery(contacts.order_by("-updated_at").values("updated_at")[:1]),
    )


def possible_duplicates(*, limit: int = 10) -> list[dict]:
    """Register entries that share a normalised name: candidates for a merge. ``name`` is
    one of their names as written (the key itself, "baeckerei fischer", is no name to show)."""
    return list(
        Organisation.objects.filter(merged_into__isnull=True)
        .values("normalised_name")
        .annotate(count=Count("pk"), name=Min("name"))
        .filter(count__gt=1)
        .order_by("-count", "normalised_name")[:limit]
    )


def programme_totals() -> dict:
    """Totals without personal data, for the ministry and the coordination office."""
    today = timezone.localdate()
    # The named figures at today (contacts.querysets): one word, one number on every page.
    active = (
        NetworkContact.objects.order_by()
        .active_at(today)
        .aggregate(
            active_contacts=Count("pk"),
            steering_members=Count("pk", filter=Q(in_steering_group=True)),
        )
    )
    return {
        **active,
        "all_contacts": NetworkContact.objects.order_by().running().count(),
        "day": today,
        "organisations": Organisation.objects.filter(merged_into__isnull=True).count(),
        "interactions_this_year": Interaction.objects.filter(date__year=today.year).count(),
    }


def organisation_history(*, organisation: Organisation, user: User, limit: int = 30) -> list:
    """The register entry's change history as the reader may see it: every project works on
    the shared register, but the names of other projects' staff are personal data of no
    concern to the reader – they read as the project ("Team ThINKA Gera")."""
    entries = changes.describe(
        list(organisation.history.select_related("history_user")[: limit + 1])
    )[:limit]
    authors = {e.history_user_id for e in entries if e.history_user_id}
    teams: dict[int, list[tuple[int, str]]] = {}
    for user_id, project_id, name in Membership.objects.filter(user_id__in=authors).values_list(
        "user_id", "project_id", "project__name"
    ):
        teams.setdefault(user_id, []).append((project_id, name))
    coordination_ids = set(
        Group.objects.filter(name=COORDINATION_GROUP, user__in=authors).values_list(
            "user", flat=True
        )
    )
    own = set(memberships(user))
    reader_sees_all = is_coordination(user)
    for entry in entries:
        author = entry.history_user
        author_teams = teams.get(entry.history_user_id, [])
        if author is None:
            entry.who = _("System")
        elif reader_sees_all or author.pk == user.pk or own & {pk for pk, _n in author_teams}:
            entry.who = author.get_full_name() or author.get_username()
        elif author.is_superuser or author.pk in coordination_ids:
            entry.who = _("Koordinierungsstelle")
        elif author_teams:
            entry.who = _("Team %(projects)s") % {
                "projects": ", ".join(sorted(name for _pk, name in author_teams))
            }
        else:
            entry.who = _("ein anderes Vorhaben")
    return entries
