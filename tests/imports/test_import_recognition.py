"""The import recognises the register's organisations by the one recogniser (issue 29):
a confident match – same place, same name after normalising – is taken and shown so; a
doubtful one is asked with the best candidate (own project, own town) preselected; the
command line takes confident matches and reports doubtful ones."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from contacts.models import NetworkContact, Organisation
from imports import selectors, services
from imports.models import ImportBatch
from imports.rows import NEW, UNCHANGED, UPDATE, attach_similar
from tests import factories
from tests.imports.test_import import csv_bytes
from tests.imports.test_import_pages import upload

pytestmark = pytest.mark.django_db


def _preview(world, rows):
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="liste.csv", data=csv_bytes(rows)
    )
    return batch, selectors.preview(batch)


def test_another_spelling_of_the_projects_partner_is_the_partner(world):
    partner = factories.OrganisationFactory(name="Sonneberger Tafel e. V.", city="Sonneberg")
    factories.NetworkContactFactory(project=world.project_a, organisation=partner)
    rows = [
        ["Organisation", "Ort", "Telefon"],
        ["Tafel Sonneberg e.V.", "Sonneberg", "03675 404040"],
        ["Landkreis Sonneberg – Jobcenter", "", ""],
    ]
    _batch, results = _preview(world, rows)
    assert results[0].organisation == partner
    assert results[0].status in (UPDATE, UNCHANGED)
    assert results[1].organisation == world.organisation
    assert results[1].status == UNCHANGED


def test_a_confident_match_in_the_register_is_taken_and_shown_as_such(client, world):
    awo = factories.OrganisationFactory(name="AWO Ortsverein Sonneberg e. V.", city="Sonneberg")
    rows = [["Organisation", "Ort"], ["Arbeiterwohlfahrt OV Sonneberg", "Sonneberg"]]
    upload(client, world, csv_bytes(rows))
    batch = ImportBatch.objects.get()
    preview = client.get(batch.get_absolute_url()).content.decode()
    assert "aus dem Register: AWO Ortsverein Sonneberg e. V. (Sonneberg)" in preview
    client.post(reverse("imports:commit", args=[batch.pk]))
    assert NetworkContact.objects.get(project=world.project_a, organisation=awo)
    assert Organisation.objects.filter(match_key=awo.match_key).count() == 1


def test_the_same_name_in_another_town_is_another_organisation(world):
    factories.OrganisationFactory(name="Tafel Gera e. V.", city="Gera")
    _batch, results = _preview(world, [["Organisation", "Ort"], ["Tafel Sonneberg", "Sonneberg"]])
    attach_similar(results, project=world.project_a)
    assert results[0].organisation is None
    assert results[0].similar == []


def test_a_doubtful_match_is_asked_with_the_own_town_preselected(client, world):
    for town in ["Gera", "Jena"]:
        factories.OrganisationFactory(name="Lebenshilfe e. V.", city=town)
    own = factories.OrganisationFactory(name="Lebenshilfe e. V.", city="Sonneberg")
    rows = [["Organisation"], ["Lebenshilfe"]]  # no place: which one is meant?
    _batch, results = _preview(world, rows)
    assert results[0].status == NEW
    assert results[0].organisation is None
    assert results[0].similar[0].organisation == own
    assert results[0].similar[0].preselected
    upload(client, world, csv_bytes(rows))
    batch = ImportBatch.objects.latest("pk")
    preview = client.get(batch.get_absolute_url()).content.decode()
    assert f'value="{own.pk}" selected>Ja: Lebenshilfe e. V. (Sonneberg' in preview
    client.post(reverse("imports:commit", args=[batch.pk]), {"link_2": str(own.pk)})
    assert NetworkContact.objects.filter(project=world.project_a, organisation=own).exists()
    assert Organisation.objects.filter(name="Lebenshilfe").count() == 0


def test_a_declined_candidate_is_not_preselected_again(world):
    factories.OrganisationFactory(name="Lebenshilfe e. V.", city="Gera")
    factories.OrganisationFactory(name="Lebenshilfe e. V.", city="Jena")
    batch, _results = _preview(world, [["Organisation"], ["Lebenshilfe"]])
    services.links_save(batch=batch, links={"2": None}, by=world.staff_a)
    results = selectors.preview(batch)
    assert results[0].similar == []


def test_the_command_line_takes_confident_matches_and_reports_doubtful_ones(world, tmp_path):
    partner = factories.OrganisationFactory(name="Kreisjugendring Sonneberg e. V.")
    factories.NetworkContactFactory(project=world.project_a, organisation=partner)
    for town in ["Gera", "Jena"]:
        factories.OrganisationFactory(name="Lebenshilfe e. V.", city=town)
    path = tmp_path / "liste.csv"
    path.write_bytes(
        csv_bytes([["Organisation", "Ort"], ["KJR Sonneberg", "Sonneberg"], ["Lebenshilfe", ""]])
    )
    out = tmp_path / "out.txt"
    with out.open("w") as stream:
        call_command("import_contacts", "sonneberg", str(path), "--dry-run", stdout=stream)
    report = out.read_text()
    assert "schon vorhanden" in report  # KJR Sonneberg: the partner, taken
    assert "„Lebenshilfe“ ist vielleicht „Lebenshilfe e. V.“" in report
