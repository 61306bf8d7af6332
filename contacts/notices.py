"""The information of Art. 14 DSGVO for contact persons whose data did not come from them:
one notice per person from the coordination office's template (``NoticeTemplate``), as
paragraphs for the printable page and as a Word file (.docx, A4, one person per page).

Never for an erased person: ``notices_for`` leaves them out, whatever ids it is given.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db.models import Field, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_BREAK
from docx.shared import Mm, Pt

from contacts.models import ContactPerson, DataSource, NoticeTemplate


@dataclass(frozen=True)
class Notice:
    person_id: int
    recipient: str  # name and function
    organisation: str
    address: list[str]  # the organisation's postal address, for a letter
    email: str
    subject: str
    salutation: str
    introduction: str
    sections: list[tuple[str, str]]  # heading, text
    closing: str


def source_text(person: ContactPerson) -> str:
    """Where the person's data came from, in a sentence for the notice."""
    parts = [str(DataSource(person.source).label)]
    if person.source_note:
        parts.append(person.source_note)
    if person.collected_on:
        parts.append(_("erhoben am %(date)s") % {"date": formats.date_format(person.collected_on)})
    return ", ".join(parts) + "."


def _fill(text: str, person: ContactPerson) -> str:
    project = person.network_contact.project
    operators = ", ".join(operator.name for operator in project.operators.all())
    return text.replace("{vorhaben}", project.name).replace("{traeger}", operators or project.name)


def _verbose_name(name: str) -> object:
    field = NoticeTemplate._meta.get_field(name)
    assert isinstance(field, Field)  # SECTIONS are text fields of the template
    return field.verbose_name


def notice(person: ContactPerson, template: NoticeTemplate) -> Notice:
    organisation = person.network_contact.organisation
    sections = [
        (
            str(_verbose_name(name)),
            _fill(getattr(template, name), person),
        )
        for name in NoticeTemplate.SECTIONS
    ]
    sections.insert(4, (_("Herkunft der Daten"), source_text(person)))
    return Notice(
        person_id=person.pk,
        recipient=", ".join(part for part in (person.name, person.function) if part),
        organisation=organisation.name,
        address=[
            line
            for line in (
                organisation.street,
                " ".join(part for part in (organisation.postcode, organisation.city) if part),
            )
            if line
        ],
        email=person.email,
        subject=_fill(template.subject, person),
        salutation=_("Guten Tag %(name)s,") % {"name": person.name},
        introduction=_fill(template.introduction, person),
        sections=sections,
        closing=_fill(template.closing, person),
    )


def notices_for(persons: QuerySet[ContactPerson]) -> list[Notice]:
    """One notice per stored person (erased ones never), in the order of the list."""
    template = NoticeTemplate.current()
    stored = (
        persons.filter(erased_at__isnull=True)
        .select_related("network_contact__organisation", "network_contact__project")
        .prefetch_related("network_contact__project__operators")
    )
    return [notice(person, template) for person in stored]


def docx(notices: list[Notice]) -> bytes:
    """The notices as a Word file: A4, one person per page, ready to print or send."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    document.styles["Normal"].font.size = Pt(11)
    for index, item in enumerate(notices):
        if index:
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        for line in [item.recipient, item.organisation, *item.address]:
            document.add_paragraph(line).paragraph_format.space_after = Pt(0)
        document.add_paragraph()
        document.add_heading(item.subject, level=1)
        document.add_paragraph(item.salutation)
        document.add_paragraph(item.introduction)
        for heading, text in item.sections:
            document.add_heading(heading, level=2)
            document.add_paragraph(text)
        for line in item.closing.splitlines():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
