"""Demo network contacts for ``seed_demo``: invented, reproducible, marked as demo.

Organisation names follow what every Thuringian town has (Jobcenter, Landratsamt, schools,
churches, clubs); every address, phone number, person and note is invented.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from contacts import names
from contacts.models import (
    Abbreviation,
    ContactPerson,
    ContactStatus,
    CooperationForm,
    DataSource,
    FieldOfAction,
    InformationExemption,
    Intensity,
    Interaction,
    InteractionChannel,
    NetworkContact,
    Organisation,
    OrganisationType,
    SteeringMandate,
)
from core.history import bulk_create_with_history
from core.text import fold
from projects.models import Project

# (organisation type code, name pattern, how many per place)
TEMPLATES = [
    ("jobcenter", "Jobcenter {district}", 1),
    ("behoerde", "Landratsamt {district} – Jugend- und Sozialamt", 1),
    ("behoerde", "Stadtverwaltung {place} – Sozialamt", 1),
    ("behoerde", "Stadtverwaltung {place} – Ordnungsamt", 1),
    ("behoerde", "Ausländerbehörde {district}", 1),
    ("wohnungsunternehmen", "Wohnungsgesellschaft {place} mbH", 1),
    ("wohnungsunternehmen", "Wohnungsbaugenossenschaft {place} eG", 1),
    ("kirche", "Ev.-Luth. Kirchengemeinde {place}", 1),
    ("kirche", "Kath. Pfarrei St. Marien {place}", 1),
    ("schule-kita", "Grundschule {n} {place}", 3),
    ("schule-kita", "Regelschule {place}-{quarter}", 2),
    ("schule-kita", "Kita „{kita}“ {place}", 4),
    ("schule-kita", "Volkshochschule {district}", 1),
    ("soziale-einrichtung", "{place}er Tafel e. V.", 1),
    ("soziale-einrichtung", "Migrationsberatung der Diakonie {place}", 1),
    ("soziale-einrichtung", "Caritas-Beratungsstelle {place}", 1),
    ("soziale-einrichtung", "AWO Ortsverein {place} e. V.", 1),
    ("soziale-einrichtung", "DRK Kreisverband {district} e. V.", 1),
    ("soziale-einrichtung", "Familienzentrum {place}-{quarter}", 1),
    ("soziale-einrichtung", "Mehrgenerationenhaus {place}", 1),
    ("soziale-einrichtung", "Schuldnerberatung {place}", 1),
    ("soziale-einrichtung", "Jugendclub {club} {place}", 2),
    ("verein", "SV {place} {year} e. V.", 2),
    ("verein", "Bürgerverein {place}-{quarter} e. V.", 1),
    ("verein", "Heimatverein {place} e. V.", 1),
    ("verein", "Kleingartenverein „{garden}“ {place} e. V.", 2),
    ("verein", "Förderverein {club} {place} e. V.", 2),
    ("initiative", "Willkommensinitiative {place}", 1),
    ("initiative", "Nachbarschaftshilfe {quarter}", 2),
    ("initiative", "Repair-Café {place}", 1),
    ("unternehmen", "Bäckerei {surname} GmbH", 2),
    ("unternehmen", "Autohaus {surname} {place}", 1),
    ("unternehmen", "Sparkasse {district} – Filiale {place}", 1),
    ("unternehmen", "Pflegedienst {surname} {place}", 2),
    ("politik", "Ortsteilrat {place}-{quarter}", 1),
    ("politik", "Stadtratsfraktion {party} {place}", 2),
    ("sonstige", "Stadtbibliothek {place}", 1),
    ("sonstige", "Polizeiinspektion {place}", 1),
    ("sonstige", "Gesundheitsamt {district}", 1),
]
SHARED = [  # organisations that work with several projects
    ("soziale-einrichtung", "LIGA der Freien Wohlfahrtspflege in Thüringen e. V."),
    ("behoerde", "Thüringer Landesverwaltungsamt"),
    ("jobcenter", "Agentur für Arbeit Thüringen (Regionaldirektion)"),
    ("verein", "Landessportbund Thüringen e. V."),
    ("soziale-einrichtung", "Deutsches Rotes Kreuz Landesverband Thüringen e. V."),
    ("kirche", "Caritasverband für das Bistum Erfurt e. V."),
    ("kirche", "Diakonie Mitteldeutschland"),
    ("behoerde", "Landeszentrale für politische Bildung Thüringen"),
    ("sonstige", "Thüringer Volkshochschulverband e. V."),
    ("verein", "Thüringer Ehrenamtsstiftung"),
    ("verein", "Flüchtlingsrat Thüringen e. V."),
    ("soziale-einrichtung", "Paritätischer Wohlfahrtsverband Thüringen e. V."),
]
KITAS = ["Sonnenschein", "Regenbogen", "Pusteblume", "Spatzennest", "Zwergenland", "Löwenzahn"]
CLUBS = ["Oase", "Freiraum", "Treffpunkt", "Insel", "Bahnhof", "Kompass"]
GARDENS = ["Am Hang", "Erholung", "Sonnenblick", "Frohe Zukunft", "Waldfrieden"]
SURNAMES = [
    "Schubert",
    "Köhler",
    "Richter",
    "Hoffmann",
    "Krause",
    "Wolf",
    "Neumann",
    "Lorenz",
    "Fischer",
    "Zimmermann",
    "Hahn",
    "Vogel",
    "Friedrich",
    "Günther",
    "Seidel",
]
FIRST_NAMES = [
    "Anja",
    "Birgit",
    "Claudia",
    "Doreen",
    "Elke",
    "Frank",
    "Heiko",
    "Ines",
    "Jens",
    "Katrin",
    "Lars",
    "Manuela",
    "Nico",
    "Petra",
    "Ronny",
    "Silke",
    "Uwe",
]
FUNCTIONS = [
    "Leitung",
    "Sachbearbeitung",
    "Vorstand",
    "Schulsozialarbeit",
    "Koordination",
    "Quartiersmanagement",
    "Ehrenamtskoordination",
    "Geschäftsführung",
]
OCCASIONS = [
    "Abstimmung Stadtteilfest",
    "Steuerungsgruppe",
    "Stadtteilkonferenz",
    "Verweis einer Bewohnerin",
    "Planung Mikroprojekt",
    "Raumanfrage",
    "Spendenübergabe",
    "Infoaustausch zu Angeboten",
    "Elterntreff",
    "Aufräumaktion",
]
PARTIES = ["Bürgerliste", "Unabhängige", "Zukunft"]


@transaction.atomic
def seed_demo(projects: dict[str, Project]) -> None:
    rng = random.Random(2016)  # the same demo data on every machine
    load_welfare_abbreviations()
    types = {t.code: t for t in OrganisationType.objects.all()}
    fields = list(FieldOfAction.objects.all())
    forms = list(CooperationForm.objects.all())
    channels = list(InteractionChannel.objects.all())
    shared = [
        Organisation.objects.get_or_create(
            name=name, defaults={"organisation_type": types[code], "is_demo": True}
        )[0]
        for code, name in SHARED
    ]
    for project in projects.values():
        if project.network_contacts.exists():
            continue  # idempotent: this project has its demo network already
        _seed_project(project, rng, types, fields, forms, channels, shared)


def load_welfare_abbreviations() -> int:
    """The welfare sector's abbreviations in the register's table (contacts.names), those
    the table lacks; the coordination office's own entries stay as they are. Count added."""
    have = set(Abbreviation.objects.values_list("short", flat=True))
    added = 0
    for short, long in names.WELFARE_ABBREVIATIONS:
        if short not in have:
            Abbreviation.objects.create(short=short, long=long)  # the names are read again
            added += 1
    return added


