"""Views of the exchanges app. Everyone logged in reads; the coordination office edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import limits
from core.forms import formset_error_items
from core.http import AuthenticatedHttpRequest
from core.views import Once, post_data, save_or_conflict
from exchanges import access, documents, selectors, services
from exchanges.filters import ReportItemFilter
from exchanges.forms import (
    AgendaFormSet,
    GuestFormSet,
    MeetingForm,
    MeetingVersionForm,
    ReportFormSet,
    ThemeResultFormSet,
    ThemeTableForm,
    relations,
)
from exchanges.models import Meeting, ThemeTable

PAGE_SIZE = limits.PAGE_SIZE


def _crumbs(meeting: Meeting | None = None) -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [(_("Erfahrungsaustausch"), reverse("exchanges:list"))]
    if meeting is not None:
        crumbs.append((meeting.title, meeting.get_absolute_url()))
    return crumbs


def _meeting(request: AuthenticatedHttpRequest, pk: int, *, edit: bool = False) -> Meeting:
    access.require(access.can_read_minutes(request.user))
    if edit:
        access.require(access.can_edit_meetings(request.user))
    try:
        return selectors.meeting_minutes(pk)
    except (Meeting.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(_("Diesen Erfahrungsaustausch gibt es nicht.")) from exc


def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_read_minutes(request.user))
    return render(
        request,
        "exchanges/meeting_list.html",
        {
            "meetings": selectors.meeting_list(),
            "next_meeting": selectors.next_meeting(),
            "can_edit": access.can_edit_meetings(request.user),
            "title": _("Erfahrungsaustausch"),
        },
    )


def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    summary, per_project = documents.reports_by_project(meeting)
    return render(
        request,
        "exchanges/meeting_detail.html",
        {
            "meeting": meeting,
            "intro": documents.intro_sentence(meeting),
            "next_sentence": documents.next_meeting_sentence(meeting)
            if meeting.next_meeting_on
            else "",
            "summary": summary,
            "per_project": per_project,
            "can_edit": access.can_edit_meetings(request.user),
            "version_form": MeetingVersionForm(initial={"expected_version": meeting.version}),
            "title": meeting.title,
            "breadcrumbs": _crumbs(),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    if pk is None:
        access.require(access.can_edit_meetings(request.user))
        last = Meeting.objects.order_by("-number").first()
        meeting = Meeting()
        initial: dict[str, Any] = {"number": last.number + 1 if last else 1}
        if last and last.next_meeting_on:
            initial.update(date=last.next_meeting_on, place=last.next_meeting_place)
    else:
        meeting = _meeting(request, pk, edit=True)
        initial = {}
    once = Once(request, active=pk is None)
    if repeat := once.repeat(pending_url=reverse("exchanges:list")):
        return repeat
    data = post_data(request)
    form = MeetingForm(data, instance=meeting, initial=initial)
    formsets = [
        GuestFormSet(data, instance=meeting, prefix="guests"),
        AgendaFormSet(data, instance=meeting, prefix="agenda"),
    ]
    conflict = None
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in formsets):
        saved, conflict = save_or_conflict(
            request,
            form,
            success_message=_("Erfahrungsaustausch gespeichert."),
            save=lambda f: services.meeting_save(
                meeting=f.save(commit=False),
                expected_version=f.cleaned_data.get("expected_version"),
                relations=relations(f),
                lists=[formset.rows() for formset in formsets],
                by=request.user,
            ),
        )
        if saved is not None:
            once.done(saved.get_absolute_url())
            return redirect(saved)
    once.release()
    title = (
        _("Erfahrungsaustausch anlegen")
        if pk is None
        else _("%(title)s bearbeiten") % {"title": meeting.title}
    )
    return render(
        request,
        "exchanges/meeting_form.html",
        {
            "form": form,
            "guests": formsets[0],
            "agenda": formsets[1],
            "error_items": formset_error_items(*formsets) if data else [],
            "conflict": conflict,
            "title": title,
            "breadcrumbs": _crumbs(meeting if pk else None),
            "cancel_url": meeting.get_absolute_url() if pk else reverse("exchanges:list"),
            "submission": once.value,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def report_items_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, edit=True)
    data = post_data(request)
    version = MeetingVersionForm(data, initial={"expected_version": meeting.version})
    formset = ReportFormSet(data, instance=meeting, prefix="items")
    if request.method == "POST" and version.is_valid() and formset.is_valid():
        saved, _conflict = save_or_conflict(
            request,
            version,
            success_message=_("Erfolge und Hemmnisse gespeichert."),
            save=lambda f: services.report_items_save(
                meeting=meeting,
                expected_version=f.cleaned_data["expected_version"],
                items=formset.rows(),
                by=request.user,
            ),
        )
        if saved is not None:
            return redirect(f"{meeting.get_absolute_url()}#erfolge-hemmnisse")
    return render(
        request,
        "exchanges/report_items_form.html",
        {
            "meeting": meeting,
            "version_form": version,
            "formset": formset,
            "error_items": formset_error_items(formset) if data else [],
            "title": _("Erfolge und Hemmnisse bearbeiten"),
            "breadcrumbs": _crumbs(meeting),
            "cancel_url": meeting.get_absolute_url(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def theme_table_edit(
    request: AuthenticatedHttpRequest, pk: int, table_pk: int | None = None
) -> HttpResponse:
    meeting = _meeting(request, pk, edit=True)
    if table_pk is None:
        table = ThemeTable(meeting=meeting, position=len(meeting.theme_tables.all()) + 1)
    else:
        table = get_object_or_404(ThemeTable, pk=table_pk, meeting=meeting)
    data = post_data(request)
    version = MeetingVersionForm(data, initial={"expected_version": meeting.version})
    form = ThemeTableForm(data, instance=table, meeting=meeting)
    results = ThemeResultFormSet(data, instance=table, prefix="results")
    if request.method == "POST" and all(f.is_valid() for f in (version, form, results)):
        saved, _conflict = save_or_conflict(
            request,
            version,
            success_message=_("Thementisch gespeichert."),
            save=lambda f: services.theme_table_save(
                meeting=meeting,
                expected_version=f.cleaned_data["expected_version"],
                table=form.save(commit=False),
                relations=relations(form),
                results=results.rows(),
                by=request.user,
            ),
        )
        if saved is not None:
            return redirect(f"{meeting.get_absolute_url()}#thementische")
    return render(
        request,
        "exchanges/theme_table_form.html",
        {
            "meeting": meeting,
            "version_form": version,
            "form": form,
            "formset": results,
            "error_items": formset_error_items(results) if data else [],
            "title": _("Thementisch anlegen") if table_pk is None else _("Thementisch bearbeiten"),
            "breadcrumbs": _crumbs(meeting),
            "cancel_url": meeting.get_absolute_url(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def theme_table_delete(request: AuthenticatedHttpRequest, pk: int, table_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, edit=True)
    table = get_object_or_404(ThemeTable, pk=table_pk, meeting=meeting)
    return _confirm_delete(
        request,
        meeting,
        form=MeetingVersionForm(post_data(request), initial={"expected_version": meeting.version}),
        delete=lambda version: services.theme_table_delete(
            table=table, expected_version=version, by=request.user
        ),
        title=_("Thementisch entfernen"),
        question=_("Der Thementisch „%(title)s“ und seine Ergebnisse werden entfernt.")
        % {"title": table.title},
        done=_("Thementisch entfernt."),
        success_url=f"{meeting.get_absolute_url()}#thementische",
    )


@require_http_methods(["GET", "POST"])
def meeting_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, edit=True)
    return _confirm_delete(
        request,
        meeting,
        form=MeetingVersionForm(post_data(request), initial={"expected_version": meeting.version}),
        delete=lambda version: services.meeting_delete(
            meeting=meeting, expected_version=version, by=request.user
        ),
        title=_("Erfahrungsaustausch löschen"),
        question=_(
            "%(title)s wird mit Tagesordnung, Erfolgen und Hemmnissen und Thementischen "
            "gelöscht. Das lässt sich nicht rückgängig machen."
        )
        % {"title": meeting.title},
        done=_("Erfahrungsaustausch gelöscht."),
        success_url=reverse("exchanges:list"),
    )


def _confirm_delete(
    request: AuthenticatedHttpRequest,
    meeting: Meeting,
    *,
    form: forms.BaseForm,
    delete: Callable[[int], object],
    title: str,
    question: str,
    done: str,
    success_url: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        deleted, _conflict = save_or_conflict(
            request,
            form,
            success_message=done,
            save=lambda f: delete(f.cleaned_data["expected_version"]),
        )
        if deleted is not None:
            return redirect(success_url)
    return render(
        request,
        "confirm_page.html",
        {
            "title": title,
            "question": question,
            "confirm_label": _("Entfernen"),
            "cancel_url": meeting.get_absolute_url(),
            "breadcrumbs": _crumbs(meeting),
            "form": form,
            "danger": True,
        },
        status=400 if request.method == "POST" else 200,
    )


def _download_name(meeting: Meeting, extension: str) -> str:
    return f"{meeting.number}-erfahrungsaustausch-{slugify(meeting.place)}-{meeting.date:%Y-%m-%d}.{extension}"


@require_GET
def minutes_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    response = HttpResponse(
        documents.minutes_docx(meeting),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_download_name(meeting, "docx")}"'
    return response


@require_GET
def meeting_calendar(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    response = HttpResponse(
        documents.meeting_ics(meeting, url=request.build_absolute_uri(meeting.get_absolute_url())),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_download_name(meeting, "ics")}"'
    return response


def findings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every success and obstacle across meetings, filterable, with what recurs."""
    access.require(access.can_read_minutes(request.user))
    item_filter = ReportItemFilter(request.GET, queryset=selectors.report_items())
    items = item_filter.qs if item_filter.is_valid() else selectors.report_items().none()
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "exchanges/findings.html",
        {
            "filter": item_filter,
            "page": page,
            "recurring": selectors.recurring(items),
            "query_string": query.urlencode(),
            "title": _("Erfolge und Hemmnisse im Verlauf"),
            "breadcrumbs": _crumbs(),
        },
        status=200 if item_filter.is_valid() else 400,
    )
