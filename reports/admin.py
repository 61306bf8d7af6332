from django.contrib import admin
from django.http import HttpRequest

from reports.models import ExportLog


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Read-only: the log of exports must not be edited."""

    list_display = ["created_at", "user_label", "kind", "period_label", "rows", "include_persons"]
    list_filter = ["kind", "include_persons", "via_command"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
