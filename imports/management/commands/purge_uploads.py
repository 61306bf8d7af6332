"""Delete uploaded lists older than THINKA_UPLOAD_RETENTION_DAYS (storage limitation).

python manage.py purge_uploads   (daily, e.g. from cron; docs/betrieb.md)
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from imports.privacy import purge_uploads


class Command(BaseCommand):
    help = "Löscht hochgeladene Listen, die älter als UPLOAD_RETENTION_DAYS Tage sind."

    def handle(self, *args: Any, **options: Any) -> None:
        drafts, files = purge_uploads()
        self.stdout.write(
            f"Nach {settings.THINKA_UPLOAD_RETENTION_DAYS} Tagen gelöscht: {drafts} "
            f"Entwürfe, {files} Dateien abgeschlossener Importe."
        )
