"""Staff's daily work with network contacts: list, search, create, edit, archive, history."""

import datetime

import pytest
from django.urls import reverse

from contacts import filters
from contacts.models import ContactStatus, Intensity, NetworkContact, Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def _contact_data(contact=None, **changes):
    data = {
        "intensity": Intensity.REGULAR,
        "status": ContactStatus.ACTIVE,
        "since": "2016-02-01",
        "notes": "",
        "expected_version": contact.version if contact else "",
    }
    data.update(changes)
    return data


def _rows(response):
    return [c.organisation.name for c in response.context["page"].object_list]


def test_staff_list_shows_only_own_projects_contacts(client, world):
    client.force_login(world.staff_a)
    assert _rows(client.get(reverse("contacts:list"))) == ["Jobcenter Sonneberg"]


def test_staff_cannot_find_other_projects_contact_persons_by_search(client, world):
    client.force_login(world.staff_a)
    response = client.get(reverse("contacts:list"), {"q": "Bussard"})
    assert _rows(response) == []
    assert "Tafel Nordhausen" not in response.content.decode()


def test_search_finds_own_contact_by_person_name(client, world):
    client.force_login(world.staff_a)
    assert _rows(client.get(reverse("contacts:list"), {"q": "amsel"})) == ["Jobcenter Sonneberg"]


@pytest.mark.parametrize(
    "query",
    ["jobcenter", "SONNEBERG", "965", "Amsel", "Sprechstunde"],
    ids=["organisation", "place", "postcode", "person", "notes"],
)
@pytest.mark.parametrize("max_listed", [500, 0], ids=["keys as values", "keys as subqueries"])
def test_search_looks_in_every_field_once_per_contact(
    client, world, query, max_listed, monkeypatch
):
    # The search reads the matching keys first and hands them on as values up to a limit,
    # past it as subqueries (contacts.filters): both find the same contacts.
    monkeypatch.setattr(filters, "MAX_LISTED", max_listed)
    world.contact_a.notes = "Sprechstunde im Stadtteilbüro"
    world.contact_a.save()
    factories.ContactPersonFactory(network_contact=world.contact_a, name="Amsel Zwei")
    Organisation.objects.filter(name__startswith="Tafel").update(
        city="Nordhausen", postcode="99734"
    )
    client.force_login(world.coordination)
    assert _rows(client.get(reverse("contacts:list"), {"q": query})) == ["Jobcenter Sonneberg"]


def test_search_takes_only_digits_for_a_postcode(client, world):
    client.force_login(world.coordination)
    assert _rows(client.get(reverse("contacts:list"), {"q": "96515x"})) == []


def test_staff_cannot_filter_into_another_project(client, world):
    client.force_login(world.staff_a)
    response = client.get(reverse("contacts:list"), {"project": world.project_b.pk})
    # An id that is not offered is a form error; the list stays limited to their own project.
    assert "project" in response.context["filter"].form.errors
    assert _rows(response) == ["Jobcenter Sonneberg"]


def test_coordination_sees_every_project_with_a_project_column(client, world):
    client.force_login(world.coordination)
    response = client.get(reverse("contacts:list"))
    assert sorted(_rows(response)) == ["Jobcenter Sonneberg", "Tafel Nordhausen e. V."]
    assert response.context["show_project"]
    only_b = client.get(reverse("contacts:list"), {"project": world.project_b.pk})
    assert _rows(only_b) == ["Tafel Nordhausen e. V."]


def test_filter_no_interaction_for_months(client, world):
    quiet = factories.NetworkContactFactory(
        project=world.project_a, last_interaction_on=datetime.date(2015, 1, 1)
    )
    world.contact_a.last_interaction_on = datetime.date.today()
    world.contact_a.save()
    client.force_login(world.staff_a)
    response = client.get(reverse("contacts:list"), {"quiet": "6"})
    assert _rows(response) == [quiet.organisation.name]


