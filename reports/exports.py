"""Spreadsheet exports: the ministry workbook and the staff's list downloads.

Built for size: the workbook is written in openpyxl's write-only mode and the network
contacts are read in chunks, so 100,000 rows never sit in memory at once. Every text cell
is protected against formula injection (OWASP "CSV injection", ASVS 1.2.10).
"""

from __future__ import annotations

import csv
import datetime
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from contacts.models import (
    ContactPerson,
    ContactStatus,
    CooperationForm,
    FieldOfAction,
    Intensity,
    Interaction,
    InteractionChannel,
    NetworkContact,
    OrganisationType,
)
from core.spreadsheets import Sheet, csv_safe
from projects.districts import District
from projects.models import Project
from reports import as_of, periods
from reports.periods import Period

CHUNK = 2000


class Labels:
    """German labels of choices, translated once per export instead of once per cell
    (``get_FOO_display`` hashes its lazy choices on every call: most of the export's time)."""

    def __init__(self) -> None:
        self.intensity = {value: str(label) for value, label in Intensity.choices}
        self.status = {value: str(label) for value, label in ContactStatus.choices}
        self.district = {value: str(label) for value, label in District.choices}
        self.yes, self.no = str(_("ja")), str(_("nein"))

    def flag(self, value: bool) -> str:
        return self.yes if value else self.no


def yes_no(value: bool) -> str:
    return _("ja") if value else _("nein")


# --- what the ministry workbook counts ----------------------------------------------------


@dataclass
class ProjectFigures:
    project: Project
    active: int = 0
    new: int = 0
    interactions: int = 0
    by_type: Counter | None = None
    by_field: Counter | None = None


def project_figures(projects: QuerySet[Project], period: Period) -> list[ProjectFigures]:
    """Per project: the overview sheet's numbers as they stood at the period's end
    (reports.as_of), in a handful of grouped queries."""
    contacts = NetworkContact.objects.filter(project__in=projects)
    active = as_of.active_at_end(contacts, period.end)
    figures = {p.pk: ProjectFigures(p, by_type=Counter(), by_field=Counter()) for p in projects}
    for row in active.values("project").annotate(n=Count("pk")):
        figures[row["project"]].active = row["n"]
    new = contacts.filter(as_of.began_within(period.start, period.end))
    for row in new.values("project").annotate(n=Count("pk")):
        figures[row["project"]].new = row["n"]
    for row in (
        contacts.filter(interactions__date__range=(period.start, period.end))
        .values("project")
        .annotate(n=Count("interactions"))
    ):
        figures[row["project"]].interactions = row["n"]
    for row in active.values("project", "organisation__organisation_type").annotate(n=Count("pk")):
        figures[row["project"]].by_type[row["organisation__organisation_type"]] = row["n"]
    types_then = as_of.organisation_types_at(active.values("organisation_id"), period.end)
    for project, organisation, type_now in active.filter(
        organisation_id__in=list(types_then)
    ).values_list("project", "organisation", "organisation__organisation_type"):
        figures[project].by_type[type_now] -= 1
        figures[project].by_type[types_then[organisation]] += 1
    # Fields of action: from the history for contacts changed since, else as they are.
    states = as_of.value_states(active, period.end)
    for row in (
        active.exclude(pk__in=list(states))
        .filter(fields_of_action__isnull=False)
        .values("project", "fields_of_action")
        .annotate(n=Count("pk"))
    ):
        figures[row["project"]].by_field[row["fields_of_action"]] += row["n"]
    projects_of = dict(active.filter(pk__in=list(states)).values_list("pk", "project"))
    fields_then = as_of.fields_of_action_at({pk: states[pk] for pk in projects_of})
    for pk, fields in fields_then.items():
        for field_id in fields:
            figures[projects_of[pk]].by_field[field_id] += 1
    return list(figures.values())


