"""The public pages' German defaults and how their text is shown.

The defaults name what the law asks for and mark with "[bitte ergänzen: …]" what only the
operator can fill in: Impressum after § 5 DDG (name and address, legal form and who
represents the body, quick electronic contact, register and number, VAT id if any,
responsible for content), privacy notice after Art. 13 DSGVO, accessibility statement after
§ 5 ThürBarrWebG with ThürBITVO and EN 301 549 (state of compliance, what is not accessible
and why, date of the statement, feedback mechanism, enforcement procedure with the
Landesbeauftragte für Menschen mit Behinderungen as Landesdurchsetzungsstelle).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import IntegrityError

from portal.models import PageKind, PublicPage

FILL_IN = re.compile(r"\[bitte ergänzen:[^\]]*\]")

DEFAULTS = {
    PageKind.IMPRINT: (
        "Impressum",
        """Angaben nach § 5 Digitale-Dienste-Gesetz (DDG).

## Anbieter
[bitte ergänzen: vollständiger Name des Trägers der Koordinierungsstelle mit Rechtsform, z. B. „… e. V.“]
[bitte ergänzen: Straße und Hausnummer (kein Postfach), Postleitzahl und Ort]

## Vertreten durch
[bitte ergänzen: vertretungsberechtigte Person(en), z. B. der Vorstand, mit vollständigem Namen]

## Kontakt
- Telefon: [bitte ergänzen: Telefonnummer]
- E-Mail: [bitte ergänzen: E-Mail-Adresse]

## Registereintrag
[bitte ergänzen: Registergericht und Nummer, z. B. Vereinsregister beim Amtsgericht …, VR …]

## Umsatzsteuer-Identifikationsnummer
[bitte ergänzen: USt-IdNr. nach § 27a UStG, falls erteilt – sonst diesen Abschnitt löschen]

## Verantwortlich für den Inhalt
[bitte ergänzen: Name und Anschrift der verantwortlichen Person]

## Förderung
Das Programm ThINKA wird vom Thüringer Ministerium für Arbeit, Soziales, Gesundheit, Frauen und Familie (TMASGFF) gefördert. [bitte ergänzen: Förderhinweis nach Zuwendungsbescheid, z. B. ESF-Logo und Text]""",
    ),
    PageKind.PRIVACY: (
        "Datenschutzhinweise",
        """Informationen nach Art. 13 der Datenschutz-Grundverordnung (DSGVO) für alle, die diese Anwendung aufrufen oder ein Konto haben.

## Verantwortlich
[bitte ergänzen: Name und Anschrift des Verantwortlichen, Telefon, E-Mail]

## Datenschutzbeauftragte*r
[bitte ergänzen: Name oder Stelle und Kontakt der oder des Datenschutzbeauftragten]

## Zwecke und Rechtsgrundlagen
- Netzwerkkontakte der ThINKA-Vorhaben erfassen, auswerten und dem Ministerium als Summen berichten (Art. 6 Abs. 1 lit. e und f DSGVO, Zuwendungsbescheid).
- Konten der Mitarbeitenden, Anmeldung und Protokolle der Anmeldungen, Änderungen und Exporte zur Sicherheit der Anwendung (Art. 6 Abs. 1 lit. b, c und f DSGVO).
- Rückmeldungen zur Barrierefreiheit beantworten (Art. 6 Abs. 1 lit. c DSGVO mit dem ThürBarrWebG).

## Ansprechpersonen der Netzwerkkontakte
Dienstliche Kontaktdaten von Ansprechpersonen in Organisationen sehen nur das Vorhaben und die Koordinierungsstelle, nie das Ministerium. Stammen die Daten nicht von der Person selbst, wird sie nach Art. 14 DSGVO binnen eines Monats informiert.

## Speicherdauer
Die Daten werden nach dem Löschkonzept gelöscht (siehe Verzeichnis der Verarbeitungstätigkeiten); Ansprechpersonen [bitte ergänzen: Frist, z. B. drei Jahre] nach dem Ende des Netzwerkkontakts.

## Empfänger
[bitte ergänzen: Auftragsverarbeiter, z. B. Rechenzentrum oder Hoster, mit Sitz]

## Cookies
Die Anwendung setzt nur technisch notwendige Cookies (Sitzung, Schutz vor gefälschten Anfragen, Sprache); keine Analyse, keine Dienste Dritter, keine Schriften oder Skripte aus fremden Quellen.

