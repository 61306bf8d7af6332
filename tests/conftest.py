"""Personas shared by all tests (docs/architecture.md, "Eine neue App hinzufügen"): staff and lead of project A, staff of B,
coordination office, ministry, administrator, plus anonymous visitors."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser

from contacts.models import ContactPerson, NetworkContact, Organisation
from projects.models import ContactOffice, Membership, MembershipRole, Operator, Project
from tests import factories


@dataclass
class World:
    project_a: Project
    project_b: Project
    office_a: ContactOffice
    office_b: ContactOffice
    operator: Operator
    staff_a: AbstractUser
    lead_a: AbstractUser
    staff_b: AbstractUser
    coordination: AbstractUser
    ministry: AbstractUser
    admin: AbstractUser
    membership_staff_a: Membership
    membership_staff_b: Membership
    organisation: Organisation
    contact_a: NetworkContact
    contact_b: NetworkContact
    person_a: ContactPerson
    person_b: ContactPerson

    def user(self, role: str) -> AbstractUser | None:
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """The personas and their projects (also for tests with committed data: committed_db)."""
    operator = factories.OperatorFactory(name="SAZ Zweckverband Sonneberger Ausbildungszentrum")
    project_a = factories.ProjectFactory(name="ThINKA Sonneberg", slug="sonneberg")
    project_a.operators.add(operator)
    project_b = factories.ProjectFactory(name="ThINKA Nordhausen", slug="nordhausen")
    staff_a = factories.UserFactory(username="staff_a")
    lead_a = factories.UserFactory(username="lead_a")
    staff_b = factories.UserFactory(username="staff_b")
    membership_staff_a = factories.MembershipFactory(user=staff_a, project=project_a)
    factories.MembershipFactory(user=lead_a, project=project_a, role=MembershipRole.LEAD)
    membership_staff_b = factories.MembershipFactory(user=staff_b, project=project_b)
    organisation = factories.OrganisationFactory(name="Jobcenter Sonneberg")
    contact_a = factories.NetworkContactFactory(project=project_a, organisation=organisation)
    contact_b = factories.NetworkContactFactory(
        project=project_b, organisation=factories.OrganisationFactory(name="Tafel Nordhausen e. V.")
    )
    return World(
        project_a=project_a,
        project_b=project_b,
        office_a=factories.ContactOfficeFactory(project=project_a),
        office_b=factories.ContactOfficeFactory(project=project_b, city="Nordhausen"),
        operator=operator,
        staff_a=staff_a,
        lead_a=lead_a,
        staff_b=staff_b,
        coordination=factories.coordination_user(username="coordination"),
        ministry=factories.ministry_user(username="ministry"),
        admin=factories.UserFactory(username="admin", is_superuser=True, is_staff=True),
        membership_staff_a=membership_staff_a,
        membership_staff_b=membership_staff_b,
        organisation=organisation,
        contact_a=contact_a,
        contact_b=contact_b,
        person_a=factories.ContactPersonFactory(network_contact=contact_a, name="Anna Amsel"),
        person_b=factories.ContactPersonFactory(network_contact=contact_b, name="Bernd Bussard"),
    )


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Counters in the cache (the feedback form's rate limit) start afresh in every test.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def committed_db(transactional_db):
    """Committed data (for other threads and processes: live server, pg_dump).

    Transactional tests empty every table afterwards, including what the data migrations
    put there (role groups, programme lines, vocabularies): put it back first.
    """
    from importlib import import_module

    from django.apps import apps

    for module in (
        "projects.migrations.0002_roles_and_programme_lines",
        "contacts.migrations.0002_vocabularies",
        "contacts.migrations.0021_sectors_and_related_programmes",
    ):
        import_module(module).forwards(apps, None)
