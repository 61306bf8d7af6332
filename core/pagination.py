"""Page numbers over large querysets."""

from __future__ import annotations

from django.core import paginator
from django.db.models import QuerySet


class Paginator(paginator.Paginator):
    """Reads pages in the back half from the end of the list.

    ``OFFSET`` makes the database produce and discard every row before the page: on the
    last of 4,000 pages that is a sort over 100,000 rows. Reversed, the last page is a
    first page again. The ordering must be total (end it with the primary key), or rows
    with equal sort keys could change places between the two directions.
    """

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
