"""Views of the projects app. Each one asks projects.access before it reads or writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.tasks import TaskResultStatus
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import limits
from core.http import AuthenticatedHttpRequest
from core.views import Once, edit_page, post_data, render_form_page
from projects import access, selectors, services
from projects.access import Action
from projects.forms import (
    ContactOfficeForm,
    MembershipAddForm,
    OperatorForm,
    ProjectForm,
    UserForm,
)
from projects.models import ContactOffice, Membership, Operator, Project


def _project_crumbs(project: Project | None = None) -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [
        (pgettext("Mehrzahl", "Vorhaben"), reverse("projects:list"))
    ]
    if project is not None:
        crumbs.append((project.name, project.get_absolute_url()))
    return crumbs


def project_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    projects = selectors.project_list(user=request.user)
    query = request.GET.get("q", "").strip()
    if query:
        projects = projects.filter(name__icontains=query) | projects.filter(place__icontains=query)
    context = {
        "projects": projects,
        "query": query,
        "can_create": access.can_manage_programme(request.user),
    }
    return render(request, "projects/project_list.html", context)


def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk)
    show_people = access.can_see_personal_data(request.user, project)
    context = {
        "project": project,
        "offices": selectors.project_offices(project=project),
        "members": selectors.project_members(project=project) if show_people else None,
        "can_edit": access.can_manage_programme(request.user),
        "can_manage": access.can(request.user, Action.MANAGE, project),
        "title": project.name,
        "breadcrumbs": _project_crumbs(),
    }
    return render(request, "projects/project_detail.html", context)


def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_programme(request.user))
    return edit_page(
        request,
        ProjectForm(post_data(request)),
        title=_("Vorhaben anlegen"),
        success_message=_("Vorhaben angelegt."),
        cancel_url=reverse("projects:list"),
        breadcrumbs=_project_crumbs(),
    )


def project_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk)
    access.require(access.can_manage_programme(request.user))
    return edit_page(
        request,
        ProjectForm(post_data(request), instance=project),
        title=_("Vorhaben bearbeiten"),
        success_message=_("Vorhaben gespeichert."),
        cancel_url=project.get_absolute_url(),
        breadcrumbs=_project_crumbs(project),
    )


def office_edit(
    request: AuthenticatedHttpRequest, pk: int, office_pk: int | None = None
) -> HttpResponse:
    project = access.get_project(request.user, pk, Action.MANAGE)
    office = (
        get_object_or_404(ContactOffice, pk=office_pk, project=project)
        if office_pk
        else ContactOffice(project=project)
    )
    return edit_page(
        request,
        ContactOfficeForm(post_data(request), instance=office),
        success_message=_("Anlaufstelle gespeichert."),
        success_url=project.get_absolute_url(),
        title=_("Anlaufstelle bearbeiten") if office_pk else _("Anlaufstelle hinzufügen"),
        intro=_(
            "Zieht die Anlaufstelle um, tragen Sie bei der alten Anlaufstelle „gültig bis“ ein "
            "und legen Sie die neue an. So bleibt der Verlauf sichtbar."
        ),
        cancel_url=project.get_absolute_url(),
        breadcrumbs=_project_crumbs(project),
    )


def member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, Action.MANAGE)
    once = Once(request)
    if repeat := once.repeat(pending_url=project.get_absolute_url()):
        return repeat
    form = MembershipAddForm(post_data(request), project=project)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None  # clean_identifier found the account
        services.membership_add(
            project=project, account=form.user, role=form.cleaned_data["role"], by=request.user
        )
        once.done(project.get_absolute_url())
        messages.success(request, _("Person zum Team hinzugefügt."))
        return redirect(project)
    once.release()
    return render_form_page(
        request,
        form,
        title=_("Person zum Team hinzufügen"),
        cancel_url=project.get_absolute_url(),
        breadcrumbs=_project_crumbs(project),
        submit_label=_("Hinzufügen"),
        submission=once.value,
    )


@require_http_methods(["GET", "POST"])
def member_remove(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    project = access.get_project(request.user, pk, Action.MANAGE)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=member_pk, project=project
    )
    if request.method == "POST":
        services.membership_remove(membership=membership, by=request.user)
        messages.success(request, _("Person aus dem Team entfernt."))
        return redirect(project)
    return render(
        request,
        "confirm_page.html",
        {
            "title": _("Person aus dem Team entfernen"),
            "question": _(
                "Soll %(name)s aus dem Team von %(project)s entfernt werden? Die Person kann "
                "danach die Netzwerkkontakte dieses Vorhabens nicht mehr sehen. Ihr Konto und "
                "alles, was sie erfasst hat, bleiben erhalten."
            )
            % {
                "name": membership.user.get_full_name() or membership.user.get_username(),
                "project": project.name,
            },
            "confirm_label": _("Entfernen"),
            "cancel_url": project.get_absolute_url(),
            "breadcrumbs": _project_crumbs(project),
        },
    )


def operator_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_programme(request.user))
    operators = Operator.objects.prefetch_related("projects")
    return render(request, "projects/operator_list.html", {"operators": operators})


def operator_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    access.require(access.can_manage_programme(request.user))
    operator = get_object_or_404(Operator, pk=pk) if pk else Operator()
    return edit_page(
        request,
        OperatorForm(post_data(request), instance=operator),
        title=_("Träger bearbeiten") if pk else _("Träger anlegen"),
        success_message=_("Träger gespeichert."),
        success_url=reverse("projects:operator_list"),
        cancel_url=reverse("projects:operator_list"),
        breadcrumbs=[(_("Träger"), reverse("projects:operator_list"))],
    )


def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_manage_programme(request.user))
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.user_list(query=query), limits.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    editable = {item.pk for item in page if access.can_manage_account(request.user, item)}
    return render(
        request, "projects/user_list.html", {"page": page, "query": query, "editable": editable}
    )


def _account(request: AuthenticatedHttpRequest, pk: int | None) -> User:
    access.require(access.can_manage_programme(request.user))
    account = get_object_or_404(User, pk=pk) if pk else User()
    access.require(access.can_manage_account(request.user, account))
    return account


def _send_link(request: AuthenticatedHttpRequest, account: User, *, saved: str) -> None:
    """Send the link to set the password and say what happened – also when it failed."""
    queued = services.user_send_password_link(
        account=account, site=services.SiteAddress.of(request), by=request.user
    )
    if queued.status != TaskResultStatus.FAILED:  # sent, or queued for the worker
        messages.success(
            request,
            saved
            + " "
            + _("%(name)s erhält eine E-Mail, um das Passwort festzulegen.")
            % {"name": account.get_full_name() or account.get_username()},
        )
    else:
        messages.warning(
            request,
            saved
            + " "
            + _(
                "Die E-Mail mit dem Link zum Festlegen des Passworts konnte nicht gesendet "
                "werden, der Mailserver antwortet nicht. Bitte senden Sie den Link später "
                "über „Link erneut senden“ auf der Seite des Kontos."
            ),
        )


@transaction.non_atomic_requests  # the account is saved before the mail is tried
def user_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    account = _account(request, pk)
    once = Once(request, active=pk is None)
    if repeat := once.repeat(pending_url=reverse("projects:user_list")):
        return repeat
    form = UserForm(post_data(request), instance=account)
    if request.method == "POST" and form.is_valid():
        account = services.user_save(
            account=form.save(commit=False),
            global_role=form.cleaned_data["global_role"],
            by=request.user,
        )
        if pk:
            messages.success(request, _("Konto gespeichert."))
        else:
            _send_link(request, account, saved=_("Konto angelegt."))
        once.done(reverse("projects:user_list"))
        return redirect("projects:user_list")
    once.release()
    return render_form_page(
        request,
        form,
        title=_("Konto bearbeiten") if pk else _("Konto anlegen"),
        cancel_url=reverse("projects:user_list"),
        breadcrumbs=[(_("Benutzerkonten"), reverse("projects:user_list"))],
        extra={
            "account": account if pk else None,
            "has_second_factor": bool(pk) and TOTPDevice.objects.filter(user=account).exists(),
        },
        template="projects/user_form.html",
        submission=once.value,
    )


@require_POST
@transaction.non_atomic_requests
def user_send_link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Send the link to set a password again (after a failed mail, or a lost one)."""
    account = _account(request, pk)
    _send_link(request, account, saved=_("Link angefordert."))
    return redirect("projects:user_update", pk=account.pk)


@require_POST
def user_second_factor_reset(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Remove a lost second factor (on record: projects.account_log)."""
    account = _account(request, pk)
    services.user_reset_second_factor(account=account, by=request.user)
    messages.success(
        request,
        _("Der zweite Faktor von %(name)s ist zurückgesetzt.")
        % {"name": account.get_full_name() or account.get_username()},
    )
    return redirect("projects:user_update", pk=account.pk)
