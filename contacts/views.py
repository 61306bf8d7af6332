"""Views of the contacts app: every one asks projects.access first."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from contacts import access, selectors, services
from contacts.access import Action
from contacts.filters import contact_list_filter
from contacts.forms import (
    ContactPersonForm,
    FirstInteractionForm,
    FirstPersonForm,
    FollowUpFilterForm,
    InteractionForm,
    NetworkContactForm,
    OrganisationForm,
    RecordingForm,
    SuccessorForm,
    follow_up_done_form,
    optional,
)
from contacts.models import ContactPerson, NetworkContact, Organisation
from core import limits, submissions
from core.forms import part_error_items
from core.http import AuthenticatedHttpRequest
from core.pagination import ReversiblePaginator
from core.views import Once, edit_page, post_data, render_form_page
from projects.models import Project

PAGE_SIZE = limits.CONTACT_PAGE_SIZE


def _crumbs(contact: NetworkContact | None = None) -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [(_("Netzwerkkontakte"), reverse("contacts:list"))]
    if contact is not None:
        crumbs.append((contact.organisation.name, contact.get_absolute_url()))
    return crumbs


def contact_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    contact_filter, projects = contact_list_filter(request)
    # A text search: its first limits.SEARCH_SHOWN matches in order, read from a bounded set, give
    # the page and the count ("mehr als 500" past it); a chosen sort reads all keys once.
    searching = bool(contact_filter.form.is_valid() and contact_filter.form.cleaned_data["q"])
    if searching and not request.GET.get("sort"):
        ids, more = contact_filter.first_found(limits.SEARCH_SHOWN)
        paginator = ReversiblePaginator(contact_filter.queryset, PAGE_SIZE, ids=ids, more=more)
    else:
        paginator = ReversiblePaginator(contact_filter.qs, PAGE_SIZE, ids_first=searching)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": contact_filter,
        "page": page,
        "query_string": query.urlencode(),
        "filtered": any(v for k, v in request.GET.items() if k not in {"page", "sort"}),
        "show_project": projects.count() > 1,
        "can_create": access.projects_for(request.user, Action.WRITE).exists(),
    }
    return render(request, "contacts/contact_list.html", context)


def contact_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = access.get_contact(request.user, pk)
    can_write = access.can(request.user, Action.WRITE, contact.project)
    context = {
        "contact": contact,
        "title": contact.organisation.name,
        "breadcrumbs": _crumbs(),
        "can_write": can_write,
        "can_erase": access.can_erase_personal_data(request.user, contact.project),
        "interaction_form": InteractionForm() if can_write else None,
        "submission": submissions.new_token(),
        **selectors.contact_detail(
            contact=contact,
            with_persons=access.can_see_personal_data(request.user, contact.project),
        ),
    }
    return render(request, "contacts/contact_detail.html", context)


def contact_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The former first step of recording (bookmarks, old links): the one recording page
    now searches the register itself, so this forwards there with the project and name."""
    access.require(access.projects_for(request.user, Action.WRITE).exists())
    query = QueryDict(mutable=True)
    for key in ("project", "name"):
        if request.GET.get(key):
            query[key] = request.GET[key]
    target = reverse("contacts:create")
    return redirect(f"{target}?{query.urlencode()}" if query else target)


# A register entry this similar to a new name is shown before a new one is created.
SIMILAR_ENOUGH = 70


