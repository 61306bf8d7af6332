"""Downloads of a meeting: the minutes as DOCX (python-docx) and the date as iCalendar."""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from icalendar import Calendar, Event

from exchanges.models import Meeting, ReportKind


def _date(value: datetime.date | None) -> str:
    """Written out as in the seed ("6. April 2016"), in the user's language."""
    return formats.date_format(value, "LONG_DATE_FORMAT") if value else ""


def intro_sentence(meeting: Meeting) -> str:
    """The opening line of the minutes, in the seed's words – or, for a meeting still to
    come, as an announcement."""
    values = {"number": meeting.number, "date": _date(meeting.date), "place": meeting.place}
    if meeting.is_upcoming:
        text = (
            _(
                "Der %(number)s. thüringenweite Erfahrungsaustausch findet am %(date)s in "
                "%(place)s statt."
            )
            % values
        )
        if meeting.host_project:
            text += " " + _("Gastgeber ist das Vorhaben %(project)s.") % {
                "project": meeting.host_project
            }
        return text
    text = (
        _("Der %(number)s. thüringenweite Erfahrungsaustausch fand am %(date)s in %(place)s statt.")
        % values
    )
    if meeting.host_project:
        text += " " + _("Gastgeber war das Vorhaben %(project)s.") % {
            "project": meeting.host_project
        }
    return text


def reports_by_project(meeting: Meeting) -> tuple[dict, dict]:
    """Summary items (no project) and each project's own items, both split by kind."""
    summary: dict[str, list] = defaultdict(list)
    per_project: dict = defaultdict(lambda: defaultdict(list))
    for item in meeting.report_items.all():
        if item.project is None:
            summary[item.kind].append(item)
        else:
            per_project[item.project][item.kind].append(item)
    return summary, dict(sorted(per_project.items(), key=lambda pair: pair[0].name))


def _bullets(document: Any, items: Iterable[Any], level: int = 0) -> None:
    style = "List Bullet" if level == 0 else "List Bullet 2"
    for item in items:
        document.add_paragraph(str(item), style=style)
        for line in getattr(item, "detail_lines", []):
            document.add_paragraph(line, style="List Bullet 2")


def _paragraphs(document: Any, text: str) -> None:
    for block in text.split("\n\n"):
        if block.strip():
            document.add_paragraph(block.strip())


def _field(run: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) inside ``run``: filled in by the word processor."""
    for kind, text in (("begin", None), (None, code), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _a4_with_page_numbers(document: Any, meeting: Meeting) -> None:
    """German paper: A4 with 2.5 cm margins, the title and "Seite x von y" in the footer."""
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        footer = section.footer.paragraphs[0]
        footer.text = f"{meeting.title} – "
        footer.add_run(_("Seite") + " ")
        _field(footer.add_run(), "PAGE")
        footer.add_run(" " + _("von") + " ")
        _field(footer.add_run(), "NUMPAGES")


def minutes_docx(meeting: Meeting) -> bytes:
    """The minutes (Dokumentation) as a Word document in the seed's structure."""
    document = Document()
    _a4_with_page_numbers(document, meeting)
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    document.core_properties.title = meeting.title
    document.core_properties.author = meeting.authors or "ThINKA Netzwerk"
    document.core_properties.language = "de-DE"

    document.add_heading(_("Dokumentation"), level=0)
    document.add_heading(meeting.title, level=1)
    document.add_paragraph(intro_sentence(meeting))
    _paragraphs(document, meeting.introduction)

    document.add_heading(_("Teilnehmende"), level=2)
    if meeting.projects.all():
        document.add_paragraph(", ".join(str(project) for project in meeting.projects.all()))
    guests = list(meeting.guests.all())
    if guests:
        document.add_heading(_("Gäste"), level=3)
        _bullets(document, guests)

    agenda = list(meeting.agenda_items.all())
    if agenda:
        document.add_heading(_("Tagesordnung"), level=2)
        for item in agenda:
            document.add_paragraph(item.title, style="List Number")
        for item in agenda:
            if item.notes.strip():
                document.add_heading(item.title, level=2)
                _paragraphs(document, item.notes)

    summary, per_project = reports_by_project(meeting)
    if summary or per_project:
        document.add_heading(_("Erfolge und Hemmnisse"), level=2)
        if summary:
            # What all projects share, one level above the kinds – not beside the projects.
            document.add_heading(_("Zusammengefasst"), level=3)
            for kind, label in (
                (ReportKind.SUCCESS, _("Erfolge")),
                (ReportKind.OBSTACLE, _("Hemmnisse")),
            ):
                if summary.get(kind):
                    document.add_heading(label, level=4)
                    _bullets(document, summary[kind])
        for project, kinds in per_project.items():
            document.add_heading(str(project), level=3)
            for kind, label in (
                (ReportKind.SUCCESS, _("Erfolge")),
                (ReportKind.OBSTACLE, _("Hemmnisse")),
            ):
                if kinds.get(kind):
                    document.add_paragraph(label + ":")
                    _bullets(document, kinds[kind])

    if meeting.ministry_information.strip():
        document.add_heading(_("Informationen aus dem Ministerium"), level=2)
        _paragraphs(document, meeting.ministry_information)

    tables = list(meeting.theme_tables.all())
    if tables:
        document.add_heading(_("Thementische"), level=2)
        for number, table in enumerate(tables, start=1):
            document.add_heading(
                _("Thementisch %(number)s: %(title)s") % {"number": number, "title": table.title},
                level=3,
            )
            if table.projects.all():
                document.add_paragraph(
                    _("Am Tisch: %(projects)s")
                    % {"projects": ", ".join(str(project) for project in table.projects.all())}
                )
            _bullets(document, table.results.all())

    if meeting.closing_notes.strip():
        document.add_heading(_("Abschließende Hinweise"), level=2)
        _paragraphs(document, meeting.closing_notes)

    if meeting.next_meeting_on:
        document.add_heading(_("Nächster Erfahrungsaustausch"), level=2)
        document.add_paragraph(next_meeting_sentence(meeting))
    if meeting.authors:
        document.add_paragraph(_("Autor*innen: %(authors)s") % {"authors": meeting.authors})
    if meeting.written_at:
        document.add_paragraph(meeting.written_at)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def next_meeting_sentence(meeting: Meeting) -> str:
    if meeting.next_meeting_place:
        return _(
            "Der nächste ThINKA-Erfahrungsaustausch findet am %(date)s in %(place)s statt."
        ) % {
            "date": _date(meeting.next_meeting_on),
            "place": meeting.next_meeting_place,
        }
    return _("Der nächste ThINKA-Erfahrungsaustausch findet am %(date)s statt.") % {
        "date": _date(meeting.next_meeting_on)
    }


def meeting_ics(meeting: Meeting, *, url: str) -> bytes:
    """One all-day event (RFC 5545) for calendar programs."""
    calendar = Calendar()
    calendar.add("prodid", "-//ThASG e.V.//ThINKA Netzwerk//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"erfahrungsaustausch-{meeting.pk}@thinka-netzwerk")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.date)
    event.add("dtend", meeting.date + datetime.timedelta(days=1))
    event.add("summary", meeting.title)
    event.add("location", meeting.place)
    event.add("url", url)
    agenda = "\n".join(
        f"{number}. {item.title}" for number, item in enumerate(meeting.agenda_items.all(), start=1)
    )
    if agenda:
        event.add("description", _("Tagesordnung:") + "\n" + agenda)
    event.add("sequence", meeting.version)
    calendar.add_component(event)
    return calendar.to_ical()
