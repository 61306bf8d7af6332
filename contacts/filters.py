"""The filters of the contact list. Their state lives in the URL (GET parameters)."""

from __future__ import annotations

import re

import django_filters
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts import access, quality, selectors
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
from core.filters import FilterSet
from core.text import fold

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

    typos = False  # set on the second try of a text search (with_typos)
    _by_notes_or_persons: dict[str, list[int] | QuerySet]  # per search term

    def __init__(self, *args, projects: QuerySet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._projects = projects
        self._by_notes_or_persons = {}
        self.filters["project"].queryset = projects

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("archived"):
            queryset = queryset.filter(is_archived=False)
        ordering = queryset.query.order_by or ("organisation__name", "project__name")
        # The primary key last: a total order, which the paginator needs to read pages from
        # the end (core.pagination) and which keeps equal names in a stable order.
        return queryset.order_by(*ordering, "pk")

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        places = Q(name__icontains=value) | Q(city__icontains=value)
        if value.isdigit():  # only digits can start a postcode
            places |= Q(postcode__startswith=value)
        # The matching key folds umlauts and punctuation: "baeckerei" finds "Bäckerei".
        folded = fold(value)
        if _FOLDABLE.search(folded):
            # Only where folding can matter (ae, oe, ue, ss): another index branch costs
            # the common searches ~40 ms at 100,000 contacts (docs/performance.md).
            places |= Q(normalised_name__contains=folded)
        if self.typos:
            # The second try (``with_typos``): by pg_trgm word similarity on the matching
            # key (its trigram index), so that a typo such as "Nachbarschafstreff" still
            # finds "Nachbarschaftstreff", closest first.
            found = self._matching(queryset, Q(normalised_name__trigram_word_similar=folded), value)
            if not self.data.get("sort"):  # a chosen sort order still wins
                found = found.annotate(
                    closeness=TrigramWordSimilarity(folded, "organisation__normalised_name")
                ).order_by("-closeness", "organisation__name")
            return found
        return self._matching(queryset, places, value)

    def with_typos(self) -> NetworkContactFilter | None:
        """The same filter, its text search tolerating typos – the second try where the
        first found nothing (ranking every match of a common word by similarity would
        cost 300 ms at 100,000 contacts). None where that is not possible: SQLite has no
        trigrams and finds exact and folded spellings only; short terms would find
        nearly everything."""
        text = fold(self.data.get("q", ""))
        if connection.vendor != "postgresql" or len(text) < MIN_TYPO_LENGTH or self.typos:
            return None
        second = type(self)(self.data, queryset=self.queryset, projects=self._projects)
        second.typos = True
        second._by_notes_or_persons = self._by_notes_or_persons  # the same in both tries
        return second

    def _matching(self, queryset, places: Q, value: str):
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
        return queryset.filter(
            Q(organisation__in=_listed(organisations)) | Q(pk__in=self._by_notes_or_persons[value])
        )

    def steering(self, queryset, name, value):
        return queryset.filter(in_steering_group=value == "true")

    def no_interaction_since(self, queryset, name, value):
        return queryset.filter(quality.quiet_for(int(value)))

    def named_figure(self, queryset, name, value):
        """The records a figure of the reports counts today (``contacts.querysets``)."""
        today = timezone.localdate()
        if value == "dormant":
            return queryset.dormant_at(today)
        return queryset.active_at(today)

    def lacking(self, queryset, name, value):
        # fields_of_action__isnull joins the through table: one row per contact without one
        return queryset.filter(quality.missing(quality.Missing(value)))

    def person_issue(self, queryset, name, value):
        return queryset.filter(quality.with_person_issue(quality.PersonIssue(value)))

    def archive(self, queryset, name, value):
        if value == "only":
            return queryset.filter(is_archived=True)
        return queryset


def _by_notes_or_persons(value: str) -> QuerySet:
    """The keys of the contacts whose notes or contact persons contain ``value``."""
    notes = NetworkContact.objects.filter(notes__icontains=value).values_list("pk", flat=True)
    persons = ContactPerson.objects.filter(name__icontains=value).values_list(
        "network_contact_id", flat=True
    )
    # order_by(): no model's default ordering in a union
    return notes.order_by().union(persons.order_by(), all=True).order_by()


def _listed(keys: QuerySet) -> list[int] | QuerySet:
    """The keys of ``keys`` as a list, or the queryset itself past MAX_LISTED of them."""
    listed = list(keys[: MAX_LISTED + 1])
    return keys if len(listed) > MAX_LISTED else listed


# Keys as literal values up to here. Beyond it the database reads most of the contacts
# anyway, and estimating each listed key costs planning time (6 ms for 1,600 keys).
MAX_LISTED = 500
MIN_TYPO_LENGTH = 4  # shorter terms would find nearly everything by similarity
_FOLDABLE = re.compile(r"ae|oe|ue|ss")


def contact_list_filter(request: HttpRequest) -> tuple[NetworkContactFilter, object]:
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
