"""Factories for every model the tests need, in one place."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from exchanges.models import Meeting, MeetingStatus, ReportItem, ReportKind, ThemeTable
from projects.districts import District
from projects.models import (
    ContactOffice,
    Membership,
    MembershipRole,
    Operator,
    ProgrammeLine,
    Project,
)
from projects.roles import COORDINATION_GROUP, MINISTRY_GROUP

PASSWORD = "Test-Passwort-123"
# The coordination office's form for a new account, filled in (no global role).
NEW_ACCOUNT = {
    "username": "neu.gera",
    "first_name": "Nora",
    "last_name": "Neu",
    "email": "neu.gera@example.org",
    "is_active": "on",
    "global_role": "",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Muster{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def global_role(self, create: bool, extracted: str | None, **kwargs) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])
        if create:
            self.save()


class ProgrammeLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeLine
        django_get_or_create = ["code"]

    code = "thinka"
    name = "ThINKA"


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator

    name = factory.Sequence(lambda n: f"Träger {n} e. V.")
    place = "Jena"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"ThINKA Ort {n}")
    slug = factory.Sequence(lambda n: f"ort-{n}")
    programme_line = factory.SubFactory(ProgrammeLineFactory)
    place = "Sonneberg"
    district = District.SONNEBERG
    start_date = datetime.date(2015, 1, 1)


class ContactOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactOffice

    project = factory.SubFactory(ProjectFactory)
    street = "Musterweg 1"
    postcode = "96515"
    city = "Sonneberg"
    valid_from = datetime.date(2015, 1, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    project = factory.SubFactory(ProjectFactory)
    role = MembershipRole.STAFF


def coordination_user(**kwargs):
    return UserFactory(global_role=COORDINATION_GROUP, **kwargs)


def ministry_user(**kwargs):
    return UserFactory(global_role=MINISTRY_GROUP, **kwargs)


# --- contacts -----------------------------------------------------------------------------

from contacts.models import (  # noqa: E402 - grouped with their factories
    ContactPerson,
    FieldOfAction,
    Interaction,
    InteractionChannel,
    NetworkContact,
    Organisation,
    OrganisationType,
)


def vocabulary(model, code):
    """The entry the vocabulary migration created."""
    return model.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Verein Nummer {n} e. V.")
    organisation_type = factory.LazyFunction(lambda: vocabulary(OrganisationType, "verein"))
    city = "Sonneberg"
    postcode = "96515"


def old_duplicate(name: str, *, city: str) -> Organisation:
    """A second entry of one organisation, as the register held them before its uniqueness
    key was the recogniser's identity (contacts 0024): kept with "#<id>" after the identity
    (a new one is refused, tests/contacts/test_write_paths.py)."""
    twin = OrganisationFactory(name=f"Platzhalter {name}", city=city)
    Organisation.objects.filter(pk=twin.pk).update(name=name)  # read again, kept apart
    twin.refresh_from_db()
    assert twin.normalised_name.endswith(f"#{twin.pk}")
    return twin


class NetworkContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkContact

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    since = datetime.date(2016, 1, 15)


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    network_contact = factory.SubFactory(NetworkContactFactory)
    name = factory.Sequence(lambda n: f"Petra Beispiel{n}")
    function = "Leitung"
    email = factory.Sequence(lambda n: f"petra{n}@example.org")


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    network_contact = factory.SubFactory(NetworkContactFactory)
    date = datetime.date(2016, 4, 6)
    channel = factory.LazyFunction(lambda: vocabulary(InteractionChannel, "telefon"))
    occasion = "Abstimmung Stadtteilfest"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: n + 1)
    date = datetime.date(2016, 4, 6)
    place = "Sonneberg"
    status = MeetingStatus.HELD


class ReportItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportItem

    meeting = factory.SubFactory(MeetingFactory)
    kind = ReportKind.OBSTACLE
    text = "Mangelnde Bürgeraktivierung"


class ThemeTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThemeTable

    meeting = factory.SubFactory(MeetingFactory)
    title = "Steuerungsgruppe"
    position = 1


__all__ = ["FieldOfAction"]