DETAIL_COLUMNS = (
    "pk",
    "project__name",
    "organisation__name",
    "organisation__organisation_type__label",
    "organisation__city",
    "organisation__district",
    "intensity",
    "status",
    "ended_on",
    "since",
    "in_steering_group",
    "last_then",  # the last contact-history entry up to the period's end
    "is_archived",
)


def detail_rows(contacts: QuerySet[NetworkContact], end: datetime.date) -> Iterator[list[tuple]]:
    """The network contacts as plain tuples (DETAIL_COLUMNS), in chunks.

    Tuples, not model instances: building six model objects per row (contact, project,
    organisation, type and the prefetched vocabularies) was four fifths of the export's time.
    """
    last_then = Interaction.objects.filter(network_contact=OuterRef("pk"), date__lte=end)
    rows = (
        contacts.annotate(last_then=Subquery(last_then.order_by("-date").values("date")[:1]))
        .order_by("project__name", "organisation__name", "pk")
        .values_list(*DETAIL_COLUMNS)
        .iterator(chunk_size=CHUNK)
    )
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def vocabulary_labels(relation, contact_ids: list[int], vocabulary) -> dict[int, str]:
    """``{contact id: "label, label"}`` for a many-to-many vocabulary, in its own order."""
    order = {pk: (index, label) for index, (pk, label) in enumerate(vocabulary)}
    chosen: dict[int, list[tuple[int, str]]] = {}
    target = relation.field.m2m_reverse_field_name()
    for contact_id, vocabulary_id in relation.through.objects.filter(
        networkcontact_id__in=contact_ids
    ).values_list("networkcontact_id", target):
        chosen.setdefault(contact_id, []).append(order[vocabulary_id])
    return {pk: ", ".join(label for _i, label in sorted(items)) for pk, items in chosen.items()}


def interactions_in_period(projects: QuerySet[Project], period: Period) -> dict[int, int]:
    """Contacts in the period per network contact, in one grouped query (not per row)."""
    return dict(
        Interaction.objects.filter(
            network_contact__project__in=projects, date__range=(period.start, period.end)
        )
        .values("network_contact")
        .annotate(n=Count("pk"))
        .values_list("network_contact", "n")
    )


# --- the ministry workbook ----------------------------------------------------------------


@dataclass
class ExportRequest:
    projects: QuerySet[Project]
    period: Period
    user_label: str
    include_persons: bool = False
    final_version: int = 0  # a closed report's version (reports.FinalReport), else 0


def figures_record(projects: QuerySet[Project], period: Period) -> list[dict]:
    """The overview's main figures as plain data: what a closed report keeps to compare."""
    return [
        {
            "project": f.project.pk,
            "name": f.project.name,
            "active": f.active,
            "new": f.new,
            "interactions": f.interactions,
        }
        for f in project_figures(projects, period)
    ]


def report_state(request: ExportRequest) -> str:
    """Whether the workbook is final, or provisional because its period is still running."""
    if request.final_version:
        return _("abgeschlossen (Fassung %(version)s)") % {"version": request.final_version}
    if request.period.end >= timezone.localdate():
        return _("vorläufig – der Zeitraum ist noch nicht beendet")
    return _("berechnet aus den Daten von heute (nicht abgeschlossen)")


def _sheet(workbook, request: ExportRequest, title: str, headers) -> Sheet:
    """A sheet of the ministry workbook: on paper with the report's title and period."""
    return Sheet(
        workbook,
        title,
        headers,
        page_title=_("ThINKA Netzwerk – Bericht an das TMASGFF"),
        page_subtitle=request.period.label,
    )


def write_ministry_workbook(request: ExportRequest, target: IO[bytes]) -> int:
    """Write the workbook to ``target``; returns the number of network-contact rows."""
    workbook = Workbook(write_only=True)
    types = list(OrganisationType.objects.all())
    fields = list(FieldOfAction.objects.all())
    current = _overview_sheet(workbook, request, types, fields)
    _comparison_sheet(workbook, request, current)
    rows = _detail_sheet(workbook, request)
    if request.include_persons:
        _persons_sheet(workbook, request)
    _legend_sheet(workbook, types, fields)
    _info_sheet(workbook, request, rows)
    workbook.save(target)
    return rows


