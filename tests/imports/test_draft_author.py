"""Who changed an import draft (issue 34): every step of the wizard records the acting
person on the batch – a team may share one draft – and a saved mapping keeps who saved it."""

from __future__ import annotations

import pytest

from imports import services
from imports.models import SavedImportMapping
from imports.selectors import table_of
from tests.imports.test_import import HEADER, ROWS, csv_bytes


@pytest.fixture
def batch(world):
    return services.upload(
        project=world.project_a,
        by=world.staff_a,
        file_name="liste.csv",
        data=csv_bytes([HEADER, *ROWS]),
    )


def _changed_by(batch):
    batch.refresh_from_db()
    return batch.changed_by


def test_the_upload_names_the_uploader_as_the_last_to_change_the_draft(batch, world):
    assert _changed_by(batch) == world.staff_a


def test_each_step_of_the_wizard_records_who_took_it(batch, world):
    table = table_of(batch)
    services.header_row_set(batch=batch, header_row=1, table=table, by=world.lead_a)
    assert _changed_by(batch) == world.lead_a

    services.links_save(batch=batch, links={"2": None}, by=world.staff_a)
    assert _changed_by(batch) == world.staff_a

    services.resolutions_save(batch=batch, resolutions={"*": "keep"}, by=world.lead_a)
    assert _changed_by(batch) == world.lead_a

    column = next(iter(batch.mapping))
    services.role_set(batch=batch, column=column, role=batch.mapping[column], by=world.staff_a)
    assert _changed_by(batch) == world.staff_a

    services.mapping_save(
        batch=batch,
        mapping=batch.mapping,
        value_map={},
        mode=batch.mode,
        save_as="Liste des Jobcenters",
        by=world.lead_a,
    )
    assert _changed_by(batch) == world.lead_a
    saved = SavedImportMapping.objects.get(project=world.project_a, name="Liste des Jobcenters")
    assert saved.saved_by == world.lead_a

    services.mapping_apply_saved(batch=batch, saved=saved, by=world.staff_a)
    assert _changed_by(batch) == world.staff_a


def test_saving_a_mapping_again_under_its_name_names_the_new_author(batch, world):
    for person in (world.staff_a, world.lead_a):
        services.mapping_save(
            batch=batch,
            mapping=batch.mapping,
            value_map={},
            mode=batch.mode,
            save_as="Gleich",
            by=person,
        )
    assert SavedImportMapping.objects.get(name="Gleich").saved_by == world.lead_a
