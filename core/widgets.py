"""Widgets that render the same HTML as Django's, faster where a page has many of them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


class Select(forms.Select):
    """Django's Select with its options rendered in Python instead of a template each.

    A template include per option costs about 50 µs; the contact list's filters have over a
    hundred options on every request. The markup is that of Django's select.html (flatatt
    renders attributes as attrs.html does: True as the bare name, False not at all).
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    str(option["value"]),
                    flatatt(option["attrs"]),
                    conditional_escape(option["label"]),
                )
                for option in options
            )
            if group_name:
                parts.append(mark_safe("</optgroup>"))  # noqa: S308 - a constant
        parts.append(mark_safe("</select>"))  # noqa: S308 - a constant
        return mark_safe("\n".join(parts))  # noqa: S308 - every part is escaped above


class LabelChoiceIterator(ModelChoiceIterator):
    """The options of a ModelChoiceField read as (key, label) pairs from the database.

    For models whose ``str()`` is one of their fields, named by ``choice_label_field``
    (vocabularies: ``label``, projects: ``name``): the filters of the contact list have
    about 90 such options, and a model object per option cost more than the queries.
    """

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.queryset.model.choice_label_field
        for pk, text in self.queryset.values_list("pk", label):
            yield (ModelChoiceIteratorValue(pk, None), text)  # type: ignore[arg-type]  # Django needs no instance to compare a key


def _label_choices(field: forms.Field) -> LabelChoiceIterator | None:
    if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
        return None
    if not hasattr(field.queryset.model, "choice_label_field"):
        return None
    if type(field).label_from_instance is not forms.ModelChoiceField.label_from_instance:
        return None  # labels of its own: they need the objects
    return LabelChoiceIterator(field)


def use_fast_selects(form: forms.Form) -> forms.Form:
    """Swap the plain Select widgets of ``form`` for :class:`Select` (same attributes),
    their model choices read as pairs where that gives the same labels."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            choices = _label_choices(field) or field.widget.choices
            fast = Select(attrs=field.widget.attrs, choices=choices)
            fast.is_required = field.widget.is_required
            field.widget = fast
    return form


def field_groups(form: forms.Form) -> SafeString:
    """The fields of a (filter) form as Bootstrap 5 groups, the markup crispy renders –
    for text, date and select fields (what the filter panels have; checkboxes would need
    Bootstrap's form-check markup).

    For the filter panels of the lists, which are on every list request: crispy's
    templates per field cost about a third of the contact list's time. Label, widget,
    errors and help text are tied together as crispy ties them (``aria-describedby``,
    ``aria-invalid``).
    """
    groups = []
    for field in form.visible_fields():
        widget = field.field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        described = []
        if field.errors:
            css += " is-invalid"
            described.append(f"{field.auto_id}_error")
        if field.help_text:
            described.append(f"{field.auto_id}_helptext")
        attrs: dict[str, str | bool] = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
        if described:
            attrs["aria-describedby"] = " ".join(described)
        if field.errors:
            attrs["aria-invalid"] = "true"
        parts = [
            format_html('<div id="div_{}" class="mb-3">', field.auto_id),
            field.label_tag(attrs={"class": "form-label"}, label_suffix=""),
            field.as_widget(attrs=attrs),
        ]
        if field.errors:
            parts.append(format_html('<div id="{}_error" class="invalid-feedback">', field.auto_id))
            parts.extend(
                format_html('<p id="error_{}_{}"><strong>{}</strong></p>', n, field.auto_id, e)
                for n, e in enumerate(field.errors, start=1)
            )
            parts.append(mark_safe("</div>"))  # noqa: S308 - a constant
        if field.help_text:
            parts.append(
                format_html(
                    '<div id="{}_helptext" class="form-text">{}</div>',
                    field.auto_id,
                    field.help_text,
                )
            )
        parts.append(mark_safe("</div>"))  # noqa: S308 - a constant
        groups.append("".join(parts))
    hidden = "".join(str(field) for field in form.hidden_fields())
    return mark_safe(hidden + "\n".join(groups))  # noqa: S308 - every part is escaped above
