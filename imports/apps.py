from django.apps import AppConfig
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Import alter Listen")

    def ready(self) -> None:
        # The stored lists answer the contacts wing's erasure and Art. 15 report
        # (imports.privacy); contacts never imports this app. By name: the models of both
        # apps load only now.
        for signal, receiver in (("erasing", "on_erasing"), ("reporting", "on_reporting")):
            import_string(f"contacts.privacy.{signal}").connect(
                import_string(f"imports.privacy.{receiver}"),
                dispatch_uid=f"imports.privacy.{receiver}",
            )
