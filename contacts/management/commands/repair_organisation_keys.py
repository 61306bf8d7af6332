"""``manage.py repair_organisation_keys``: the register's recogniser keys and word rows
true again after writes past the model (issue 29)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from contacts.models import repair_organisation_keys


class Command(BaseCommand):
    help = (
        "Sucht Registereinträge, deren Erkennungsschlüssel oder Wortzeilen nicht zu Name und "
        "Ort passen (Änderungen per SQL an der Anwendung vorbei), und liest sie neu ein."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Nur melden, nichts ändern.")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = repair_organisation_keys(dry_run=options["dry_run"])
        shown = ", ".join(str(pk) for pk in ids[:20]) + (" …" if len(ids) > 20 else "")
        if options["dry_run"]:
            self.stdout.write(f"Veraltete Erkennungsschlüssel: {len(ids)} Einträge {shown}".strip())
        else:
            self.stdout.write(f"Neu eingelesen: {len(ids)} Einträge {shown}".strip())