## Ihre Rechte
Sie haben das Recht auf Auskunft (Art. 15), Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung der Verarbeitung (Art. 18), Datenübertragbarkeit (Art. 20) und Widerspruch (Art. 21 DSGVO). Sie können sich beim Thüringer Landesbeauftragten für den Datenschutz und die Informationsfreiheit (TLfDI) beschweren.""",
    ),
    PageKind.ACCESSIBILITY: (
        "Erklärung zur Barrierefreiheit",
        """[bitte ergänzen: Name der öffentlichen Stelle] ist bemüht, diese Anwendung im Einklang mit dem Thüringer Gesetz über den barrierefreien Zugang zu den Websites und mobilen Anwendungen öffentlicher Stellen (ThürBarrWebG) und der Thüringer Barrierefreie-Informationstechnik-Verordnung (ThürBITVO) barrierefrei zugänglich zu machen. Maßstab sind die harmonisierte Norm EN 301 549 und die Web Content Accessibility Guidelines (WCAG) 2.1, Stufe AA.

## Stand der Vereinbarkeit mit den Anforderungen
[bitte ergänzen: „vollständig“ oder „teilweise vereinbar“ nach Prüfung]. Die Seiten werden bei jeder Änderung automatisch mit axe-core geprüft; eine Prüfung durch Menschen (BITV-Test) [bitte ergänzen: steht aus / fand am … statt].

## Nicht barrierefreie Inhalte
[bitte ergänzen: bekannte Barrieren und warum, oder „Keine bekannt.“]. Hochgeladene Tabellen der Vorhaben und heruntergeladene Excel- und Word-Dateien sind nicht in jedem Fall barrierefrei.

## Erstellung dieser Erklärung
Diese Erklärung wurde am [bitte ergänzen: Datum] erstellt und zuletzt am [bitte ergänzen: Datum] überprüft.

## Barrieren melden: Feedback
Ist Ihnen eine Barriere aufgefallen oder benötigen Sie Informationen in barrierefreier Form? Schreiben Sie uns über das Formular auf dieser Seite oder an [bitte ergänzen: E-Mail-Adresse und Telefonnummer der Koordinierungsstelle]. Wir bestätigen den Eingang und antworten [bitte ergänzen: Frist, z. B. binnen eines Monats].

## Durchsetzungsverfahren
Erhalten Sie keine oder keine zufriedenstellende Antwort, können Sie sich an die Landesdurchsetzungsstelle für digitale Barrierefreiheit beim Thüringer Landesbeauftragten für Menschen mit Behinderungen wenden; das Verfahren ist kostenlos und braucht keinen Rechtsbeistand. [bitte ergänzen: aktuelle Anschrift, Telefon, E-Mail und Website der Landesdurchsetzungsstelle]""",
    ),
}


def page(kind: str) -> PublicPage:
    """The page's stored text, created from the German default on first use."""
    title, body = DEFAULTS[PageKind(kind)]
    try:
        stored, _created = PublicPage.objects.get_or_create(
            kind=kind, defaults={"title": title, "body": body}
        )
    except IntegrityError:  # two first visits at once
        stored = PublicPage.objects.get(kind=kind)
    return stored


@dataclass(frozen=True)
class Block:
    kind: str  # "h2", "p", "ul"
    lines: list[list[tuple[str, bool]]]  # per line: parts (text, is a fill-in mark)


def _parts(line: str) -> list[tuple[str, bool]]:
    parts, position = [], 0
    for match in FILL_IN.finditer(line):
        if match.start() > position:
            parts.append((line[position : match.start()], False))
        parts.append((match.group(), True))
        position = match.end()
    if position < len(line):
        parts.append((line[position:], False))
    return parts


def blocks(body: str) -> list[Block]:
    """The text as headings, paragraphs and lists (the template escapes every part)."""
    result: list[Block] = []
    for chunk in re.split(r"\n\s*\n", body.replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        while lines and lines[0].startswith("## "):
            result.append(Block("h2", [_parts(lines.pop(0)[3:])]))
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            result.append(Block("ul", [_parts(line[2:]) for line in lines]))
        else:
            result.append(Block("p", [_parts(line) for line in lines]))
    return result


def needs_filling_in(text: str) -> bool:
    return bool(FILL_IN.search(text))
