"""Each project's Netzwerkkarte: page, SVG and A4 PDF (organisations only, no persons)."""

from __future__ import annotations

import datetime
import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from contacts.querysets import dormant_months
from projects.models import Project
from reports import access, netmap, network
from reports.forms import MapPeriodForm
from reports.periods import Period


def _day_label(day: datetime.date, period: Period | None) -> str:
    """The date a figure names: "am 07.12.2026" or "am Ende des 2. Halbjahrs 2026"."""
    if period is not None and day == period.end:
        return _("am Ende: %(period)s (%(day)s)") % {
            "period": period.label,
            "day": formats.date_format(day, "SHORT_DATE_FORMAT"),
        }
    return _("am %(day)s") % {"day": formats.date_format(day, "SHORT_DATE_FORMAT")}


def summary(net: network.ProjectNetwork) -> str:
    """The map in one sentence (BITV: the picture's text equivalent, with the table)."""
    measures = net.measures
    when = _day_label(net.day, net.period)
    if not net.partners:
        return _(
            "%(project)s hatte %(when)s keine aktiven Netzwerkpartner. Tragen Sie die "
            "Netzwerkkontakte des Vorhabens ein oder importieren Sie seine Liste, dann "
            "entsteht die Karte aus der erfassten Arbeit."
        ) % {"project": net.project.name, "when": when}
    rings = ", ".join(f"{n} {label}" for label, n in net.ring_counts())
    sentence = ngettext(
        "%(project)s hatte %(when)s %(count)s aktiven Netzwerkpartner in %(sectors)s von "
        "%(total)s Sektoren (%(rings)s)",
        "%(project)s hatte %(when)s %(count)s aktive Netzwerkpartner in %(sectors)s von "
        "%(total)s Sektoren (%(rings)s)",
        measures.size,
    ) % {
        "project": net.project.name,
        "when": when,
        "count": measures.size,
        "sectors": measures.sectors_covered,
        "total": measures.sectors_total,
        "rings": rings,
    }
    if net.period is not None:
        sentence += _("; im Zeitraum %(period)s kamen %(new)s hinzu, %(ended)s endeten") % {
            "period": net.period.label,
            "new": measures.new,
            "ended": measures.ended,
        }
    sentence += _("; %(dormant)s sind seit %(months)s Monaten ohne Kontakt.") % {
        "dormant": measures.dormant,
        "months": dormant_months(),
    }
    return sentence


def _network(
    request: HttpRequest, pk: int
) -> tuple[Project, MapPeriodForm, network.ProjectNetwork | None]:
    project = access.get_map_project(request.user, pk)
    form = MapPeriodForm(request.GET or None)
    today = timezone.localdate()
    if form.is_bound and not form.is_valid():
        return project, form, None
    period = form.cleaned_data.get("period") if form.is_bound else None
    day = min(period.end, today) if period is not None else today
    return project, form, network.project_network(project, day, period)


@require_GET
def project_map(request: HttpRequest, pk: int) -> HttpResponse:
    project, form, net = _network(request, pk)
    context = {
        "title": _("Netzwerkkarte %(project)s") % {"project": project.name},
        "project": project,
        "form": form,
        "links": access.can_use_contacts(request.user),
        "query": request.GET.urlencode(),
    }
    if net is None:
        return render(request, "reports/project_map.html", context, status=400)
    picture = netmap.layout(net)
    text = summary(net)
    context.update(
        network=net,
        picture=picture,
        summary=text,
        measures=net.measures,
        when=_day_label(net.day, net.period),
        dormant_months=dormant_months(),
        svg=render_to_string(
            "reports/includes/project_map.svg",
            {"picture": picture, "summary": text, "standalone": False},
        ),
    )
    return render(request, "reports/project_map.html", context)


def _file_name(net: network.ProjectNetwork, extension: str) -> str:
    return f"netzwerkkarte-{slugify(net.project.name)}-{net.day:%Y-%m-%d}.{extension}"


@require_GET
def project_map_svg(request: HttpRequest, pk: int) -> HttpResponse:
    project, form, net = _network(request, pk)
    if net is None:
        return HttpResponse(
            form.errors.get("zeitraum", [_("Ungültiger Zeitraum.")])[0],
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    picture = netmap.layout(net)
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + render_to_string(
        "reports/includes/project_map.svg",
        {"picture": picture, "summary": summary(net), "standalone": True},
    )
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(net, "svg")}"'
    return response


@require_GET
def project_map_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    project, form, net = _network(request, pk)
    if net is None:
        return HttpResponse(
            form.errors.get("zeitraum", [_("Ungültiger Zeitraum.")])[0],
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    target = io.BytesIO()
    netmap.write_pdf(
        netmap.layout(net),
        title=_("Netzwerkkarte %(project)s") % {"project": project.name},
        summary=summary(net),
        target=target,
    )
    response = HttpResponse(target.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(net, "pdf")}"'
    return response
