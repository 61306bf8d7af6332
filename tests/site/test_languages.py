"""German first; English when a user picks it. The catalogue is complete and current."""

from __future__ import annotations

import datetime
import gettext
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%[sd]")


def _choose(client, language: str, next_url: str = "/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


@pytest.mark.django_db
def test_german_without_a_choice_whatever_the_browser_asks_for(client, world):
    client.force_login(world.staff_a)
    response = client.get(reverse("contacts:list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert '<html lang="de">' in page
    assert "Netzwerkkontakte filtern" in page
    assert response["Content-Language"] == "de"


@pytest.mark.django_db
def test_a_user_switches_to_english_and_back(client, world):
    world.contact_a.last_interaction_on = datetime.date(2016, 4, 6)
    world.contact_a.save()
    client.force_login(world.staff_a)
    response = _choose(client, "en", reverse("contacts:list"))
    assert response.status_code == 302
    assert response.url == reverse("contacts:list")

    page = client.get(reverse("contacts:list")).content.decode()
    assert '<html lang="en">' in page
    assert "Filter network contacts" in page
    assert "06/04/2016" in page  # day before month, as in Germany
    assert re.search(r'lang="de"[^>]*>Deutsch</button>', page)  # the way back, in German

    _choose(client, "de")
    page = client.get(reverse("contacts:list")).content.decode()
    assert "Netzwerkkontakte filtern" in page
    assert "06.04.2016" in page


@pytest.mark.django_db
def test_the_login_page_can_be_switched_before_login(client):
    _choose(client, "en", reverse("login"))
    page = client.get(reverse("login")).content.decode()
    assert "Forgotten your password?" in page


@pytest.mark.django_db
def test_an_unknown_language_keeps_german(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(world.staff_a)
    assert '<html lang="de">' in client.get(reverse("home")).content.decode()


def test_every_text_is_translated_with_its_placeholders():
    catalogue = polib.pofile(str(CATALOGUE / "django.po"))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    for entry in catalogue:
        pairs = [(entry.msgid, entry.msgstr)]
        if entry.msgid_plural:
            pairs = [(entry.msgid, entry.msgstr_plural[0])]
            pairs += [(entry.msgid_plural, entry.msgstr_plural[1])]
        for source, translation in pairs:
            assert sorted(PLACEHOLDER.findall(source)) == sorted(
                PLACEHOLDER.findall(translation)
            ), source


def test_the_compiled_catalogue_matches_the_source():
    catalogue = polib.pofile(str(CATALOGUE / "django.po"))
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    for entry in catalogue:
        if entry.msgid_plural:
            assert (
                translations.ngettext(entry.msgid, entry.msgid_plural, 2)
                == (entry.msgstr_plural[1])
            ), "make messages: django.mo is older than django.po"
        else:
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            assert translations.gettext(key) == entry.msgstr, (
                "make messages: django.mo is older than django.po"
            )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) fehlt")
def test_the_catalogue_holds_every_text_of_the_code(tmp_path, settings, monkeypatch):
    # makemessages writes beside the sources, so it runs on a copy of them.
    copy = tmp_path / "src"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            ".*", "bench", "tests", "staticfiles", "__pycache__", "*.sqlite3", "*.mo"
        ),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["en"], no_location=True, no_obsolete=True, verbosity=0)
    fresh = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))
    }
    kept = {(e.msgctxt, e.msgid) for e in polib.pofile(str(CATALOGUE / "django.po"))}
    assert sorted(fresh - kept) == [], "new texts: run make messages and translate them"
    assert sorted(kept - fresh) == [], "texts gone from the code: run make messages"


@pytest.mark.parametrize(
    ("language", "long", "weekday"),
    [
        ("de", "6. April 2016", "Mittwoch, 6. April 2016"),
        ("en", "6 April 2016", "Wednesday, 6 April 2016"),
    ],
)
def test_written_out_dates_follow_the_language(language, long, weekday):
    from django.utils import formats, translation

    with translation.override(language):
        day = datetime.date(2016, 4, 6)
        assert formats.date_format(day, "LONG_DATE_FORMAT") == long
        assert formats.date_format(day, "WEEKDAY_DATE_FORMAT") == weekday


@pytest.mark.django_db
def test_where_german_means_several_projects_english_says_projects(client, world):
    client.force_login(world.coordination)
    _choose(client, "en")
    page = client.get(reverse("projects:list")).content.decode()
    assert '<h1 class="mb-0">Projects</h1>' in page
    assert 'href="/vorhaben/">Projects</a>' in page
