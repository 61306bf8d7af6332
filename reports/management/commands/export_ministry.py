"""The ministry workbook from the command line, for scheduled reporting.

python manage.py export_ministry --period 2016-H2 [--projects SLUG ...] --output FILE
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from projects.models import Project
from reports import periods, services


class Command(BaseCommand):
    help = "Erstellt den Bericht für das Ministerium als Excel-Datei (xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--period",
            required=True,
            help="Zeitraum: 2016-H2 (Halbjahr), 2016-Q3 (Quartal) oder 2016-07-01..2016-12-31",
        )
        parser.add_argument(
            "--projects", nargs="*", metavar="SLUG", help="Kurznamen der Vorhaben (ohne: alle)"
        )
        parser.add_argument("--output", required=True, help="Zieldatei (.xlsx)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = periods.parse(options["period"])
        except periods.PeriodError as error:
            raise CommandError(str(error)) from error
        projects = Project.objects.all()
        if options["projects"]:
            slugs = set(options["projects"])
            projects = projects.filter(slug__in=slugs)
            unknown = sorted(slugs - set(projects.values_list("slug", flat=True)))
            if unknown:
                raise CommandError(f"Unbekannte Vorhaben: {', '.join(unknown)}")
        output = Path(options["output"])
        if output.suffix.lower() != ".xlsx":
            raise CommandError("Die Zieldatei muss auf .xlsx enden.")
        if not output.parent.exists():
            raise CommandError(f"Das Verzeichnis {output.parent} gibt es nicht.")
        # Written next to the target first: a failed run leaves no half-written report.
        partial = output.with_suffix(".xlsx.part")
        try:
            with partial.open("wb") as target:
                log = services.export_ministry_workbook(
                    projects=projects, period=period, target=target, by=None, via_command=True
                )
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"{output}: {period.label}, {projects.count()} Vorhaben, {log.rows} Netzwerkkontakte."
            )
        )
