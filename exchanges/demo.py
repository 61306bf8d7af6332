"""Demo meetings for ``seed_demo``.

The 6th exchange (Sonneberg, 6 April 2016) is the seed record, entered completely. The 4th
and 5th and the upcoming one are invented and marked demo.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from exchanges.models import (
    AgendaItem,
    Guest,
    Meeting,
    MeetingStatus,
    ReportItem,
    ReportKind,
    ThemeTable,
    ThemeTableResult,
)
from projects.models import Project

SEED_INTRODUCTION = (
    "Bereits zum sechsten Mal fand am 6. April 2016 ein thüringenweiter Erfahrungsaustausch "
    "des ThINKA-Gesamtvorhabens statt. Gastgeber war dieses Mal das ThINKA-Vorhaben aus "
    "Sonneberg. Alle ThINKA-Projekte sowie Denis Heymann als Vertreter des Thüringer "
    "Ministeriums für Arbeit, Soziales, Gesundheit, Frauen und Familie (TMASGFF) nahmen an der "
    "ganztägigen Veranstaltung teil. In der Runde konnte zudem erstmals das neue ThINKA-Plus "
    "Projekt aus Mühlhausen begrüßt werden, welches zum 1. Januar 2016 gestartet ist.\n\n"
    "Nach der Begrüßung aller Anwesenden durch Andreas Mehlich, Vorstand ThASG e.V., erfolgte "
    "ein schneller Übergang zur Tagesordnung."
)

SEED_AGENDA = [
    (
        "15 Monate ThINKA Sonneberg",
        "Steffen Müller, Leiter des Jugend- und Sozialamtes im Landkreis Sonneberg, berichtete "
        "über die Erfahrungen aus 15 Monaten ThINKA Sonneberg. Vor allem bedankte er sich bei "
        "den beiden Trägern, SAZ Zweckverband Sonneberger Ausbildungszentrum und wbm - Werkstatt "
        "Bildung & Medien GmbH, die das ThINKA-Vorhaben gemeinsam umsetzen, für ihre gute "
        "Zusammenarbeit. „Das Vorhaben wird durch die guten Kooperationen, die man realisierte, "
        "sowohl bei den Netzwerkpartnern als auch bei den Menschen gut angenommen“, so Müller. "
        "Weiter betonte er, dass das ThINKA-Projekt mit seinem Amtsbereich sehr gut zusammen "
        "arbeitet.",
    ),
    (
        "ThINKA – Erfolge und Hemmnisse",
        "Im Anschluss präsentierten alle 14 ThINKA-Projekte ihre aktuellen Erfolge und Hemmnisse "
        "in der Projektumsetzung. Alle ThINKA-Vorhaben setzten sich zudem kritisch mit ihrer "
        "Arbeit auseinander und berichteten offen, welche Hemmnisse es zukünftig noch zu meistern "
        "gilt.\n\n"
        "Des Weiteren stellte sich das neu gestartete Projekt ThINKA Mühlhausen vor. Auch hier "
        "sind bereits erste Erfolge zu verzeichnen: Im Wohngebiet gibt es um die "
        "Erstaufnahmestelle ein Café International, welches als Anlaufstelle genutzt wird. Im "
        "Landkreis Unstrut-Hainich besteht bereits eine gute Vernetzung unter den verschiedenen "
        "Institutionen, Vereinen und Behörden, was die Arbeit mit geflüchteten Menschen angeht. "
        "Hier kann das Vorhaben anknüpfen, um den Bekanntheitsgrad zu steigern und um "
        "Synergieeffekte zu erzielen.",
    ),
    ("Informationen aus dem TMASGFF", ""),
    (
        "Themen-Tische: Aktuelle Herausforderungen von ThINKA",
        "Die Koordinierungsstelle stellte aus den meist benannten Hemmnissen drei Thementische "
        "zusammen und teilte die ThINKA-Vorhaben entsprechend auf diese auf. Die einzelnen "
        "Gruppen hatten insgesamt 50 Minuten Zeit, um gemeinsam zu diskutieren und zu erörtern, "
        "wie man mit entsprechenden Hemmnissen umgehen kann bzw. sollte.",
    ),
    (
        "Auswertung der Thementische und Vorstellung der Ergebnisse",
        "Im Anschluss an die Thementische erfolgte die Präsentation der einzelnen Ergebnisse im "
        "Plenum.",
    ),
    (
        "Diskussion Dokumentation ThINKA",
        "Nach den Thementischen stellte die Koordinierungsstelle ein neues System zur Erfassung "
        "der Netzwerkkontakte vor. Anlass der Überarbeitung war die Feststellung, dass in den "
        "vergangenen Monaten die einzelnen Projekte zwar jeweils ihre Kontakte listeten, dies "
        "aber auf unterschiedliche Weisen taten. Das neue Dokument soll dieses Problem fortan "
        "auflösen und wird in den kommenden Wochen durch die Mitarbeiterinnen und Mitarbeiter "
        "getestet, ehe es ab dem zweiten Halbjahr 2016 als einheitliches Erfassungssystem "
        "genutzt wird. Das neue Erfassungssystem soll sowohl eine Vereinheitlichung als auch "
        "eine Arbeitserleichterung für die ThINKA-Projekte darstellen.",
    ),
]

SEED_SUCCESSES = [
    "Initiieren und Durchführen von niedrigschwelligen, am Bedarf der Bewohner orientierten "
    "Mikroprojekten",
    "Etablierung und Erweiterung niedrigschwelliger Angebote, z.B. Elterntreff oder Frauencafé",
    "Aufwertung des Wohnumfeldes (z.B. durch Aufräumaktionen)",
    "Organisation von Vorträgen und Veranstaltungen",
    "gute Vernetzung mit Vereinen, Institutionen und Behörden",
    "ThINKA ist Anlaufstelle für Bewohner, Netzwerkpartner und Ehrenamtliche",
    "Etablieren von Stadtteilkonferenzen",
    "steigende Zahlen der Einzelfallberatungen",
    "Sprachunterricht für geflüchtete Menschen und Asylbewerber, die von Ehrenamtlichen "
    "durchgeführt werden",
    "Spendenaktionen, z.B. Kleiderspenden, in Zusammenarbeit mit verschiedenen sozialen "
    "Einrichtungen und Vereinen",
    "Erstellen von (Integrations-)Wegweisern für Migranten*innen und Geflüchtete",
]

SEED_OBSTACLES = [
    (
        "Mangelnde Bürgeraktivierung",
        "mangelnde Bereitschaft der Bürger-/Bewohner*innen zur Mitwirkung und Teilnahme z.B. im "
        "Wohngebietsbeirat oder an Veranstaltungen\n"
        "wenig Verantwortungsübernahme und geringe Identifikation mit dem Wohngebiet",
    ),
    ("Effizienz der Steuerungsgruppe (Motivation, Mitwirkung)", ""),
    ("Standortwechsel der Anlaufstellen", ""),
    ("Wohnungssuche für geflüchtete Menschen und Migranten*innen", ""),
]

SEED_MUEHLHAUSEN = [
    "Café International um die Erstaufnahmestelle wird als Anlaufstelle genutzt",
    "gute Vernetzung unter Institutionen, Vereinen und Behörden im Landkreis Unstrut-Hainich "
    "bei der Arbeit mit geflüchteten Menschen",
]

SEED_MINISTRY = (
    "Denis Heymann berichtete über das neue Projekt ThILIK (Thüringer Initiative für lokales "
    "Integrationsmanagement), welches im Rahmen der Armutspräventionsrichtlinie annonciert "
    "wurde. Die Ausschreibung richtet sich an alle Landkreise und kreisfreien Städte des "
    "Freistaates Thüringen. Mit dem Vorhaben wird eine Personalstelle gefördert, die zum Aufbau "
    "und zur Unterstützung eines lokalen Integrationsmanagements in den Kommunen beitragen soll. "
    "Bis zum 31. März 2016 sind fünf Antragstellungen zur Umsetzung des Projektvorhabens "
    "eingegangen. Herr Heymann wies in diesem Zusammenhang noch einmal darauf hin, dass im "
    "Rahmen dieses Vorhabens eine Kooperation mit den ThINKA-Projekten zu gewährleisten ist.\n\n"
    "Zudem informierte er über den aktuellen Stand zur Umsetzung der in der "
    "Armutspräventionsrichtlinie unter dem Fördergegenstand 2.1 benannten Projekte, den "
    "sogenannten Planungskoordinatoren. Bisher haben in insgesamt zehn Kommunen "
    "Planungskoordinatoren ihre Tätigkeit aufgenommen. Hier ist die Zusammenarbeit mit den "
    "ThINKA-Projekten sicherzustellen.\n\n"
    "Des Weiteren verwies Herr Heymann auf den Thüringer Demografie-Ratgeber, der kürzlich "
    "erschienen ist: http://www.loewe-werbung.de/demografieratgeber2016/"
)

SEED_TABLES = [
    (
        "Aktivieren – Beteiligen – Organisieren",
        [
            "Aktivierung ist ein langwieriger Prozess",
            "Entsprechende „Zugpferde“ (Personen und Veranstaltungen) werden benötigt",
            "Zusammenarbeit mit Kooperationspartnern ist ein Erfolgsgarant",
            "Persönliche Kontakte sind enorm wichtig",
            "Interessen erfragen und Anregungen unter den Bürgern und Netzwerkpartnern schaffen "
            "sind ebenso maßgeblich",
            "Zugänge zu Erwachsenen erfolgen meistens gut über Kinder",
        ],
    ),
    (
        "Steuerungsgruppe",
        [
            "Wer moderiert die Steuerungsgruppe? Die Moderation nimmt eine zentrale Rolle ein, "
            "wer lädt ein, wer bestimmt die Tagesordnung …",
            "Welche Erwartungshaltungen haben die Steuerungsgruppenmitglieder an das Projekt und "
            "umgekehrt? Dies muss offen besprochen werden.",
            "Welches Mandat haben die Steuerungsgruppenmitglieder? (Entscheidungen vs. "
            "Informationen)",
            "Ein klarer Fokus auf die Projektziele ermöglicht eine gewinnbringende Arbeit im "
            "Gremium.",
            "Der „kurze Dienstweg“ fördert gute Steuerungsgruppenarbeit",
            "Nachhaltigkeit des Projektes gelingt nur über eine positive Verankerung des "
            "Vorhabens im Sozialraum über die Steuerungsgruppenmitglieder.",
        ],
    ),
    (
        "Standortfragen",
        [
            "Entwicklung von Standards für die Öffentlichkeitsarbeit am Projektstandort ist "
            "erstrebenswert",
            "Einbinden von Klienten beim Umzug der Anlaufstelle ist sinnhaft, um diese "
            "„mitzunehmen“",
            "Rechtzeitige Informationen an Bürger und Netzwerkpartner bei Umzug der Anlaufstelle "
            "gewährleistet einen reibungslosen Transfer",
            "Öffentlichkeitswirksamer Umzug, z.B. über eine feierliche Eröffnung der "
            "Anlaufstelle, ist ratsam",
            "Ein bis zwei offene Angebote erhöhen den Bekanntheitsgrad des Büros (nicht "
            "problemorientiert)",
            "Gemeinsame Veranstaltungen mit etablierten Trägern bzw. Netzwerkpartnern sind "
            "ebenfalls gut für Synergien",
            "ThINKA-Projekte in Eisenberg, Gera-Liebschwitz und Mühlhausen: Fokus auf "
            "Netzwerkarbeit und Sozialraum solange die primäre Zielgruppe der Flüchtlinge nicht "
            "in den Aufnahmestellen ankommen",
        ],
    ),
]

# Invented earlier meetings (number, date, place, host slug, {project slug: [(kind, text)]}).
INVENTED = [
    (
        4,
        datetime.date(2015, 4, 15),
        "Nordhausen",
        "nordhausen",
        {
            "nordhausen": [
                (ReportKind.SUCCESS, "Etablieren von Stadtteilkonferenzen"),
                (ReportKind.OBSTACLE, "Mangelnde Bürgeraktivierung"),
            ],
            "artern": [(ReportKind.OBSTACLE, "Mangelnde Bürgeraktivierung")],
            "sonneberg": [
                (ReportKind.SUCCESS, "Organisation von Vorträgen und Veranstaltungen"),
                (ReportKind.OBSTACLE, "Effizienz der Steuerungsgruppe (Motivation, Mitwirkung)"),
            ],
        },
    ),
    (
        5,
        datetime.date(2015, 10, 7),
        "Gera",
        "gera-liebschwitz",
        {
            "gera-liebschwitz": [
                (ReportKind.SUCCESS, "Sprachkurse mit Ehrenamtlichen im Stadtteiltreff"),
                (ReportKind.OBSTACLE, "Standortwechsel der Anlaufstellen"),
            ],
            "eisenberg": [(ReportKind.OBSTACLE, "Mangelnde Bürgeraktivierung")],
            "suhl": [
                (ReportKind.SUCCESS, "Etablieren von Stadtteilkonferenzen"),
                (ReportKind.OBSTACLE, "Effizienz der Steuerungsgruppe (Motivation, Mitwirkung)"),
            ],
        },
    ),
]


def _next_wednesday(after: datetime.date) -> datetime.date:
    return after + datetime.timedelta(days=(2 - after.weekday()) % 7)


def _ordered(
    model: type[models.Model], parent: dict[str, Any], rows: Iterable[dict[str, Any]]
) -> None:
    model._default_manager.bulk_create(
        model(position=position, **parent, **row) for position, row in enumerate(rows, start=1)
    )


@transaction.atomic
def seed_demo(projects: dict[str, Project]) -> None:
    """Idempotent: a meeting whose number exists already is left as it is."""
    everyone = list(projects.values())
    for number, date, place, host, reports in INVENTED:
        if Meeting.objects.filter(number=number).exists():
            continue
        meeting = Meeting.objects.create(
            number=number,
            date=date,
            place=place,
            host_project=projects[host],
            status=MeetingStatus.HELD,
            introduction="Erfundenes Treffen für die Vorführung (Demodaten).",
            authors="Koordinierungsstelle (Demo)",
            is_demo=True,
        )
        meeting.projects.set([p for p in everyone if p.start_date <= date])
        _ordered(
            AgendaItem,
            {"meeting": meeting},
            [{"title": "Berichte aus den Vorhaben"}, {"title": "Erfolge und Hemmnisse"}],
        )
        _ordered(
            ReportItem,
            {"meeting": meeting},
            [
                {"project": projects[slug], "kind": kind, "text": text}
                for slug, items in reports.items()
                for kind, text in items
            ],
        )
        table = ThemeTable.objects.create(meeting=meeting, title="Bürgeraktivierung", position=1)
        table.projects.set([projects[slug] for slug in reports])
        _ordered(
            ThemeTableResult,
            {"table": table},
            [{"text": "Feste Ansprechpersonen im Wohngebiet schaffen Vertrauen"}],
        )
    _seed_sonneberg(projects)
    _seed_upcoming(projects)


def _seed_sonneberg(projects: dict[str, Project]) -> None:
    if Meeting.objects.filter(number=6).exists():
        return
    meeting = Meeting.objects.create(
        number=6,
        date=datetime.date(2016, 4, 6),
        place="Sonneberg",
        host_project=projects["sonneberg"],
        status=MeetingStatus.HELD,
        introduction=SEED_INTRODUCTION,
        ministry_information=SEED_MINISTRY,
        next_meeting_on=datetime.date(2016, 11, 2),
        next_meeting_place="Nordhausen",
        authors="Jacqueline Lange, Martin Langbein",
        written_at="Sondershausen und Jena, April 2016",
    )
    meeting.projects.set(projects.values())
    _ordered(
        Guest,
        {"meeting": meeting},
        [
            {
                "name": "Denis Heymann",
                "organisation": "Thüringer Ministerium für Arbeit, Soziales, Gesundheit, "
                "Frauen und Familie (TMASGFF)",
                "function": "Vertreter des Ministeriums",
            },
            {"name": "Andreas Mehlich", "organisation": "ThASG e.V.", "function": "Vorstand"},
            {
                "name": "Steffen Müller",
                "organisation": "Landkreis Sonneberg",
                "function": "Leiter des Jugend- und Sozialamtes",
            },
        ],
    )
    _ordered(
        AgendaItem,
        {"meeting": meeting},
        [{"title": title, "notes": notes} for title, notes in SEED_AGENDA],
    )
    _ordered(
        ReportItem,
        {"meeting": meeting},
        [{"kind": ReportKind.SUCCESS, "text": text} for text in SEED_SUCCESSES]
        + [
            {"kind": ReportKind.OBSTACLE, "text": text, "details": details}
            for text, details in SEED_OBSTACLES
        ]
        + [
            {"kind": ReportKind.SUCCESS, "text": text, "project": projects["muehlhausen"]}
            for text in SEED_MUEHLHAUSEN
        ],
    )
    for position, (title, results) in enumerate(SEED_TABLES, start=1):
        table = ThemeTable.objects.create(meeting=meeting, title=title, position=position)
        _ordered(ThemeTableResult, {"table": table}, [{"text": text} for text in results])


def _seed_upcoming(projects: dict[str, Project]) -> None:
    """An invented upcoming meeting, so that start pages show a next date."""
    if Meeting.objects.filter(status=MeetingStatus.PLANNED, is_demo=True).exists():
        return
    number = (Meeting.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    meeting = Meeting.objects.create(
        number=number,
        date=_next_wednesday(timezone.localdate() + datetime.timedelta(days=42)),
        place="Erfurt",
        host_project=projects.get("erfurt"),
        status=MeetingStatus.PLANNED,
        introduction="Geplantes Treffen für die Vorführung (Demodaten).",
        is_demo=True,
    )
    _ordered(
        AgendaItem,
        {"meeting": meeting},
        [
            {"title": "Begrüßung und Bericht des gastgebenden Vorhabens"},
            {"title": "ThINKA – Erfolge und Hemmnisse"},
            {"title": "Informationen aus dem TMASGFF"},
            {"title": "Auswertung der Netzwerkkontakte im Überblick"},
        ],
    )
