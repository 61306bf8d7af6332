"""Pages and downloads for a signed-in person are never kept by a browser or proxy; every
answer switches off camera, microphone and location (issue 19)."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("home", {}),
        ("contacts:list", {}),
        ("reports:list_csv", {}),
        ("reports:list_xlsx", {}),
        ("contacts:detail", "contact"),
        ("contacts:person_report", "person"),
        ("contacts:person_report_page", "person"),
    ],
)
def test_pages_with_personal_data_are_not_stored(client, world, name, kwargs):
    if kwargs == "contact":
        kwargs = {"pk": world.contact_a.pk}
    elif kwargs == "person":
        kwargs = {"pk": world.contact_a.pk, "person_pk": world.person_a.pk}
    client.force_login(world.staff_a)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_answer_switches_off_devices_the_app_never_uses(client, world, signed_in):
    if signed_in:
        client.force_login(world.staff_a)
    policy = client.get(reverse("login")).get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in policy
