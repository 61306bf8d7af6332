"""A signed-in session lives on while used, without a database write on every request."""

from django.contrib.sessions.models import Session

from core.middleware import SessionActivityMiddleware


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_use_renews_the_session_at_most_once_a_minute(world, client, monkeypatch):
    now = [1_000_000]
    monkeypatch.setattr("core.middleware.time.time", lambda: now[0])
    client.force_login(world.staff_a)
    client.get("/netzwerk/")
    first = _expiry(client)

    now[0] += SessionActivityMiddleware.INTERVAL - 1
    client.get("/netzwerk/")
    assert _expiry(client) == first  # not written again within the minute

    now[0] += 1
    client.get("/netzwerk/")
    assert _expiry(client) > first  # written: the idle timeout starts anew


def test_anonymous_visitors_get_no_session(client, db):
    client.get("/konto/login/")
    assert Session.objects.count() == 0
