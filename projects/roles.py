"""The global roles and the rule that keeps them apart (docs/architecture.md, "Zugriff").

The ministry receives totals, never personal data. So an account of the ministry holds no
other role: no membership in a project team, not the coordination office, no
administrator. The account forms, the team form and the admin refuse such combinations
with these messages; the access policy, by construction, treats an account that holds
them anyway (older data, the database edited by hand) as the ministry alone.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The names of the role groups; migration projects.0002 creates them with these names.
COORDINATION_GROUP = "Koordinierungsstelle"
MINISTRY_GROUP = "Ministerium"
GLOBAL_GROUPS = (COORDINATION_GROUP, MINISTRY_GROUP)

MINISTRY_WITHOUT_TEAMS = _(
    "Ein Konto des Ministeriums kann keinem Projektteam angehören: Das Ministerium erhält "
    "Summen, keine personenbezogenen Daten. Bitte entfernen Sie zuerst die Mitgliedschaften "
    "in den Vorhaben oder wählen Sie eine andere Rolle."
)
MINISTRY_ALONE = _(
    "Ein Konto des Ministeriums kann nicht zugleich Koordinierungsstelle oder Administration "
    "sein. Bitte legen Sie dafür ein eigenes Konto an."
)
TEAM_ONLY_PROJECT_STAFF = _(
    "%(name)s hat ein Konto des Ministeriums, der Koordinierungsstelle oder der "
    "Administration. Projektteams bestehen aus Projektmitarbeiter*innen und "
    "Projektleitungen; die Koordinierungsstelle sieht alle Vorhaben ohnehin, das Ministerium "
    "erhält nur Summen."
)
GLOBAL_WITHOUT_TEAMS = _(
    "Ein Konto der Koordinierungsstelle oder der Administration gehört keinem Projektteam an "
    "(es sieht alle Vorhaben ohnehin). Bitte entfernen Sie zuerst die Mitgliedschaften in den "
    "Vorhaben."
)


def account_conflict(*, groups: set[str], is_superuser: bool, has_memberships: bool) -> str:
    """Why these roles cannot go together on one account; "" when they can."""
    if MINISTRY_GROUP not in groups:
        if has_memberships and (is_superuser or COORDINATION_GROUP in groups):
            return str(GLOBAL_WITHOUT_TEAMS)
        return ""
    if has_memberships:
        return str(MINISTRY_WITHOUT_TEAMS)
    if is_superuser or COORDINATION_GROUP in groups:
        return str(MINISTRY_ALONE)
    return ""


def team_refusal(*, name: str, groups: set[str], is_superuser: bool = False) -> str:
    """Why this account cannot join a project team; "" when it can: global roles
    (administration, coordination office, ministry) are never project members."""
    if is_superuser or groups & set(GLOBAL_GROUPS):
        return str(TEAM_ONLY_PROJECT_STAFF) % {"name": name}
    return ""
