from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("neu/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.project_update, name="update"),
    path("<int:pk>/anlaufstellen/neu/", views.office_edit, name="office_create"),
    path(
        "<int:pk>/anlaufstellen/<int:office_pk>/bearbeiten/",
        views.office_edit,
        name="office_update",
    ),
    path("<int:pk>/team/neu/", views.member_add, name="member_add"),
    path("<int:pk>/team/<int:member_pk>/entfernen/", views.member_remove, name="member_remove"),
    path("traeger/", views.operator_list, name="operator_list"),
    path("traeger/neu/", views.operator_edit, name="operator_create"),
    path("traeger/<int:pk>/bearbeiten/", views.operator_edit, name="operator_update"),
    path("benutzer/", views.user_list, name="user_list"),
    path("benutzer/neu/", views.user_edit, name="user_create"),
    path("benutzer/<int:pk>/bearbeiten/", views.user_edit, name="user_update"),
    path("benutzer/<int:pk>/link-senden/", views.user_send_link, name="user_send_link"),
    path(
        "benutzer/<int:pk>/zweiter-faktor-zuruecksetzen/",
        views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
]
