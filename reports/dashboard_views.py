"""The coordination dashboard and the network map (ministry: the same, without links to
network contacts or personal data)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from contacts.querysets import dormant_months
from core.http import AuthenticatedHttpRequest
from reports import access, dashboard, network
from reports.forms import NetworkMapForm


def _require_overview(request: AuthenticatedHttpRequest) -> None:
    access.require(access.can_see_overview(request.user))


def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_overview(request)
    today = timezone.localdate()
    projects = dashboard.project_counts(today)
    fields, coverage_rows = dashboard.coverage(projects)
    return render(
        request,
        "reports/dashboard.html",
        {
            "title": _("Übersicht der Netzwerke"),
            "projects": projects,
            "totals": {
                key: sum(getattr(p, key) for p in projects)
                for key in (
                    "active",
                    "running",
                    "new_this_year",
                    "steering",
                    "quiet",
                    "interactions_year",
                )
            },
            "chart": dashboard.new_contacts_per_month(),
            "fields": fields,
            "coverage": coverage_rows,
            "shared": dashboard.shared_organisations(limit=25),
            "quiet_months": dormant_months(),
            "today": today,
            "links": access.can_use_contacts(request.user),
        },
    )


def network_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_overview(request)
    form = NetworkMapForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    shared = (
        dashboard.shared_organisations(
            field_of_action=data.get("field"),
            organisation_type=data.get("type"),
            limit=dashboard.MAP_ORGANISATIONS,
        )
        if valid
        else []
    )
    links = access.can_use_contacts(request.user)
    projects = access.projects_for(request.user)
    graph = dashboard.network_map(shared, projects, link_organisations=links)
    today = timezone.localdate()
    return render(
        request,
        "reports/network_map.html",
        {
            "title": _("Netzwerkkarte"),
            "form": form,
            "graph": graph,
            "shared": shared,
            "links": links,
            "limit": dashboard.MAP_ORGANISATIONS,
            "shared_total": dashboard.shared_organisation_count(
                field_of_action=data.get("field"), organisation_type=data.get("type")
            )
            if valid
            else 0,
            "programme": network.programme_network(projects, today),
            "today": today,
        },
        status=200 if valid else 400,
    )
