"""Forms of the import wizard: upload, then the mapping of columns and values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.html import escape, format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts.models import Vocabulary
from core.forms import choice_field
from core.text import fold
from imports import mapping as m
from imports.models import ImportBatch, ImportMode, SavedImportMapping
from projects.models import Project

IGNORE_LABEL = _("– nicht übernehmen –")

Choice = tuple[str, str]  # value, label
ChoiceGroup = tuple[str, list[Choice]]  # a titled group of choices (an <optgroup>)


# How much of a column's examples the mapping page shows under its name.
EXAMPLE_CHARS = 120


class UploadForm(forms.Form):
    project: forms.ModelChoiceField[Project] = forms.ModelChoiceField(
        label=_("Vorhaben"), queryset=None, empty_label=None
    )
    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "Excel (.xlsx, .xls), LibreOffice (.ods) oder CSV, höchstens 10 MB und 20.000 "
            "Zeilen. Alle Blätter werden gelesen; Titelzeilen und Summen erkennt die Vorschau."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt"}),
    )

    def __init__(self, *args: Any, projects: QuerySet[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "project").queryset = projects.order_by("name")


class MappingForm(forms.Form):
    """One select per source column, one per unknown vocabulary value."""

    header_row = forms.IntegerField(
        label=_("Zeile mit den Spaltenüberschriften"),
        min_value=1,
        help_text=_(
            "Erkannt an ihrem Inhalt (kurze Überschriften, darunter Daten). Ändern Sie die "
            "Zeile, wenn die Erkennung danebenliegt."
        ),
    )
    mode = forms.ChoiceField(
        label=_("Bestehende Netzwerkkontakte"), choices=ImportMode, widget=forms.RadioSelect
    )
    list_date = forms.DateField(
        label=_("Stand der Liste"),
        required=False,
        help_text=_(
            "Für „aktualisieren“: was in der Anwendung danach geändert wurde, zeigt die "
            "Vorschau als Widerspruch, statt es zu überschreiben. Vorbelegt, wo die Liste "
            "ihren Stand nennt."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    save_as = forms.CharField(
        label=_("Zuordnung speichern als"),
        max_length=80,
        required=False,
        help_text=_("Optional, z. B. „Liste 2015“: beim nächsten Import gleich wählbar."),
    )

    @staticmethod
    def role_groups() -> list[ChoiceGroup]:
        """The roles a column can have besides not being used: a field, a column of marks."""
        return [
            (gettext("Felder"), [(t.code, str(t.label)) for t in m.TARGETS]),
            (gettext("Ankreuzspalte (x, ja, 1, ✓) für einen Eintrag"), m.mark_choices()),
        ]

    @classmethod
    def role_choices(cls) -> list[Choice | ChoiceGroup]:
        """Every role a column can have, grouped: not used, a field, a column of marks."""
        return [("", str(IGNORE_LABEL)), *cls.role_groups()]

    @classmethod
    def flat_role_choices(cls) -> list[Choice]:
        return [("", str(IGNORE_LABEL))] + [
            choice for _group, choices in cls.role_groups() for choice in choices
        ]

    def __init__(
        self,
        *args: Any,
        header: list[str],
        samples: list[list[object]],
        batch: ImportBatch,
        unknown: dict[str, list[str]],
        evidence: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.columns: list[tuple[str, str]] = []  # field name, source column
        choices = self.role_choices()
        for index, column in enumerate(header):
            name = f"col_{index}"
            example = ", ".join(str(v) for v in samples[index] if v not in ("", None))
            example = example[:EXAMPLE_CHARS]
            # Escaped here as well as in the template: values from the uploaded file are
            # never markup (issue 32: a <meta refresh> in a cell).
            help_text: str = (
                escape(_("Beispiele: %(values)s") % {"values": example}) if example else ""
            )
            if evidence and evidence.get(column):
                shown = escape(evidence[column])
                help_text = format_html("{} · {}", help_text, shown) if help_text else shown
            self.fields[name] = forms.ChoiceField(
                label=column,
                choices=choices,
                required=False,
                initial=batch.mapping.get(column, ""),
                help_text=help_text,
            )
            self.columns.append((name, column))
        self.values: list[tuple[str, str, str]] = []  # field name, vocabulary field, value
        for code, values in unknown.items():
            target = m.BY_CODE[code]
            vocabulary = target.vocabulary
            # Only vocabulary fields have unknown values (imports.mapping.unknown_values).
            assert vocabulary is not None, code
            assert issubclass(vocabulary, Vocabulary), code
            entries = [("", gettext("– leer lassen –"))] + [
                (str(e.pk), e.label) for e in vocabulary._default_manager.filter(is_active=True)
            ]
            matcher = m.ValueMatcher(vocabulary)
            for index, value in enumerate(values):
                name = f"val_{code}_{index}"
                # A near match (a typo, a similar word) is offered, never taken unasked.
                suggested, _confident = matcher.match(value)
                self.fields[name] = forms.ChoiceField(
                    label=f"{target.label}: „{value}“",
                    choices=entries,
                    required=False,
                    initial=str(suggested) if suggested else "",
                    help_text=_("Vorschlag nach Ähnlichkeit – bitte prüfen.") if suggested else "",
                )
                self.values.append((name, code, value))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("mode") == ImportMode.OVERWRITE and not data.get("list_date"):
            self.add_error(
                "list_date",
                _("Zum Aktualisieren braucht es den Stand der Liste (Datum, an dem sie galt)."),
            )
        chosen: list[str] = [data[name] for name, _column in self.columns if data.get(name)]
        # Notes take any number of columns (each value kept with its column's name).
        duplicates = {code for code in chosen if chosen.count(code) > 1 and code != "notes"}
        if duplicates:
            labels = ", ".join(m.label_of(code) for code in sorted(duplicates))
            raise forms.ValidationError(
                _("Jedes Feld kann nur einer Spalte zugeordnet werden: %(fields)s")
                % {"fields": labels}
            )
        if "organisation" not in chosen:
            raise forms.ValidationError(
                _("Bitte ordnen Sie eine Spalte dem Feld „Name der Organisation“ zu.")
            )
        return data

    def mapping(self) -> dict[str, str]:
        return {column: self.cleaned_data.get(name, "") for name, column in self.columns}

    def value_map(
        self, existing: dict[str, dict[str, int | None]]
    ) -> dict[str, dict[str, int | None]]:
        """``existing`` (vocabulary field → folded value → entry) with this form's choices."""
        result = {code: dict(values) for code, values in existing.items()}
        for name, code, value in self.values:
            result.setdefault(code, {})[fold(value)] = (
                int(self.cleaned_data[name]) if self.cleaned_data.get(name) else None
            )
        return result


class SavedMappingForm(forms.Form):
    saved: forms.ModelChoiceField[SavedImportMapping] = forms.ModelChoiceField(
        label=_("Gespeicherte Zuordnung übernehmen"), queryset=None, empty_label=_("– wählen –")
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "saved").queryset = SavedImportMapping.objects.filter(project=project)


class CommitForm(forms.Form):
    skip_errors = forms.BooleanField(
        label=_("Zeilen mit Fehlern auslassen und den Rest importieren"), required=False
    )
