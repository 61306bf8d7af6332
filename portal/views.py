"""The pages that span the apps: the start page per role and the logs over all of them."""

from __future__ import annotations

import datetime

from axes.models import AccessFailureLog
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contacts import selectors as contact_selectors
from core import limits
from core.http import AuthenticatedHttpRequest
from core.net import client_ip
from core.views import post_data, render_form_page
from exchanges import selectors as exchange_selectors
from portal import access, audit, digest, public, retention, services
from portal.forms import AuditFilterForm, DigestPreferenceForm, FeedbackForm, PublicPageForm
from portal.models import AccessibilityFeedback, DeletionLog, DigestPreference, PageKind
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
        "today": timezone.localdate(),
        "is_coordination": is_coordination,
        "is_ministry": access.is_ministry(user),
        "totals": contact_selectors.programme_totals() if sees_all else None,
        "duplicates": contact_selectors.possible_duplicates() if is_coordination else None,
        "follow_ups": contact_selectors.follow_ups_due(user=user)[:10] if not sees_all else None,
        "follow_up_counts": contact_selectors.follow_up_counts(user=user) if not sees_all else None,
        "can_record": access.can_record_contacts(user),
        "recent": contact_selectors.recently_changed(user=user) if not sees_all else None,
        "next_meeting": exchange_selectors.next_meeting(),
        # Art. 14 DSGVO: persons from lists still to be informed, per project (none for
        # the ministry: the selector asks the access policy).
        "to_inform": contact_selectors.persons_to_inform_by_project(user=user),
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
    page = Paginator(failures, limits.PAGE_SIZE).get_page(request.GET.get("page"))
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


@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One's own settings: the weekly digest (day, off) and a preview of it."""
    access.require(access.can_receive_digest(request.user))
    preference = DigestPreference.objects.filter(user=request.user).first() or DigestPreference(
        user=request.user
    )
    form = DigestPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Einstellungen der Wochenübersicht gespeichert."))
        return redirect("profile")
    return render(
        request,
        "portal/profile.html",
        {
            "form": form,
            "title": _("Mein Profil"),
            "digest": digest.digest_for(request.user),
            "has_email": bool(request.user.email),
        },
        status=400 if form.is_bound else 200,
    )


# --- public pages (issue 31): reachable without login, from every page's footer -----------


def _public(
    request: HttpRequest, kind: str, extra: dict[str, object] | None = None, status: int = 200
) -> HttpResponse:
    stored = public.page(kind)
    return render(
        request,
        "portal/public_page.html",
        {
            "page": stored,
            "blocks": public.blocks(stored.body),
            "title": stored.title,
            "can_edit": access.can_edit_public_pages(request.user),
            **(extra or {}),
        },
        status=status,
    )


@login_not_required
@require_GET
def imprint(request: HttpRequest) -> HttpResponse:
    return _public(request, PageKind.IMPRINT)


@login_not_required
@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return _public(request, PageKind.PRIVACY)


@login_not_required
@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement with its feedback form (§ 6 ThürBarrWebG)."""
    form = FeedbackForm(post_data(request), initial={"page": request.GET.get("seite", "")})
    if request.method == "POST":
        if not services.feedback_allowed(client=client_ip(request)):
            form.add_error(
                None,
                _(
                    "Von Ihrer Verbindung kamen in der letzten Stunde schon mehrere "
                    "Rückmeldungen. Bitte versuchen Sie es später noch einmal oder schreiben Sie "
                    "uns eine E-Mail."
                ),
            )
            return _public(request, PageKind.ACCESSIBILITY, {"form": form}, status=429)
        if form.is_valid():
            feedback = services.feedback_submit(feedback=form.save(commit=False))
            messages.success(
                request,
                _(
                    "Vielen Dank! Ihre Rückmeldung ist unter der Nummer %(number)s "
                    "eingegangen.%(mail)s"
                )
                % {
                    "number": feedback.pk,
                    "mail": " "
                    + _("Eine Bestätigung geht an %(email)s.") % {"email": feedback.email}
                    if feedback.email
                    else "",
                },
            )
            return redirect("public:accessibility")
    return _public(
        request,
        PageKind.ACCESSIBILITY,
        {"form": form},
        status=400 if form.errors else 200,
    )


def public_page_edit(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    """The coordination office keeps the public pages; every version in the history."""
    access.require(access.can_edit_public_pages(request.user))
    if kind not in PageKind.values:
        raise Http404
    kind = PageKind(kind)
    stored = public.page(kind)
    form = PublicPageForm(post_data(request), instance=stored)
    if request.method == "POST" and form.is_valid():
        services.public_page_save(page=form.save(commit=False), by=request.user)
        messages.success(request, _("Seite gespeichert."))
        return redirect(PUBLIC_URLS[kind])
    versions = stored.history.select_related("history_user").order_by("-history_date")[:20]
    return render_form_page(
        request,
        form,
        title=_("%(page)s bearbeiten") % {"page": stored.get_kind_display()},
        cancel_url=reverse(PUBLIC_URLS[kind]),
        template="portal/public_page_form.html",
        extra={"versions": versions, "unfinished": public.needs_filling_in(stored.body)},
    )


PUBLIC_URLS: dict[str, str] = {
    PageKind.IMPRINT: "public:imprint",
    PageKind.PRIVACY: "public:privacy",
    PageKind.ACCESSIBILITY: "public:accessibility",
}


def feedback_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_see_feedback(request.user))
    page = Paginator(AccessibilityFeedback.objects.all(), limits.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "portal/feedback_list.html",
        {"page": page, "title": _("Rückmeldungen zur Barrierefreiheit")},
    )


# --- deletion by rule (Löschkonzept) ------------------------------------------------------


def retention_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the deletion concept has due today, per class, and the deletions done."""
    access.require(access.can_review_retention(request.user))
    labels = {item.code: item.data for item in retention.classes()}
    log = [
        (entry, labels.get(entry.retention_class, entry.retention_class))
        for entry in DeletionLog.objects.all()[:50]
    ]
    return render(
        request,
        "portal/retention_queue.html",
        {
            "queue": retention.queue(),
            "log": log,
            "title": _("Löschfristen"),
        },
    )


@require_http_methods(["GET", "POST"])
def retention_delete(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    access.require(access.can_review_retention(request.user))
    item = retention.by_code(code)
    if item is None or item.delete is None:
        raise Http404
    if request.method == "POST":
        count = retention.delete_due(retention_class=item, by=request.user)
        messages.success(
            request,
            _("%(count)s Einträge gelöscht: %(data)s.") % {"count": count, "data": item.data},
        )
        return redirect("portal:retention")
    due = item.due(timezone.localdate()).count()
    return render(
        request,
        "confirm_page.html",
        {
            "title": _("Fällige Daten löschen"),
            "question": _(
                "%(count)s Einträge der Löschklasse „%(data)s“ (Frist: %(period)s ab %(start)s) "
                "werden endgültig gelöscht – %(how)s. Protokolliert werden nur Löschklasse, "
                "Anzahl, Zeitpunkt und Ihr Name."
            )
            % {
                "count": due,
                "data": item.data,
                "period": item.period,
                "start": item.start,
                "how": item.note or _("die Einträge selbst"),
            },
            "confirm_label": _("Endgültig löschen"),
            "cancel_url": reverse("portal:retention"),
            "breadcrumbs": [(_("Löschfristen"), reverse("portal:retention"))],
        },
    )
