"""The public pages at the root: reachable without login (issue 31)."""

from django.urls import path

from portal import views

app_name = "public"

urlpatterns = [
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy_notice, name="privacy"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("barrierefreiheit/rueckmeldungen/", views.feedback_list, name="feedback_list"),
    path("seiten/<slug:kind>/bearbeiten/", views.public_page_edit, name="edit"),
]
