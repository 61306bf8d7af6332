"""The base of every list filter."""

from __future__ import annotations

from typing import Any

import django_filters

from core.widgets import use_fast_selects


class FilterSet(django_filters.FilterSet):
    """A FilterSet whose select boxes render fast (they are on every list request)."""

    @property
    def form(self) -> Any:
        if not hasattr(self, "_form"):
            use_fast_selects(super().form)
        return self._form
