from django.urls import path

from exchanges import views

app_name = "exchanges"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("neu/", views.meeting_edit, name="create"),
    path("erfolge-hemmnisse/", views.findings, name="findings"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/bearbeiten/", views.meeting_edit, name="update"),
    path("<int:pk>/loeschen/", views.meeting_delete, name="delete"),
    path("<int:pk>/erfolge-hemmnisse/", views.report_items_edit, name="report_items"),
    path("<int:pk>/thementische/neu/", views.theme_table_edit, name="table_create"),
    path(
        "<int:pk>/thementische/<int:table_pk>/bearbeiten/",
        views.theme_table_edit,
        name="table_update",
    ),
    path(
        "<int:pk>/thementische/<int:table_pk>/entfernen/",
        views.theme_table_delete,
        name="table_delete",
    ),
    path("<int:pk>/dokumentation.docx", views.minutes_download, name="docx"),
    path("<int:pk>/termin.ics", views.meeting_calendar, name="ics"),
]
