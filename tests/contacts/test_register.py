"""The shared register: merging duplicates and maintaining the vocabularies."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contacts import services
from contacts.forms import NetworkContactForm
from contacts.models import FieldOfAction, NetworkContact, Organisation
from core.actors import acted_by
from tests import factories

pytestmark = pytest.mark.django_db


def test_merge_moves_every_relationship_and_keeps_the_history(world):
    duplicate = factories.OrganisationFactory(name="Jobcenter Sonneberg Außenstelle")
    moved = factories.NetworkContactFactory(project=world.project_b, organisation=duplicate)
    services.organisation_merge(source=duplicate, target=world.organisation, by=world.coordination)
    moved.refresh_from_db()
    duplicate.refresh_from_db()
    assert moved.organisation == world.organisation
    assert duplicate.merged_into == world.organisation
    assert duplicate.history.count() >= 2
    assert moved.history.first().history_user == world.coordination


def test_merge_into_itself_is_refused(world):
    with pytest.raises(ValidationError, match="mit sich selbst"):
        services.organisation_merge(
            source=world.organisation, target=world.organisation, by=world.coordination
        )


def test_merge_across_a_conflict_is_refused_without_consent(world):
    # "SON" is Sonneberg to the recogniser: a new entry is refused, an old one is kept
    duplicate = factories.old_duplicate("Jobcenter SON", city="Sonneberg")
    factories.NetworkContactFactory(project=world.project_a, organisation=duplicate)
    with pytest.raises(services.MergeConflict):
        services.organisation_merge(
            source=duplicate, target=world.organisation, by=world.coordination
        )
    assert NetworkContact.objects.filter(organisation=duplicate).count() == 1
    assert Organisation.objects.get(pk=duplicate.pk).merged_into is None


def test_merge_with_consent_combines_the_two_contacts_and_loses_no_person(world):
    # "SON" is Sonneberg to the recogniser: a new entry is refused, an old one is kept
    duplicate = factories.old_duplicate("Jobcenter SON", city="Sonneberg")
    second = factories.NetworkContactFactory(
        project=world.project_a, organisation=duplicate, notes="Zweite Notiz"
    )
    factories.ContactPersonFactory(network_contact=second, name="Zora Zeisig")
    factories.InteractionFactory(network_contact=second)
    services.organisation_merge(
        source=duplicate, target=world.organisation, by=world.coordination, combine_conflicts=True
    )
    world.contact_a.refresh_from_db()
    assert sorted(world.contact_a.persons.values_list("name", flat=True)) == [
        "Anna Amsel",
        "Zora Zeisig",
    ]
    assert world.contact_a.interactions.count() == 1
    assert "Zweite Notiz" in world.contact_a.notes
    assert world.contact_a.last_interaction_on is not None


def test_merge_page_explains_the_conflict_in_german(client, world):
    # "SON" is Sonneberg to the recogniser: a new entry is refused, an old one is kept
    duplicate = factories.old_duplicate("Jobcenter SON", city="Sonneberg")
    factories.NetworkContactFactory(project=world.project_a, organisation=duplicate)
    client.force_login(world.coordination)
    response = client.post(
        reverse("contacts:organisation_merge", args=[duplicate.pk]),
        {"target": world.organisation.pk},
    )
    assert response.status_code == 400
    assert "Beide Organisationen sind Netzwerkkontakt von: ThINKA Sonneberg" in (
        response.content.decode()
    )


def test_merged_organisation_leaves_the_register_list(client, world):
    duplicate = factories.OrganisationFactory(name="Jobcenter Doppelt")
    services.organisation_merge(source=duplicate, target=world.organisation, by=world.coordination)
    client.force_login(world.staff_a)
    page = client.get(reverse("contacts:organisation_list")).content.decode()
    assert "Jobcenter Doppelt" not in page


def test_deactivated_entry_is_no_longer_offered_but_stays_on_existing_contacts(client, world):
    entry = FieldOfAction.objects.get(code="senioren")
    world.contact_a.fields_of_action.add(entry)
    client.force_login(world.coordination)
    response = client.post(
        reverse("contacts:vocabulary_update", args=["handlungsfelder", entry.pk]),
        {"label": entry.label, "order": entry.order},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert not entry.is_active
    assert entry not in NetworkContactForm().fields["fields_of_action"].queryset
    assert entry in NetworkContactForm(instance=world.contact_a).fields["fields_of_action"].queryset
    assert entry in world.contact_a.fields_of_action.all()


def test_an_entry_in_use_cannot_be_deleted(client, world):
    entry = FieldOfAction.objects.get(code="senioren")
    world.contact_a.fields_of_action.add(entry)
    client.force_login(world.coordination)
    response = client.post(
        reverse("contacts:vocabulary_delete", args=["handlungsfelder", entry.pk]), follow=True
    )
    assert "wird bereits verwendet" in response.content.decode()
    assert FieldOfAction.objects.filter(pk=entry.pk).exists()
    assert entry in world.contact_a.fields_of_action.all()


def test_an_unused_entry_can_be_deleted(client, world):
    entry = FieldOfAction.objects.create(code="neu", label="Neues Feld")
    client.force_login(world.coordination)
    client.post(reverse("contacts:vocabulary_delete", args=["handlungsfelder", entry.pk]))
    assert not FieldOfAction.objects.filter(pk=entry.pk).exists()


def test_vocabulary_code_cannot_change_once_created(client, world):
    entry = FieldOfAction.objects.get(code="senioren")
    client.force_login(world.coordination)
    client.post(
        reverse("contacts:vocabulary_update", args=["handlungsfelder", entry.pk]),
        {"label": "Seniorinnen und Senioren", "code": "anders", "order": 5, "is_active": "on"},
    )
    entry.refresh_from_db()
    assert entry.code == "senioren"
    assert entry.label == "Seniorinnen und Senioren"


def test_stale_organisation_edit_is_refused(client, world):
    client.force_login(world.staff_a)
    url = reverse("contacts:organisation_update", args=[world.organisation.pk])
    base = {
        "name": "Jobcenter Sonneberg",
        "organisation_type": world.organisation.organisation_type_id,
        "postcode": "96515",
        "city": "Sonneberg",
        "expected_version": world.organisation.version,
    }
    assert client.post(url, {**base, "phone": "03675 1111"}).status_code == 302
    response = client.post(url, {**base, "phone": "03675 2222"})
    assert response.status_code == 400
    world.organisation.refresh_from_db()
    assert world.organisation.phone == "03675 1111"


def test_suggestions_on_sqlite_and_postgresql_find_the_near_duplicate(world):
    from contacts.selectors import similar_organisations

    names = [s.organisation.name for s in similar_organisations("Jobcenter Landkreis Sonneberg")]
    assert names[0] == "Jobcenter Sonneberg"
    assert "Tafel Nordhausen e. V." not in names


def test_the_register_history_names_other_projects_staff_by_their_project(client, world):
    """Staff names of other projects are personal data of no concern to the reader."""
    world.staff_b.first_name, world.staff_b.last_name = "Bodo", "Fremdprojekt"
    world.staff_b.save()
    organisation = world.organisation
    organisation.phone = "03675 123456"
    acted_by(organisation, world.staff_b).save()
    url = organisation.get_absolute_url()

    client.force_login(world.staff_a)
    page = client.get(url).content.decode()
    assert "Bodo Fremdprojekt" not in page
    assert "Team ThINKA Nordhausen" in page

    client.force_login(world.staff_b)
    assert "Bodo Fremdprojekt" in client.get(url).content.decode()  # one's own name
    client.force_login(world.coordination)
    assert "Bodo Fremdprojekt" in client.get(url).content.decode()
