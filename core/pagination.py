"""Page numbers over large querysets."""

from __future__ import annotations

from django.core import paginator
from django.db.models import Count, QuerySet, Window


class Paginator(paginator.Paginator):
    """Reads pages in the back half from the end of the list.

    ``OFFSET`` makes the database produce and discard every row before the page: on the
    last of 4,000 pages that is a sort over 100,000 rows. Reversed, the last page is a
    first page again. The ordering must be total (end it with the primary key), or rows
    with equal sort keys could change places between the two directions.
    """

    def __init__(self, *args, count_with_page: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.count_with_page = count_with_page

    def get_page(self, number) -> paginator.Page:
        if self.count_with_page and "count" not in self.__dict__:
            try:
                page = self._page_counting_rows(number)
            except paginator.InvalidPage:
                page = None  # the count is known now; Django's rules pick the page
            if page is not None:
                return page
        return super().get_page(number)

    def page(self, number) -> paginator.Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if isinstance(rows, QuerySet) and rows.ordered and bottom > self.count // 2:
            page_rows = list(rows.reverse()[self.count - top : self.count - bottom])
            page_rows.reverse()
            return self._get_page(page_rows, number, self)
        return self._get_page(rows[bottom:top], number, self)

    def _page_counting_rows(self, number) -> paginator.Page | None:
        """The page and the number of all rows from one query (``COUNT(*) OVER ()``).

        For filters that make the database sort every match anyway (a text search): the
        count and the page would otherwise each find all matches once. ``None`` where
        this cannot tell the count (no rows at that offset, or not a queryset).
        """
        rows = self.object_list
        try:
            number = 1 if number in (None, "") else int(number)
        except (TypeError, ValueError):
            return None
        if not isinstance(rows, QuerySet) or number < 1:
            return None
        bottom = (number - 1) * self.per_page
        found = list(
            rows.annotate(_rows_in_list=Window(Count("pk")))[
                bottom : bottom + self.per_page + self.orphans
            ]
        )
        if not found:
            return None
        self.__dict__["count"] = found[0]._rows_in_list  # the cached_property's slot
        number = self.validate_number(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(found[: top - bottom], number, self)
