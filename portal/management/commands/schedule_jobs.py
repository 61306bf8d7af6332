from typing import Any

from django.core.management.base import BaseCommand

from portal import tasks


class Command(BaseCommand):
    help = (
        "Stellt die täglichen Aufträge (Wochenübersichten, abgelaufene Importe, alte Exporte) "
        "in die Warteschlange des Workers, falls dort noch keiner wartet."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if tasks.schedule_daily():
            self.stdout.write(f"Tägliche Aufträge geplant für {tasks.next_run():%d.%m.%Y %H:%M}.")
        else:
            self.stdout.write("Tägliche Aufträge sind bereits geplant.")
