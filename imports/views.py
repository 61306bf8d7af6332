"""The import wizard: upload → map columns and values → preview → import (→ undo)."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contacts.selectors import preferred_project
from core import limits
from core.http import AuthenticatedHttpRequest
from core.spreadsheets import XLSX_CONTENT_TYPE
from core.views import post_data
from imports import access, selectors, services
from imports import mapping as m
from imports.access import Action
from imports.forms import CommitForm, MappingForm, SavedMappingForm, UploadForm
from imports.models import ImportBatch, ImportStatus, SavedImportMapping
from imports.reading import ImportFileError
from imports.rows import CONFLICT, ERROR, STATUS_LABELS, UNCHANGED, RowResult, attach_similar
from imports.tables import SECTION_COLUMN, SHEET_COLUMN, read_table

EXTRA_COLUMNS = (SHEET_COLUMN, SECTION_COLUMN)

# Rows per preview page: every new row on a page gets its near matches from the register
# (one similarity search each), so a page stays quick however long the list is.
PREVIEW_ROWS = 100
REVIEW = "review"  # the preview's view of rows whose values went partly to the notes


def _kept_reasons(rows: list[RowResult]) -> list[tuple[str, int]]:
    """What went to the notes and why, counted: "Telefon: nicht lesbar (keine
    Telefonnummer)" × 3."""
    reasons: Counter[str] = Counter()
    for row in rows:
        for note in row.review:
            params = getattr(note, "params", {})
            label = params.get("field") or params.get("list") or ""
            why = params.get("why") or (_("unbekannter Wert") if "list" in params else "")
            reasons[f"{label}: {why}" if why else str(note)] += 1
    return reasons.most_common()


def _crumbs(batch: ImportBatch | None = None) -> list[tuple[str, str]]:
    crumbs = [
        (_("Netzwerkkontakte"), reverse("contacts:list")),
        (_("Import"), reverse("imports:list")),
    ]
    if batch is not None:
        crumbs.append((batch.file_name, batch.get_absolute_url()))
    return crumbs


