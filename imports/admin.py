from django.contrib import admin
from django.http import HttpRequest

from imports.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """Read-only: what an import did is undone in the application, never edited here."""

    list_display = ["created_at", "file_name", "project", "user", "status", "created_count"]
    list_filter = ["status", "project"]
    exclude = ["content"]  # the uploaded file itself stays out of the admin

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
