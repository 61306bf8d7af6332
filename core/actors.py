"""Who acts: the user recorded in the change history, and how people are named in logs."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AbstractUser


def acted_by[T](instance: T, user: AbstractBaseUser | None) -> T:
    """Record ``user`` as the author of the next save in django-simple-history."""
    # simple_history reads this attribute on the next save (docs: "Manually setting the user").
    setattr(instance, "_history_user", user)  # noqa: B010 - any model, not one type
    return instance


# The longest name a log keeps: Django's first and last name (150 each) and the space
# between – a label column of this length holds every account's name (issue 32).
LABEL_LENGTH = 301


def display_name(user: AbstractBaseUser | Any | None, default: str = "") -> str:
    """Full name, else user name; ``default`` when there is no user (command line, system)."""
    if user is None:
        return default
    full_name = user.get_full_name() if isinstance(user, AbstractUser) else ""
    return full_name or user.get_username()


def display_label(user: AbstractBaseUser | Any | None, default: str = "") -> str:
    """``display_name`` for a label column: never longer than ``LABEL_LENGTH`` (a longer
    one – another user model – is cut with "…" rather than failing the download)."""
    name = display_name(user, default)
    return name if len(name) <= LABEL_LENGTH else name[: LABEL_LENGTH - 1] + "…"
