from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import pgettext_lazy


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = pgettext_lazy("Mehrzahl", "Vorhaben")

    def ready(self) -> None:
        # Role changes on record, whatever path makes them (issue 31).
        # Django's pattern for signal handlers: the module needs the models, which exist
        # only now – the one import inside a function, on purpose.
        from projects import account_log  # noqa: PLC0415

        account_log.connect()


class ThinkaAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site (projects.admin_site): closed to the ministry."""

    default = False  # ProjectsConfig stays the app's own configuration
    default_site = "projects.admin_site.ThinkaAdminSite"
