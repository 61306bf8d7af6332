"""Project pages: what each role sees and changes, and that bad input changes nothing."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from projects.models import ContactOffice, Membership, MembershipRole, Project
from tests import factories

pytestmark = pytest.mark.django_db


def _project_data(project, **changes):
    data = {
        "name": project.name,
        "slug": project.slug,
        "programme_line": project.programme_line_id,
        "place": project.place,
        "neighbourhood": project.neighbourhood,
        "district": project.district,
        "start_date": project.start_date.isoformat(),
        "end_date": "",
        "status": project.status,
        "target_groups": project.target_groups,
        "operators": [op.pk for op in project.operators.all()] if project.pk else [],
        "expected_version": project.version,
    }
    data.update(changes)
    return data


def test_staff_start_page_lists_only_their_projects(client, world):
    client.force_login(world.staff_a)
    page = client.get(reverse("home")).content.decode()
    assert "ThINKA Sonneberg" in page
    assert "ThINKA Nordhausen" not in page


def test_coordination_start_page_lists_every_project(client, world):
    client.force_login(world.coordination)
    page = client.get(reverse("home")).content.decode()
    assert "ThINKA Sonneberg" in page
    assert "ThINKA Nordhausen" in page


def test_coordination_creates_a_project(client, world):
    client.force_login(world.coordination)
    template = factories.ProjectFactory.build(
        programme_line=world.project_a.programme_line, name="ThINKA Jena", slug="jena"
    )
    response = client.post(reverse("projects:create"), _project_data(template, operators=[]))
    project = Project.objects.get(slug="jena")
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()
    assert project.history.first().history_user == world.coordination


def test_project_with_end_before_start_is_refused_in_german(client, world):
    client.force_login(world.coordination)
    data = _project_data(world.project_a, end_date="2014-01-01", name="Geändert")
    response = client.post(reverse("projects:update", args=[world.project_a.pk]), data)
    assert response.status_code == 400
    assert "Das Ende darf nicht vor dem Beginn liegen." in response.content.decode()
    world.project_a.refresh_from_db()
    assert world.project_a.name == "ThINKA Sonneberg"


def test_missing_required_fields_get_german_errors_and_an_error_summary(client, world):
    client.force_login(world.coordination)
    response = client.post(reverse("projects:create"), {})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in page
    assert 'id="error-summary"' in page
    assert 'href="#id_name"' in page
    assert Project.objects.count() == 2


def test_stale_project_edit_is_refused_and_shows_the_difference(client, world):
    client.force_login(world.coordination)
    url = reverse("projects:update", args=[world.project_a.pk])
    stale = _project_data(world.project_a, place="Neuhaus")
    # Someone else saves first.
    first = client.post(url, _project_data(world.project_a, place="Steinach"))
    assert first.status_code == 302

    response = client.post(url, stale)
    page = response.content.decode()
    assert response.status_code == 400
    assert "wurde inzwischen von" in page
    assert "Steinach" in page
    assert "Neuhaus" in page
    world.project_a.refresh_from_db()
    assert world.project_a.place == "Steinach"


def test_after_reviewing_a_conflict_a_second_save_goes_through(client, world):
    client.force_login(world.coordination)
    url = reverse("projects:update", args=[world.project_a.pk])
    stale = _project_data(world.project_a, place="Neuhaus")
    client.post(url, _project_data(world.project_a, place="Steinach"))
    client.post(url, stale)
    world.project_a.refresh_from_db()
    again = client.post(url, _project_data(world.project_a, place="Neuhaus"))
    assert again.status_code == 302
    world.project_a.refresh_from_db()
    assert world.project_a.place == "Neuhaus"


def test_lead_adds_a_contact_office_and_history_stays_visible(client, world):
    client.force_login(world.lead_a)
    world.office_a.valid_until = datetime.date(2016, 3, 31)
    world.office_a.save()
    response = client.post(
        reverse("projects:office_create", args=[world.project_a.pk]),
        {
            "street": "Neue Straße 5",
            "postcode": "96515",
            "city": "Sonneberg",
            "valid_from": "01.04.2016",
        },
    )
    assert response.status_code == 302
    page = client.get(world.project_a.get_absolute_url()).content.decode()
    assert "Neue Straße 5" in page
    assert "Musterweg 1" in page
    assert "31.03.2016" in page


def test_office_with_invalid_postcode_is_refused(client, world):
    client.force_login(world.lead_a)
    response = client.post(
        reverse("projects:office_create", args=[world.project_a.pk]),
        {"street": "X 1", "postcode": "123", "city": "Sonneberg", "valid_from": "2016-04-01"},
    )
    assert response.status_code == 400
    assert "fünfstellige Postleitzahl" in response.content.decode()
    assert ContactOffice.objects.filter(project=world.project_a).count() == 1


def test_lead_adds_an_existing_account_by_email(client, world):
    newcomer = factories.UserFactory(username="neu", email="neu@example.org")
    client.force_login(world.lead_a)
    response = client.post(
        reverse("projects:member_add", args=[world.project_a.pk]),
        {"identifier": "NEU@example.org", "role": MembershipRole.STAFF},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=newcomer, project=world.project_a).exists()


def test_adding_an_unknown_account_explains_what_to_do(client, world):
    client.force_login(world.lead_a)
    response = client.post(
        reverse("projects:member_add", args=[world.project_a.pk]),
        {"identifier": "niemand", "role": MembershipRole.STAFF},
    )
    assert response.status_code == 400
    assert "kann nicht hinzugefügt werden" in response.content.decode()


def test_lead_cannot_remove_someone_from_another_project(client, world):
    client.force_login(world.lead_a)
    url = reverse("projects:member_remove", args=[world.project_b.pk, world.membership_staff_b.pk])
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=world.membership_staff_b.pk).exists()


def test_lead_removes_a_team_member_after_confirming(client, world):
    client.force_login(world.lead_a)
    url = reverse("projects:member_remove", args=[world.project_a.pk, world.membership_staff_a.pk])
    confirm = client.get(url).content.decode()
    assert "bleiben erhalten" in confirm
    assert Membership.objects.filter(pk=world.membership_staff_a.pk).exists()
    client.post(url)
    assert not Membership.objects.filter(pk=world.membership_staff_a.pk).exists()


def test_ministry_sees_the_project_but_not_its_team(client, world):
    client.force_login(world.ministry)
    page = client.get(world.project_a.get_absolute_url()).content.decode()
    assert "ThINKA Sonneberg" in page
    assert "staff_a" not in page
    assert "Team" not in page


def test_coordination_creates_an_account_that_gets_a_password_link(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.coordination)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("projects:user_create"),
            {
                "username": "neue.kollegin",
                "first_name": "Nora",
                "last_name": "Neu",
                "email": "nora@example.org",
                "is_active": "on",
                "global_role": "Ministerium",
            },
        )
    assert response.status_code == 302
    from django.contrib.auth import get_user_model

    account = get_user_model().objects.get(username="neue.kollegin")
    assert not account.has_usable_password()
    assert list(account.groups.values_list("name", flat=True)) == ["Ministerium"]
    assert len(mail.outbox) == 1
    assert "/konto/reset/" in mail.outbox[0].body
    assert mail.outbox[0].to == ["nora@example.org"]


def test_account_with_duplicate_email_is_refused(client, world):
    client.force_login(world.coordination)
    response = client.post(
        reverse("projects:user_create"),
        {"username": "zweit", "email": world.staff_a.email.upper(), "is_active": "on"},
    )
    assert response.status_code == 400
    assert "gehört bereits zu einem Konto" in response.content.decode()


@pytest.mark.parametrize(("persona", "admin_linked"), [("coordination", False), ("admin", True)])
def test_the_account_list_links_only_accounts_the_reader_may_change(
    client, world, persona, admin_linked
):
    client.force_login(getattr(world, persona))
    page = client.get(reverse("projects:user_list")).content.decode()
    admin_edit = reverse("projects:user_update", kwargs={"pk": world.admin.pk})
    assert reverse("projects:user_update", kwargs={"pk": world.staff_a.pk}) in page
    assert (admin_edit in page) is admin_linked
    assert ("nur durch Administrator*innen änderbar" in page) is not admin_linked


def test_unknown_project_id_gives_404_for_everyone(client, world):
    client.force_login(world.coordination)
    assert client.get("/vorhaben/987654/").status_code == 404
