"""Recogniser keys written past the model (issue 29): raw SQL ``INSERT``/``UPDATE`` or a plain
QuerySet's ``update()`` leave an entry's keys and word rows stale; ``check --database``
warns, ``repair_organisation_keys`` finds every such entry by reading all names again and
repairs them – on SQLite and PostgreSQL."""

from __future__ import annotations

import io

import pytest
from django.core import checks
from django.core.management import call_command
from django.db import connection, models

from contacts import recognition
from contacts.models import (
    KEY_FIELDS,
    Organisation,
    OrganisationToken,
    keys_read_from,
    repair_organisation_keys,
)
from tests import factories

pytestmark = pytest.mark.django_db

TABLE = Organisation._meta.db_table


def _keys(organisation: Organisation) -> tuple[list[str], set[str]]:
    organisation.refresh_from_db()
    words = set(
        OrganisationToken.objects.filter(organisation=organisation).values_list("token", flat=True)
    )
    return [getattr(organisation, name) for name in KEY_FIELDS], words


def _as_read_now(organisation: Organisation) -> tuple[list[str], set[str]]:
    fresh = Organisation.objects.get(pk=organisation.pk).refresh_keys()
    return [getattr(fresh, name) for name in KEY_FIELDS], set(fresh.read_name().tokens)


def _raw_copy(source: Organisation, *, name: str, city: str, consistent_mark: bool) -> int:
    """An entry inserted by raw SQL as a copy of ``source`` with another name: its keys
    are the source's; with ``consistent_mark`` even what they claim to be read from fits."""
    columns = [f.column for f in Organisation._meta.concrete_fields if f.column != "id"]
    chosen = {
        "name": "%s",
        "city": "%s",
        "normalised_name": "%s",
        "keys_read_from": "%s",
    }
    select = ", ".join(chosen.get(c, c) for c in columns)
    mark = keys_read_from(name, city, False) if consistent_mark else source.keys_read_from
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} ({', '.join(columns)}) SELECT {select} FROM {TABLE} "  # noqa: S608
            "WHERE id = %s",
            [
                value
                for column in columns
                if column in chosen
                for value in [
                    {
                        "name": name,
                        "city": city,
                        "normalised_name": f"raw {name}",
                        "keys_read_from": mark,
                    }[column]
                ]  # fmt: skip
            ]
            + [source.pk],
        )
    return Organisation.objects.get(name=name).pk


def _warnings() -> list[checks.CheckMessage]:
    return [
        m
        for m in checks.run_checks(tags=[checks.Tags.database], databases=["default"])
        if m.id == "contacts.W001"
    ]


def test_raw_sql_leaves_keys_stale_and_the_repair_finds_and_repairs_every_kind(world):
    template = factories.OrganisationFactory(name="Sonneberger Tafel e. V.", city="Sonneberg")
    renamed = factories.OrganisationFactory(name="Kita Regenbogen", city="Suhl")
    plain = factories.OrganisationFactory(name="Jugendclub Nord", city="Gera")
    untouched = factories.OrganisationFactory(name="Volkshochschule Gotha", city="Gotha")
    before = _keys(untouched)
    assert not _warnings()

    with connection.cursor() as cursor:  # 1. a raw UPDATE of the name
        cursor.execute(
            f"UPDATE {TABLE} SET name = %s WHERE id = %s",  # noqa: S608
            ["Familienzentrum Lichtblick", renamed.pk],
        )
    # 2. an update through a plain QuerySet, past the register's own
    models.QuerySet(Organisation).filter(pk=plain.pk).update(name="Seniorenbüro Mosaik")
    # 3. raw INSERTs: one whose mark gives it away, one whose mark was forged to fit
    copied = _raw_copy(template, name="Mehrgenerationenhaus Anker", city="Artern",
                       consistent_mark=False)  # fmt: skip
    forged = _raw_copy(template, name="Schuldnerberatung Kompass", city="Greiz",
                       consistent_mark=True)  # fmt: skip
    stale = {renamed.pk, plain.pk, copied, forged}
    for pk in stale:
        organisation = Organisation.objects.get(pk=pk)
        assert _keys(organisation) != _as_read_now(organisation)
    assert recognition.suggest("Lichtblick") == []  # the type-ahead cannot find it

    warnings = _warnings()
    assert len(warnings) == 1
    assert "repair_organisation_keys" in warnings[0].hint
    print(f"\n{warnings[0].msg}")

    out = io.StringIO()
    call_command("repair_organisation_keys", "--dry-run", stdout=out)
    assert "4 Einträge" in out.getvalue()
    assert set(repair_organisation_keys(dry_run=True)) == stale  # the dry run changed nothing

    out = io.StringIO()
    call_command("repair_organisation_keys", stdout=out)
    assert "Neu eingelesen: 4" in out.getvalue()
    for pk in stale:
        organisation = Organisation.objects.get(pk=pk)
        assert _keys(organisation) == _as_read_now(organisation)
    assert _keys(untouched) == before
    assert not _warnings()
    assert repair_organisation_keys(dry_run=True) == []
    assert [f.organisation.pk for f in recognition.suggest("Lichtblick")] == [renamed.pk]
    assert [f.organisation.pk for f in recognition.suggest("Kompass Greiz")] == [forged]


def test_an_old_duplicate_keeps_its_mark_and_is_not_reported(world):
    """Two entries one identity after a new reading: the later keeps "#<id>" (read_again) –
    its keys, not drift."""
    first = factories.OrganisationFactory(name="Tafel Sonneberg", city="Sonneberg")
    second = factories.OrganisationFactory(name="Kita Sonnenschein", city="Sonneberg")
    models.QuerySet(Organisation).filter(pk=second.pk).update(name="Sonneberger Tafel")
    assert repair_organisation_keys() == [second.pk]
    second.refresh_from_db()
    assert second.normalised_name == f"{first.normalised_name}#{second.pk}"
    assert repair_organisation_keys(dry_run=True) == []


def test_a_merged_entry_has_no_words_and_a_raw_merge_is_repaired(world):
    target = factories.OrganisationFactory(name="Diakonie Gotha", city="Gotha")
    source = factories.OrganisationFactory(name="Diakonie Ohrdruf", city="Ohrdruf")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET merged_into_id = %s WHERE id = %s",  # noqa: S608
            [target.pk, source.pk],
        )
    assert repair_organisation_keys() == [source.pk]
    assert not OrganisationToken.objects.filter(organisation=source).exists()
    assert repair_organisation_keys(dry_run=True) == []
