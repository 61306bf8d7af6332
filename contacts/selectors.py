"""Reads of the contacts app: scoped, prefetched querysets shared by pages and exports."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.models import User as Account
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import quality, querysets, recognition
from contacts.access import Action, User, contacts_for, is_coordination, memberships
from contacts.models import (
    ContactPerson,
    ContactStatus,
    Interaction,
    NetworkContact,
    Organisation,
    PersonChange,
    Vocabulary,
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
    # An update that changed nothing shown (a new contact's fields of action saved after it,
    # the date of the last contact) would read "geändert –".
    return [entry for entry in entries if not entry.unchanged][:HISTORY_SHOWN]


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
        "person_changed": person_changed_elsewhere(contact=contact),
        "interactions": interactions,
        "persons": persons,
        "history": history,
        "fields_of_action": contact.fields_of_action.all(),
        "cooperation_forms": contact.cooperation_forms.all(),
    }


PERSON_CHANGE_SHOWN_DAYS = 180


def person_changed_elsewhere(*, contact: NetworkContact) -> PersonChange | None:
    """The latest report by another project that its contact person at this organisation
    left (within half a year): only the day – no person, no project, nothing of theirs."""
    since = timezone.localdate() - datetime.timedelta(days=PERSON_CHANGE_SHOWN_DAYS)
    return (
        PersonChange.objects.filter(organisation_id=contact.organisation_id, reported_on__gte=since)
        .exclude(reported_by__project_id=contact.project_id)
        .only("reported_on")
        .order_by("-reported_on")
        .first()
    )


def steering_group(*, project: Project) -> QuerySet[NetworkContact]:
    return (
        project.network_contacts.filter(in_steering_group=True, is_archived=False)
        .select_related("organisation", "organisation__organisation_type")
        .prefetch_related(
            Prefetch("persons", queryset=ContactPerson.objects.filter(is_active=True))
        )
        .order_by("-moderates_steering_group", "organisation__name")
    )


def organisation_register(*, query: str = "") -> QuerySet[Organisation]:
    """The register, or what a search finds in it: by the recogniser (every word in any
    order, misspelt, abbreviated; closest first), by place or postcode."""
    organisations = (
        Organisation.objects.filter(merged_into__isnull=True)
        .select_related("organisation_type")
        .annotate(project_count=Count("network_contacts", distinct=True))
        .order_by("name")
    )
    if query:
        ids = recognition.search_ids(query)
        found = Q(pk__in=ids)
        if query.strip().isdigit():
            found |= Q(postcode__startswith=query.strip())
        organisations = organisations.filter(found).order_by(
            recognition.rank_order(ids, "pk"), "name", "pk"
        )
    return organisations


# What the recogniser found (contacts.recognition.Found): entry, similarity, tier, partner.
Suggestion = recognition.Found


def similar_organisations(
    name: str, *, limit: int = 8, project: Project | None = None, typed: bool = False
) -> list[Suggestion]:
    """Organisations of the register whose names resemble ``name``, by the one recogniser
    (contacts.recognition): the same answers on SQLite and PostgreSQL; with ``project`` its
    partners first, then its town and district. Only register data is returned (and
    whether the entry is already the project's partner)."""
    return recognition.suggest(name, project=project, limit=limit, typed=typed)


def preferred_project(*, user: Account, projects: QuerySet[Project]) -> Project | None:
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


def open_follow_ups(
    *, user: User, project: Project | None = None, responsible_id: int | None = None
) -> QuerySet[Interaction]:
    """Every open follow-up of the user's projects – however old: open until a later contact
    with the partner is recorded (``_later_contact``) – oldest (most overdue) first, each
    marked ``overdue``. ``responsible_id`` 0 means "nobody is responsible"."""
    contacts = contacts_for(user, Action.WRITE).filter(is_archived=False)
    if project is not None:
        contacts = contacts.filter(project=project)
    if responsible_id == 0:
        contacts = contacts.filter(responsible__isnull=True)
    elif responsible_id is not None:
        contacts = contacts.filter(responsible_id=responsible_id)
    return _open_follow_ups_of(contacts)


def _open_follow_ups_of(contacts: QuerySet[NetworkContact]) -> QuerySet[Interaction]:
    today = timezone.localdate()
    return (
        Interaction.objects.filter(network_contact__in=contacts, follow_up_on__isnull=False)
        .exclude(_later_contact())
        .annotate(overdue=ExpressionWrapper(Q(follow_up_on__lt=today), output_field=BooleanField()))
        .select_related(
            "channel",
            "network_contact__organisation",
            "network_contact__project",
            "network_contact__responsible",
        )
        .order_by("follow_up_on", "pk")
    )


def follow_ups_due(*, user: User, within_days: int = 7) -> QuerySet[Interaction]:
    """The start page's follow-ups: open ones due within ``within_days`` or overdue (also
    those older than 30 days: a follow-up stays until it is settled)."""
    today = timezone.localdate()
    return open_follow_ups(user=user).filter(
        follow_up_on__lte=today + datetime.timedelta(days=within_days)
    )


def follow_ups_due_in(*, project_ids: Iterable[int], within_days: int = 7) -> QuerySet[Interaction]:
    """``follow_ups_due`` of the given projects, for many readers at once (the weekly digest
    reads them once for everyone and gives each reader those of their projects)."""
    today = timezone.localdate()
    contacts = NetworkContact.objects.filter(project__in=list(project_ids), is_archived=False)
    return _open_follow_ups_of(contacts).filter(
        follow_up_on__lte=today + datetime.timedelta(days=within_days)
    )


def follow_up_counts(*, user: User) -> dict:
    """The start page's link to the Wiedervorlagen page: how many are overdue, due this
    week, open at all."""
    today = timezone.localdate()
    return open_follow_ups(user=user).aggregate(
        overdue=Count("pk", filter=Q(follow_up_on__lt=today)),
        this_week=Count(
            "pk",
            filter=Q(follow_up_on__gte=today, follow_up_on__lte=today + datetime.timedelta(days=7)),
        ),
        open=Count("pk"),
    )


def quiet_partners(*, user: User, months: int) -> QuerySet[NetworkContact]:
    """Active partners of the user's projects without a recorded contact for ``months``
    months (and known longer than that), longest quiet first."""
    return _quiet(contacts_for(user, Action.WRITE), months)


def quiet_partners_in(*, project_ids: Iterable[int], months: int) -> QuerySet[NetworkContact]:
    """``quiet_partners`` of the given projects, for many readers at once (weekly digest)."""
    return _quiet(NetworkContact.objects.filter(project__in=list(project_ids)), months)


def _quiet(contacts: QuerySet[NetworkContact], months: int) -> QuerySet[NetworkContact]:
    cutoff = querysets.months_before(timezone.localdate(), months)
    return (
        contacts.filter(is_archived=False, status=ContactStatus.ACTIVE, created_at__date__lt=cutoff)
        .filter(quality.quiet_for(months))
        .select_related("organisation", "project")
        .order_by(F("last_interaction_on").asc(nulls_first=True), "organisation__name")
    )


def team_members(*, projects: QuerySet[Project]) -> QuerySet:
    """The people who may be responsible for a project's contacts: its team."""
    return (
        get_user_model()
        .objects.filter(memberships__project__in=projects, is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def persons_to_inform(
    *,
    user: User | None = None,
    projects: QuerySet[Project] | list[Project] | None = None,
    overdue: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[ContactPerson]:
    """Contact persons still to be informed (Art. 14 DSGVO): their data did not come from
    them, nobody informed them, none is erased. Scoped to what ``user`` may see (persons
    are personal data: only the projects' teams and the coordination office) and/or to
    ``projects``; ``overdue``: only those whose month has passed. Oldest first.

    For pages, the start page and the weekly digest alike (issue 31)."""
    persons = ContactPerson.objects.filter(
        quality.to_inform(overdue=overdue, today=today), network_contact__is_archived=False
    )
    if user is not None and not is_coordination(user):
        # The coordination office sees every contact: no semi-join over all of them.
        persons = persons.filter(network_contact__in=contacts_for(user, Action.VIEW))
    if projects is not None:
        persons = persons.filter(network_contact__project__in=projects)
    return persons.select_related(
        "network_contact__organisation", "network_contact__project"
    ).order_by("collected_on", "created_at", "pk")


def persons_to_inform_by_project(*, user: User) -> list[dict]:
    """Per project of ``user``: persons still to be informed and how many are overdue."""
    overdue = quality.to_inform(overdue=True)
    rows = (
        persons_to_inform(user=user)
        .order_by()
        .values("network_contact__project")
        .annotate(pending=Count("pk"), overdue=Count("pk", filter=overdue))
    )
    counted = {row["network_contact__project"]: row for row in rows}
    # The names apart: grouped by the project alone, the persons need no join to projects.
    names = dict(Project.objects.filter(pk__in=list(counted)).values_list("pk", "name"))
    return [
        {
            "project_id": pk,
            "project": names[pk],
            "pending": counted[pk]["pending"],
            "overdue": counted[pk]["overdue"],
        }
        for pk in sorted(counted, key=lambda pk: (names[pk], pk))
    ]


def recently_changed(*, user: User, limit: int = 8) -> QuerySet[NetworkContact]:
    return (
        contacts_for(user, Action.VIEW)
        .select_related("organisation", "project")
        .order_by("-updated_at")[:limit]
    )


def project_overview(*, user: User) -> QuerySet[Project]:
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


def possible_duplicates(*, limit: int = 10) -> list[recognition.DuplicatePair]:
    """Pairs of register entries that could be one (contacts.recognition): same name after
    normalising, in the same place or without place; closest first – candidates to merge."""
    return recognition.duplicate_pairs(limit=limit)


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


def vocabulary_in_use(entry: Vocabulary) -> bool:
    """Used anywhere? Many-to-many links would otherwise vanish silently with the entry."""
    accessors = (
        rel.get_accessor_name()
        for rel in entry._meta.related_objects
        if not rel.related_model.__name__.startswith("Historical")
    )
    return any(getattr(entry, name).exists() for name in accessors if name)


def merge_conflicts(*, source: Organisation, target: Organisation) -> list[Project]:
    """The projects that have both organisations as network contacts (a merge must say
    what becomes of their two contacts)."""
    shared = source.network_contacts.filter(
        project__in=target.network_contacts.values("project")
    ).select_related("project")
    return [contact.project for contact in shared]
