"""The shared organisation register, merging duplicates, and the vocabularies."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contacts import access, names, recognition, selectors, services
from contacts.forms import AbbreviationForm, MergeForm, OrganisationForm, vocabulary_form
from contacts.models import (
    Abbreviation,
    CooperationForm,
    FieldOfAction,
    InteractionChannel,
    Organisation,
    OrganisationType,
    Sector,
    Vocabulary,
)
from core import limits
from core.http import AuthenticatedHttpRequest
from core.views import Once, edit_page, post_data, render_form_page

VOCABULARIES = {
    "organisationsarten": OrganisationType,
    "handlungsfelder": FieldOfAction,
    "kooperationsformen": CooperationForm,
    "kontaktwege": InteractionChannel,
    "sektoren": Sector,
}
REGISTER = gettext_lazy("Organisationen")


def _register_crumbs(organisation: Organisation | None = None) -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [(str(REGISTER), reverse("contacts:organisation_list"))]
    if organisation is not None:
        crumbs.append((organisation.name, organisation.get_absolute_url()))
    return crumbs


def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_use_contacts(request.user))
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.organisation_register(query=query), limits.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "contacts/organisation_list.html",
        {"page": page, "query": query, "query_string": f"q={query}" if query else ""},
    )


def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require(access.can_use_contacts(request.user))
    organisation = get_object_or_404(
        Organisation.objects.select_related("organisation_type", "merged_into"), pk=pk
    )
    own = access.contacts_for(request.user).filter(organisation=organisation)
    return render(
        request,
        "contacts/organisation_detail.html",
        {
            "organisation": organisation,
            "own_contacts": own.select_related("project"),
            "project_count": organisation.network_contacts.count(),
            "can_edit": access.can_edit_organisation(request.user, organisation),
            "can_merge": access.is_coordination(request.user),
            "history": selectors.organisation_history(organisation=organisation, user=request.user),
            "title": organisation.name,
            "breadcrumbs": _register_crumbs(),
        },
    )


def organisation_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk, merged_into__isnull=True)
    access.require(access.can_edit_organisation(request.user, organisation))
    return edit_page(
        request,
        OrganisationForm(post_data(request), instance=organisation),
        success_message=_("Organisation gespeichert."),
        title=_("Organisation bearbeiten"),
        intro=_("Das Register teilen alle Vorhaben: Änderungen sehen alle."),
        cancel_url=organisation.get_absolute_url(),
        breadcrumbs=_register_crumbs(organisation),
    )


def organisation_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require(access.is_coordination(request.user))
    source = get_object_or_404(Organisation, pk=pk, merged_into__isnull=True)
    candidates = recognition.merge_candidates(source)
    target = request.GET.get("target", "")
    form = MergeForm(
        post_data(request),
        source=source,
        initial={"target": int(target) if target.isdigit() else None},
    )
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            with transaction.atomic():
                services.organisation_merge(
                    source=source,
                    target=target,
                    by=request.user,
                    combine_conflicts=form.cleaned_data["combine_conflicts"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("„%(source)s“ wurde in „%(target)s“ zusammengeführt.")
                % {"source": source.name, "target": target.name},
            )
            return redirect(target)
    return render_form_page(
        request,
        form,
        title=_("Organisation zusammenführen"),
        intro=_(
            "„%(name)s“ wird in die gewählte Organisation zusammengeführt: alle "
            "Netzwerkkontakte (%(count)s) gehen auf sie über. „%(name)s“ verschwindet aus dem "
            "Register; ihr Änderungsverlauf bleibt erhalten."
        )
        % {"name": source.name, "count": source.network_contacts.count()},
        cancel_url=source.get_absolute_url(),
        breadcrumbs=_register_crumbs(source),
        submit_label=_("Zusammenführen"),
        template="contacts/organisation_merge.html",
        extra={"merge_candidates": candidates},
    )


def _vocabulary_model(kind: str) -> type[Vocabulary]:
    try:
        return VOCABULARIES[kind]
    except KeyError as exc:
        raise Http404 from exc


def vocabulary_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.can_maintain_vocabularies(request.user))
    tables = [
        (kind, model._meta.verbose_name_plural, model._default_manager.all())
        for kind, model in VOCABULARIES.items()
    ]
    return render(
        request,
        "contacts/vocabulary_list.html",
        {"tables": tables, "title": _("Wertelisten")},
    )


def vocabulary_edit(
    request: AuthenticatedHttpRequest, kind: str, pk: int | None = None
) -> HttpResponse:
    access.require(access.can_maintain_vocabularies(request.user))
    model = _vocabulary_model(kind)
    entry = get_object_or_404(model, pk=pk) if pk else model()
    once = Once(request, active=pk is None)
    if repeat := once.repeat(pending_url=reverse("contacts:vocabulary_list")):
        return repeat
    form = vocabulary_form(model)(post_data(request), instance=entry)
    if request.method == "POST" and form.is_valid():
        services.vocabulary_save(entry=form.save(commit=False), by=request.user)
        once.done(reverse("contacts:vocabulary_list"))
        messages.success(request, _("Eintrag gespeichert."))
        return redirect("contacts:vocabulary_list")
    once.release()
    return render_form_page(
        request,
        form,
        title=f"{model._meta.verbose_name}: "
        + (_("Eintrag bearbeiten") if pk else _("Eintrag hinzufügen")),
        intro=_(
            "Einträge, die schon verwendet werden, können nicht gelöscht, aber deaktiviert "
            "werden: Sie stehen dann nicht mehr zur Auswahl, bestehende Daten bleiben."
        ),
        cancel_url=reverse("contacts:vocabulary_list"),
        breadcrumbs=[(_("Wertelisten"), reverse("contacts:vocabulary_list"))],
        submission=once.value,
    )


def vocabulary_delete(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    access.require(access.can_maintain_vocabularies(request.user))
    entry = get_object_or_404(_vocabulary_model(kind), pk=pk)
    if request.method == "POST":
        try:
            services.vocabulary_delete(entry=entry, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Eintrag gelöscht."))
        return redirect("contacts:vocabulary_list")
    return render(
        request,
        "confirm_page.html",
        {
            "title": _("Eintrag löschen"),
            "question": _(
                "Soll „%(label)s“ gelöscht werden? Das geht nur, solange er nirgends "
                "verwendet wird."
            )
            % {"label": entry.label},
            "confirm_label": _("Löschen"),
            "cancel_url": reverse("contacts:vocabulary_list"),
            "breadcrumbs": [(_("Wertelisten"), reverse("contacts:vocabulary_list"))],
        },
    )


def abbreviation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The recogniser's abbreviations: the usual ones and the coordination office's own,
    which it adds here (contacts.names, contacts.recognition)."""
    access.require(access.can_maintain_vocabularies(request.user))
    form = AbbreviationForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        services.abbreviation_save(entry=form.save(commit=False), by=request.user)
        messages.success(request, _("Abkürzung gespeichert."))
        return redirect("contacts:abbreviation_list")
    return render(
        request,
        "contacts/abbreviation_list.html",
        {
            "form": form,
            "own": Abbreviation.objects.all(),
            "usual": names.DEFAULT_ABBREVIATIONS,
            "title": _("Abkürzungen in Organisationsnamen"),
            "breadcrumbs": [(_("Wertelisten"), reverse("contacts:vocabulary_list"))],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def abbreviation_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require(access.can_maintain_vocabularies(request.user))
    entry = get_object_or_404(Abbreviation, pk=pk)
    if request.method == "POST":
        services.abbreviation_delete(entry=entry, by=request.user)
        messages.success(request, _("Abkürzung gelöscht."))
        return redirect("contacts:abbreviation_list")
    return render(
        request,
        "confirm_page.html",
        {
            "title": _("Abkürzung löschen"),
            "question": _("Soll „%(entry)s“ gelöscht werden?") % {"entry": entry},
            "confirm_label": _("Löschen"),
            "cancel_url": reverse("contacts:abbreviation_list"),
            "breadcrumbs": [(_("Wertelisten"), reverse("contacts:vocabulary_list"))],
        },
    )
