from django.apps import AppConfig
from django.db.models import fields as model_fields
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Querschnitt"

    def ready(self) -> None:
        # Django 6.1's empty choice of every select ("- Select an option -") has no German
        # translation yet; Django asks apps to set their own label here.
        model_fields.BLANK_CHOICE_LABEL = _("Bitte wählen")
