"""Data-subject rights (Art. 15 and 17 DSGVO) and the retention review."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from contacts import access, notices, privacy, selectors
from contacts.forms import InformForm, NoticeTemplateForm
from contacts.models import NoticeTemplate, PrivacyLog
from core import limits
from core.http import AuthenticatedHttpRequest
from core.views import post_data, render_form_page


@require_GET
def person_report(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    person = access.get_person(request.user, pk, person_pk)
    response = HttpResponse(
        privacy.access_report(person=person, by=request.user),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="auskunft-art15-ansprechperson-{person.pk}.json"'
    )
    return response


@require_GET
def person_report_page(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """The same Art. 15 report as a page to read, print or save as PDF (for the person who
    asked, who cannot be expected to read JSON)."""
    person = access.get_person(request.user, pk, person_pk)
    report = privacy.readable(privacy.access_report_data(person=person, by=request.user))
    return render(
        request,
        "contacts/person_report.html",
        {
            "report": report,
            "person": person,
            "contact": person.network_contact,
            "title": _("Auskunft nach Art. 15 DSGVO"),
            "breadcrumbs": [
                (_("Netzwerkkontakte"), reverse("contacts:list")),
                (
                    str(person.network_contact.organisation),
                    person.network_contact.get_absolute_url(),
                ),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def person_erase(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    person = access.get_person(request.user, pk, person_pk)
    contact = person.network_contact
    access.require(access.can_erase_personal_data(request.user, contact.project))
    if request.method == "POST":
        privacy.erase(person=person, by=request.user)
        messages.success(
            request,
            _("Die Ansprechperson wurde nach Art. 17 DSGVO gelöscht, auch im Änderungsverlauf."),
        )
        return redirect(f"{contact.get_absolute_url()}#ansprechpersonen")
    return render(
        request,
        "confirm_page.html",
        {
            "title": _("Ansprechperson löschen (Art. 17 DSGVO)"),
            "question": _(
                "Name, Funktion, Telefon, E-Mail und Einwilligungsdatum von %(name)s werden "
                "endgültig gelöscht – hier und im Änderungsverlauf. Der Netzwerkkontakt und die "
                "Statistik bleiben erhalten; die Löschung wird ohne personenbezogene Daten "
                "protokolliert. Prüfen Sie bitte auch Freitexte im Kontaktverlauf, in denen die "
                "Person genannt sein könnte."
            )
            % {"name": person.name},
            "confirm_label": _("Endgültig löschen"),
            "cancel_url": contact.get_absolute_url(),
            "breadcrumbs": [
                (_("Netzwerkkontakte"), reverse("contacts:list")),
                (contact.organisation.name, contact.get_absolute_url()),
            ],
        },
    )


def privacy_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_review_retention(request.user))
    due = privacy.retention_due()
    page = Paginator(due, limits.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contacts/privacy_overview.html",
        {
            "title": _("Datenschutz"),
            "page": page,
            "years": privacy.settings.THINKA_RETENTION_YEARS,
            "log": PrivacyLog.objects.select_related("project")[:50],
        },
    )


# --- information of Art. 14 DSGVO -----------------------------------------------------


def _inform_crumbs() -> list[tuple[str, str | None]]:
    return [(_("Netzwerkkontakte"), reverse("contacts:list"))]


@require_http_methods(["GET", "POST"])
def persons_inform(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Persons still to be informed (Art. 14 DSGVO), and the one action for one or many:
    their notices to print or as a Word file, or "informiert am"."""
    access.require(access.can_use_contacts(request.user))
    projects = access.projects_for(request.user, access.Action.VIEW)
    project = None
    if request.GET.get("project"):
        project = access.get_project(request.user, request.GET["project"])
    pending = selectors.persons_to_inform(
        user=request.user, projects=[project] if project else None
    )
    form = InformForm(post_data(request), persons=pending)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["persons"]
        action = form.cleaned_data["action"]
        if action == InformForm.INFORMED:
            writable = chosen.filter(
                network_contact__in=access.contacts_for(request.user, access.Action.WRITE)
            )
            access.require(writable.count() == len(chosen))
            day = form.cleaned_data["informed_on"]
            count = privacy.persons_mark_informed(persons=writable, on=day, by=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)s Ansprechperson als informiert am %(date)s eingetragen.",
                    "%(count)s Ansprechpersonen als informiert am %(date)s eingetragen.",
                    count,
                )
                % {"count": count, "date": formats.date_format(day, "SHORT_DATE_FORMAT")},
            )
            return redirect(request.get_full_path())
        produced = privacy.notices_produce(persons=chosen, by=request.user)
        if action == InformForm.DOCX:
            response = HttpResponse(
                notices.docx(produced),
                content_type="application/vnd.openxmlformats-officedocument."
                "wordprocessingml.document",
            )
            response["Content-Disposition"] = 'attachment; filename="information-art14.docx"'
            return response
        return render(
            request,
            "contacts/notices.html",
            {
                "notices": produced,
                "title": _("Information nach Art. 14 DSGVO"),
                "breadcrumbs": [
                    *_inform_crumbs(),
                    (_("Ansprechpersonen informieren"), request.get_full_path()),
                ],
            },
        )
    persons = list(pending[:PERSONS_SHOWN])
    return render(
        request,
        "contacts/persons_inform.html",
        {
            "form": form,
            "persons": persons,
            "more": pending.count() - len(persons) if len(persons) == PERSONS_SHOWN else 0,
            "projects": projects if projects.count() > 1 else None,
            "project": project,
            "today": timezone.localdate(),
            "can_mark": access.contacts_for(request.user, access.Action.WRITE).exists(),
            "template_unfinished": NoticeTemplate.current().needs_filling_in,
            "can_edit_template": access.can_review_retention(request.user),
            "title": _("Ansprechpersonen informieren (Art. 14 DSGVO)"),
            "breadcrumbs": _inform_crumbs(),
        },
        status=400 if form.errors else 200,
    )


PERSONS_SHOWN = 200


def notice_template_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The coordination office keeps the text of the information (with history)."""
    access.require(access.can_review_retention(request.user))
    template = NoticeTemplate.current()
    form = NoticeTemplateForm(post_data(request), instance=template)
    if request.method == "POST" and form.is_valid():
        privacy.notice_template_save(template=form.save(commit=False), by=request.user)
        messages.success(request, _("Vorlage gespeichert."))
        return redirect("contacts:notice_template")
    return render_form_page(
        request,
        form,
        title=_("Vorlage der Information nach Art. 14 DSGVO"),
        intro=_(
            "Gilt für alle Vorhaben. „{vorhaben}“ und „{traeger}“ werden durch das Vorhaben "
            "und seine Träger ersetzt, die Herkunft der Daten je Person eingesetzt. Ersetzen "
            "Sie alle Stellen „[bitte ergänzen: …]“, bevor Sie die Information versenden."
        ),
        cancel_url=reverse("contacts:persons_inform"),
        breadcrumbs=[
            *_inform_crumbs(),
            (_("Ansprechpersonen informieren"), reverse("contacts:persons_inform")),
        ],
    )
