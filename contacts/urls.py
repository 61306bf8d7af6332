from django.urls import path

from contacts import privacy_views, register_views, views

app_name = "contacts"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("neu/", views.contact_start, name="start"),
    path("neu/erfassen/", views.contact_create, name="create"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.contact_update, name="update"),
    path("<int:pk>/archivieren/", views.contact_archive, name="archive"),
    path(
        "<int:pk>/wiederherstellen/",
        views.contact_archive,
        {"archive": False},
        name="restore",
    ),
    path("<int:pk>/kontakte/neu/", views.interaction_create, name="interaction_create"),
    path("<int:pk>/personen/neu/", views.person_edit, name="person_create"),
    path("<int:pk>/personen/<int:person_pk>/bearbeiten/", views.person_edit, name="person_update"),
    path(
        "<int:pk>/personen/<int:person_pk>/auskunft.json",
        privacy_views.person_report,
        name="person_report",
    ),
    path(
        "<int:pk>/personen/<int:person_pk>/auskunft/",
        privacy_views.person_report_page,
        name="person_report_page",
    ),
    path(
        "<int:pk>/personen/<int:person_pk>/loeschen/",
        privacy_views.person_erase,
        name="person_erase",
    ),
    path("datenschutz/", privacy_views.privacy_overview, name="privacy"),
    path("datenschutz/informieren/", privacy_views.persons_inform, name="persons_inform"),
    path(
        "datenschutz/informieren/vorlage/",
        privacy_views.notice_template_edit,
        name="notice_template",
    ),
    path("steuerungsgruppe/<int:project_pk>/", views.steering_group, name="steering_group"),
    path("organisationen/", register_views.organisation_list, name="organisation_list"),
    path("organisationen/vorschlaege/", views.organisation_suggest, name="organisation_suggest"),
    path(
        "organisationen/<int:pk>/",
        register_views.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "organisationen/<int:pk>/bearbeiten/",
        register_views.organisation_update,
        name="organisation_update",
    ),
    path(
        "organisationen/<int:pk>/zusammenfuehren/",
        register_views.organisation_merge,
        name="organisation_merge",
    ),
    path("wertelisten/", register_views.vocabulary_list, name="vocabulary_list"),
    path("abkuerzungen/", register_views.abbreviation_list, name="abbreviation_list"),
    path(
        "abkuerzungen/<int:pk>/loeschen/",
        register_views.abbreviation_delete,
        name="abbreviation_delete",
    ),
    path("wertelisten/<slug:kind>/neu/", register_views.vocabulary_edit, name="vocabulary_create"),
    path(
        "wertelisten/<slug:kind>/<int:pk>/bearbeiten/",
        register_views.vocabulary_edit,
        name="vocabulary_update",
    ),
    path(
        "wertelisten/<slug:kind>/<int:pk>/loeschen/",
        register_views.vocabulary_delete,
        name="vocabulary_delete",
    ),
]
