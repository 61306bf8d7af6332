"""The one skeleton of paged lists (templates/includes/paged_table.html): a row per item,
the page links, and a sentence instead of an empty table."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string

from tests.factories import OrganisationFactory


def render(items, page_size=25, number=1):
    page = Paginator(items, page_size).get_page(number)
    return render_to_string("contacts/includes/organisation_table.html", {"page": page})


def test_each_item_fills_one_row(db):
    names = ["Tafel Sonneberg", "Kita Sonnenschein"]
    organisations = [OrganisationFactory(name=name) for name in names]
    for organisation in organisations:
        organisation.project_count = 1
    html = render(organisations)
    assert html.count("<tr>") == 1 + len(names)  # head and one row each
    for organisation in organisations:
        assert f'href="{organisation.get_absolute_url()}">{organisation.name}</a>' in html
    assert "<caption" in html
    assert "Keine Organisation gefunden." not in html


def test_nothing_to_show_reads_as_a_sentence_not_an_empty_table():
    html = render([])
    assert "<table" not in html
    assert "<p>Keine Organisation gefunden.</p>" in html


def test_more_than_one_page_gets_page_links(db):
    organisations = [OrganisationFactory(name=f"Verein {n}") for n in range(3)]
    for organisation in organisations:
        organisation.project_count = 0
    html = render(organisations, page_size=2, number=2)
    assert "Seite 2 von 2" in html
    assert "Verein 2" in html
    assert "Verein 0" not in html
