"""Who acts: the user recorded in the change history, and how people are named in logs."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser


def acted_by[T](instance: T, user: AbstractBaseUser | None) -> T:
    """Record ``user`` as the author of the next save in django-simple-history."""
    instance._history_user = user
    return instance


def display_name(user: AbstractBaseUser | None, default: str = "") -> str:
    """Full name, else user name; ``default`` when there is no user (command line, system)."""
    if user is None:
        return default
    return user.get_full_name() or user.get_username()
