from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = _("Netzwerkkontakte")

    def ready(self) -> None:
        # Stale recogniser keys (raw SQL past the model) reported by `check --database` and
        # every `migrate`. By name: the check needs the models, which load only now.
        checks.register(
            import_string("contacts.checks.stale_recogniser_keys"), checks.Tags.database
        )
