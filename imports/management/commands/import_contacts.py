"""Import an old contact list from the command line (the coordination office's migration).

python manage.py import_contacts PROJECT FILE [--mapping auto|NAME] [--dry-run]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from imports import mapping as m
from imports import selectors, services
from imports.models import ImportMode, SavedImportMapping
from imports.reading import ImportFileError, parse_date
from imports.rows import STATUS_LABELS
from projects.models import Project


class Command(BaseCommand):
    help = "Importiert eine Kontaktliste (xlsx, xls, ods oder csv) in ein Vorhaben."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help="Kurzname (slug) des Vorhabens")
        parser.add_argument("file", help="Datei (.xlsx, .xls, .ods oder .csv)")
        parser.add_argument(
            "--mapping", default="auto", help="auto oder Name einer gespeicherten Zuordnung"
        )
        parser.add_argument(
            "--mode", choices=[c for c, _ in ImportMode.choices], default=ImportMode.ADD_AND_UPDATE
        )
        parser.add_argument(
            "--stand",
            help="Stand der Liste (TT.MM.JJJJ) für --mode overwrite; sonst aus der Datei",
        )
        parser.add_argument(
            "--skip-errors", action="store_true", help="Zeilen mit Fehlern auslassen"
        )
        parser.add_argument("--dry-run", action="store_true", help="nur prüfen, nichts speichern")

    def handle(self, *args: str, **options: Any) -> None:
        project = Project.objects.filter(slug=options["project"]).first()
        if project is None:
            raise CommandError(f"Unbekanntes Vorhaben: {options['project']}")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {path}")
        try:
            batch = services.upload(
                project=project, by=None, file_name=path.name, data=path.read_bytes()
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if options["mapping"] != "auto":
            saved = SavedImportMapping.objects.filter(
                project=project, name=options["mapping"]
            ).first()
            if saved is None:
                batch.delete()
                raise CommandError(
                    f"Keine gespeicherte Zuordnung „{options['mapping']}“ für {project}."
                )
            batch.mapping, batch.value_map = saved.mapping, saved.value_map
        batch.mode = options["mode"]
        try:
            batch.list_date = (
                parse_date(options["stand"])
                if options["stand"]
                else selectors.table_of(batch).stated_date
            )
        except ValueError as error:
            batch.delete()
            raise CommandError(str(error)) from error
        if batch.mode == ImportMode.OVERWRITE and batch.list_date is None:
            batch.delete()
            raise CommandError(
                "Zum Aktualisieren braucht es den Stand der Liste: --stand TT.MM.JJJJ"
            )
        batch.save()
        for column, code in batch.mapping.items():
            self.stdout.write(f"  {column!r:40} → {code or '(ignorieren)'}")
        table = selectors.table_of(batch)
        for skipped in table.skipped:
            self.stdout.write(
                f"  nicht übernommen: {skipped.place}: {skipped.text} ({skipped.reason})"
            )
        for notice in table.notices:
            self.stdout.write(f"  gelesen: {notice}")
        plan = selectors.plan_of(batch, table, explain=True)
        for column in plan.ignored:
            self.stdout.write(f"  nicht übernommen: {column.name!r} ({column.reason})")
        # Confident matches are taken; the rest is reported once per distinct value and
        # kept in the notes of the rows that hold it – never a reason to refuse the list.
        unknown = m.unknown_values(table.rows, table.header, batch.mapping, batch.value_map)
        for code, values in unknown.items():
            self.stdout.write(
                self.style.WARNING(
                    f"  Unbekannt in „{m.BY_CODE[code].label}“: "
                    + ", ".join(f"„{value}“" for value in values)
                    + " – in die Notizen übernommen (im Assistenten zuordnen: in die Werteliste)"
                )
            )
        results = selectors.preview(batch, table=table, plan=plan)
        summary: dict[str, int] = {}
        for result in results:
            summary[result.status] = summary.get(result.status, 0) + 1
            detail = " ".join(result.errors) or "; ".join(
                f"{label}: {old or '–'} → {new}" for label, old, new in result.changes
            )
            mark = " [prüfen]" if result.needs_review else ""
            self.stdout.write(
                f"  {result.place:>12}  {result.status_label:<22} {result.name}{mark}  {detail}".rstrip()
            )
            if result.needs_review:
                for reason in result.review:
                    self.stdout.write(f"{'':16}→ {reason}")
        self.stdout.write(", ".join(f"{STATUS_LABELS[k]}: {v}" for k, v in summary.items()))
        # Confident matches are taken (above: "ergänzt", "schon vorhanden"); doubtful ones –
        # the same name, its place open – are reported to be checked in the wizard.
        for result in results:
            if result.is_new and result.organisation is None and result.similar:
                best = result.similar[0].organisation
                self.stdout.write(
                    self.style.WARNING(
                        f"  {result.place}: „{result.name}“ ist vielleicht „{best.name}“"
                        f" ({best.city or '–'}) im Register – wird neu angelegt; zum "
                        "Verknüpfen im Assistenten importieren"
                    )
                )
        review = [result for result in results if result.needs_review]
        if review:
            kept = sum(len(result.review) for result in review)
            self.stdout.write(
                self.style.WARNING(
                    f"In die Notizen (aus der Liste: Spalte – Wert): {kept} Werte in "
                    f"{len(review)} Zeilen – bitte prüfen."
                )
            )
        if selectors.earlier_imports(batch).exists():
            self.stdout.write(
                self.style.WARNING("Diese Datei wurde schon einmal in dieses Vorhaben importiert.")
            )
        if options["dry_run"]:
            batch.delete()
            self.stdout.write("Probelauf: nichts gespeichert.")
            return
        try:
            counts = services.commit(batch=batch, by=None, skip_errors=options["skip_errors"])
        except services.ImportRefused as error:
            batch.delete()
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Importiert (Import Nr. {batch.pk}): {counts.created} neu, {counts.updated} ergänzt, "
                f"{counts.skipped} übersprungen."
            )
        )
        batch.refresh_from_db()
        for row in batch.review:
            self.stdout.write(
                f"  prüfen: {row['place']} {row['name']} (Netzwerkkontakt Nr. {row['contact']}): "
                + "; ".join(row["reasons"])
            )