def test_filters_and_sorting_stay_in_the_url(client, world):
    factories.NetworkContactFactory(project=world.project_a, intensity=Intensity.CLOSE)
    client.force_login(world.staff_a)
    response = client.get(reverse("contacts:list"), {"intensity": "close", "sort": "-since"})
    assert len(_rows(response)) == 1
    assert "intensity=close" in response.context["query_string"]


def test_empty_list_explains_the_next_step(client, world):
    client.force_login(world.staff_b)
    world.contact_b.delete()
    page = client.get(reverse("contacts:list")).content.decode()
    assert "Noch keine Netzwerkkontakte" in page
    assert "importieren" in page


def test_create_with_an_organisation_from_the_register(client, world):
    client.force_login(world.staff_b)
    data = _contact_data(project=world.project_b.pk, organisation=world.organisation.pk)
    response = client.post(reverse("contacts:create"), data)
    contact = NetworkContact.objects.get(project=world.project_b, organisation=world.organisation)
    assert response.status_code == 302
    assert contact.created_by == world.staff_b
    assert Organisation.objects.filter(name="Jobcenter Sonneberg").count() == 1


def test_create_with_a_new_organisation(client, world):
    client.force_login(world.staff_a)
    data = _contact_data(
        project=world.project_a.pk,
        **{
            "org-name": "Kita Sonnenschein",
            "org-organisation_type": factories.vocabulary(
                factories.OrganisationType, "schule-kita"
            ).pk,
            "org-postcode": "96515",
            "org-city": "Sonneberg",
        },
    )
    response = client.post(reverse("contacts:create"), data)
    assert response.status_code == 302
    assert NetworkContact.objects.filter(
        project=world.project_a, organisation__name="Kita Sonnenschein"
    ).exists()


def test_the_same_organisation_twice_in_one_project_is_refused(client, world):
    client.force_login(world.staff_a)
    data = _contact_data(project=world.project_a.pk, organisation=world.organisation.pk)
    response = client.post(reverse("contacts:create"), data)
    assert response.status_code == 400
    assert "bereits ein Netzwerkkontakt" in response.content.decode()
    assert NetworkContact.objects.filter(project=world.project_a).count() == 1


