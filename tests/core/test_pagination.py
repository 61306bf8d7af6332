"""Pages read from the end hold exactly what plain OFFSET paging would show."""

import pytest
from django.core import paginator as django_paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Organisation
from core.pagination import ReversiblePaginator
from tests.factories import OrganisationFactory


@pytest.fixture
def organisations(db):
    # Equal names and places on purpose: only the primary key decides their order. The
    # register holds one live entry per name and place, so the repeats are merged ones.
    live: dict[tuple[str, str], Organisation] = {}
    for index in range(23):
        key = (f"Verein {index % 4}", ["Gera", "Suhl", ""][index % 3])
        if key in live:
            OrganisationFactory(name=key[0], city=key[1], merged_into=live[key])
        else:
            live[key] = OrganisationFactory(name=key[0], city=key[1])
    return Organisation.objects.order_by("name", "-city", "pk")


@pytest.mark.parametrize(("per_page", "orphans"), [(5, 0), (4, 2), (7, 3), (23, 0), (30, 0)])
def test_every_page_matches_offset_paging(organisations, per_page, orphans):
    ours = ReversiblePaginator(organisations, per_page, orphans=orphans)
    plain = django_paginator.Paginator(organisations, per_page, orphans=orphans)
    assert ours.num_pages == plain.num_pages
    seen = []
    for number in ours.page_range:
        page = ours.page(number)
        assert [o.pk for o in page] == [o.pk for o in plain.page(number)]
        assert (page.start_index(), page.end_index()) == (
            plain.page(number).start_index(),
            plain.page(number).end_index(),
        )
        seen += [o.pk for o in page]
    assert seen == list(organisations.values_list("pk", flat=True))


def test_the_last_page_is_read_in_reverse_with_a_small_offset(organisations):
    page_count = ReversiblePaginator(organisations, 5).num_pages
    with CaptureQueriesContext(connection) as captured:
        list(ReversiblePaginator(organisations, 5).page(page_count))
    select = captured.captured_queries[-1]["sql"]
    assert '"name" DESC' in select
    assert "OFFSET" not in select


def test_the_first_half_keeps_the_usual_direction(organisations):
    with CaptureQueriesContext(connection) as captured:
        list(ReversiblePaginator(organisations, 5).page(2))
    assert '"name" ASC' in captured.captured_queries[-1]["sql"]


def test_plain_lists_page_as_before():
    assert list(ReversiblePaginator(list(range(10)), 3).page(4)) == [9]
    assert list(ReversiblePaginator(list(range(10)), 3).page(3)) == [6, 7, 8]


def test_the_contact_list_pages_from_both_ends_without_gaps(world, client):
    """The list's own ordering is total, so reading from the end neither repeats nor skips."""
    from contacts.views import PAGE_SIZE
    from tests.factories import NetworkContactFactory

    for index in range(PAGE_SIZE * 2 + 3):
        # Equal names (in different places, as the register allows): ties the order breaks.
        organisation = OrganisationFactory(name=f"Tafel {index % 3}", city=f"Ort {index}")
        NetworkContactFactory(project=world.project_a, organisation=organisation)
    client.force_login(world.staff_a)
    shown = []
    for number in (1, 2, 3):
        response = client.get("/netzwerk/", {"page": number})
        shown += [contact.pk for contact in response.context["page"]]
    assert len(shown) == len(set(shown)) == response.context["page"].paginator.count


@pytest.mark.parametrize("max_ids", [100, 12])
@pytest.mark.parametrize(("per_page", "orphans"), [(5, 0), (4, 2), (7, 3), (23, 0), (30, 0)])
def test_reading_the_keys_first_shows_what_offset_paging_shows(
    organisations, per_page, orphans, max_ids, monkeypatch
):
    monkeypatch.setattr(ReversiblePaginator, "MAX_IDS", max_ids)  # 12: later pages read as usual
    plain = django_paginator.Paginator(organisations, per_page, orphans=orphans)
    for number in [*plain.page_range, plain.num_pages + 1, 0, -1, "x", None, ""]:
        ours = ReversiblePaginator(organisations, per_page, orphans=orphans, ids_first=True)
        page = ours.get_page(number)
        expected = plain.get_page(number)
        assert ours.count == plain.count
        assert page.number == expected.number
        assert [o.pk for o in page] == [o.pk for o in expected]


def test_reading_the_keys_first_needs_no_count_query(organisations):
    with CaptureQueriesContext(connection) as captured:
        page = ReversiblePaginator(organisations, 5, ids_first=True).get_page(2)
        rows = list(page)
        count = page.paginator.count
    assert (len(rows), count) == (5, 23)
    assert len(captured.captured_queries) == 2  # the keys in order, then the page's rows
    assert not any("COUNT(" in q["sql"] for q in captured.captured_queries)


def test_a_text_search_reads_its_matches_keys_first(world, client):
    from tests.factories import NetworkContactFactory

    for index in range(30):
        NetworkContactFactory(
            project=world.project_a, organisation=OrganisationFactory(name=f"Tafel {index:02}")
        )
    client.force_login(world.staff_a)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/netzwerk/", {"q": "tafel", "page": 2})
    page = response.context["page"]
    assert (page.paginator.count, page.number) == (30, 2)
    assert [c.organisation.name for c in page] == [f"Tafel {n}" for n in range(25, 30)]
    assert not any(
        'SELECT COUNT(*) AS "__count" FROM "contacts_networkcontact"' in q["sql"]
        for q in captured.captured_queries
    )