def _overview_sheet(workbook, request: ExportRequest, types, fields) -> None:
    headers = [
        (_("Vorhaben"), 28),
        (_("Förderlinie"), 14),
        (_("Landkreis / kreisfreie Stadt"), 24),
        (_("aktive Netzwerkkontakte"), 12),
        (_("neu im Zeitraum"), 11),
        (_("Kontakte im Zeitraum"), 11),
    ]
    headers += [(_("Art: %(label)s") % {"label": t.label}, 12) for t in types]
    headers += [(_("Handlungsfeld: %(label)s") % {"label": f.label}, 14) for f in fields]
    sheet = _sheet(workbook, request, _("Übersicht"), headers)
    totals = [0] * (3 + len(types) + len(fields))
    every = project_figures(request.projects.order_by("name"), request.period)
    for figures in every:
        numbers = [figures.active, figures.new, figures.interactions]
        numbers += [figures.by_type[t.pk] for t in types]
        numbers += [figures.by_field[f.pk] for f in fields]
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
        project = figures.project
        sheet.append(
            [project.name, str(project.programme_line), project.get_district_display(), *numbers]
        )
    sheet.finish()
    sheet.append([_("Summe"), "", "", *totals], bold=True)
    return every


def ended_within(projects: QuerySet[Project], period: Period) -> dict[int, int]:
    """Network contacts that ended in the period (``beendet am``), per project."""
    return dict(
        NetworkContact.objects.filter(
            project__in=projects, ended_on__range=(period.start, period.end)
        )
        .values("project")
        .annotate(n=Count("pk"))
        .values_list("project", "n")
    )


def _comparison_sheet(workbook, request: ExportRequest, current: list[ProjectFigures]) -> None:
    """Each project against the period before: active at the end, new, ended."""
    before_period = periods.previous(request.period)
    projects = request.projects.order_by("name")
    before = {f.project.pk: f for f in project_figures(projects, before_period)}
    ended_now = ended_within(projects, request.period)
    ended_before = ended_within(projects, before_period)
    headers = [(_("Vorhaben"), 28)]
    for label in (_("aktiv am Ende"), _("neu"), _("beendet")):
        headers += [
            (f"{label} {before_period.label}", 13),
            (f"{label} {request.period.label}", 13),
            (f"{label}: {_('Differenz')}", 11),
        ]
    sheet = _sheet(workbook, request, _("Vergleich"), headers)
    totals = [0] * 9
    for figures in current:
        pk, earlier = figures.project.pk, before[figures.project.pk]
        numbers = []
        for old, new in (
            (earlier.active, figures.active),
            (earlier.new, figures.new),
            (ended_before.get(pk, 0), ended_now.get(pk, 0)),
        ):
            numbers += [old, new, new - old]
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
        sheet.append([figures.project.name, *numbers])
    sheet.finish()
    sheet.append([_("Summe"), *totals], bold=True)


def detail_headers() -> list[tuple[str, float]]:
    """The detail sheet's columns: (German heading, width)."""
    return [
        (_("Vorhaben"), 24),
        (_("Organisation"), 40),
        (_("Organisationsart"), 20),
        (_("Ort"), 16),
        (_("Landkreis / kreisfreie Stadt"), 22),
        (_("Handlungsfelder"), 36),
        (_("Formen der Zusammenarbeit"), 30),
        (_("Intensität"), 12),
        (_("Status"), 10),
        (_("Kontakt seit"), 12),
        (_("Steuerungsgruppe"), 10),
        (_("letzter Kontakt"), 12),
        (_("Kontakte im Zeitraum"), 10),
        (_("archiviert"), 10),
    ]


