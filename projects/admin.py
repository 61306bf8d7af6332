from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from projects.models import ContactOffice, Membership, Operator, ProgrammeLine, Project
from projects.roles import account_conflict

User = get_user_model()


class RoleCheckedUserChangeForm(UserChangeForm):
    """The admin, too, refuses an account that holds contradictory roles (projects.roles)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # a form's clean() returns its cleaned_data
        conflict = account_conflict(
            groups={group.name for group in data.get("groups") or []},
            is_superuser=bool(data.get("is_superuser")),
            has_memberships=bool(self.instance.pk) and self.instance.memberships.exists(),
        )
        if conflict:
            raise ValidationError(conflict)
        return data


admin.site.unregister(User)


@admin.register(User)
class RoleCheckedUserAdmin(UserAdmin):
    form = RoleCheckedUserChangeForm


class ContactOfficeInline(admin.TabularInline):
    model = ContactOffice
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["name", "place", "district", "programme_line", "status", "is_demo"]
    list_filter = ["programme_line", "status", "district", "is_demo"]
    search_fields = ["name", "place", "neighbourhood"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["operators"]
    inlines = [ContactOfficeInline, MembershipInline]
    readonly_fields = ["version"]


@admin.register(Operator)
class OperatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "place", "is_demo"]
    search_fields = ["name"]
    readonly_fields = ["version"]


@admin.register(ProgrammeLine)
class ProgrammeLineAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "project", "role"]
    list_filter = ["role", "project"]
    autocomplete_fields = ["user", "project"]
