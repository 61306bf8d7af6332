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
from reports import access, netmap, network, periods
from reports.forms import MapPeriodForm
from reports.periods import Period


def _day_label(day: datetime.date, period: Period | None) -> str:
    """The date a figure names: "am 07.12.2026" or "am Ende des 2. Halbjahrs 2026 (…)"."""
    date = formats.date_format(day, "SHORT_DATE_FORMAT")
    if period is None or day != period.end:
        return _("am %(day)s") % {"day": date}
    code = periods.programme_code(period) or ""
    if "-H" in code:
        return _("am Ende des %(half)s. Halbjahrs %(year)s (%(day)s)") % {
            "half": code[-1],
            "year": period.start.year,
            "day": date,
        }
    if "-Q" in code:
        return _("am Ende des %(quarter)s. Quartals %(year)s (%(day)s)") % {
            "quarter": code[-1],
            "year": period.start.year,
            "day": date,
        }
    return _("am Ende des Zeitraums %(period)s (%(day)s)") % {"period": period.label, "day": date}


def summary(net: network.ProjectNetwork, *, can_record: bool) -> str:
    """The map in one sentence (BITV: the picture's text equivalent, with the table);
    ``can_record``: the reader can enter contacts (else no advice to do so: the ministry)."""
    measures = net.measures
    when = _day_label(net.day, net.period)
    if not net.partners:
        empty = _("%(project)s hatte %(when)s keine aktiven Netzwerkpartner.") % {
            "project": net.project.name,
            "when": when,
        }
        if not can_record:
            return empty
        return (
            empty
            + " "
            + _(
                "Tragen Sie die Netzwerkkontakte des Vorhabens ein oder importieren Sie seine "
                "Liste, dann entsteht die Karte aus der erfassten Arbeit."
            )
        )
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
        new = (
            ngettext("%(n)s Partner kam hinzu", "%(n)s Partner kamen hinzu", measures.new)
            if measures.new
            else _("kein Partner kam hinzu")
        )
        ended = (
            ngettext("%(n)s Kontakt endete", "%(n)s Kontakte endeten", measures.ended)
            if measures.ended
            else _("keiner endete")
        )
        sentence += _("; im Zeitraum %(period)s: %(new)s, %(ended)s") % {
            "period": net.period.label,
            "new": new % {"n": measures.new},
            "ended": ended % {"n": measures.ended},
        }
    dormant = (
        ngettext(
            "%(n)s ist seit %(months)s Monaten ohne Kontakt",
            "%(n)s sind seit %(months)s Monaten ohne Kontakt",
            measures.dormant,
        )
        if measures.dormant
        else _("keiner ist seit %(months)s Monaten ohne Kontakt")
    )
    return sentence + "; " + dormant % {"n": measures.dormant, "months": dormant_months()} + "."


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
    text = summary(net, can_record=access.can_use_contacts(request.user))
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
        {
            "picture": picture,
            "summary": summary(net, can_record=access.can_use_contacts(request.user)),
            "standalone": True,
        },
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
        summary=summary(net, can_record=access.can_use_contacts(request.user)),
        target=target,
    )
    response = HttpResponse(target.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(net, "pdf")}"'
    return response
