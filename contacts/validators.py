"""Validators for German contact data, with German messages."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

german_postcode = RegexValidator(
    r"^\d{5}$", _("Bitte geben Sie eine fünfstellige Postleitzahl ein, z. B. 96515.")
)

_PHONE_CHARS = re.compile(r"^\+?[0-9 ()/\-]+$")


def german_phone(value: str) -> None:
    """Accept 03675 123456, 03675/12 34 56, +49 3675 123456, (0361) 123-45; 6–15 digits."""
    digits = re.sub(r"\D", "", value)
    starts_ok = value.strip().startswith(("0", "+", "("))
    if not _PHONE_CHARS.match(value) or not starts_ok or not 6 <= len(digits) <= 15:
        raise ValidationError(
            _(
                "Bitte geben Sie eine Telefonnummer mit Vorwahl ein, z. B. 03675 123456 "
                "oder +49 3675 123456."
            ),
            code="invalid_phone",
        )


def not_in_future(value: datetime.date | None) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("Das Datum darf nicht in der Zukunft liegen."), code="future")
