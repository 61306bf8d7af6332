"""The matrix helper itself: a URL nobody declared must be reported."""

from django.http import HttpResponse
from django.urls import include, path

from tests.test_url_matrix import MATRIX
from tests.url_matrix import iter_urls, unlisted


def _secret_view(request):
    return HttpResponse("geheim")


# A URLconf like the real one, plus one view that no matrix entry mentions.
urlpatterns = [
    path("", include("thinka_site.urls")),
    path("geheim/", _secret_view, name="secret"),
    path("bereich/", include(([path("x/<int:pk>/", _secret_view)], "area"))),
]


def test_helper_reports_a_url_missing_from_the_matrix():
    assert unlisted(iter_urls(__name__), MATRIX) == ["area:<unnamed bereich/x/<int:pk>/>", "secret"]


def test_helper_finds_url_arguments():
    entries = {entry.name: entry for entry in iter_urls(__name__)}
    assert entries["projects:office_update"].kwargs == ("pk", "office_pk")


def test_helper_reports_nothing_for_the_real_urlconf():
    assert unlisted(iter_urls(), MATRIX) == []
