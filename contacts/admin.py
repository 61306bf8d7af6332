from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from contacts.models import (
    Abbreviation,
    ContactPerson,
    CooperationForm,
    FieldOfAction,
    Interaction,
    InteractionChannel,
    NetworkContact,
    Organisation,
    OrganisationType,
    Sector,
)


@admin.register(Sector, FieldOfAction, CooperationForm, InteractionChannel)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(OrganisationType)
class OrganisationTypeAdmin(VocabularyAdmin):
    """The sector of each type is where the network maps draw its organisations."""

    list_display = ["label", "code", "sector", "order", "is_active"]
    list_editable = ["sector", "order", "is_active"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation_type", "city", "related_programme", "merged_into"]
    list_filter = ["organisation_type", "related_programme", "district"]
    search_fields = ["name", "city"]
    readonly_fields = ["version", "merged_into"]


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(NetworkContact)
class NetworkContactAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "project", "intensity", "status", "is_archived"]
    list_filter = ["project", "status", "intensity", "in_steering_group", "is_archived"]
    search_fields = ["organisation__name", "notes"]
    list_select_related = ["organisation", "project"]
    autocomplete_fields = ["organisation", "project"]
    readonly_fields = ["version", "last_interaction_on"]
    inlines = [ContactPersonInline]


@admin.register(Interaction)
class InteractionAdmin(SimpleHistoryAdmin):
    list_display = ["date", "network_contact", "channel", "occasion"]
    list_select_related = ["network_contact__organisation", "network_contact__project", "channel"]
    date_hierarchy = "date"


@admin.register(Abbreviation)
class AbbreviationAdmin(admin.ModelAdmin):
    """The coordination office's additions to the recogniser's abbreviation table."""

    list_display = ["short", "long", "is_active"]
    list_editable = ["is_active"]
    search_fields = ["short", "long"]
