"""Layout of the ministry workbook: its sheets, headings, widths and notes.

Built for size: written in openpyxl's write-only mode and the network contacts are read in
chunks (``figures.CHUNK``), so 100,000 rows never sit in memory at once. Every text cell is
protected against formula injection (OWASP "CSV injection", ASVS 1.2.10).
"""

import datetime
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from contacts.models import (
    ContactStatus,
    CooperationForm,
    FieldOfAction,
    Intensity,
    InteractionChannel,
    NetworkContact,
    OrganisationType,
    Vocabulary,
)
from contacts.querysets import dormant_months
from core.spreadsheets import Sheet
from projects.districts import District
from projects.models import Project
from reports import as_of, network, periods
from reports.figures import (
    CHUNK,
    ProjectFigures,
    closed_figures,
    contact_persons,
    detail_rows,
    development_of,
    ended_within,
    interactions_in_period,
    project_figures,
    vocabulary_labels,
)
from reports.models import ClosedFigures
from reports.periods import Period

# What a cell of the workbook holds: text, a number, a date or a moment (written as German
# dates by core.spreadsheets), or nothing.
Cell = str | int | float | datetime.date | None


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


# --- the ministry workbook ----------------------------------------------------------------


@dataclass
class ExportRequest:
    projects: QuerySet[Project]
    period: Period
    # Who made the workbook, as the office ("Koordinierungsstelle", "Ministerium"): the
    # workbook goes to the ministry, which sees no person (issue 30) – so it holds no name.
    office: str
    include_persons: bool = False
    final_version: int = 0  # a closed report's version (reports.FinalReport), else 0


def report_state(export: ExportRequest) -> str:
    """Whether the workbook is final, or provisional because its period is still running."""
    if export.final_version:
        return _("abgeschlossen (Fassung %(version)s)") % {"version": export.final_version}
    if export.period.end >= timezone.localdate():
        return _("vorläufig – der Zeitraum ist noch nicht beendet")
    return _("berechnet aus den Daten von heute (nicht abgeschlossen)")


def _sheet(
    workbook: Workbook,
    export: ExportRequest,
    title: str,
    headers: list[tuple[str, float]],
    repeat_columns: int = 1,
) -> Sheet:
    """A sheet of the ministry workbook: on paper with the report's title and period, at
    8 pt or more (core.spreadsheets: wide sheets print their columns on pages side by side)."""
    return Sheet(
        workbook,
        title,
        headers,
        page_title=_("ThINKA Netzwerk – Bericht an das TMASGFF"),
        page_subtitle=export.period.label,
        repeat_columns=repeat_columns,
    )


def label_width(label: str, least: float) -> float:
    """A column wide enough for the longest word of its bold head (a word is never broken)."""
    longest = max((len(word) for word in label.replace("-", "- ").split()), default=0)
    return max(least, math.ceil(longest * 1.05 + 1))


def write_ministry_workbook(export: ExportRequest, target: IO[bytes]) -> int:
    """Write the workbook to ``target``; returns the number of network-contact rows."""
    workbook = Workbook(write_only=True)
    types = list(OrganisationType.objects.all())
    fields = list(FieldOfAction.objects.all())
    current = _overview_sheet(workbook, export, types, fields)
    _comparison_sheet(workbook, export, current)
    rows = _detail_sheet(workbook, export)
    _development_sheet(workbook, export)
    if export.include_persons:
        _persons_sheet(workbook, export)
    _legend_sheet(workbook, types, fields)
    _info_sheet(workbook, export, rows)
    workbook.save(target)
    return rows


