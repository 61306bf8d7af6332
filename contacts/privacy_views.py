"""Data-subject rights (Art. 15 and 17 DSGVO) and the retention review."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contacts import access, privacy
from contacts.models import PrivacyLog


@require_GET
def person_report(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
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
def person_report_page(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
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
def person_erase(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
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


def privacy_overview(request: HttpRequest) -> HttpResponse:
    access.require(access.can_review_retention(request.user))
    due = privacy.retention_due()
    page = Paginator(due, 50).get_page(request.GET.get("page"))
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
