"""The commit writes what the preview evaluated (issue 28: a list of 10,000 rows is not
evaluated twice) – but only while the plan and everything the evaluation read are as they
were; otherwise it evaluates again, and an existing contact saved since its evaluation
refuses the whole import."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contacts.models import NetworkContact, Organisation
from imports import rows, selectors, services
from imports.models import ImportMode, ImportStatus
from imports.rows import NEW, UPDATE
from tests import factories
from tests.imports.test_corpus import text_file

LIST = [
    ["Organisation", "Ort", "Bemerkung"],
    ["Jobcenter Sonneberg", "Sonneberg", "Sprechstunde dienstags"],
    ["Tafel Neustadt", "Neustadt", ""],
]


@pytest.fixture
def evaluations(monkeypatch):
    """How often the commit evaluated the rows itself."""
    calls = []
    real = rows.evaluate

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "evaluate", counted)
    return calls


def _upload(world, data=LIST):
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=text_file(data)
    )
    batch.mode = ImportMode.ADD_AND_UPDATE
    batch.save()
    return batch


def test_the_commit_writes_the_previewed_rows_without_evaluating_them_again(world, evaluations):
    batch = _upload(world)
    shown = selectors.preview(batch)
    assert [r.status for r in shown] == [UPDATE, NEW]
    counts = services.commit(batch=batch, by=world.staff_a)
    print(f"Auswertungen beim Import: {len(evaluations)}")
    assert evaluations == []
    assert (counts.created, counts.updated) == (1, 1)
    world.contact_a.refresh_from_db()
    assert world.contact_a.notes == "Sprechstunde dienstags"
    assert Organisation.objects.filter(name="Tafel Neustadt").count() == 1


def test_a_changed_plan_is_evaluated_again(world, evaluations):
    batch = _upload(world)
    selectors.preview(batch)
    batch.mapping = {**batch.mapping, "Bemerkung": ""}  # the notes column left out
    batch.save()
    services.commit(batch=batch, by=world.staff_a)
    assert len(evaluations) == 1
    world.contact_a.refresh_from_db()
    assert world.contact_a.notes == ""


def test_a_register_entry_added_since_the_preview_is_matched_not_duplicated(world, evaluations):
    batch = _upload(world)
    (_update, new) = selectors.preview(batch)
    assert new.status == NEW
    assert new.organisation is None
    # Meanwhile another project records the same organisation.
    factories.NetworkContactFactory(
        project=world.project_b,
        organisation=factories.OrganisationFactory(name="Tafel Neustadt", city="Neustadt"),
    )
    services.commit(batch=batch, by=world.staff_a)
    assert len(evaluations) == 1
    assert Organisation.objects.filter(name="Tafel Neustadt").count() == 1
    assert NetworkContact.objects.filter(
        project=world.project_a, organisation__name="Tafel Neustadt"
    ).exists()


def test_a_contact_edited_since_the_preview_is_not_overwritten(world, evaluations):
    batch = _upload(world)
    selectors.preview(batch)
    world.contact_a.notes = "von Hand eingetragen"
    world.contact_a.save()  # a save since the preview: evaluated again, the notes kept
    services.commit(batch=batch, by=world.staff_a)
    assert len(evaluations) == 1
    world.contact_a.refresh_from_db()
    assert world.contact_a.notes.startswith("von Hand eingetragen")


def test_a_contact_whose_version_moved_after_the_check_refuses_everything(world, evaluations):
    batch = _upload(world)
    selectors.preview(batch)
    # A version counted past the figures the commit compares (no save): the row's own
    # check at writing time still sees it.
    NetworkContact.objects.filter(pk=world.contact_a.pk).update(version=99)
    with pytest.raises(services.ImportRefused, match="seit der Vorschau geändert"):
        services.commit(batch=batch, by=world.staff_a)
    assert evaluations == []
    assert not Organisation.objects.filter(name="Tafel Neustadt").exists()  # all or nothing
    world.contact_a.refresh_from_db()
    assert world.contact_a.notes == ""


def test_a_commit_refused_for_errors_keeps_the_evaluation_for_the_next_try(world, evaluations):
    batch = _upload(world, [*LIST, ["", "Neustadt", "ohne Namen"]])
    shown = selectors.preview(batch)
    assert [r.status for r in shown][-1] == rows.ERROR
    with pytest.raises(services.ImportRefused):
        services.commit(batch=batch, by=world.staff_a)
    counts = services.commit(batch=batch, by=world.staff_a, skip_errors=True)
    assert evaluations == []
    assert counts.created == 1


def test_the_preview_page_and_the_import_button_evaluate_the_list_once(client, world, evaluations):
    """In the browser: the page's plan (with each column's evidence) is the commit's plan."""
    batch = _upload(world)
    client.force_login(world.staff_a)
    page = client.get(reverse("imports:preview", args=[batch.pk]))
    assert page.status_code == 200
    client.post(reverse("imports:commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED
    assert evaluations == []
