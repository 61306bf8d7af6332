"""URLs of ThINKA Netzwerk. German paths, English names."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from core.health import healthcheck, hold
from portal import views as portal_views
from projects import accounts, two_factor

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("konto/login/", accounts.LoginView.as_view(), name="login"),
    # Before django.contrib.auth.urls: the same path, answered alike for every address.
    path("konto/password_reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    # The language switch in the footer (also before login): POST, sets the language cookie.
    path("konto/sprache/", login_not_required(require_POST(set_language)), name="set_language"),
    path("konto/zwei-faktor/einrichten/", two_factor.setup, name="two_factor_setup"),
    path("konto/zwei-faktor/bestaetigen/", two_factor.verify, name="two_factor_verify"),
    path("konto/", include("django.contrib.auth.urls")),
    path("vorhaben/", include("portal.urls")),
    path("vorhaben/", include("projects.urls")),
    path("netzwerk/import/", include("imports.urls")),
    path("netzwerk/", include("reports.urls")),
    path("netzwerk/", include("contacts.urls")),
    path("austausch/", include("exchanges.urls")),
    path("admin/", admin.site.urls),
    path("", include("portal.public_urls")),
    path("healthz", login_not_required(healthcheck), name="healthcheck"),
]

if settings.DEBUG and settings.THINKA_HOLD_FILE:
    # Test only (core.health.hold): a request that holds a worker until a lock is freed.
    urlpatterns.append(path("_test/hold/", login_not_required(hold)))

handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
