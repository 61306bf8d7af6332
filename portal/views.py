"""The pages that span the apps: the start page per role and the logs over all of them."""

from __future__ import annotations

import datetime

from axes.models import AccessFailureLog
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts import selectors as contact_selectors
from core.http import AuthenticatedHttpRequest
from exchanges import selectors as exchange_selectors
from portal import access, audit
from portal.forms import AuditFilterForm
from projects import accounts
from reports import selectors as report_selectors


def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The start page: what each role needs first (docs/architecture.md, "Die Apps")."""
    user = request.user
    is_coordination = access.is_coordination(user)
    sees_all = access.can_see_all_projects(user)
    context = {
        "projects": contact_selectors.project_overview(user=user),
        "sees_all": sees_all,
        "is_coordination": is_coordination,
        "is_ministry": access.is_ministry(user),
        "totals": contact_selectors.programme_totals() if sees_all else None,
        "duplicates": contact_selectors.possible_duplicates() if is_coordination else None,
        "follow_ups": contact_selectors.follow_ups_due(user=user)[:10] if not sees_all else None,
        "recent": contact_selectors.recently_changed(user=user) if not sees_all else None,
        "next_meeting": exchange_selectors.next_meeting(),
        "latest_export": report_selectors.latest_ministry_export()
        if access.is_ministry(user)
        else None,
    }
    return render(request, "portal/home.html", context)


def login_failures(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Failed logins and lockouts (django-axes), for the coordination office's review."""
    access.require(access.can_see_login_failures(request.user))
    failures = AccessFailureLog.objects.only(
        "attempt_time", "username", "ip_address", "locked_out"
    ).order_by("-attempt_time", "-pk")
    page = Paginator(failures, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/login_failures.html",
        {
            "page": page,
            "locked": accounts.locked_addresses(),
            "title": _("Fehlgeschlagene Anmeldungen"),
        },
    )


def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who changed what: the change history of all tracked records, newest first."""
    access.require(access.can_see_audit_log(request.user))
    form = AuditFilterForm(request.GET or None)
    entries = []
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        since = data.get("since") or timezone.localdate() - datetime.timedelta(days=30)
        entries = audit.entries(model=data.get("model") or None, since=since)
    return render(
        request,
        "portal/audit_log.html",
        {"form": form, "entries": entries, "limit": audit.LIMIT, "title": _("Änderungsprotokoll")},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
