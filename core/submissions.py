"""One-time form tokens: a form sent twice (a double click, a reload, a second tab) does
its work once; the repeat is told what became of the first.

The token travels in a hidden field; the first request claims it in the cache, the
finished one stores its result under it. Without a shared cache (several workers, no
REDIS_URL) a repeat may reach another worker – the database constraints still hold, so it
then gets the German message of a duplicate instead of being recognised.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache

FIELD = "submission"
PENDING = "pending"
LIFETIME = 3600  # seconds a finished submission is remembered
PENDING_LIFETIME = 60  # a first request that died (server error) frees the form again


def new_token() -> str:
    return secrets.token_urlsafe(16)


def _key(user_id: int, token: str) -> str:
    return f"thinka:submission:{user_id}:{token}"


def claim(*, user_id: int, token: str) -> object | None:
    """None if this request is the first with ``token`` (go ahead); otherwise PENDING while
    the first is still at work, or what the first one stored when it finished."""
    if cache.add(_key(user_id, token), PENDING, PENDING_LIFETIME):
        return None
    return cache.get(_key(user_id, token), PENDING)


def complete(*, user_id: int, token: str, result: object) -> None:
    cache.set(_key(user_id, token), result, LIFETIME)


def release(*, user_id: int, token: str) -> None:
    """The first request did not finish (invalid input): the same form may be sent again."""
    cache.delete(_key(user_id, token))
