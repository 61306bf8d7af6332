"""View helpers shared by the apps: rendering form pages and handling edit conflicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _

from core import submissions
from core.forms import VersionedModelForm, stale_error_message
from core.versioning import StaleObjectError, VersionedModel


def post_data(request: HttpRequest) -> Any:
    """The submitted data on POST, else None: an empty POST must still validate (and fail)."""
    return request.POST if request.method == "POST" else None


class Once:
    """The one-time token of a form that creates something (``core.submissions``): a form
    sent twice – a double click, two tabs, a repeated request – creates one entry; the
    repeat is sent where the first one led.

    In a view: ``once = Once(request)``; ``if repeat := once.repeat(pending_url=…): return
    repeat``; after saving ``once.done(url)``; when nothing was saved ``once.release()``;
    the page carries ``once.value`` in the hidden field ``submissions.FIELD``.
    """

    def __init__(self, request: HttpRequest, *, active: bool = True) -> None:
        self.request = request
        self.user_id = int(request.user.pk or 0)  # views behind login: always an account
        posted = request.POST.get(submissions.FIELD, "") if request.method == "POST" else ""
        self.token = posted if active else ""
        self.value = (posted or submissions.new_token()) if active else ""
        self._claimed = False

    def repeat(self, *, pending_url: str) -> HttpResponse | None:
        """None for the first request with this token (go ahead), else where to send it."""
        if not self.token:
            return None
        earlier = submissions.claim(user_id=self.user_id, token=self.token)
        if earlier is None:
            self._claimed = True
            return None
        if earlier == submissions.PENDING:
            messages.info(self.request, _("Der Eintrag wird gerade gespeichert."))
            return redirect(pending_url)
        messages.info(self.request, _("Dieser Eintrag wurde bereits gespeichert."))
        return redirect(str(earlier))

    def done(self, url: str) -> None:
        if self._claimed:
            submissions.complete(user_id=self.user_id, token=self.token, result=url)

    def release(self) -> None:
        if self._claimed:
            submissions.release(user_id=self.user_id, token=self.token)
            self._claimed = False


def render_form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    cancel_url: str,
    breadcrumbs: list[tuple[str, str | None]] | None = None,
    submit_label: str | None = None,
    intro: str = "",
    conflict: list[dict] | None = None,
    status: int | None = None,
    template: str = "form_page.html",
    extra: dict | None = None,
    submission: str = "",
) -> HttpResponse:
    context = {
        "submission": submission,
        "form": form,
        "title": title,
        "cancel_url": cancel_url,
        "breadcrumbs": breadcrumbs or [],
        "submit_label": submit_label,
        "intro": intro,
        "conflict": conflict,
        **(extra or {}),
    }
    if status is None:
        status = 400 if form.is_bound and (form.errors or conflict) else 200
    return render(request, template, context, status=status)


def conflict_rows(form: forms.BaseForm, current: VersionedModel) -> list[dict[str, Any]]:
    """Field by field: what is stored now, and what the user submitted."""
    rows = []
    for name, field in form.fields.items():
        if name == "expected_version" or name not in form.cleaned_data:
            continue
        stored = getattr(current, name, None)
        if stored is not None and hasattr(stored, "all"):
            stored = ", ".join(str(item) for item in stored.all())
        mine = form.cleaned_data[name]
        if hasattr(mine, "__iter__") and not isinstance(mine, str):
            mine = ", ".join(str(item) for item in mine)
        display = getattr(current, f"get_{name}_display", None)
        stored_text = display() if callable(display) else ("" if stored is None else str(stored))
        mine_text = "" if mine is None else str(mine)
        if stored_text != mine_text:
            rows.append({"label": field.label, "stored": stored_text, "mine": mine_text})
    return rows


def refuse_stale(form: Any, exc: StaleObjectError) -> None:
    """Keep what the user typed, name who saved meanwhile, and arm a deliberate second save
    (the form now carries the current version)."""
    form.add_error(None, stale_error_message(exc.current))
    data = form.data.copy()
    data[form.add_prefix("expected_version")] = exc.current.version
    form.data = data


def save_or_conflict(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    success_message: str,
    save: Callable[[Any], Any] | None = None,
) -> tuple[Any, list[dict[str, Any]] | None]:
    """Save a valid versioned form; on an edit conflict return the rows to show instead.

    The form keeps everything the user typed and now carries the current version, so a
    second, deliberate save after reviewing the differences goes through.
    """
    try:
        with transaction.atomic():
            if save is None:
                assert isinstance(form, VersionedModelForm)  # no save of its own: a model form
                instance = form.save_versioned()
            else:
                instance = save(form)
    except StaleObjectError as exc:
        rows = conflict_rows(form, exc.current)
        refuse_stale(form, exc)
        return None, rows
    except ValidationError as error:
        # A rule only the whole record can check (a database constraint): German, no 500.
        form.add_error(None, error.messages)
        return None, None
    messages.success(request, success_message)
    return instance, None


def edit_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    title: str,
    cancel_url: str,
    success_message: str,
    success_url: str | Callable[[Any], str] | None = None,
    save: Callable[[Any], Any] | None = None,
    **page: Any,
) -> HttpResponse:
    """The one edit view: GET shows the form; a valid POST saves through the version check
    and redirects (to ``success_url``, else the saved record); an edit conflict shows the
    form again with what changed meanwhile. ``page`` goes to ``render_form_page``.

    A form that creates (its instance has no key yet) carries a one-time token (``Once``).
    """
    conflict = None
    instance = getattr(form, "instance", None)
    once = Once(request, active=instance is not None and instance.pk is None)
    if request.method == "POST":
        if repeat := once.repeat(pending_url=cancel_url):
            return repeat
        if form.is_valid():
            saved, conflict = save_or_conflict(
                request, form, success_message=success_message, save=save
            )
            if saved is not None:
                url = resolve_url(
                    (success_url(saved) if callable(success_url) else success_url) or saved
                )
                once.done(url)
                return redirect(url)
        once.release()
    return render_form_page(
        request,
        form,
        title=title,
        cancel_url=cancel_url,
        conflict=conflict,
        submission=once.value,
        **page,
    )
