from django.urls import path

from imports import views

app_name = "imports"

# Under /netzwerk/import/ as before the move (URLs keep their paths).
urlpatterns = [
    path("", views.import_list, name="list"),
    path("<int:pk>/zuordnung/", views.import_mapping, name="mapping"),
    path("<int:pk>/", views.import_preview, name="preview"),
    path("<int:pk>/importieren/", views.import_commit, name="commit"),
    path("<int:pk>/fehler.xlsx", views.import_errors, name="errors"),
    path("<int:pk>/rueckgaengig/", views.import_undo, name="undo"),
]
