"""The public pages (issue 31, point 3): Impressum, Datenschutzhinweise, Erklärung zur
Barrierefreiheit – reachable without login, linked from the footer of every page (login and
error pages too), German defaults that mark what the operator must fill in, edited by the
coordination office with history; the feedback form stores, confirms receipt, is
rate-limited and refuses links-only spam and oversize text in German."""

from __future__ import annotations

import pytest
from django.core import mail
from django.template.loader import get_template
from django.urls import reverse

from portal.forms import MESSAGE_LIMIT
from portal.models import AccessibilityFeedback, PageKind, PublicPage

pytestmark = pytest.mark.django_db

PAGES = {
    "public:imprint": ("Impressum", "§ 5 Digitale-Dienste-Gesetz"),
    "public:privacy": ("Datenschutzhinweise", "Art. 13"),
    "public:accessibility": ("Erklärung zur Barrierefreiheit", "ThürBarrWebG"),
}
LINKS = ('href="/impressum/"', 'href="/datenschutz/"', 'href="/barrierefreiheit/"')


@pytest.mark.parametrize("name", PAGES)
def test_each_page_opens_without_login_with_marked_german_defaults(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    text = response.content.decode()
    title, law = PAGES[name]
    assert f"<h1>{title}</h1>" in text
    assert law in text
    assert "<mark>[bitte ergänzen:" in text  # what only the operator can fill in


def test_the_imprint_asks_for_what_section_5_ddg_requires(client):
    text = client.get(reverse("public:imprint")).content.decode()
    for item in ("Anschrift", "Vertreten durch", "E-Mail", "Registereintrag",
                 "Umsatzsteuer-Identifikationsnummer"):  # fmt: skip
        assert item in text


def test_the_accessibility_statement_names_feedback_and_enforcement(client):
    text = client.get(reverse("public:accessibility")).content.decode()
    for item in ("ThürBITVO", "Stand der Vereinbarkeit", "Nicht barrierefreie Inhalte",
                 "Durchsetzungsverfahren", "Landesdurchsetzungsstelle", "Barriere melden"):  # fmt: skip
        assert item in text


def test_a_second_factor_does_not_hide_the_public_pages(client, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.staff_a, name="Telefon", confirmed=True)
    client.force_login(world.staff_a)  # not yet verified
    assert client.get(reverse("public:imprint")).status_code == 200


@pytest.mark.parametrize("where", ["login", "home", "not_found", "forbidden", "admin_login"])
def test_every_page_links_the_three_in_its_footer(client, world, where):
    if where == "login":
        response = client.get(reverse("login"))
    elif where == "admin_login":
        response = client.get(reverse("admin:login"))
    else:
        client.force_login(world.staff_a)
        response = client.get(
            {
                "home": reverse("home"),
                "not_found": "/gibt-es-nicht/",
                "forbidden": reverse("projects:user_list"),
            }[where]
        )
    text = response.content.decode()
    for link in LINKS:
        assert link in text, where


@pytest.mark.parametrize("template", ["errors/500.html", "errors/503.html"])
def test_the_plain_error_pages_link_them_too(template):
    text = get_template(template).render()
    for link in LINKS:
        assert link in text


# --- the feedback form ------------------------------------------------------------------------


def _send(client, meta: dict | None = None, **values):
    data = {"message": "Die Tabelle der Netzwerkkontakte liest mein Screenreader nicht vor.",
            "page": "/netzwerk/", **values}  # fmt: skip
    return client.post(reverse("public:accessibility"), data, follow=True, **(meta or {}))


def test_feedback_is_stored_confirmed_and_shown_to_the_coordination_office(client, world):
    response = _send(client, name="Lea Leser", email="lea@example.org")
    feedback = AccessibilityFeedback.objects.get()
    assert f"unter der Nummer {feedback.pk} eingegangen" in response.content.decode()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lea@example.org"]
    assert f"Nr. {feedback.pk}" in mail.outbox[0].subject
    client.force_login(world.coordination)
    listed = client.get(reverse("public:feedback_list")).content.decode()
    assert "Screenreader" in listed
    for role in ("staff_a", "ministry"):
        client.force_login(getattr(world, role))
        assert client.get(reverse("public:feedback_list")).status_code == 403


def test_feedback_without_an_address_is_stored_without_a_mail(client):
    _send(client)
    assert AccessibilityFeedback.objects.count() == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    "message",
    [
        "https://spam.example/kaufen",
        "www.spam.example https://spam.example/a http://spam.example/b",
        "Gute Seite https://a.example https://b.example https://c.example https://d.example",
    ],
)
def test_links_only_spam_is_refused_in_german(client, message):
    response = _send(client, message=message)
    assert response.status_code == 400
    assert "in eigenen Worten" in response.content.decode()
    assert not AccessibilityFeedback.objects.exists()


def test_a_described_barrier_may_name_the_page_by_its_link(client):
    _send(
        client,
        message="Auf https://thinka.example/netzwerk/ fehlt der sichtbare Fokus beim Tabben.",
    )
    assert AccessibilityFeedback.objects.count() == 1


def test_oversize_text_is_refused_in_german(client):
    response = _send(client, message="Barriere " * (MESSAGE_LIMIT // 9 + 10))
    assert response.status_code == 400
    assert "möglich sind höchstens 5.000" in response.content.decode()
    assert not AccessibilityFeedback.objects.exists()


def test_a_filled_hidden_field_is_a_robot(client):
    response = _send(client, website="http://spam.example")
    assert response.status_code == 400
    assert not AccessibilityFeedback.objects.exists()


def test_feedback_is_rate_limited_per_address(client, settings):
    settings.THINKA_FEEDBACK_PER_HOUR = 3
    for _ in range(3):
        assert _send(client).status_code == 200
    refused = _send(client)
    assert refused.status_code == 429
    assert "später noch einmal" in refused.content.decode()
    assert AccessibilityFeedback.objects.count() == 3
    other = _send(client, meta={"REMOTE_ADDR": "192.0.2.7"})  # another address is not held back
    assert other.status_code == 200


# --- kept by the coordination office --------------------------------------------------------


def test_the_coordination_office_edits_a_page_with_history(client, world):
    client.force_login(world.coordination)
    url = reverse("public:edit", args=["impressum"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Impressum", "body": "## Anbieter\nThASG e. V."})
    assert response.status_code == 302
    page = PublicPage.objects.get(kind=PageKind.IMPRINT)
    assert page.history.first().history_user == world.coordination
    assert page.history.count() == 2  # the default, then the edit
    client.logout()
    text = client.get(reverse("public:imprint")).content.decode()
    assert "ThASG e. V." in text
    assert "<mark>" not in text


def test_page_text_is_escaped(client, world):
    client.force_login(world.coordination)
    client.post(
        reverse("public:edit", args=["datenschutz"]),
        {"title": "Datenschutz", "body": "<script>alert(1)</script>"},
    )
    assert "<script>alert(1)" not in client.get(reverse("public:privacy")).content.decode()


def test_project_staff_cannot_edit_the_pages(client, world):
    client.force_login(world.lead_a)
    assert client.get(reverse("public:edit", args=["impressum"])).status_code == 403