def _name(pattern: str, project: Project, rng: random.Random, n: int) -> str:
    return pattern.format(
        district=project.get_district_display().replace("Landkreis ", "").replace("Stadt ", ""),
        place=project.place,
        quarter=project.neighbourhood or "Mitte",
        n=["Am Markt", "Nord", "Süd", "Ost", "West"][n % 5],
        kita=KITAS[n % len(KITAS)],
        club=CLUBS[n % len(CLUBS)],
        garden=GARDENS[n % len(GARDENS)],
        surname=SURNAMES[rng.randrange(len(SURNAMES))],
        year=rng.choice(["1990", "04", "Blau-Weiß", "Eintracht"]),
        party=PARTIES[n % len(PARTIES)],
    )


def _seed_project(
    project: Project,
    rng: random.Random,
    types: dict[str, OrganisationType],
    fields: list[FieldOfAction],
    forms: list[CooperationForm],
    channels: list[InteractionChannel],
    shared: list[Organisation],
) -> None:
    today = timezone.localdate()
    wanted = rng.randint(50, 110)
    organisations: dict[str, Organisation] = {}
    counter = 0
    while len(organisations) < wanted - len(shared) and counter < 400:
        code, pattern, count = TEMPLATES[counter % len(TEMPLATES)]
        for n in range(count + counter // len(TEMPLATES)):
            name = _name(pattern, project, rng, n + counter)
            organisations.setdefault(
                name,
                Organisation(
                    name=name,
                    organisation_type=types[code],
                    street=f"{rng.choice(['Bahnhof', 'Markt', 'Schul', 'Garten', 'Berg'])}"
                    f"straße {rng.randint(1, 80)}",
                    city=project.place,
                    district=project.district,
                    phone=f"0{rng.randint(3000, 3999)} {rng.randint(10000, 99999)}",
                    is_demo=True,
                ).refresh_keys(),
            )
        counter += 1
    created = bulk_create_with_history(list(organisations.values()), Organisation)
    partners = list(Organisation.objects.filter(pk__in=[o.pk for o in created])) or list(
        Organisation.objects.filter(name__in=organisations)
    )
    partners += rng.sample(shared, k=rng.randint(2, 6))
    start = max(project.start_date, datetime.date(2015, 1, 1))
    contacts = []
    for organisation in partners:
        chance = rng.random()
        if chance < 0.08:  # new this year: "neu in diesem Jahr" shows some whenever run
            this_year = (today - today.replace(month=1, day=1)).days
            since = max(start, today - datetime.timedelta(days=rng.randint(0, this_year)))
        elif chance < 0.16:  # new in the last twelve months
            since = max(start, today - datetime.timedelta(days=rng.randint(0, 330)))
        else:
            since = start + datetime.timedelta(
                days=rng.randint(0, max(1, (today - start).days // 2))
            )
        status = rng.choices(list(ContactStatus), weights=[80, 12, 8])[0]
        steering = rng.random() < 0.08
        contacts.append(
            NetworkContact(
                project=project,
                organisation=organisation,
                intensity=rng.choices(list(Intensity), weights=[45, 40, 15])[0],
                status=status,
                since=since,
                ended_on=max(since, today - datetime.timedelta(days=rng.randint(30, 400)))
                if status == ContactStatus.ENDED
                else None,
                in_steering_group=steering,
                steering_mandate=rng.choice(list(SteeringMandate)) if steering else "",
                notes="Demodaten – erfundene Notiz." if rng.random() < 0.3 else "",
            )
        )
    bulk_create_with_history(contacts, NetworkContact)
    contacts = list(project.network_contacts.all())
    through_fields, through_forms, persons, interactions = [], [], [], []
    # Where each person's data came from (Art. 13/14 DSGVO), from a generator of its own so
    # the rest of the demo stays as it was: some imported persons are not yet informed.
    sources = random.Random(f"{project.slug}-sources")
    for contact in contacts:
        for field in rng.sample(fields, k=rng.randint(1, 3)):
            through_fields.append(
                NetworkContact.fields_of_action.through(networkcontact=contact, fieldofaction=field)
            )
        for form in rng.sample(forms, k=rng.randint(1, 2)):
            through_forms.append(
                NetworkContact.cooperation_forms.through(
                    networkcontact=contact, cooperationform=form
                )
            )
        for _ in range(rng.choice([0, 1, 1, 2])):
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            persons.append(
                ContactPerson(
                    network_contact=contact,
                    name=f"{first} {last} (Demo)",
                    function=rng.choice(FUNCTIONS),
                    phone=contact.organisation.phone,
                    email=f"{fold(first)}.{fold(last)}@example.org",  # "koehler", as addresses are
                    **_demo_source(sources, today),
                )
            )
        began = contact.since
        assert began is not None  # every demo contact has its start (above)
        span = max(1, (today - began).days)
        dates = [
            began + datetime.timedelta(days=rng.randrange(span)) for _ in range(rng.randint(0, 8))
        ]
        if contact.status == ContactStatus.ACTIVE and rng.random() < 0.6:
            # The last twelve months always have contacts: the dashboard's chart is never
            # empty, whenever the demo data is loaded.
            dates.append(max(began, today - datetime.timedelta(days=rng.randrange(360))))
        dates.sort()
        for day in dates:
            interactions.append(
                Interaction(
                    network_contact=contact,
                    date=day,
                    channel=rng.choice(channels),
                    occasion=rng.choice(OCCASIONS),
                    result="Demodaten – erfundenes Ergebnis.",
                    follow_up_on=day + datetime.timedelta(days=14) if rng.random() < 0.1 else None,
                )
            )
        contact.last_interaction_on = dates[-1] if dates else None
    NetworkContact.fields_of_action.through.objects.bulk_create(through_fields)
    NetworkContact.cooperation_forms.through.objects.bulk_create(through_forms)
    ContactPerson.objects.bulk_create(persons)
    Interaction.objects.bulk_create(interactions)
    NetworkContact.objects.bulk_update(contacts, ["last_interaction_on"])


def _demo_source(rng: random.Random, today: datetime.date) -> dict:
    """Half given by the persons themselves, some recorded and informed, a fifth from an
    old list – of those most not yet informed, some for longer than a month."""
    draw = rng.random()
    if draw < 0.5:
        return {
            "source": DataSource.FROM_PERSON,
            "information_exemption": InformationExemption.COLLECTED_FROM_PERSON,
            "collected_on": today - datetime.timedelta(days=rng.randrange(30, 700)),
        }
    collected = today - datetime.timedelta(days=rng.randrange(3, 120))
    if draw < 0.8:
        return {
            "source": DataSource.RECORDED,
            "source_note": "Website der Organisation (Demo)",
            "collected_on": collected,
            "informed_on": min(today, collected + datetime.timedelta(days=rng.randrange(1, 25))),
        }
    return {
        "source": DataSource.IMPORTED,
        "source_note": "Liste „Netzwerk_alt.xlsx“ (Demo-Import)",
        "collected_on": collected,
        "informed_on": None if rng.random() < 0.8 else today,
    }
