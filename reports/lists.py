"""The staff's list downloads: the filtered contact list as CSV or xlsx."""

import csv
import datetime
from collections.abc import Iterator
from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from contacts.models import (
    NetworkContact,
)
from core.spreadsheets import Sheet, csv_safe
from reports.figures import CHUNK
from reports.workbook import Cell, Labels

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


def list_rows(contacts: QuerySet[NetworkContact]) -> Iterator[list[Cell]]:
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
