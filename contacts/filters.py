"""The filters of the contact list. Their state lives in the URL (GET parameters)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts import access, quality, recognition, selectors
from contacts.access import Action
from contacts.models import (
    ContactPerson,
    ContactStatus,
    CooperationForm,
    FieldOfAction,
    Intensity,
    NetworkContact,
    Organisation,
    OrganisationType,
)
from contacts.querysets import NetworkContactQuerySet
from core.filters import FilterSet
from core.http import AuthenticatedHttpRequest
from projects.models import Project

QUIET_CHOICES = [
    ("3", _("3 Monaten")),
    ("6", _("6 Monaten")),
    ("12", _("12 Monaten")),
    ("24", _("24 Monaten")),
]
ARCHIVE_CHOICES = [("only", _("nur archivierte")), ("all", _("laufende und archivierte"))]
YES_NO = [("true", _("ja")), ("false", _("nein"))]


class NetworkContactFilter(FilterSet):
    q = django_filters.CharFilter(
        label=_("Suche"),
        method="search",
        help_text=_("Organisation, Ort, Ansprechperson oder Notizen"),
    )
    project = django_filters.ModelChoiceFilter(
        label=_("Vorhaben"), queryset=None, empty_label=_("alle")
    )
    organisation_type = django_filters.ModelChoiceFilter(
        label=_("Organisationsart"),
        field_name="organisation__organisation_type",
        queryset=OrganisationType.objects.all(),
        empty_label=_("alle"),
    )
    field_of_action = django_filters.ModelChoiceFilter(
        label=_("Handlungsfeld"),
        field_name="fields_of_action",
        queryset=FieldOfAction.objects.all(),
        empty_label=_("alle"),
    )
    cooperation_form = django_filters.ModelChoiceFilter(
        label=_("Form der Zusammenarbeit"),
        field_name="cooperation_forms",
        queryset=CooperationForm.objects.all(),
        empty_label=_("alle"),
    )
    intensity = django_filters.ChoiceFilter(
        label=_("Intensität"), choices=Intensity.choices, empty_label=_("alle")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ContactStatus.choices, empty_label=_("alle")
    )
    in_steering_group = django_filters.ChoiceFilter(
        label=_("Steuerungsgruppe"), choices=YES_NO, method="steering", empty_label=_("alle")
    )
    quiet = django_filters.ChoiceFilter(
        label=_("Kein Kontakt seit"),
        choices=QUIET_CHOICES,
        method="no_interaction_since",
        empty_label=_("beliebig"),
    )
    figure = django_filters.ChoiceFilter(
        label=_("Kennzahl heute"),
        choices=[
            ("active", _("aktiv")),
            ("dormant", _("aktiv, aber ohne Kontakt (ruhend)")),
        ],
        method="named_figure",
        empty_label=_("beliebig"),
    )
    missing = django_filters.ChoiceFilter(
        label=_("Für den Bericht fehlt"),
        choices=list(quality.MISSING_LABELS.items()),
        method="lacking",
        empty_label=_("nichts ausgewählt"),
    )
    persons = django_filters.ChoiceFilter(
        label=_("Ansprechpersonen prüfen"),
        choices=list(quality.PERSON_ISSUE_LABELS.items()),
        method="person_issue",
        empty_label=_("nichts ausgewählt"),
    )
    archived = django_filters.ChoiceFilter(
        label=_("Archiv"), choices=ARCHIVE_CHOICES, method="archive", empty_label=_("nur laufende")
    )
    sort = django_filters.OrderingFilter(
        label=_("Sortierung"),
        # No empty choice: it would repeat "Organisation", the order without a choice.
        empty_label=None,
        fields=(
            ("organisation__name", "organisation"),
            ("project__name", "project"),
            ("since", "since"),
            ("last_interaction_on", "last_contact"),
            ("updated_at", "updated"),
        ),
        field_labels={
            "organisation__name": _("Organisation"),
            "project__name": _("Vorhaben"),
            "since": _("Kontakt seit"),
            "last_interaction_on": _("letzter Kontakt"),
            "updated_at": _("zuletzt geändert"),
        },
    )

    _by_notes_or_persons: dict[str, list[int] | QuerySet[Any]]  # per search term
    # The organisations the recogniser found for the search, best first (``search``).
    ranked: list[int]
    search_value: str

    def __init__(self, *args: Any, projects: QuerySet[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._projects = projects
        self._by_notes_or_persons = {}
        self.ranked = []
        self.search_value = ""
        self.filters["project"].queryset = projects

    @property
    def qs(self) -> NetworkContactQuerySet:
        queryset = super().qs
        if not self.form.cleaned_data.get("archived"):
            queryset = queryset.filter(is_archived=False)
        ordering = queryset.query.order_by or ("organisation__name", "project__name")
        # The primary key last: a total order, which the paginator needs to read pages from
        # the end (core.pagination) and which keeps equal names in a stable order.
        return queryset.order_by(*ordering, "pk")

    def search(
        self, queryset: NetworkContactQuerySet, name: str, value: str
    ) -> NetworkContactQuerySet:
        """Every word in any order, begun, misspelt or without umlauts, abbreviations
        spelt out – by the one recogniser (contacts.recognition), the same on SQLite and
        PostgreSQL – closest first; or a name, place, person or note containing the text.
        A broad term ranks its matches instead of flooding the page with near ones."""
        value = value.strip()[:MAX_SEARCH]
        if not value:
            return queryset
        ids = recognition.search_ids(value, limit=recognition.SEARCH_CANDIDATES)
        self.ranked = ids
        self.search_value = value
        places = Q(name__icontains=value) | Q(city__icontains=value)
        if value.isdigit():  # only digits can start a postcode
            places |= Q(postcode__startswith=value)
        found = self._matching(queryset, places, value, ids)
        if ids and not self.data.get("sort"):  # a chosen sort order still wins
            found = found.order_by(recognition.rank_order(ids), "organisation__name")
        return found

    def first_found(self, cap: int) -> tuple[list[int], bool]:
        """The first ``cap`` contacts a search finds, in the list's order, and whether there
        are more – reading a bounded set: the contacts of the organisations the recogniser
        ranked (at most ``recognition.SEARCH_CANDIDATES``, best first), and only where they
        are fewer than ``cap`` the other matches (name or place containing the text, notes,
        persons) by name. A broad term ("Verein") never sorts all its matches."""
        _ = self.qs  # the search has run: its ranked entries and value are known
        ranked = self.ranked
        first: list[int] = []
        if ranked:
            # The contacts of the ranked entries match by definition: read from the list
            # without the search's other tests – by the index of the contacts' entry, from
            # the few hundred entries (with them the plan was a scan of every contact).
            first = list(
                self._unsearched()
                .filter(organisation__in=ranked)
                .order_by(recognition.rank_order(ranked, top=len(ranked)), "pk")
                .values_list("pk", flat=True)[: cap + 1]
            )
        if len(first) <= cap:
            # The other matches tested on each contact's own entry (a join, not the list
            # of every entry whose name contains the text): from the contacts the person
            # may see, so a project's staff reads its project, not the register.
            value = self.search_value
            places = Q(organisation__name__icontains=value) | Q(organisation__city__icontains=value)
            if value.isdigit():
                places |= Q(organisation__postcode__startswith=value)
            rest = (
                self._unsearched()
                .exclude(organisation__in=ranked)
                .filter(places | Q(pk__in=self._by_notes_or_persons[value]))
            )
            first += list(
                rest.order_by("organisation__name", "pk").values_list("pk", flat=True)[
                    : cap + 1 - len(first)
                ]
            )
        return first[:cap], len(first) > cap

    def _unsearched(self) -> NetworkContactQuerySet:
        """The list with every filter but the search (``qs`` without ``q``)."""
        data = self.form.cleaned_data
        value = data.pop("q", "")
        try:
            queryset = self.filter_queryset(self.queryset.all())
        finally:
            data["q"] = value
        if not data.get("archived"):
            queryset = queryset.filter(is_archived=False)
        return queryset

    def _matching(
        self, queryset: NetworkContactQuerySet, places: Q, value: str, ranked: list[int]
    ) -> NetworkContactQuerySet:
        # Two steps. First the keys of the matching organisations and of the contacts
        # matched by notes or persons, each from a pg_trgm index (a few ms). Then the
        # contacts with those keys: as values, not subqueries, the database knows how many
        # there are – for a rare or misspelt term it reads a handful of rows by index
        # instead of testing all 100,000 contacts against the sub-searches (30–50 ms even
        # when they find nothing), and no match at all asks nothing more. Past
        # MAX_LISTED keys a sub-search stays a subquery, hashed once in one pass.
        organisations = Organisation.objects.filter(places).order_by().values_list("pk", flat=True)
        if value not in self._by_notes_or_persons:  # the same in both tries: asked once
            self._by_notes_or_persons[value] = _listed(_by_notes_or_persons(value))
        # The recogniser's organisations as values first: a contact of one of them needs
        # no other test (``first_found`` reads only those where they are enough).
        return queryset.filter(
            Q(organisation__in=ranked)
            | Q(organisation__in=_listed(organisations))
            | Q(pk__in=self._by_notes_or_persons[value])
        )

    def steering(
        self, queryset: NetworkContactQuerySet, name: str, value: str
    ) -> NetworkContactQuerySet:
        return queryset.filter(in_steering_group=value == "true")

    def no_interaction_since(
        self, queryset: NetworkContactQuerySet, name: str, value: str
    ) -> NetworkContactQuerySet:
        return queryset.filter(quality.quiet_for(int(value)))

    def named_figure(
        self, queryset: NetworkContactQuerySet, name: str, value: str
    ) -> NetworkContactQuerySet:
        """The records a figure of the reports counts today (``contacts.querysets``)."""
        today = timezone.localdate()
        if value == "dormant":
            return queryset.dormant_at(today)
        return queryset.active_at(today)

    def lacking(
        self, queryset: NetworkContactQuerySet, name: str, value: str
    ) -> NetworkContactQuerySet:
        # fields_of_action__isnull joins the through table: one row per contact without one
        return queryset.filter(quality.missing(quality.Missing(value)))

    def person_issue(
        self, queryset: NetworkContactQuerySet, name: str, value: str
    ) -> NetworkContactQuerySet:
        return queryset.filter(quality.with_person_issue(quality.PersonIssue(value)))

    def archive(
        self, queryset: NetworkContactQuerySet, name: str, value: str
    ) -> NetworkContactQuerySet:
        if value == "only":
            return queryset.filter(is_archived=True)
        return queryset


def _by_notes_or_persons(value: str) -> QuerySet[Any]:
    """The keys of the contacts whose notes or contact persons contain ``value``."""
    notes = NetworkContact.objects.filter(notes__icontains=value).values_list("pk", flat=True)
    persons = ContactPerson.objects.filter(name__icontains=value).values_list(
        "network_contact_id", flat=True
    )
    # order_by(): no model's default ordering in a union
    return notes.order_by().union(persons.order_by(), all=True).order_by()


def _listed(keys: QuerySet[Any]) -> list[int] | QuerySet[Any]:
    """The keys of ``keys`` as a list, or the queryset itself past MAX_LISTED of them."""
    listed = list(keys[: MAX_LISTED + 1])
    return keys if len(listed) > MAX_LISTED else listed


MAX_SEARCH = 200  # characters of a search that are read

# Keys as literal values up to here. Beyond it the database reads most of the contacts
# anyway, and estimating each listed key costs planning time (6 ms for 1,600 keys).
MAX_LISTED = 500


def contact_list_filter(
    request: AuthenticatedHttpRequest,
) -> tuple[NetworkContactFilter, QuerySet[Project]]:
    """The list's filter over what the user may see, and the projects it offers.

    The list page and its downloads share it, so a download holds exactly what the page shows.
    """
    access.require(access.can_use_contacts(request.user))
    projects = access.projects_for(request.user, Action.VIEW)
    if not access.is_coordination(request.user):
        projects = projects.filter(memberships__user=request.user)
    contact_filter = NetworkContactFilter(
        request.GET, queryset=selectors.contact_list(user=request.user), projects=projects
    )
    return contact_filter, projects
