from typing import Any

from django.core.management.base import BaseCommand

from portal import tasks


class Command(BaseCommand):
    help = (
        "Führt die täglichen Aufträge sofort aus (für einen Cron-Eintrag statt der Planung "
        "im Worker): Wochenübersichten des Tages, abgelaufene Importe, alte Exporte."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = tasks.run_daily_jobs()
        self.stdout.write(
            "Wochenübersichten: {digests}, abgelaufene Importe: {expired_imports}, "
            "gelöschte Exporte: {pruned_jobs}".format(**done)
        )
