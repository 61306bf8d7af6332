"""The Django admin of ThINKA Netzwerk: for administrators, never for a ministry account."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from projects import access


class ThinkaAdminSite(admin.AdminSite):
    site_header = _("ThINKA Netzwerk – Administration")
    site_title = _("ThINKA Netzwerk")
    index_title = _("Verwaltung der Daten")

    def has_permission(self, request: HttpRequest) -> bool:
        # The admin shows every record with its personal data; an account that is also the
        # ministry's stays the ministry's alone (projects.roles), even if it is staff.
        return super().has_permission(request) and not access.is_ministry(request.user)
