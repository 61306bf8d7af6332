"""axe-core on the main pages of every role: no WCAG 2.1 A/AA violation (BITV 2.0)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page, path: str) -> None:
    page.goto(path)
    results = Axe().run(page, options=WCAG_AA)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert not problems, f"{path}:\n" + "\n".join(problems)


def test_login_page_is_accessible(new_page):
    assert_accessible(new_page(), "/konto/login/")


def test_staff_pages_are_accessible(new_page, world):
    page = new_page(world.staff_a)
    for path in (
        "/",
        "/netzwerk/",
        "/netzwerk/neu/erfassen/?name=Neuer+Verein",
        f"/netzwerk/{world.contact_a.pk}/",
        f"/netzwerk/{world.contact_a.pk}/bearbeiten/",
        f"/netzwerk/{world.contact_a.pk}/personen/{world.person_a.pk}/auskunft/",
        f"/vorhaben/{world.project_a.pk}/",
        "/netzwerk/export/",
        "/netzwerk/import/",
        "/konto/zwei-faktor/einrichten/",
    ):
        assert_accessible(page, path)


def test_staff_pages_are_accessible_on_a_phone(new_page, world):
    page = new_page(world.staff_a, width=390, height=844)
    for path in ("/", "/netzwerk/", f"/netzwerk/{world.contact_a.pk}/"):
        assert_accessible(page, path)


def test_coordination_pages_are_accessible(new_page, world):
    page = new_page(world.coordination)
    for path in (
        "/",
        "/netzwerk/",
        "/netzwerk/organisationen/",
        "/netzwerk/wertelisten/",
        "/netzwerk/uebersicht/",
        "/netzwerk/netzwerkkarte/",
        "/netzwerk/exporte/",
        "/vorhaben/",
        "/vorhaben/benutzer/",
    ):
        assert_accessible(page, path)


def test_exchange_pages_are_accessible(new_page, world):
    from tests import factories

    meeting = factories.MeetingFactory(number=6)
    factories.ReportItemFactory(meeting=meeting, project=world.project_a)
    factories.ThemeTableFactory(meeting=meeting)
    page = new_page(world.coordination)
    for path in (
        "/austausch/",
        f"/austausch/{meeting.pk}/",
        f"/austausch/{meeting.pk}/bearbeiten/",
        f"/austausch/{meeting.pk}/erfolge-hemmnisse/",
        f"/austausch/{meeting.pk}/thementische/neu/",
        "/austausch/erfolge-hemmnisse/",
    ):
        assert_accessible(page, path)


def test_ministry_pages_are_accessible(new_page, world):
    page = new_page(world.ministry)
    for path in ("/", "/netzwerk/export/", "/netzwerk/uebersicht/", "/austausch/"):
        assert_accessible(page, path)


def test_the_import_preview_is_accessible(new_page, world):
    from imports import services
    from tests.imports.test_import import csv_bytes

    rows = [["Organisation", "Ort"], ["Jobcenter Landkreis Sonneberg", "Sonneberg"], ["", "x"]]
    rows += [[f"Verein {n}", "Sonneberg"] for n in range(120)]
    batch = services.upload(
        project=world.project_a, by=world.staff_a, file_name="l.csv", data=csv_bytes(rows)
    )
    page = new_page(world.staff_a)
    for query in ("", "?page=2", "?show=error"):
        assert_accessible(page, batch.get_absolute_url() + query)


def test_pages_in_english_are_accessible(new_page, world):
    page = new_page(world.coordination)
    page.get_by_role("button", name="English").click()
    for path in ("/", "/netzwerk/", f"/netzwerk/{world.contact_a.pk}/", "/netzwerk/uebersicht/"):
        assert_accessible(page, path)
    assert page.locator("html").get_attribute("lang") == "en"


def test_review_page_is_accessible_with_gaps_and_on_a_phone(new_page, world):
    """The review before closing with every kind of figure filled, wide and narrow."""
    from contacts.models import LegalBasis, NetworkContact
    from tests import factories

    factories.NetworkContactFactory(project=world.project_a, since=None)
    factories.ContactPersonFactory(
        network_contact=world.contact_a, legal_basis=LegalBasis.CONSENT, consent_on=None
    )
    NetworkContact.objects.update(last_interaction_on=None)
    for user, width in ((world.coordination, 1366), (world.staff_a, 1280), (world.staff_a, 390)):
        page = new_page(user, width=width, height=900)
        assert_accessible(page, "/netzwerk/pruefung/")


def test_recording_page_is_accessible_in_each_state(new_page, world):
    """Empty, with the register's suggestions open, with validation errors, with the
    similar entries after sending – wide and on a phone."""
    for width in (1280, 390):
        page = new_page(world.staff_a, width=width, height=900)
        assert_accessible(page, "/netzwerk/neu/erfassen/")
        page.get_by_label("Name der Organisation").press_sequentially("Jobcenter Sonn", delay=20)
        page.get_by_role("option").first.wait_for()
        results = Axe().run(page, options=WCAG_AA)
        assert not results.response["violations"], results.response["violations"]
        page.keyboard.press("Escape")
        page.get_by_role("group", name="Ansprechperson (optional)").get_by_label("E-Mail").fill(
            "keine-adresse"
        )
        page.get_by_role("button", name="Speichern").click()
        page.locator("#error-summary").wait_for()
        results = Axe().run(page, options=WCAG_AA)
        assert not results.response["violations"], results.response["violations"]


def test_recording_page_with_similar_entries_after_sending_is_accessible(new_page, world):
    page = new_page(world.staff_b)
    page.goto("/netzwerk/neu/erfassen/")
    page.get_by_label("Name der Organisation").fill("Jobcenter Sonneberg Ost")
    page.get_by_role("option").first.wait_for()  # the type-ahead has answered
    page.keyboard.press("Escape")
    page.get_by_label("Organisationsart").select_option(label="Verein")
    # As without JavaScript: the register was not shown while typing.
    page.evaluate("document.querySelector('[name=register_checked]').value = ''")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_role("heading", name="Ähnliche Organisationen im Register").wait_for()
    results = Axe().run(page, options=WCAG_AA)
    assert not results.response["violations"], results.response["violations"]


def test_start_page_with_an_upcoming_meeting_and_a_message_is_accessible(new_page, world):
    """The next-meeting box (its links on the info background) and a success message."""
    import datetime

    from django.utils import timezone

    from exchanges.models import MeetingStatus
    from tests import factories

    factories.MeetingFactory(
        number=30,
        date=timezone.localdate() + datetime.timedelta(days=20),
        status=MeetingStatus.PLANNED,
    )
    for user in (world.staff_a, world.coordination):
        page = new_page(user)
        assert_accessible(page, "/")
    page = new_page(world.staff_a)
    page.goto(f"/netzwerk/{world.contact_a.pk}/#kontakt-erfassen")
    page.get_by_label("Kontaktweg").select_option(label="Telefon")
    page.get_by_label("Anlass").fill("Absprache")
    page.get_by_role("button", name="Speichern").last.click()
    page.get_by_text("Kontakt erfasst").wait_for()
    results = Axe().run(page, options=WCAG_AA)
    assert not results.response["violations"], results.response["violations"]


def test_network_map_with_labels_and_legend_on_a_laptop_and_a_phone(new_page, world):
    from tests import factories
    from tests.browser.conftest import screenshot

    projects = [world.project_a, world.project_b] + [
        factories.ProjectFactory(name=f"ThINKA Ort {i:02d}") for i in range(8)
    ]
    for i in range(24):
        organisation = factories.OrganisationFactory(name=f"Nachbarschaftsverein {i} e. V.")
        for project in projects[i % 8 : i % 8 + 3]:
            factories.NetworkContactFactory(project=project, organisation=organisation)
    for width in (1366, 390):
        page = new_page(world.coordination, width=width, height=900)
        assert_accessible(page, "/netzwerk/netzwerkkarte/")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{width}px: the page scrolls sideways by {overflow}px"
        labels = page.locator(".network-map text")
        assert labels.count() == 10 + 24
        size = labels.first.evaluate("el => el.getBoundingClientRect().height")
        assert size >= 8, f"{width}px: labels {size}px high"
        screenshot(page, f"network-map-{width}")


def test_lists_and_forms_are_accessible_empty_full_and_with_errors(new_page, world):
    """The states a page can be in besides the tidy one: an empty list, a full list with
    pages, a form sent with mistakes, and the dashboard's wide tables on a phone."""
    from tests import factories

    newcomer = factories.UserFactory(username="neu_im_team")
    factories.MembershipFactory(user=newcomer, project=factories.ProjectFactory(name="ThINKA Gera"))
    empty = new_page(newcomer)
    for path in ("/", "/netzwerk/", "/netzwerk/pruefung/"):
        assert_accessible(empty, path)

    factories.NetworkContactFactory.create_batch(30, project=world.project_a)
    staff = new_page(world.staff_a, width=390, height=844)
    for path in ("/netzwerk/", "/netzwerk/?page=2", "/netzwerk/?q=keine-solche-organisation"):
        assert_accessible(staff, path)

    page = new_page(world.staff_a)
    page.goto(f"/netzwerk/{world.contact_a.pk}/personen/neu/")
    page.get_by_label("E-Mail").fill("keine-adresse")
    page.get_by_role("button", name="Speichern").click()
    page.locator("#error-summary").wait_for()
    results = Axe().run(page, options=WCAG_AA)
    assert not results.response["violations"], results.response["violations"]

    coordination = new_page(world.coordination, width=390, height=844)
    assert_accessible(coordination, "/netzwerk/uebersicht/")
