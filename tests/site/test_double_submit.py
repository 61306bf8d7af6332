"""Every form that creates something carries the one-time token (issue 32, point 4): sent
twice – a double click, two tabs, two requests in parallel – it creates one entry. The
review created two contact-history entries and two contact persons that way.

"In parallel" is the case the token exists for: the second request arrives while the
first still works (its token is claimed, not yet finished). Both orders are tested: the
repeat after the first has finished, and the repeat while it is still pending.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.urls import reverse

from contacts.models import ContactPerson, Interaction, InteractionChannel, OrganisationType
from core import submissions
from exchanges.models import Meeting
from projects.models import Membership, Operator
from tests import factories
from tests.exchanges.test_meeting_editing import meeting_data
from tests.factories import NEW_ACCOUNT


@dataclass
class CreateForm:
    who: str
    url: Callable
    data: Callable
    count: Callable


FORMS = {
    "contact history": CreateForm(
        "staff_a",
        lambda w: reverse("contacts:interaction_create", args=[w.contact_a.pk]),
        lambda w: {
            "date": "2016-04-06",
            "channel": factories.vocabulary(InteractionChannel, "telefon").pk,
            "occasion": "Anruf",
        },
        lambda w: Interaction.objects.count(),
    ),
    "contact person": CreateForm(
        "staff_a",
        lambda w: reverse("contacts:person_create", args=[w.contact_a.pk]),
        lambda w: {"name": "Clara Meise", "legal_basis": "public_function", "is_active": "on"},
        lambda w: ContactPerson.objects.count(),
    ),
    "team member": CreateForm(
        "lead_a",
        lambda w: reverse("projects:member_add", args=[w.project_a.pk]),
        lambda w: {"identifier": factories.UserFactory(username="neu").username, "role": "staff"},
        lambda w: Membership.objects.count(),
    ),
    "operator": CreateForm(
        "coordination",
        lambda w: reverse("projects:operator_create"),
        lambda w: {"name": "Neuer Träger e. V.", "place": "Gera"},
        lambda w: Operator.objects.count(),
    ),
    "vocabulary entry": CreateForm(
        "coordination",
        lambda w: reverse("contacts:vocabulary_create", args=["organisationsarten"]),
        lambda w: {"label": "Stiftung neu", "code": "stiftung-neu", "order": 99, "is_active": "on"},
        lambda w: OrganisationType.objects.count(),
    ),
    "experience exchange": CreateForm(
        "coordination",
        lambda w: reverse("exchanges:create"),
        meeting_data,
        lambda w: Meeting.objects.count(),
    ),
    "account": CreateForm(
        "coordination",
        lambda w: reverse("projects:user_create"),
        lambda w: NEW_ACCOUNT,
        lambda w: type(w.staff_a).objects.count(),
    ),
}


@pytest.fixture(autouse=True)
def _fresh_tokens():
    cache.clear()
    yield
    cache.clear()


def _token_on_the_page(client, url: str) -> str:
    page = client.get(url).content.decode()
    marker = 'name="submission" value="'
    assert marker in page, "the form carries no one-time token"
    return page.split(marker, 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("name", FORMS)
def test_a_create_form_sent_twice_creates_once(client, world, name):
    form = FORMS[name]
    client.force_login(world.user(form.who))
    url, data = form.url(world), form.data(world)
    page = url if name != "contact history" else world.contact_a.get_absolute_url()
    data[submissions.FIELD] = _token_on_the_page(client, page)
    before = form.count(world)
    first = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(url, data, follow=True)
    assert form.count(world) == before + 1
    assert second.redirect_chain[0][0] == first.url
    assert "bereits gespeichert" in second.content.decode()


@pytest.mark.parametrize("name", FORMS)
def test_a_create_form_sent_while_the_first_is_still_at_work_creates_nothing(client, world, name):
    form = FORMS[name]
    client.force_login(world.user(form.who))
    url, data = form.url(world), form.data(world)
    data[submissions.FIELD] = "parallel-token"
    assert submissions.claim(user_id=world.user(form.who).pk, token="parallel-token") is None
    before = form.count(world)
    response = client.post(url, data, follow=True)
    assert form.count(world) == before
    assert "wird gerade gespeichert" in response.content.decode()


def test_an_invalid_first_try_frees_the_token_for_the_corrected_form(client, world):
    client.force_login(world.staff_a)
    url = reverse("contacts:person_create", args=[world.contact_a.pk])
    token = _token_on_the_page(client, url)
    refused = client.post(
        url, {"name": "Clara Meise", "legal_basis": "consent", "submission": token}
    )
    assert refused.status_code == 400
    assert f'value="{token}"' in refused.content.decode()
    corrected = client.post(
        url, {"name": "Clara Meise", "legal_basis": "public_function", "submission": token}
    )
    assert corrected.status_code == 302
    assert world.contact_a.persons.filter(name="Clara Meise").count() == 1
