"""core.widgets.Select renders what Django's template-based Select renders."""

import re

import pytest
from django import forms

from core.filters import FilterSet
from core.widgets import Select, field_groups, use_fast_selects


def normalised(html: str) -> list[str]:
    # Same tags, attributes in any order, whitespace between tags ignored.
    tags = re.findall(r"<[^>]+>|[^<]+", html)
    return [
        " ".join(sorted(tag.strip("<>").split())) if tag.startswith("<") else tag.strip()
        for tag in tags
        if tag.strip()
    ]


CHOICES = [
    ("", "alle"),
    ("a", "Kinder & Jugend <Schule>"),
    ("Gruppe „Ämter“", [("b", "Jobcenter"), ("c", 'Stadt "Gera"')]),
    (1234, "Vorhaben 1234"),
]


@pytest.mark.parametrize("value", ["", "a", "c", 1234, None])
@pytest.mark.parametrize("attrs", [{}, {"class": "form-select", "aria-invalid": "true"}])
def test_select_renders_like_djangos(value, attrs):
    ours = Select(attrs=attrs, choices=CHOICES).render("feld", value, {"id": "id_feld"})
    django = forms.Select(attrs=attrs, choices=CHOICES).render("feld", value, {"id": "id_feld"})
    assert normalised(ours) == normalised(django)
    assert "&lt;Schule&gt;" in ours
    assert "1234" in ours
    assert "1.234" not in ours


def test_required_and_disabled_attributes_render_bare():
    widget = Select(choices=CHOICES, attrs={"disabled": True, "hidden": False})
    html = widget.render("feld", "a")
    assert " disabled" in html
    assert "hidden" not in html


class _Form(forms.Form):
    kind = forms.ChoiceField(choices=[("x", "X")], widget=forms.Select(attrs={"class": "k"}))
    many = forms.MultipleChoiceField(choices=[("x", "X")])


def test_only_plain_selects_are_swapped_keeping_their_attributes():
    form = use_fast_selects(_Form())
    assert type(form.fields["kind"].widget) is Select
    assert form.fields["kind"].widget.attrs == {"class": "k"}
    assert type(form.fields["many"].widget) is forms.SelectMultiple


def test_list_filters_use_the_fast_select(world):
    from contacts.filters import NetworkContactFilter
    from contacts.models import NetworkContact
    from projects.models import Project

    contact_filter = NetworkContactFilter(
        {}, queryset=NetworkContact.objects.all(), projects=Project.objects.all()
    )
    assert isinstance(contact_filter, FilterSet)
    assert type(contact_filter.form.fields["status"].widget) is Select
    assert str(world.project_a.pk) in str(contact_filter.form["project"])


class _FilterForm(forms.Form):
    q = forms.CharField(label="Suche <Text>", required=False, help_text="Name oder Ort")
    status = forms.ChoiceField(label="Status", choices=[("", "alle"), ("a", "aktiv")])
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


def test_field_groups_tie_label_widget_and_help_text_together():
    html = field_groups(use_fast_selects(_FilterForm()))
    assert '<label class="form-label" for="id_q">Suche &lt;Text&gt;</label>' in html
    assert 'aria-describedby="id_q_helptext"' in html
    assert '<div id="id_q_helptext" class="form-text">Name oder Ort</div>' in html
    assert 'class="form-control"' in html
    assert 'class="form-select"' in html
    assert '<input type="hidden" name="hidden"' in html
    assert "aria-invalid" not in html


def test_field_groups_mark_invalid_fields_and_name_the_error():
    form = _FilterForm({"q": "x", "status": "<zzz>"})
    assert not form.is_valid()
    html = field_groups(form)
    status = html[html.index('<div id="div_id_status"') :]
    assert 'aria-invalid="true"' in status
    assert 'aria-describedby="id_status_error"' in status
    assert "form-select is-invalid" in status
    assert '<div id="id_status_error" class="invalid-feedback"><p id="error_1_id_status">' in status
    assert "&lt;zzz&gt;" in status
    assert "aria-invalid" not in html[: html.index('<div id="div_id_status"')]


@pytest.mark.parametrize("selected", [None, "field"])
def test_model_choices_read_as_pairs_render_like_djangos(world, selected):
    from contacts.models import FieldOfAction

    FieldOfAction.objects.filter(code="senioren").update(label="Senior*innen & <Ältere>")
    chosen = FieldOfAction.objects.get(code="senioren")
    value = chosen.pk if selected else None

    class VocabularyForm(forms.Form):
        field = forms.ModelChoiceField(FieldOfAction.objects.all(), empty_label="alle")

    django = VocabularyForm().fields["field"].widget.render("field", value)
    fast_form = use_fast_selects(VocabularyForm())
    ours = fast_form.fields["field"].widget.render("field", value)
    assert normalised(ours) == normalised(django)
    assert "Senior*innen &amp; &lt;Ältere&gt;" in ours
    assert (f'value="{chosen.pk}" selected' in ours) == bool(selected)
    assert type(fast_form.fields["field"].widget.choices).__name__ == "LabelChoiceIterator"


def test_model_choices_with_labels_of_their_own_keep_the_objects(world):
    from projects.models import Project

    class Labelled(forms.ModelChoiceField):
        def label_from_instance(self, obj):
            return f"{obj.name} ({obj.slug})"

    class ProjectForm(forms.Form):
        project = Labelled(Project.objects.all())

    html = use_fast_selects(ProjectForm()).fields["project"].widget.render("project", None)
    assert "ThINKA Sonneberg (sonneberg)" in html
