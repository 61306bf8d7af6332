"""The peers `make bench` measures beside our own code, on the same data.

- XlsxWriter in constant_memory mode, the fastest Python xlsx writer, writing the very rows
  of the ministry export's detail sheet (reports.workbook.detail_values);
- django-import-export, the library people reach for, importing the same 10,000-row file
  as our import: organisation, network contact, field of action and contact person per
  row, with a dry run first (its preview) and then the real import.

Both are bench-only dependencies (requirements-bench.txt); the application never imports
them.
"""

from __future__ import annotations

import datetime
from pathlib import Path


def xlsxwriter_details(target: Path, request) -> int:
    """The detail sheet's rows written by XlsxWriter (constant_memory); returns the rows."""
    import xlsxwriter

    from reports.workbook import detail_headers, detail_values

    workbook = xlsxwriter.Workbook(
        str(target),
        # Text stays text, as in our export (no formulas or links from cell contents).
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = workbook.add_worksheet("Netzwerkkontakte")
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "DD.MM.YYYY"})
    for column, (label, width) in enumerate(detail_headers()):
        sheet.set_column(column, column, width)
        sheet.write_string(0, column, str(label), bold)
    rows = 0
    for rows, values in enumerate(detail_values(request), start=1):
        for column, value in enumerate(values):
            if isinstance(value, datetime.date):
                sheet.write_datetime(rows, column, value, date_format)
            elif value is None:
                continue
            else:
                sheet.write(rows, column, value)
    sheet.autofilter(0, 0, rows, len(detail_headers()) - 1)
    workbook.close()
    return rows


def import_export_resource(project):
    """A django-import-export resource for the bench file, written the documented way."""
    from import_export import fields, resources, widgets

    from contacts.models import (
        ContactPerson,
        FieldOfAction,
        NetworkContact,
        Organisation,
        OrganisationType,
    )

    default_type = OrganisationType.objects.order_by("order").first()
    fields_of_action = {f.label: f for f in FieldOfAction.objects.all()}

    class NetworkContactResource(resources.ModelResource):
        organisation = fields.Field(
            attribute="organisation",
            column_name="Name",
            widget=widgets.ForeignKeyWidget(Organisation, field="name"),
        )
        since = fields.Field(
            attribute="since", column_name="seit", widget=widgets.DateWidget("%d.%m.%Y")
        )

        class Meta:
            model = NetworkContact
            fields = ("organisation", "since")
            import_id_fields = ("organisation",)
            use_transactions = True

        def before_import_row(self, row, **kwargs):
            # The register: find the organisation by name or add it.
            Organisation.objects.get_or_create(
                name=row["Name"],
                defaults={
                    "postcode": row["PLZ"],
                    "city": row["Ort"],
                    "phone": row["Telefon"],
                    "organisation_type": default_type,
                },
            )

        def get_queryset(self):
            return NetworkContact.objects.filter(project=project)

        def before_save_instance(self, instance, row, **kwargs):
            instance.project = project

        def after_save_instance(self, instance, row, **kwargs):
            if kwargs.get("dry_run"):
                return
            field = fields_of_action.get(row["Handlungsfeld"])
            if field:
                instance.fields_of_action.add(field)
            if row["Ansprechpartner"]:
                ContactPerson.objects.create(network_contact=instance, name=row["Ansprechpartner"])

    return NetworkContactResource()


def import_export_run(project, data: bytes) -> dict:
    """Preview (dry run) and import of ``data`` through django-import-export, rolled back."""
    import time

    import tablib
    from django.db import transaction

    dataset = tablib.Dataset().load(data.decode(), format="csv", delimiter=";")
    resource = import_export_resource(project)
    with transaction.atomic():
        start = time.perf_counter()
        preview = resource.import_data(dataset, dry_run=True)
        preview_s = time.perf_counter() - start
        assert not preview.has_errors(), preview.row_errors()[:3]
        start = time.perf_counter()
        result = resource.import_data(dataset, dry_run=False)
        commit_s = time.perf_counter() - start
        assert not result.has_errors(), result.row_errors()[:3]
        rows = result.totals["new"]
        # Leave the benchmark data as it was: what this peer wrote is rolled back.
        transaction.set_rollback(True)
    return {"rows": rows, "preview_s": preview_s, "commit_s": commit_s}
