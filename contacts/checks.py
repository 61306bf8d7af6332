"""``manage.py check --database default`` (and every ``migrate``): register entries whose
recogniser keys are stale – written past the model by raw SQL – are reported with the
command that repairs them. Only the quick SQL part; ``repair_organisation_keys`` compares
every entry in full."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError, connections

from contacts.models import Organisation, stale_organisations, without_words


def stale_recogniser_keys(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    if not databases or "default" not in databases:
        return []
    connection = connections["default"]
    try:
        if Organisation._meta.db_table not in connection.introspection.table_names():
            return []
        stale = stale_organisations().count()
        missing = without_words().count()
    except DatabaseError:  # not migrated this far yet: migrate reads them
        return []
    if not stale and not missing:
        return []
    return [
        checks.Warning(
            f"{stale} Registereinträge mit veralteten Erkennungsschlüsseln, {missing} ohne "
            "Wortzeilen (an der Anwendung vorbei geschrieben): Vorschläge beim Tippen, Suche und Import "
            "erkennen sie nicht.",
            hint="python manage.py repair_organisation_keys",
            id="contacts.W001",
        )
    ]
