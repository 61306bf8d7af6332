"""axe-core on the pages of issue 31: public pages (before login, with the feedback form's
errors and its confirmation), informing persons (with overdue persons and the notices),
the notice template, the deletion queue, the audit log with role changes, the account page
with a second factor to reset."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from tests.browser.test_accessibility import WCAG_AA, assert_accessible

pytestmark = pytest.mark.browser


def _no_violations(page) -> None:
    results = Axe().run(page, options=WCAG_AA)
    assert not results.response["violations"], results.response["violations"]


def test_public_pages_are_accessible_before_login_and_on_a_phone(new_page):
    for width in (1280, 390):
        page = new_page(width=width, height=844)
        for path in ("/impressum/", "/datenschutz/", "/barrierefreiheit/"):
            assert_accessible(page, path)


def test_the_feedback_form_is_accessible_with_errors_and_after_sending(new_page):
    page = new_page()
    page.goto("/barrierefreiheit/")
    page.get_by_label("Ihre Rückmeldung").fill("https://spam.example")
    page.get_by_role("button", name="Rückmeldung senden").click()
    page.get_by_text("in eigenen Worten").first.wait_for()
    _no_violations(page)
    page.get_by_label("Ihre Rückmeldung").fill("Der Fokus ist auf der Startseite nicht zu sehen.")
    page.get_by_role("button", name="Rückmeldung senden").click()
    page.get_by_text("Vielen Dank").wait_for()
    _no_violations(page)


def test_informing_pages_are_accessible(new_page, world):
    from contacts.models import DataSource
    from tests import factories

    for name in ("Ada Alt", "Bea Neu"):
        factories.ContactPersonFactory(
            network_contact=world.contact_a,
            name=name,
            source=DataSource.IMPORTED,
            source_note="Liste „alt.xlsx“ (Import Nr. 1)",
            collected_on=timezone.localdate() - datetime.timedelta(days=40),
        )
    page = new_page(world.staff_a)
    for path in ("/", "/netzwerk/datenschutz/informieren/", f"/netzwerk/{world.contact_a.pk}/"):
        assert_accessible(page, path)
    page.goto("/netzwerk/datenschutz/informieren/")
    page.get_by_label("Ada Alt").check()
    with page.expect_navigation(wait_until="load", timeout=30_000):
        page.get_by_role("button", name="Information zum Drucken").click()
    assert page.get_by_text("Guten Tag Ada Alt").count() == 1, page.inner_text("main")
    _no_violations(page)
    page.goto("/netzwerk/datenschutz/informieren/")
    page.get_by_role("button", name="Ausgewählte als informiert eintragen").click()
    page.get_by_text("mindestens eine Ansprechperson").first.wait_for()
    _no_violations(page)


def test_coordination_pages_of_issue_31_are_accessible(new_page, world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from projects import services
    from projects.roles import COORDINATION_GROUP

    TOTPDevice.objects.create(user=world.staff_a, name="Telefon", confirmed=True)
    services.user_set_global_role(account=world.staff_b, role=COORDINATION_GROUP, by=world.admin)
    page = new_page(world.coordination)
    for path in (
        "/netzwerk/datenschutz/informieren/vorlage/",
        "/vorhaben/loeschfristen/",
        "/vorhaben/protokoll/",
        f"/vorhaben/benutzer/{world.staff_a.pk}/bearbeiten/",
        "/seiten/impressum/bearbeiten/",
        "/barrierefreiheit/rueckmeldungen/",
        "/netzwerk/pruefung/",
    ):
        assert_accessible(page, path)