@require_http_methods(["GET", "POST"])
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    projects = access.projects_for(request.user, Action.WRITE)
    access.require(projects.exists())
    form = UploadForm(
        post_data(request),
        request.FILES or None,
        projects=projects,
        initial={"project": preferred_project(user=request.user, projects=projects)},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > limits.UPLOAD_MAX_BYTES:
            form.add_error(
                "file",
                _("Die Datei ist größer als %(mb)s MB. Bitte teilen Sie sie auf.")
                % {"mb": limits.megabytes(limits.UPLOAD_MAX_BYTES)},
            )
        else:
            try:
                batch = services.upload(
                    project=form.cleaned_data["project"],
                    by=request.user,
                    file_name=upload.name,
                    data=upload.read(),
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect("imports:mapping", pk=batch.pk)
    batches = ImportBatch.objects.filter(project__in=projects).select_related("project", "user")[
        :50
    ]
    return render(
        request,
        "imports/import_list.html",
        {
            "form": form,
            "batches": batches,
            "title": _("Liste importieren"),
            "breadcrumbs": _crumbs()[:1],
        },
        status=400 if form.errors else 200,
    )


def _draft(request: AuthenticatedHttpRequest, pk: int) -> ImportBatch:
    batch = access.get_import(request.user, pk)
    if batch.status != ImportStatus.DRAFT:
        access.require(False)
    return batch


@require_http_methods(["GET", "POST"])
def import_mapping(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = _draft(request, pk)
    if request.method == "POST" and "saved" in request.POST:
        saved_form = SavedMappingForm(request.POST, project=batch.project)
        if saved_form.is_valid():
            saved = saved_form.cleaned_data["saved"]
            services.mapping_apply_saved(batch=batch, saved=saved, by=request.user)
            messages.success(request, _("Zuordnung „%(name)s“ übernommen.") % {"name": saved.name})
            return redirect("imports:mapping", pk=batch.pk)
    table = selectors.table_of(batch)
    chosen_row = request.POST.get("header_row") if request.method == "POST" else None
    if chosen_row and chosen_row != str(table.header_row):
        try:
            if not chosen_row.isdigit() or int(chosen_row) < 1:
                raise ImportFileError(_("Bitte geben Sie die Zeile als Zahl ab 1 an."))
            chosen = read_table(bytes(batch.content), batch.file_name, int(chosen_row))
        except ImportFileError as error:
            messages.error(request, str(error))
        else:
            services.header_row_set(
                batch=batch, header_row=int(chosen_row), table=chosen, by=request.user
            )
        return redirect("imports:mapping", pk=batch.pk)
    samples = [[r[i] for r in table.rows[:3]] for i in range(len(table.header))]
    current_mapping = batch.mapping
    data = post_data(request) if "saved" not in request.POST else None
    if data is not None:
        current_mapping = {
            column: data.get(f"col_{i}", "") for i, column in enumerate(table.header)
        }
    unknown = m.unknown_values(table.rows, table.header, current_mapping, batch.value_map)
    plan = selectors.plan_of(batch, table, explain=True)
    form = MappingForm(
        data,
        header=table.header,
        samples=samples,
        batch=batch,
        unknown=unknown,
        evidence={c.name: " · ".join(c.evidence) or c.reason for c in plan.columns},
        initial={
            "header_row": table.header_row,
            "mode": batch.mode,
            "list_date": batch.list_date or table.stated_date,
        },
    )
    if data is not None and form.is_valid():
        mapping_changed = form.mapping() != batch.mapping
        services.mapping_save(
            batch=batch,
            mapping=form.mapping(),
            value_map=form.value_map(batch.value_map),
            mode=form.cleaned_data["mode"],
            list_date=form.cleaned_data["list_date"],
            save_as=form.cleaned_data["save_as"],
            by=request.user,
        )
        new_unknown = m.unknown_values(table.rows, table.header, batch.mapping, batch.value_map)
        if mapping_changed and new_unknown:
            messages.info(request, _("Bitte ordnen Sie noch die unbekannten Werte zu."))
            return redirect("imports:mapping", pk=batch.pk)
        return redirect("imports:preview", pk=batch.pk)
    return render(
        request,
        "imports/import_mapping.html",
        {
            "batch": batch,
            "form": form,
            "saved_form": SavedMappingForm(project=batch.project),
            "has_saved": SavedImportMapping.objects.filter(project=batch.project).exists(),
            "row_count": len(table.rows),
            "header_row": table.header_row,
            "header_sheet": table.header_sheet if len(table.sheets) > 1 else "",
            "header_names": [name for name in table.header if name not in EXTRA_COLUMNS],
            "other_sheets": [s for s in table.sheets if s.name != table.header_sheet]
            if len(table.sheets) > 1
            else [],
            "title": _("Spalten zuordnen"),
            "breadcrumbs": _crumbs(),
        },
        status=400 if form.errors else 200,
    )


def _preview_view(request: HttpRequest) -> tuple[str, str]:
    """Which rows the preview shows (a status, or "" for every row that changes something)
    and on which page – from the URL, or from the commit form's hidden fields."""
    data = request.POST if request.method == "POST" else request.GET
    show = data.get("show", "")
    return (show if show in STATUS_LABELS or show == REVIEW else ""), data.get("page", "")


def _preview_url(batch: ImportBatch, show: str, page: str) -> str:
    query = urlencode({k: v for k, v in (("show", show), ("page", page)) if v})
    return batch.get_absolute_url() + (f"?{query}" if query else "")


@require_GET
def import_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = access.get_import(request.user, pk)
    context = {"batch": batch, "title": batch.file_name, "breadcrumbs": _crumbs()}
    if batch.status == ImportStatus.DRAFT:
        table = selectors.table_of(batch)
        plan = selectors.plan_of(batch, table, explain=True)
        results = selectors.preview(batch, table=table, plan=plan)
        counts = Counter(result.status for result in results)
        review = [r for r in results if r.needs_review]
        show, page_number = _preview_view(request)
        if show == REVIEW:
            chosen = review
        elif show:
            chosen = [r for r in results if r.status == show]
        else:
            chosen = [r for r in results if r.status != UNCHANGED]
        page = Paginator(chosen, PREVIEW_ROWS).get_page(page_number)
        shown = list(page.object_list)
        attach_similar(shown, limit=PREVIEW_ROWS, project=batch.project)
        views = [("", _("alle Änderungen"), len(results) - counts[UNCHANGED])]
        views += [(status, str(label), counts[status]) for status, label in STATUS_LABELS.items()]
        views.append((REVIEW, _("prüfen"), len(review)))
        placement = selectors.placement(table, plan, results)
        context.update(
            plan=plan,
            placement=placement,
            placed_percent=round(placement.share * 100),
            kept_reasons=_kept_reasons(review),
            role_groups=MappingForm.role_groups(),
            # Each shown row with what reading the sheet did to it.
            results=[(result, table.row_notes.get(result.number, [])) for result in shown],
            page=page,
            show=show,
            show_label=STATUS_LABELS.get(show, _("prüfen") if show == REVIEW else ""),
            views=views,
            query_string=urlencode({"show": show}) if show else "",
            summary={str(label): counts[status] for status, label in STATUS_LABELS.items()},
            has_errors=bool(counts[ERROR]),
            has_conflicts=bool(counts[CONFLICT]),
            earlier=selectors.earlier_imports(batch),
            commit_form=CommitForm(),
            mapped=[(column, m.label_of(code)) for column, code in batch.mapping.items() if code],
            ignored=[column for column, code in batch.mapping.items() if not code],
            placed=selectors.placed_values(table, batch.mapping),
            skipped=table.skipped,
            sheets=table.sheets,
            notices=table.notices,
        )
    return render(request, "imports/import_preview.html", context)


def _save_links(request: AuthenticatedHttpRequest, batch: ImportBatch) -> None:
    """Rows the user linked to an existing register entry ("link_<row>" = organisation id,
    empty = no link)."""
    chosen = {
        name[5:]: int(value) if value.isdigit() else None
        for name, value in request.POST.dict().items()
        if name.startswith("link_") and name[5:].isdigit()
    }
    services.links_save(batch=batch, links=chosen, by=request.user)
    # Where the application holds newer values: per field ("resolve_<row>_<field>") or all.
    resolutions = {
        name[8:].replace("_", ":", 1): value
        for name, value in request.POST.dict().items()
        if name.startswith("resolve_") and name != "resolve_all"
    }
    if request.POST.get("resolve_all") in ("list", "keep"):
        services.resolutions_save(
            batch=batch,
            resolutions={"*": request.POST["resolve_all"]},
            replace=True,
            by=request.user,
        )
    elif resolutions:
        services.resolutions_save(batch=batch, resolutions=resolutions, by=request.user)


@require_POST
def import_commit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = _draft(request, pk)
    if "role_column" in request.POST:
        # One column's role changed from the preview: saved, and the preview follows.
        column, role = request.POST["role_column"], request.POST.get("role", "")
        valid = {code for code, _label in MappingForm.flat_role_choices()}
        if column in batch.mapping and role in valid:
            services.role_set(batch=batch, column=column, role=role, by=request.user)
            messages.success(
                request,
                _("Spalte „%(column)s“: %(role)s.")
                % {"column": column, "role": m.label_of(role) if role else _("nicht übernommen")},
            )
        return redirect(_preview_url(batch, *_preview_view(request)))
    _save_links(request, batch)
    if "refresh" in request.POST:
        return redirect(_preview_url(batch, *_preview_view(request)))
    form = CommitForm(request.POST)
    form.is_valid()
    try:
        counts = services.commit(
            batch=batch, by=request.user, skip_errors=form.cleaned_data.get("skip_errors", False)
        )
    except services.ImportRefused as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_preview_url(batch, *_preview_view(request)))
    messages.success(request, commit_message(counts))
    return redirect("imports:preview", pk=batch.pk)


@require_GET
def import_errors(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = access.get_import(request.user, pk)
    if not batch.content:  # deleted after UPLOAD_RETENTION_DAYS (imports.privacy)
        raise Http404(_("Die Datei dieses Imports wurde nach Ablauf der Speicherfrist gelöscht."))
    response = HttpResponse(
        selectors.errors_workbook(batch),
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="fehler-import-{batch.pk}.xlsx"'
    return response


def commit_message(counts: services.Counts) -> str:
    """ "Importiert: 3 neu, 0 ergänzt, 1 weitere Ansprechperson, 0 übersprungen." """
    persons = ngettext(
        "%(n)s weitere Ansprechperson", "%(n)s weitere Ansprechpersonen", counts.persons
    ) % {"n": counts.persons}
    return _(
        "Importiert: %(new)s neu, %(updated)s ergänzt, %(persons)s, %(skipped)s übersprungen."
    ) % {
        "new": counts.created,
        "updated": counts.updated,
        "persons": persons,
        "skipped": counts.skipped,
    }


def undo_message(report: services.UndoReport) -> str:
    """ "3 Netzwerkkontakte entfernt (mit 3 Organisationen und 4 Ansprechpersonen)" – each
    kind counted and declined on its own."""
    contacts = ngettext(
        "%(n)s Netzwerkkontakt entfernt", "%(n)s Netzwerkkontakte entfernt", report.contacts
    ) % {"n": report.contacts}
    organisations = ngettext("%(n)s Organisation", "%(n)s Organisationen", report.organisations) % {
        "n": report.organisations
    }
    persons = ngettext("%(n)s Ansprechperson", "%(n)s Ansprechpersonen", report.persons) % {
        "n": report.persons
    }
    restored = ngettext(
        "%(n)s ergänzter Netzwerkkontakt zurückgesetzt",
        "%(n)s ergänzte Netzwerkkontakte zurückgesetzt",
        report.restored,
    ) % {"n": report.restored}
    return _(
        "Import rückgängig gemacht: %(contacts)s (mit %(organisations)s und %(persons)s), "
        "%(restored)s."
    ) % {
        "contacts": contacts,
        "organisations": organisations,
        "persons": persons,
        "restored": restored,
    }


@require_http_methods(["GET", "POST"])
def import_undo(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    batch = access.get_import(request.user, pk)
    if batch.status != ImportStatus.COMMITTED:
        access.require(False)
    if request.method == "POST":
        report = services.undo(batch=batch, by=request.user)
        messages.success(request, undo_message(report))
        if report.kept:
            messages.warning(
                request,
                _("Behalten, weil inzwischen bearbeitet: %(items)s")
                % {"items": "; ".join(report.kept)},
            )
        return redirect("imports:preview", pk=batch.pk)
    return render(
        request,
        "confirm_page.html",
        {
            "title": _("Import rückgängig machen"),
            "question": _(
                "Alles, was dieser Import angelegt hat (%(new)s Netzwerkkontakte mit "
                "Organisationen und Ansprechpersonen), wird entfernt; ergänzte Netzwerkkontakte "
                "bekommen ihre vorherigen Werte zurück. Was seitdem bearbeitet wurde, bleibt "
                "erhalten und wird aufgelistet."
            )
            % {"new": batch.created_count},
            "confirm_label": _("Rückgängig machen"),
            "cancel_url": batch.get_absolute_url(),
            "breadcrumbs": _crumbs(batch),
        },
    )