def contact_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record a network contact on one page: the organisation (picked from the register or
    new), the relationship, optionally a contact person and the first contact.

    With JavaScript the register is searched while typing; without, the similar entries
    are shown after sending, in the same form, to pick one or confirm the new name.
    """
    projects = access.projects_for(request.user, Action.WRITE)
    access.require(projects.exists())
    source = request.POST if request.method == "POST" else request.GET
    named = source.get("project")
    project: Project | None
    if named:  # a project named in the address must be writable (404/403)
        project = access.get_project(request.user, named, Action.WRITE)
    else:
        project = selectors.preferred_project(user=request.user, projects=projects)
    data = post_data(request)
    choice = RecordingForm(
        data,
        projects=projects,
        initial={
            "project": project.pk if project else None,
            "organisation": source.get("organisation") or None,
        },
    )
    picked = _picked_organisation(choice, source)
    org_form = OrganisationForm(data, prefix="org", initial={"name": source.get("name", "")})
    org_form.fields["name"].label = _("Name der Organisation")  # beside the person's name
    form = NetworkContactForm(data)
    person_form = optional(FirstPersonForm, data, "person")
    first_form = optional(FirstInteractionForm, data, "first")
    token = (data or {}).get(submissions.FIELD, "")
    if token:
        earlier = submissions.claim(user_id=request.user.pk, token=token)
        if earlier == submissions.PENDING:
            messages.info(request, _("Der Netzwerkkontakt wird gerade gespeichert."))
            return redirect("contacts:list")
        if earlier is not None:
            messages.info(request, _("Dieser Netzwerkkontakt wurde bereits gespeichert."))
            return redirect("contacts:detail", pk=earlier)
    suggestions = None
    parts = [choice, form, person_form, first_form] + ([] if picked else [org_form])
    if request.method == "POST" and all(part.is_valid() for part in parts):
        if not picked and not choice.cleaned_data["register_checked"]:
            suggestions = [
                s
                for s in selectors.similar_organisations(
                    org_form.cleaned_data["name"], project=choice.cleaned_data["project"]
                )
                if s.percent >= SIMILAR_ENOUGH
            ]
        if not suggestions:
            contact = _record(
                request,
                choice,
                picked or org_form.save(commit=False),
                form,
                person_form,
                first_form,
            )
            if contact is not None:
                if token:
                    submissions.complete(user_id=request.user.pk, token=token, result=contact.pk)
                messages.success(request, _("Netzwerkkontakt gespeichert."))
                return redirect(contact)
    if token:
        submissions.release(user_id=request.user.pk, token=token)
    more = (form, org_form)
    return render(
        request,
        "contacts/contact_form.html",
        {
            "choice": choice,
            "form": form,
            "org_form": org_form,
            "person_form": person_form,
            "first_form": first_form,
            "organisation": picked,
            "picked_contact": _partner_contact(picked, choice, project),
            "suggestions": suggestions,
            "error_items": part_error_items(
                [("", choice)]
                + ([] if picked else [(_("Organisation"), org_form)])
                + [(_("Ansprechperson"), person_form), (_("Erster Kontakt"), first_form)]
            ),
            "more_open": any(f.errors.keys() & set(MORE_FIELDS) for f in more),
            "submission": token or submissions.new_token(),
            "title": _("Netzwerkkontakt anlegen"),
            "breadcrumbs": _crumbs(),
            "cancel_url": reverse("contacts:list"),
        },
        status=400 if request.method == "POST" else 200,
    )


def _partner_contact(
    picked: Organisation | None, choice: RecordingForm, project: Project | None
) -> NetworkContact | None:
    """The project's network contact with the picked organisation, if it is one already:
    the page says so, with the link, before anything is saved."""
    if picked is None:
        return None
    chosen = getattr(choice, "cleaned_data", {}).get("project") or project
    if chosen is None:
        return None
    return NetworkContact.objects.filter(project=chosen, organisation=picked).first()


# Under "weitere Angaben": what a first recording rarely needs.
MORE_FIELDS = (
    "street",
    "postcode",
    "district",
    "phone",
    "email",
    "website",
    "status",
    "ended_on",
    "cooperation_forms",
    "in_steering_group",
    "steering_mandate",
    "moderates_steering_group",
    "notes",
)


def _picked_organisation(choice: RecordingForm, source: QueryDict) -> Organisation | None:
    """The register entry picked on the page, if it still is one – as the form's field
    finds it (one merged or removed meanwhile is not taken; sent, the field says so in
    German), from the sent form or, on opening the page, from the address."""
    if choice.is_bound:
        choice.is_valid()  # cleaned_data then holds every field that is valid
        return choice.cleaned_data.get("organisation")
    try:
        return choice.fields["organisation"].clean(source.get("organisation"))
    except ValidationError:
        return None


def _record(
    request: AuthenticatedHttpRequest,
    choice: RecordingForm,
    organisation: Organisation,
    form: NetworkContactForm,
    person_form: FirstPersonForm,
    first_form: FirstInteractionForm,
) -> NetworkContact | None:
    """Save everything in one transaction; a refusal (already a contact, a register entry
    made meanwhile) becomes a message on the page and nothing is saved."""
    try:
        return services.network_contact_record(
            project=choice.cleaned_data["project"],
            organisation=organisation,
            contact=form.save(commit=False),
            fields_of_action=form.cleaned_data["fields_of_action"],
            cooperation_forms=form.cleaned_data["cooperation_forms"],
            person=person_form.save(commit=False) if person_form.has_changed() else None,
            first_interaction=first_form.save(commit=False) if first_form.has_changed() else None,
            by=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None


def contact_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = access.get_contact(request.user, pk, Action.WRITE)
    return edit_page(
        request,
        NetworkContactForm(post_data(request), instance=contact),
        title=_("%(name)s bearbeiten") % {"name": contact.organisation.name},
        success_message=_("Netzwerkkontakt gespeichert."),
        cancel_url=contact.get_absolute_url(),
        breadcrumbs=_crumbs(contact),
    )


@require_http_methods(["GET", "POST"])
def contact_archive(
    request: AuthenticatedHttpRequest, pk: int, archive: bool = True
) -> HttpResponse:
    contact = access.get_contact(request.user, pk, Action.WRITE)
    if request.method == "POST":
        services.network_contact_set_archived(contact=contact, archived=archive, by=request.user)
        messages.success(
            request,
            _("Netzwerkkontakt archiviert.")
            if archive
            else _("Netzwerkkontakt wiederhergestellt."),
        )
        return redirect(contact)
    question = (
        _(
            "%(org)s wird aus der Liste der laufenden Netzwerkkontakte von %(project)s "
            "genommen. Ansprechpersonen, Kontaktverlauf und Änderungen bleiben erhalten; Sie "
            "können den Netzwerkkontakt jederzeit wiederherstellen."
        )
        if archive
        else _(
            "%(org)s erscheint wieder in der Liste der laufenden Netzwerkkontakte von %(project)s."
        )
    ) % {"org": contact.organisation.name, "project": contact.project.name}
    return render(
        request,
        "confirm_page.html",
        {
            "title": _("Netzwerkkontakt archivieren")
            if archive
            else _("Netzwerkkontakt wiederherstellen"),
            "question": question,
            "confirm_label": _("Archivieren") if archive else _("Wiederherstellen"),
            "cancel_url": contact.get_absolute_url(),
            "breadcrumbs": _crumbs(contact),
        },
    )


@require_http_methods(["POST"])
def interaction_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = access.get_contact(request.user, pk, Action.WRITE)
    once = Once(request)
    history = f"{contact.get_absolute_url()}#kontaktverlauf"
    if repeat := once.repeat(pending_url=history):
        return repeat
    form = InteractionForm(request.POST)
    if form.is_valid():
        services.interaction_create(
            contact=contact, interaction=form.save(commit=False), by=request.user
        )
        once.done(history)
        messages.success(request, _("Kontakt erfasst."))
        back = request.POST.get("next", "")
        if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            return redirect(back)  # e.g. the Wiedervorlagen page the follow-up was settled on
        return redirect(history)
    once.release()
    return render_form_page(
        request,
        form,
        title=_("Kontakt erfassen"),
        cancel_url=contact.get_absolute_url(),
        breadcrumbs=_crumbs(contact),
        submission=once.value,
    )


def person_edit(
    request: AuthenticatedHttpRequest, pk: int, person_pk: int | None = None
) -> HttpResponse:
    contact = access.get_contact(request.user, pk, Action.WRITE)
    person = (
        get_object_or_404(
            ContactPerson, pk=person_pk, network_contact=contact, erased_at__isnull=True
        )
        if person_pk
        else ContactPerson(network_contact=contact)
    )
    return edit_page(
        request,
        ContactPersonForm(post_data(request), instance=person),
        success_message=_("Ansprechperson gespeichert."),
        success_url=f"{contact.get_absolute_url()}#ansprechpersonen",
        save=lambda f: services.person_save(
            contact=contact,
            person=f.save(commit=False),
            expected_version=f.cleaned_data.get("expected_version"),
            by=request.user,
        ),
        title=_("Ansprechperson bearbeiten") if person_pk else _("Ansprechperson hinzufügen"),
        intro=_(
            "Ansprechpersonen sind personenbezogene Daten. Sie sind nur für Ihr Vorhaben und die "
            "Koordinierungsstelle sichtbar. Bitte vermerken Sie die Rechtsgrundlage."
        ),
        cancel_url=contact.get_absolute_url(),
        breadcrumbs=_crumbs(contact),
    )


def steering_group(request: AuthenticatedHttpRequest, project_pk: int) -> HttpResponse:
    project = access.get_project(request.user, project_pk)
    access.require(access.can_see_personal_data(request.user, project))
    return render(
        request,
        "contacts/steering_group.html",
        {
            "project": project,
            "members": selectors.steering_group(project=project),
            "title": _("Steuerungsgruppe"),
            "breadcrumbs": [
                (pgettext("Mehrzahl", "Vorhaben"), reverse("projects:list")),
                (project.name, project.get_absolute_url()),
            ],
        },
    )


@require_GET
def organisation_suggest(request: AuthenticatedHttpRequest) -> JsonResponse:
    """While typing: register entries the name may mean (contacts.recognition) – register
    data only, and for a project the user writes in: which are already its partners (with
    the link to that network contact), its partners and town first."""
    projects = access.projects_for(request.user, Action.WRITE)
    access.require(projects.exists())
    project_pk = request.GET.get("project", "")
    project = projects.filter(pk=project_pk).first() if project_pk.isdigit() else None
    suggestions = selectors.similar_organisations(
        request.GET.get("name", ""), project=project, typed=True
    )
    return JsonResponse(
        {
            "results": [
                {
                    "id": s.organisation.pk,
                    "name": s.organisation.name,
                    "type": str(s.organisation.organisation_type),
                    "city": s.organisation.city,
                    "similarity": s.percent,
                    "partner": s.is_partner,
                    "contact_url": s.contact.get_absolute_url() if s.contact else "",
                }
                for s in suggestions
            ]
        }
    )


@require_GET
def follow_up_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Wiedervorlagen: every open follow-up of the user's projects, overdue first; each is
    settled by recording the contact right in its row (open, save)."""
    projects = access.projects_for(request.user, Action.WRITE)
    access.require(projects.exists())
    form = FollowUpFilterForm(
        request.GET or None, projects=projects, people=selectors.team_members(projects=projects)
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    follow_ups = selectors.open_follow_ups(
        user=request.user, project=data.get("project"), responsible_id=data.get("responsible")
    )
    page = ReversiblePaginator(follow_ups, PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page:
        item.done_form = follow_up_done_form(item)
        item.submission = submissions.new_token()  # a double click records one contact
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "contacts/follow_up_list.html",
        {
            "title": _("Wiedervorlagen"),
            "form": form,
            "page": page,
            "show_project": projects.count() > 1,
            "query_string": query.urlencode(),
            "here": request.get_full_path(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@require_http_methods(["GET", "POST"])
def person_leave(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """A contact person left: asks for the successor (optional) and tells the other
    projects working with the organisation that the person changed."""
    contact = access.get_contact(request.user, pk, Action.WRITE)
    person = get_object_or_404(
        ContactPerson, pk=person_pk, network_contact=contact, erased_at__isnull=True
    )
    form = SuccessorForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        services.person_leave(
            contact=contact,
            person=person,
            successor=form.save(commit=False) if form.has_changed() else None,
            expected_version=person.version,
            by=request.user,
        )
        messages.success(
            request,
            _("%(name)s ist als ausgeschieden vermerkt.") % {"name": person.name}
            + (" " + _("Die Nachfolge ist eingetragen.") if form.has_changed() else ""),
        )
        return redirect(f"{contact.get_absolute_url()}#ansprechpersonen")
    return render_form_page(
        request,
        form,
        title=_("%(name)s ist ausgeschieden") % {"name": person.name},
        intro=_(
            "Wer folgt ihr oder ihm nach? Tragen Sie die Nachfolge ein, wenn sie bekannt ist – "
            "sonst lassen Sie die Felder leer. Andere Vorhaben, die mit der Organisation "
            "arbeiten, sehen nur „Ansprechperson gewechselt“, keine Namen."
        ),
        submit_label=_("Als ausgeschieden vermerken"),
        cancel_url=contact.get_absolute_url(),
        breadcrumbs=_crumbs(contact),
    )
