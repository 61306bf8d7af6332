from django.urls import path

from portal import views

app_name = "portal"

# Under /vorhaben/ as before the move (URLs keep their paths).
urlpatterns = [
    path("benutzer/fehlversuche/", views.login_failures, name="login_failures"),
    path("protokoll/", views.audit_log, name="audit_log"),
    path("loeschfristen/", views.retention_queue, name="retention"),
    path("loeschfristen/<slug:code>/loeschen/", views.retention_delete, name="retention_delete"),
]
