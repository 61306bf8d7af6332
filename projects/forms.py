"""Forms of the projects app: projects, operators, contact offices, memberships, accounts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, VersionedModelForm
from projects.models import ContactOffice, Membership, MembershipRole, Operator, Project
from projects.roles import COORDINATION_GROUP, MINISTRY_GROUP, account_conflict, team_refusal


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Benutzername oder Passwort ist falsch. Bitte achten Sie auf Groß- und Kleinschreibung."
        ),
        "inactive": _(
            "Dieses Konto ist deaktiviert. Bitte wenden Sie sich an die Koordinierungsstelle."
        ),
    }


class ProjectForm(VersionedModelForm):
    class Meta:
        model = Project
        fields = [
            "name",
            "slug",
            "programme_line",
            "place",
            "neighbourhood",
            "district",
            "start_date",
            "end_date",
            "status",
            "target_groups",
            "operators",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "target_groups": forms.Textarea(attrs={"rows": 3}),
            "operators": forms.CheckboxSelectMultiple,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # a form's clean() returns its cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Das Ende darf nicht vor dem Beginn liegen."))
        return data


class OperatorForm(VersionedModelForm):
    class Meta:
        model = Operator
        fields = ["name", "place", "website"]


class ContactOfficeForm(VersionedModelForm):
    class Meta:
        model = ContactOffice
        fields = [
            "name",
            "street",
            "postcode",
            "city",
            "opening_hours",
            "phone",
            "email",
            "valid_from",
            "valid_until",
        ]
        widgets = {
            "valid_from": DateInput,
            "valid_until": DateInput,
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "valid_until": _("Leer lassen, solange die Anlaufstelle besteht."),
            "opening_hours": _("z. B. „Mo–Do 9–15 Uhr, Fr 9–12 Uhr“"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # a form's clean() returns its cleaned_data
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("„gültig bis“ darf nicht vor „gültig ab“ liegen."))
        return data


NOT_ADDABLE = _(
    "„%(value)s“ kann nicht hinzugefügt werden. Ins Team kommen aktive Konten von "
    "Projektmitarbeiter*innen, die ihm noch nicht angehören. Bitte prüfen Sie die "
    "Schreibweise oder wenden Sie sich an die Koordinierungsstelle."
)


class MembershipAddForm(forms.Form):
    """A lead adds an existing account to the team, found by exact user name or e-mail."""

    identifier = forms.CharField(
        label=_("Benutzername oder E-Mail-Adresse"),
        max_length=254,
        help_text=_(
            "Die Person braucht bereits ein Konto. Neue Konten legt die Koordinierungsstelle an."
        ),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=MembershipRole.choices)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.user: User | None = None

    def clean_identifier(self) -> str:
        """One answer for every identifier the team cannot take – unknown, ambiguous,
        inactive, a global role (administration, coordination office, ministry) or already
        in the team: the form must not tell a lead which accounts exist or what they are."""
        value = self.cleaned_data["identifier"].strip()
        matches = list(
            User.objects.filter(is_active=True)
            .filter(Q(username__iexact=value) | Q(email__iexact=value))
            .prefetch_related("groups")[:2]
        )
        user = matches[0] if len(matches) == 1 else None
        if (
            user is None
            or team_refusal(
                name=user.get_username(),
                groups={group.name for group in user.groups.all()},
                is_superuser=user.is_superuser,
            )
            or Membership.objects.filter(user=user, project=self.project).exists()
        ):
            raise forms.ValidationError(NOT_ADDABLE, params={"value": value})
        self.user = user
        return value


class GlobalRole(forms.ChoiceField):
    NONE = ""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=[
                (self.NONE, _("keine (nur Vorhaben, denen die Person angehört)")),
                (COORDINATION_GROUP, _("Koordinierungsstelle")),
                (MINISTRY_GROUP, _("Ministerium")),
            ],
            required=False,
            **kwargs,
        )


class UserForm(forms.ModelForm):
    global_role = GlobalRole(
        label=_("Übergreifende Rolle"),
        help_text=_("Projektrollen vergeben Sie auf der Seite des jeweiligen Vorhabens."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active"]
        labels = {
            "username": _("Benutzername"),
            "first_name": _("Vorname"),
            "last_name": _("Nachname"),
            "email": _("E-Mail-Adresse"),
            "is_active": _("Konto aktiv"),
        }
        help_texts = {
            "username": _("Nur Buchstaben, Ziffern und @ . + - _"),
            "is_active": _("Inaktive Konten können sich nicht anmelden; ihre Daten bleiben."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        if self.instance.pk:
            groups = set(self.instance.groups.values_list("name", flat=True))
            for role in (COORDINATION_GROUP, MINISTRY_GROUP):
                if role in groups:
                    self.fields["global_role"].initial = role

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # a form's clean() returns its cleaned_data
        role = data.get("global_role")
        conflict = account_conflict(
            groups={role} if role else set(),
            is_superuser=self.instance.is_superuser,
            has_memberships=bool(self.instance.pk) and self.instance.memberships.exists(),
        )
        if conflict:
            self.add_error("global_role", conflict)
        return data

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Diese E-Mail-Adresse gehört bereits zu einem Konto."))
        return email