def test_bad_input_gets_german_errors_and_saves_nothing(client, world):
    client.force_login(world.staff_a)
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    data = _contact_data(
        project=world.project_a.pk,
        since=future,
        **{"org-name": "", "org-postcode": "123", "org-phone": "abc", "org-email": "kein"},
    )
    response = client.post(reverse("contacts:create"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Das Datum darf nicht in der Zukunft liegen." in page
    assert "fünfstellige Postleitzahl" in page
    assert "Telefonnummer mit Vorwahl" in page
    assert "gültige E-Mail-Adresse" in page
    assert NetworkContact.objects.count() == 2


def test_suggestions_offer_similar_register_entries(client, world):
    client.force_login(world.staff_a)
    response = client.get(
        reverse("contacts:organisation_suggest"), {"name": "Jobcenter Landkreis Sonneberg"}
    )
    results = response.json()["results"]
    assert results[0]["name"] == "Jobcenter Sonneberg"
    assert set(results[0]) == {"id", "name", "type", "city", "similarity", "partner", "contact_url"}


def test_the_former_first_step_forwards_to_the_recording_page_with_project_and_name(client, world):
    client.force_login(world.staff_a)
    response = client.get(
        reverse("contacts:start"),
        {"name": "Jobcenter Sonneberg", "project": world.project_a.pk, "next": "//anderswo"},
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('contacts:create')}?project={world.project_a.pk}&name=Jobcenter+Sonneberg"
    )
    page = client.get(response["Location"]).content.decode()
    assert 'value="Jobcenter Sonneberg"' in page
    assert client.get(reverse("contacts:start"))["Location"] == reverse("contacts:create")


def test_stale_contact_edit_is_refused_and_overwrites_nothing(client, world):
    client.force_login(world.staff_a)
    url = reverse("contacts:update", args=[world.contact_a.pk])
    stale = _contact_data(world.contact_a, notes="Meine Notiz")
    assert client.post(url, _contact_data(world.contact_a, notes="Deren Notiz")).status_code == 302
    response = client.post(url, stale)
    assert response.status_code == 400
    assert "wurde inzwischen von" in response.content.decode()
    world.contact_a.refresh_from_db()
    assert world.contact_a.notes == "Deren Notiz"


def test_stale_contact_person_edit_is_refused_and_shows_the_newer_values(client, world):
    person = world.person_a
    url = reverse("contacts:person_update", args=[world.contact_a.pk, person.pk])
    base = {
        "name": person.name,
        "function": person.function,
        "phone": "",
        "email": person.email,
        "legal_basis": person.legal_basis,
        "is_active": "on",
        "expected_version": str(person.version),
    }
    client.force_login(world.lead_a)
    assert client.post(url, {**base, "phone": "03675 111111"}).status_code == 302
    client.force_login(world.staff_a)
    response = client.post(url, {**base, "phone": "03675 222222"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "wurde inzwischen von" in html
    assert "03675 111111" in html  # the stored value, shown beside the submitted one
    person.refresh_from_db()
    assert person.phone == "03675 111111"


def test_archive_and_restore_keep_everything(client, world):
    client.force_login(world.staff_a)
    client.post(reverse("contacts:archive", args=[world.contact_a.pk]))
    assert _rows(client.get(reverse("contacts:list"))) == []
    assert _rows(client.get(reverse("contacts:list"), {"archived": "only"})) == [
        "Jobcenter Sonneberg"
    ]
    client.post(reverse("contacts:restore", args=[world.contact_a.pk]))
    world.contact_a.refresh_from_db()
    assert not world.contact_a.is_archived
    assert world.contact_a.persons.count() == 1


def test_logging_an_interaction_updates_last_contact_and_timeline(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        reverse("contacts:interaction_create", args=[world.contact_a.pk]),
        {
            "date": "2016-04-06",
            "channel": factories.vocabulary(factories.InteractionChannel, "persoenlich").pk,
            "occasion": "Erfahrungsaustausch",
            "follow_up_on": "2016-04-20",
        },
    )
    assert response.status_code == 302
    world.contact_a.refresh_from_db()
    assert world.contact_a.last_interaction_on == datetime.date(2016, 4, 6)
    page = client.get(world.contact_a.get_absolute_url()).content.decode()
    assert "06.04.2016" in page
    assert "Erfahrungsaustausch" in page


def test_follow_up_before_the_contact_is_refused(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        reverse("contacts:interaction_create", args=[world.contact_a.pk]),
        {
            "date": "2016-04-06",
            "channel": factories.vocabulary(factories.InteractionChannel, "telefon").pk,
            "occasion": "Anruf",
            "follow_up_on": "2016-04-01",
        },
    )
    assert response.status_code == 400
    assert world.contact_a.interactions.count() == 0


def test_detail_page_shows_the_change_history(client, world):
    client.force_login(world.staff_a)
    url = reverse("contacts:update", args=[world.contact_a.pk])
    client.post(url, _contact_data(world.contact_a, notes="geändert"))
    page = client.get(world.contact_a.get_absolute_url()).content.decode()
    assert "Änderungen" in page
    assert world.staff_a.get_full_name() in page


def test_the_contact_history_names_who_recorded_an_entry_only_when_known(client, world):
    factories.InteractionFactory(
        network_contact=world.contact_a, occasion="Eingetragen", created_by=world.staff_a
    )
    factories.InteractionFactory(network_contact=world.contact_a, occasion="Übernommen")
    client.force_login(world.staff_a)
    page = client.get(world.contact_a.get_absolute_url()).content.decode()
    assert f"erfasst von {world.staff_a.get_full_name()}" in page
    assert "erfasst von –" not in page
    assert page.count("erfasst von") == 1


def test_a_follow_up_reads_as_done_once_a_later_contact_is_in_the_history(client, world):
    factories.InteractionFactory(
        network_contact=world.contact_a,
        date=datetime.date(2026, 3, 2),
        follow_up_on=datetime.date(2026, 3, 16),
    )
    client.force_login(world.staff_a)
    url = world.contact_a.get_absolute_url()
    assert "erledigt durch einen späteren Kontakt" not in client.get(url).content.decode()
    factories.InteractionFactory(
        network_contact=world.contact_a,
        date=datetime.date(2026, 3, 9),
        follow_up_on=datetime.date(2026, 3, 23),
    )
    page = client.get(url).content.decode()
    assert "Wiedervorlage am 16.03.2026 (erledigt durch einen späteren Kontakt)" in page
    assert "Wiedervorlage am 23.03.2026</p>" in page  # the newest one is still open


def test_contact_person_needs_consent_date_for_consent(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        reverse("contacts:person_create", args=[world.contact_a.pk]),
        {"name": "Clara Meise", "legal_basis": "consent", "is_active": "on"},
    )
    assert response.status_code == 400
    assert "Einwilligung erteilt" in response.content.decode()
    assert world.contact_a.persons.count() == 1


def test_steering_group_page_lists_members_with_mandate(client, world):
    world.contact_a.in_steering_group = True
    world.contact_a.steering_mandate = "decides"
    world.contact_a.save()
    client.force_login(world.staff_a)
    page = client.get(reverse("contacts:steering_group", args=[world.project_a.pk])).content
    assert "Jobcenter Sonneberg" in page.decode()
    assert "entscheidet mit" in page.decode()


def test_ministry_never_reaches_a_contact_person(client, world):
    client.force_login(world.ministry)
    for url in (
        reverse("contacts:list"),
        reverse("contacts:detail", args=[world.contact_a.pk]),
        reverse("contacts:steering_group", args=[world.project_a.pk]),
        reverse("contacts:person_update", args=[world.contact_a.pk, world.person_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert "Amsel" not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 100])
def test_list_page_runs_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        contact = factories.NetworkContactFactory(project=world.project_a)
        contact.fields_of_action.add(factories.FieldOfAction.objects.first())
    client.force_login(world.staff_a)
    with django_assert_max_num_queries(25):  # incl. the second-factor check
        client.get(reverse("contacts:list"), {"q": "e", "sort": "-since"})


@pytest.mark.parametrize("rows", [1, 100])
def test_detail_page_runs_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        factories.InteractionFactory(network_contact=world.contact_a, created_by=world.staff_a)
        factories.ContactPersonFactory(network_contact=world.contact_a)
    client.force_login(world.staff_a)
    with django_assert_max_num_queries(24):  # incl. erasure right and second factor
        client.get(world.contact_a.get_absolute_url())


def test_ids_above_a_thousand_are_written_without_thousands_separator(client, world):
    """German number formatting must not turn id 12345 into "12.345" in links and forms."""
    organisation = factories.OrganisationFactory(pk=12345, name="Großer Verein e. V.")
    client.force_login(world.staff_b)
    create = client.get(
        reverse("contacts:create"),
        {"project": world.project_b.pk, "organisation": organisation.pk},
    ).content.decode()
    assert 'name="organisation" value="12345"' in create


def test_the_sort_menu_offers_each_order_once(client, world):
    client.force_login(world.staff_a)
    form = client.get(reverse("contacts:list")).context["filter"].form
    labels = [str(label) for _value, label in form.fields["sort"].choices]
    assert len(labels) == len(set(labels)), labels
    assert labels[0] == "Organisation"  # the order without a choice comes first


def test_the_create_form_starts_in_the_project_last_worked_in(client, world):
    from tests import factories

    factories.MembershipFactory(user=world.staff_a, project=world.project_b)  # helps in B too
    client.force_login(world.staff_a)
    form = client.get(reverse("contacts:create")).context["choice"]
    assert form.initial["project"] == world.project_a.pk  # joined A first, not "Nordhausen"
    contact = factories.NetworkContactFactory(project=world.project_b)
    contact._history_user = world.staff_a
    contact.notes = "zuletzt in Nordhausen gearbeitet"
    contact.save()
    form = client.get(reverse("contacts:create")).context["choice"]
    assert form.initial["project"] == world.project_b.pk
