from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from exchanges.models import AgendaItem, Guest, Meeting, ReportItem, ThemeTable, ThemeTableResult


class GuestInline(admin.TabularInline):
    model = Guest
    extra = 0


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class ReportInline(admin.TabularInline):
    model = ReportItem
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["number", "date", "place", "host_project", "status", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["place"]
    readonly_fields = ["version", "is_demo"]
    filter_horizontal = ["projects"]
    inlines = [GuestInline, AgendaInline, ReportInline]


class ResultInline(admin.TabularInline):
    model = ThemeTableResult
    extra = 0


@admin.register(ThemeTable)
class ThemeTableAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "position"]
    list_filter = ["meeting"]
    inlines = [ResultInline]