def figures_date(period: Period) -> str:
    """What the overview's figures refer to: the day and the period (issue 30)."""
    return _(
        "Stand: aktive Netzwerkkontakte am %(end)s (Ende des Zeitraums %(period)s); neu und "
        "Kontakte im Zeitraum vom %(start)s bis %(end)s."
    ) % {
        "period": period.label,
        "start": formats.date_format(period.start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(period.end, "SHORT_DATE_FORMAT"),
    }


def _overview_sheet(
    workbook: Workbook,
    export: ExportRequest,
    types: list[OrganisationType],
    fields: list[FieldOfAction],
) -> list[ProjectFigures]:
    """The main figures on one sheet, and the counts by organisation type and by field of
    action on a sheet each: 27 columns on one A4 page printed at 4 pt (issue 30, point 6)."""
    headers: list[tuple[str, float]] = [
        (_("Vorhaben"), 28),
        (_("Förderlinie"), 14),
        (_("Landkreis / kreisfreie Stadt"), 24),
        (_("aktive Netzwerkkontakte"), 16),
        (_("neu im Zeitraum"), 11),
        (_("Kontakte im Zeitraum"), 11),
    ]
    sheet = _sheet(workbook, export, _("Übersicht"), headers)
    every = project_figures(export.projects.order_by("name"), export.period)
    totals = [0, 0, 0]
    for figures in every:
        numbers = [figures.active, figures.new, figures.interactions]
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
        project = figures.project
        sheet.append(
            [project.name, str(project.programme_line), project.get_district_display(), *numbers]
        )
    sheet.finish()
    sheet.append([_("Summe"), "", "", *totals], bold=True)
    sheet.append([figures_date(export.period)])
    # Per sheet: title, its vocabulary, column head, least width, the counts it shows.
    breakdowns: list[
        tuple[str, Sequence[Vocabulary], str, int, Callable[[ProjectFigures], Counter[int]]]
    ] = [
        (_("nach Organisationsart"), types, _("Art: %(label)s"), 10, lambda f: f.by_type),
        (_("nach Handlungsfeld"), fields, _("Handlungsfeld: %(label)s"), 11, lambda f: f.by_field),
    ]
    for title, entries, label, width, counts in breakdowns:
        columns: list[tuple[str, float]] = [(_("Vorhaben"), 24)] + [
            (heading, label_width(heading, width))
            for heading in (label % {"label": entry.label} for entry in entries)
        ]
        sheet = _sheet(workbook, export, title, columns)
        totals = [0] * len(entries)
        for figures in every:
            numbers = [counts(figures)[entry.pk] for entry in entries]
            totals = [a + b for a, b in zip(totals, numbers, strict=True)]
            sheet.append([figures.project.name, *numbers])
        sheet.finish()
        sheet.append([_("Summe"), *totals], bold=True)
    return every


def _closed(projects: QuerySet[Project], period: Period) -> dict[int, ClosedFigures] | None:
    """The figures stored for ``period`` when its report was closed – if it was, and for
    every one of ``projects`` (a project added since is counted from the data, all are)."""
    stored = closed_figures(period)
    if stored is None or any(project.pk not in stored for project in projects):
        return None
    return stored


def _comparison_sheet(
    workbook: Workbook, export: ExportRequest, current: list[ProjectFigures]
) -> None:
    """Each project against the period before: active at the end, new, ended."""
    before_period = periods.previous(export.period)
    projects = export.projects.order_by("name")
    stored = _closed(projects, before_period)
    if stored is None:
        before = {f.project.pk: (f.active, f.new) for f in project_figures(projects, before_period)}
        ended_before = ended_within(projects, before_period)
    else:  # closed: as the report said it, not counted again
        before = {pk: (row.active, row.new) for pk, row in stored.items()}
        ended_before = {pk: row.ended for pk, row in stored.items()}
    ended_now = ended_within(projects, export.period)
    headers: list[tuple[str, float]] = [(_("Vorhaben"), 24)]
    for label in (_("aktiv am Ende"), _("neu"), _("beendet")):
        headers += [
            (f"{label} {before_period.label}", 13),
            (f"{label} {export.period.label}", 13),
            (f"{label}: {_('Differenz')}", 11),
        ]
    sheet = _sheet(workbook, export, _("Vergleich"), headers)
    totals = [0] * 9
    for figures in current:
        pk, (active_before, new_before) = figures.project.pk, before[figures.project.pk]
        numbers = []
        for old, new in (
            (active_before, figures.active),
            (new_before, figures.new),
            (ended_before.get(pk, 0), ended_now.get(pk, 0)),
        ):
            numbers += [old, new, new - old]
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
        sheet.append([figures.project.name, *numbers])
    sheet.finish()
    sheet.append([_("Summe"), *totals], bold=True)


def _development_sheet(workbook: Workbook, export: ExportRequest) -> None:
    """Netzwerkentwicklung: per project its network at the end of the period before and of
    this one, one row each, one under the other (docs/network-measures.md)."""
    before_period = periods.previous(export.period)
    projects = export.projects.order_by("name")
    now = network.development(projects, export.period)
    stored = _closed(projects, before_period)
    before = (
        network.development(projects, before_period)
        if stored is None
        else {pk: development_of(row) for pk, row in stored.items()}
    )
    sheet = _sheet(
        workbook,
        export,
        _("Netzwerkentwicklung"),
        [
            (_("Vorhaben"), 26),
            (_("Zeitraum"), 18),
            (_("aktiv am Ende"), 9),
            (_("neu"), 7),
            (_("beendet"), 8),
            (_("ohne Kontakt seit %(months)s Monaten") % {"months": dormant_months()}, 12),
            (_("Sektoren abgedeckt"), 11),
            (_("Vielfalt (Blau-Index)"), 10),
            (_("ThILIK"), 8),
            (_("Planungskoordination"), label_width(_("Planungskoordination"), 12)),
        ],
    )
    total = len(network.sectors())
    for project in projects:
        for period, figures in ((before_period, before), (export.period, now)):
            found = figures.get(project.pk, network.Development())
            sheet.append(
                [
                    project.name,
                    period.label,
                    found.active,
                    found.new,
                    found.ended,
                    found.dormant,
                    f"{found.sectors_covered} / {total}",
                    found.blau,
                    found.ties.get("thilik", 0),
                    found.ties.get("planning", 0),
                ]
            )
    sheet.finish()
    sheet.append(
        [
            _(
                "ohne Kontakt: aktiv, aber %(months)s Monate ohne Eintrag im Kontaktverlauf. "
                "Vielfalt: 1 − Summe der quadrierten Anteile der Sektoren (0 = ein Sektor)."
            )
            % {"months": dormant_months()}
        ]
    )


def detail_headers() -> list[tuple[str, float]]:
    """The detail sheet's columns: (German heading, width). Too wide for one page at 8 pt:
    on paper two pages side by side, each with the project and the organisation."""
    return [
        (_("Vorhaben"), 18),
        (_("Organisation"), 30),
        (_("Organisationsart"), 20),
        (_("Ort"), 13),
        (_("Landkreis / kreisfreie Stadt"), 16),
        (_("Handlungsfelder"), 22),
        (_("Formen der Zusammenarbeit"), 20),
        (_("Intensität"), 10),
        (_("Status"), 9),
        (_("Kontakt seit"), 11),
        (_("Steuerungsgruppe"), 17),
        (_("letzter Kontakt"), 11),
        (_("Kontakte im Zeitraum"), 10),
        (_("archiviert"), 10),
    ]


def detail_values(export: ExportRequest) -> Iterator[list[Cell]]:
    """One list of cell values per network contact that existed in the period, with the
    values it had at the period's end where the history holds them (no personal data)."""
    period = export.period
    in_period = interactions_in_period(export.projects, period)
    labels = Labels()
    fields = list(FieldOfAction.objects.values_list("pk", "label"))
    forms = list(CooperationForm.objects.values_list("pk", "label"))
    contacts = NetworkContact.objects.filter(project__in=export.projects).existed_in(
        period.start, period.end
    )
    states = as_of.value_states(contacts, period.end)
    archived_then, not_archived_then = contacts.archived_then(period.end)
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


def _detail_sheet(workbook: Workbook, export: ExportRequest) -> int:
    sheet = _sheet(workbook, export, _("Netzwerkkontakte"), detail_headers(), repeat_columns=2)
    for values in detail_values(export):
        sheet.append(values)
    sheet.finish()
    return sheet.rows


def _persons_sheet(workbook: Workbook, export: ExportRequest) -> None:
    sheet = Sheet(
        workbook,
        _("Ansprechpersonen"),
        [
            (_("Vorhaben"), 18),
            (_("Organisation"), 26),
            (_("Name"), 20),
            (_("Funktion"), 18),
            (_("Telefon"), 16),
            (_("E-Mail"), 28),
            (_("aktuell zuständig"), 11),
        ],
    )
    for person in contact_persons(export.projects).iterator(chunk_size=CHUNK):
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


def _legend_sheet(
    workbook: Workbook, types: list[OrganisationType], fields: list[FieldOfAction]
) -> None:
    sheet = Sheet(
        workbook,
        _("Legende"),
        [(_("Werteliste"), 26), (_("Code"), 22), (_("Bezeichnung"), 40), (_("aktiv"), 8)],
    )
    vocabularies: list[tuple[str, Iterable[Vocabulary]]] = [
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
            "aktive Netzwerkkontakte: begonnen bis zum Ende des Zeitraums und bis dahin weder "
            "beendet noch archiviert; der Status „ruhend“ beendet keinen Kontakt."
        ),
        _("neu im Zeitraum: „Kontakt seit“ im Zeitraum; ohne dieses Datum: im Zeitraum erfasst."),
        _(
            "Handlungsfelder: ein Netzwerkkontakt kann mehrere haben; die Spalten ergeben deshalb mehr als die Summe."
        ),
    ):
        sheet.append([_("Hinweis"), "", note, ""])


def _info_sheet(workbook: Workbook, export: ExportRequest, rows: int) -> None:
    sheet = _sheet(workbook, export, _("Angaben"), [(_("Angabe"), 28), (_("Wert"), 60)])
    for label, value in (
        (_("Bericht"), _("ThINKA Netzwerk – Bericht an das TMASGFF")),
        (_("Zeitraum"), export.period.label),
        (_("Beginn"), export.period.start),
        (_("Ende"), export.period.end),
        (_("Netzwerkkontakte (Zeilen)"), rows),
        (_("erstellt am"), timezone.now()),
        (_("erstellt von"), export.office),
        (_("Anwendung"), f"ThINKA Netzwerk {settings.THINKA_VERSION}"),
        (_("Ansprechpersonen enthalten"), yes_no(export.include_persons)),
        (_("Stand des Berichts"), report_state(export)),
    ):
        sheet.append([label, value])
    # One project a row: a list of many long names in one cell outgrows a row's height.
    label = pgettext("Mehrzahl", "Vorhaben")
    for project in export.projects.order_by("name"):
        sheet.append([label, project.name])
        label = ""
