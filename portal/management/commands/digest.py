from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail.backends.console import EmailBackend
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import digest


class Command(BaseCommand):
    help = (
        "Gibt die Wochenübersicht eines Kontos als E-Mail (Text und HTML) auf der Konsole aus; "
        "es wird nichts gesendet und nichts vermerkt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Benutzername des Kontos")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Kein Konto „{username}“.")
        if not digest.may_receive(user):
            self.stderr.write(
                "Hinweis: Dieses Konto erhält keine Wochenübersicht (deaktiviert, ohne "
                "E-Mail-Adresse oder abbestellt)."
            )
        summary = digest.digest_for(user)
        if summary.is_empty:
            self.stdout.write("Die Wochenübersicht ist leer; sie würde nicht gesendet.")
            return
        EmailBackend(stream=self.stdout).send_messages([digest.message_for(summary)])
