"""Reads of the projects app: the scoped querysets that pages and exports share."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from projects.access import Action, User, projects_for
from projects.models import ContactOffice, Membership, Project
from projects.roles import GLOBAL_GROUPS

UserModel = get_user_model()


def project_list(*, user: User, action: Action = Action.VIEW) -> QuerySet[Project]:
    return (
        projects_for(user, action)
        .select_related("programme_line")
        .prefetch_related("operators", "offices")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def project_offices(*, project: Project) -> QuerySet[ContactOffice]:
    return project.offices.order_by("-valid_from")


def project_members(*, project: Project) -> QuerySet[Membership]:
    """The team: project staff only (a global role is never a member, projects.roles)."""
    return (
        project.memberships.select_related("user")
        .exclude(user__is_superuser=True)
        .exclude(user__groups__name__in=GLOBAL_GROUPS)
        .order_by("role", "user__last_name", "user__first_name", "user__username")
    )


def user_list(*, query: str = "") -> QuerySet:
    users = UserModel.objects.prefetch_related(
        "groups", Prefetch("memberships", queryset=Membership.objects.select_related("project"))
    ).order_by("last_name", "first_name", "username")
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    return users
