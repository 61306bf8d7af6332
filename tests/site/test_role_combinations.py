"""Personal data under every combination of roles (issue 19): for each global role (none,
ministry, coordination office, administrator) × memberships (none, staff of A, lead of A,
staff of A and B), every GET of the URL × role matrix and every download may show a
project's contact persons, notes and staff names only to those who may see them – the
project's own people and the coordination office, never the ministry.

The accounts are written straight into the database, past the forms that refuse such
combinations: the rule must hold by construction, also for data nobody should have made.
"""

from __future__ import annotations

import io
import itertools
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from projects.models import Membership, MembershipRole
from projects.roles import COORDINATION_GROUP, MINISTRY_GROUP
from tests.factories import UserFactory
from tests.test_url_matrix import MATRIX

GLOBAL_ROLES = ("none", "ministry", "coordination", "admin")
MEMBERSHIPS = {
    "none": (),
    "staff_a": (("a", MembershipRole.STAFF),),
    "lead_a": (("a", MembershipRole.LEAD),),
    "two_projects": (("a", MembershipRole.STAFF), ("b", MembershipRole.STAFF)),
}
COMBINATIONS = list(itertools.product(GLOBAL_ROLES, MEMBERSHIPS))

# Every GET the matrix declares, and the downloads beside them.
GET_CASES = [
    (name, case)
    for name, cases in MATRIX.items()
    for case in cases
    if case.method == "get" and name not in {"logout"}
]


def may_see(global_role: str, projects: set[str]) -> set[str]:
    """The rule, written independently of the policy's code."""
    if global_role == "ministry":
        return set()
    if global_role in {"coordination", "admin"}:
        return {"a", "b"}
    return projects


def personal_data(world) -> dict[str, list[str]]:
    """What only the project's own people and the coordination office may read."""
    for user, first, last in (
        (world.staff_a, "Sabine", "Staffa"),
        (world.lead_a, "Lena", "Leitera"),
        (world.staff_b, "Bodo", "Staffbe"),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    world.contact_a.notes = "Vertrauliche Notiz Sonneberg"
    world.contact_a.save()
    world.contact_b.notes = "Vertrauliche Notiz Nordhausen"
    world.contact_b.save()
    world.person_a.phone, world.person_b.phone = "03675 111111", "03631 222222"
    world.person_a.save()
    world.person_b.save()
    return {
        "a": [
            world.person_a.name,
            world.person_a.email,
            world.person_a.phone,
            "Vertrauliche Notiz Sonneberg",
            "Sabine Staffa",
            "Lena Leitera",
        ],
        "b": [
            world.person_b.name,
            world.person_b.email,
            world.person_b.phone,
            "Vertrauliche Notiz Nordhausen",
            "Bodo Staffbe",
        ],
    }


def account(world, global_role: str, memberships: str):
    user = UserFactory(
        username=f"kombi-{global_role}-{memberships}",
        first_name="Konto",
        last_name="Kombination",
        is_superuser=global_role == "admin",
        is_staff=global_role == "admin",
    )
    group = {"ministry": MINISTRY_GROUP, "coordination": COORDINATION_GROUP}.get(global_role)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    projects = {"a": world.project_a, "b": world.project_b}
    # bulk_create: past Membership.clean, which refuses ministry and coordination accounts.
    Membership.objects.bulk_create(
        Membership(user=user, project=projects[key], role=role)
        for key, role in MEMBERSHIPS[memberships]
    )
    return user


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    if body.startswith(b"PK"):  # xlsx, docx: the text lives in the package's XML parts
        with zipfile.ZipFile(io.BytesIO(body)) as package:
            body = b" ".join(
                package.read(name) for name in package.namelist() if name.endswith(".xml")
            )
    return body.decode("utf-8", errors="replace")


def downloads(world) -> list[tuple[str, str, dict]]:
    """Downloads with everything asked for that a form lets one ask for."""
    return [
        (
            "post",
            reverse("reports:ministry_export"),
            {
                "period": "frei",
                "date_from": "2000-01-01",
                "date_to": "2016-12-31",  # a free range ends by today
                "include_persons": "on",
            },
        ),
        ("get", reverse("reports:list_csv"), {"q": ""}),
        ("get", reverse("reports:list_xlsx"), {}),
        ("get", reverse("contacts:organisation_suggest"), {"name": "Jobcenter Sonneberg"}),
        # Art. 14 notices (issue 31): the printable page and the Word file, for both persons.
        *[
            ("post", reverse("contacts:persons_inform"), {"persons": [person.pk], "action": action})
            for person in (world.person_a, world.person_b)
            for action in ("print", "docx")
        ],
    ]


@pytest.mark.parametrize(("global_role", "memberships"), COMBINATIONS)
def test_personal_data_only_where_the_rule_allows(client, world, global_role, memberships):
    secrets = personal_data(world)
    user = account(world, global_role, memberships)
    allowed = may_see(global_role, {key for key, _role in MEMBERSHIPS[memberships]})
    forbidden = [text for key, texts in secrets.items() if key not in allowed for text in texts]
    client.force_login(user)
    requests = [
        ("get", reverse(name, kwargs=case.kwargs(world)), case.data(world) if case.data else {})
        for name, case in GET_CASES
    ] + downloads(world)
    leaks = []
    for method, url, data in requests:
        response = getattr(client, method)(url, data)
        if response.status_code == 302 and "/auftraege/" in response.url:
            response = client.get(response.url + "datei/")  # the export's background job
        text = text_of(response)
        leaks += [f"{url} zeigt „{secret}“" for secret in forbidden if secret in text]
    assert leaks == [], f"{global_role} + {memberships}"
    print(f"{global_role:>12} + {memberships:<12}: {len(requests)} Anfragen, keine Lücke")


@pytest.mark.parametrize(("global_role", "memberships"), COMBINATIONS)
def test_the_rule_also_opens_what_it_allows(client, world, global_role, memberships):
    """The other half: the people who may see a person do see them (no empty pages)."""
    secrets = personal_data(world)
    user = account(world, global_role, memberships)
    allowed = may_see(global_role, {key for key, _role in MEMBERSHIPS[memberships]})
    client.force_login(user)
    for key, contact in (("a", world.contact_a), ("b", world.contact_b)):
        page = client.get(contact.get_absolute_url())
        if key in allowed:
            assert page.status_code == 200
            assert secrets[key][0] in page.content.decode()
        else:
            assert page.status_code in (403, 404)


@pytest.mark.parametrize("memberships", list(MEMBERSHIPS))
def test_a_ministry_account_never_reaches_the_django_admin(client, world, memberships):
    user = account(world, "ministry", memberships)
    user.is_staff = user.is_superuser = True  # as if someone had made it so by hand
    user.save()
    client.force_login(user)
    response = client.get(reverse("admin:contacts_networkcontact_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