def detail_values(request: ExportRequest) -> Iterator[list[Any]]:
    """One list of cell values per network contact that existed in the period, with the
    values it had at the period's end where the history holds them (no personal data)."""
    period = request.period
    in_period = interactions_in_period(request.projects, period)
    labels = Labels()
    fields = list(FieldOfAction.objects.values_list("pk", "label"))
    forms = list(CooperationForm.objects.values_list("pk", "label"))
    contacts = as_of.existed_in(
        NetworkContact.objects.filter(project__in=request.projects), period.start, period.end
    )
    states = as_of.value_states(contacts, period.end)
    archived_then, not_archived_then = as_of.archived_then(contacts, period.end)
    field_order = {pk: index for index, (pk, _label) in enumerate(fields)}
    field_names = dict(fields)
    fields_then = {
        pk: ", ".join(field_names[f] for f in sorted(chosen, key=field_order.__getitem__))
        for pk, chosen in as_of.fields_of_action_at(states).items()
    }
    for chunk in detail_rows(contacts, period.end):
        ids = [row[0] for row in chunk]
        field_labels = vocabulary_labels(NetworkContact.fields_of_action, ids, fields)
        field_labels.update({pk: fields_then[pk] for pk in ids if pk in fields_then})
        form_labels = vocabulary_labels(NetworkContact.cooperation_forms, ids, forms)
        for (
            pk,
            project,
            organisation,
            type_label,
            city,
            district,
            intensity,
            status,
            ended_on,
            since,
            steering,
            last_interaction,
            archived,
        ) in chunk:
            state = states.get(pk)
            if state is not None:
                intensity = state.intensity
            status = as_of.status_then(status, ended_on, period.end, state)
            archived = pk in archived_then or (archived and pk not in not_archived_then)
            yield [
                project,
                organisation,
                type_label,
                city,
                labels.district.get(district, ""),
                field_labels.get(pk, ""),
                form_labels.get(pk, ""),
                labels.intensity[intensity],
                labels.status[status],
                since,
                labels.flag(steering),
                last_interaction,
                in_period.get(pk, 0),
                labels.flag(archived),
            ]


def _detail_sheet(workbook, request: ExportRequest) -> int:
    sheet = _sheet(workbook, request, _("Netzwerkkontakte"), detail_headers())
    for values in detail_values(request):
        sheet.append(values)
    sheet.finish()
    return sheet.rows


def _persons_sheet(workbook, request: ExportRequest) -> None:
    sheet = Sheet(
        workbook,
        _("Ansprechpersonen"),
        [
            (_("Vorhaben"), 24),
            (_("Organisation"), 36),
            (_("Name"), 24),
            (_("Funktion"), 20),
            (_("Telefon"), 18),
            (_("E-Mail"), 28),
            (_("aktuell zuständig"), 10),
        ],
    )
    persons = (
        ContactPerson.objects.filter(
            network_contact__project__in=request.projects, erased_at__isnull=True
        )
        .select_related("network_contact__project", "network_contact__organisation")
        .order_by("network_contact__project__name", "network_contact__organisation__name", "name")
    )
    for person in persons.iterator(chunk_size=CHUNK):
        contact = person.network_contact
        sheet.append(
            [
                contact.project.name,
                contact.organisation.name,
                person.name,
                person.function,
                person.phone,
                person.email,
                yes_no(person.is_active),
            ]
        )
    sheet.finish()


def _legend_sheet(workbook, types, fields) -> None:
    sheet = Sheet(
        workbook,
        _("Legende"),
        [(_("Werteliste"), 26), (_("Code"), 22), (_("Bezeichnung"), 40), (_("aktiv"), 8)],
    )
    vocabularies = [
        (_("Organisationsart"), types),
        (_("Handlungsfeld"), fields),
        (_("Form der Zusammenarbeit"), CooperationForm.objects.all()),
        (_("Kontaktweg"), InteractionChannel.objects.all()),
    ]
    for name, entries in vocabularies:
        for entry in entries:
            sheet.append([name, entry.code, entry.label, yes_no(entry.is_active)])
    sheet.finish()
    for note in (
        _(
            "aktive Netzwerkkontakte: Status „aktiv“, nicht archiviert, begonnen bis zum Ende des Zeitraums."
        ),
        _("neu im Zeitraum: „Kontakt seit“ im Zeitraum; ohne dieses Datum: im Zeitraum erfasst."),
        _(
            "Handlungsfelder: ein Netzwerkkontakt kann mehrere haben; die Spalten ergeben deshalb mehr als die Summe."
        ),
    ):
        sheet.append([_("Hinweis"), "", note, ""])


