"""core.widgets.Select renders what Django's template-based Select renders."""

import re

import pytest
from django import forms

from core.filters import FilterSet
from core.widgets import Select, use_fast_selects


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