def _info_sheet(workbook, request: ExportRequest, rows: int) -> None:
    sheet = _sheet(workbook, request, _("Angaben"), [(_("Angabe"), 28), (_("Wert"), 60)])
    for label, value in (
        (_("Bericht"), _("ThINKA Netzwerk – Bericht an das TMASGFF")),
        (_("Zeitraum"), request.period.label),
        (_("Beginn"), request.period.start),
        (_("Ende"), request.period.end),
        (
            pgettext("Mehrzahl", "Vorhaben"),
            ", ".join(p.name for p in request.projects.order_by("name")),
        ),
        (_("Netzwerkkontakte (Zeilen)"), rows),
        (_("erstellt am"), timezone.now()),
        (_("erstellt von"), request.user_label),
        (_("Anwendung"), f"ThINKA Netzwerk {settings.THINKA_VERSION}"),
        (_("Ansprechpersonen enthalten"), yes_no(request.include_persons)),
        (_("Stand des Berichts"), report_state(request)),
    ):
        sheet.append([label, value])


# --- the staff's list downloads -----------------------------------------------------------


def list_headers() -> list[tuple[str, float]]:
    """Column heads in the language of the request at hand (a module-level list would keep
    the language of the first request a worker served)."""
    return [
        (_("Vorhaben"), 24),
        (_("Organisation"), 40),
        (_("Organisationsart"), 20),
        (_("Ort"), 16),
        (_("Telefon"), 18),
        (_("E-Mail"), 28),
        (_("Handlungsfelder"), 36),
        (_("Intensität"), 12),
        (_("Status"), 10),
        (_("Kontakt seit"), 12),
        (_("Steuerungsgruppe"), 10),
        (_("letzter Kontakt"), 12),
    ]


def list_rows(contacts: QuerySet[NetworkContact]) -> Iterator[list[Any]]:
    """Rows of the list page's queryset (``selectors.contact_list`` prefetches the labels)."""
    labels = Labels()
    for contact in contacts.iterator(chunk_size=CHUNK):
        organisation = contact.organisation
        yield [
            contact.project.name,
            organisation.name,
            organisation.organisation_type.label,
            organisation.city,
            organisation.phone,
            organisation.email,
            ", ".join(f.label for f in contact.fields_of_action.all()),
            labels.intensity[contact.intensity],
            labels.status[contact.status],
            contact.since,
            labels.flag(contact.in_steering_group),
            contact.last_interaction_on,
        ]


def write_list_csv(contacts: QuerySet[NetworkContact], target: IO[str]) -> int:
    """For a German Excel: UTF-8 with BOM, semicolons, dates as TT.MM.JJJJ."""
    target.write("\ufeff")
    writer = csv.writer(target, delimiter=";", lineterminator="\r\n")
    writer.writerow([label for label, _width in list_headers()])
    count = 0
    for row in list_rows(contacts):
        writer.writerow(
            [
                value.strftime("%d.%m.%Y") if isinstance(value, datetime.date) else csv_safe(value)
                for value in row
            ]
        )
        count += 1
    return count


def write_list_xlsx(contacts: QuerySet[NetworkContact], target: IO[bytes]) -> int:
    workbook = Workbook(write_only=True)
    sheet = Sheet(workbook, _("Netzwerkkontakte"), list_headers())
    for row in list_rows(contacts):
        sheet.append(row)
    sheet.finish()
    workbook.save(target)
    return sheet.rows
