"""The ground truth: organisations of a Thuringian project's network, with their contact
persons, drawn from a seeded random generator (no engine code is imported here)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

# Place, postcode and dialling code (real Thuringian ones, so the lists look like lists).
PLACES = [
    ("Sonneberg", "96515", "03675"),
    ("Jena", "07743", "03641"),
    ("Gera", "07545", "0365"),
    ("Erfurt", "99084", "0361"),
    ("Weimar", "99423", "03643"),
    ("Suhl", "98527", "03681"),
    ("Nordhausen", "99734", "03631"),
    ("Altenburg", "04600", "03447"),
    ("Greiz", "07973", "03661"),
    ("Saalfeld", "07318", "03671"),
    ("Hildburghausen", "98646", "03685"),
    ("Eisenach", "99817", "03691"),
    ("Gotha", "99867", "03621"),
    ("Mühlhausen", "99974", "03601"),
    ("Arnstadt", "99310", "03628"),
    ("Ilmenau", "98693", "03677"),
    ("Meiningen", "98617", "03693"),
    ("Pößneck", "07381", "03647"),
    ("Schmalkalden", "98574", "03683"),
    ("Bad Salzungen", "36433", "03695"),
]
STREETS = [
    "Bahnhofstraße", "Hauptstraße", "Marktplatz", "Schulstraße", "Lindenallee", "Am Anger",
    "Friedrich-Engels-Straße", "Goethestraße", "Untere Marktstraße", "Karl-Marx-Platz",
    "Rosa-Luxemburg-Straße", "Am Mühlgraben", "Köppelsdorfer Straße", "Puschkinplatz",
    "Straße des Friedens", "Gartenweg", "Kirchplatz", "Wiesenstraße", "Leipziger Straße",
]  # fmt: skip
# (pattern, type code); {city} is the place, {n} a distinguishing word.
ORGANISATIONS = [
    ("Tafel {city} e. V.", "verein"),
    ("Heimatverein {n} {city} e. V.", "verein"),
    ("Förderverein {n}schule {city} e. V.", "verein"),
    ("Sportverein {n} {city} e. V.", "verein"),
    ("Diakonie Sozialstation {city}", "soziale-einrichtung"),
    ("AWO Beratungszentrum {city}", "soziale-einrichtung"),
    ("Caritas Suchtberatung {city}", "soziale-einrichtung"),
    ("Mehrgenerationenhaus {city}", "soziale-einrichtung"),
    ("Schuldnerberatung {n} {city}", "soziale-einrichtung"),
    ("Jugendamt Landkreis {city}", "behoerde"),
    ("Stadtverwaltung {city} – Sozialamt", "behoerde"),
    ("Landratsamt {city}, Fachdienst {n}", "behoerde"),
    ("Jobcenter {city}", "jobcenter"),
    ("Agentur für Arbeit {city}", "jobcenter"),
    ("Staatliche Grundschule {n} {city}", "schule-kita"),
    ("Kita {n} {city}", "schule-kita"),
    ("Regelschule {n} {city}", "schule-kita"),
    ("Wohnungsbaugenossenschaft {city} eG", "wohnungsunternehmen"),
    ("Städtische Wohnungsgesellschaft {city} mbH", "wohnungsunternehmen"),
    ("Ev.-Luth. Kirchengemeinde {n} {city}", "kirche"),
    ("Kath. Pfarrei St. {n} {city}", "kirche"),
    ("Bäckerei {n} GmbH {city}", "unternehmen"),
    ("Autohaus {n} {city}", "unternehmen"),
    ("Stadtratsfraktion {n} {city}", "politik"),
    ("Bürgerinitiative {n} {city}", "initiative"),
    ("Nachbarschaftshilfe {n} {city}", "initiative"),
    ("Stadtbibliothek {city}", "sonstige"),
    ("Volkshochschule {city}", "sonstige"),
]
WORDS = [
    "Sonnenschein", "Regenbogen", "Lindenhof", "Am Berg", "Nord", "Süd", "West", "Ost",
    "Blau-Weiß", "Pusteblume", "Löwenzahn", "Schiller", "Goethe", "Marien", "Johannes",
    "Michael", "Kunterbunt", "Brücke", "Miteinander", "Zukunft", "Aufbruch", "Mitte",
    "Altstadt", "Bergfried", "Holzland", "Werra", "Saale", "Ilm", "Rennsteig", "Thüringen",
]  # fmt: skip
FIRST_NAMES = [
    ("Petra", "f"), ("Anja", "f"), ("Katrin", "f"), ("Sabine", "f"), ("Jana", "f"),
    ("Ute", "f"), ("Manuela", "f"), ("Ines", "f"), ("Doreen", "f"), ("Claudia", "f"),
    ("Thomas", "m"), ("Andreas", "m"), ("Frank", "m"), ("Jens", "m"), ("Uwe", "m"),
    ("Steffen", "m"), ("Matthias", "m"), ("René", "m"), ("Sven", "m"), ("Jörg", "m"),
]  # fmt: skip
LAST_NAMES = [
    "Pfau", "Amsel", "Fink", "Schröter", "Müller", "Köhler", "Günther", "Hoffmann", "Wagner",
    "Schmidt", "Böhm", "Rößler", "Krause", "Voigt", "Heller", "Liebold", "Ebert", "Zöllner",
    "Seifert", "Dietzel", "Schubert", "Franke", "Lange", "Mäder", "Trautmann",
]  # fmt: skip
FUNCTIONS = [
    "Leitung", "Geschäftsführerin", "Sozialarbeiter", "Koordinatorin", "Sachgebietsleiter",
    "Vorsitzende", "Pfarrer", "Schulleiterin", "Fallmanager", "Quartiersmanagerin",
    "stellv. Leitung", "Ehrenamtskoordinator",
]  # fmt: skip
TITLES = ["Dr.", "Prof. Dr.", "Dipl.-Ing."]
FIELDS_OF_ACTION = [
    "buergeraktivierung", "bildung-sprache", "arbeit", "wohnen", "familie-jugend",
    "integration", "gesundheit", "senioren", "kultur-freizeit", "beratung",
]  # fmt: skip
NOTES = [
    "Sprechzeit mittwochs 9–12 Uhr",
    "Räume für Treffen können genutzt werden",
    "nur per E-Mail erreichbar",
    "Einladung zur Stadtteilkonferenz geschickt",
    "Flyer liegen aus",
    "Kontakt über das Bürgerbüro",
    "Zusammenarbeit beim Sommerfest",
    "Übergabe an neue Kollegin geplant",
]
TODAY = datetime.date(2026, 1, 1)  # every generated date lies before this day


@dataclass
class Person:
    salutation: str  # "Frau" / "Herr"
    title: str  # "" / "Dr." …
    first_name: str
    last_name: str
    function: str
    phone: str  # digits with the dialling code: "03675 123456" (one space)
    email: str
    consent_on: datetime.date | None = None  # the person's consent (data protection)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class Record:
    """One organisation of the list as the office knows it (the truth)."""

    name: str
    type: str  # OrganisationType code
    street: str
    postcode: str
    city: str
    phone: str  # "03675 123456"
    fax: str
    email: str
    website: str  # "www.example.org"
    fields: list[str]  # FieldOfAction codes
    intensity: str  # Intensity value
    status: str  # ContactStatus value
    since: datetime.date | None
    ended_on: datetime.date | None  # only when status is "ended"
    notes: str
    persons: list[Person] = field(default_factory=list)

    @property
    def last_contact(self) -> datetime.date | None:
        """The last contact a list may note: the end, else three years after the start (no
        draw of its own, so adding it changed no other value)."""
        if self.ended_on:
            return self.ended_on
        if self.since:
            return self.since.replace(year=min(self.since.year + 3, 2025))
        return None


def _slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e"})
    out = "".join(c if c.isalnum() else "-" for c in text.lower().translate(table))
    # A domain's label never ends with a hyphen: cut at a word, not in the middle of one.
    return "-".join(part for part in out.split("-") if part)[:30].strip("-")


def _date(rng: random.Random, start: int, end: int) -> datetime.date:
    year = rng.randint(start, end)
    return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))


def _phone(rng: random.Random, code: str) -> str:
    length = rng.choice([3, 4, 5, 6, 6, 6]) if len(code) == 5 else rng.choice([5, 6, 7])
    return f"{code} {rng.randint(2, 9)}{''.join(str(rng.randint(0, 9)) for _ in range(length - 1))}"


def make_records(rng: random.Random, count: int) -> list[Record]:
    """``count`` organisations with distinct names (0–3 persons each)."""
    records: list[Record] = []
    names: set[str] = set()
    while len(records) < count:
        city, postcode, code = rng.choice(PLACES)
        pattern, type_code = rng.choice(ORGANISATIONS)
        name = pattern.format(city=city, n=rng.choice(WORDS))
        if name.lower() in names:
            continue
        names.add(name.lower())
        domain = _slug(name.replace(" e. V.", "").replace(" eG", "")) + rng.choice([".de", ".org"])
        status = rng.choices(["active", "dormant", "ended"], [6, 2, 2])[0]
        since = _date(rng, 2008, 2022) if rng.random() < 0.85 else None
        ended_on = None
        if status == "ended":
            ended_on = _date(rng, (since.year if since else 2015) + 1, 2025)
        persons = []
        for _ in range(rng.choices([0, 1, 2, 3], [2, 5, 3, 1])[0]):
            first, sex = rng.choice(FIRST_NAMES)
            last = rng.choice(LAST_NAMES)
            if any(p.first_name == first and p.last_name == last for p in persons):
                continue
            persons.append(
                Person(
                    salutation="Frau" if sex == "f" else "Herr",
                    title=rng.choice(TITLES) if rng.random() < 0.15 else "",
                    first_name=first,
                    last_name=last,
                    function=rng.choice(FUNCTIONS) if rng.random() < 0.8 else "",
                    phone=_phone(rng, code) if rng.random() < 0.8 else "",
                    email=f"{_slug(first)[0]}.{_slug(last)}@{domain}" if rng.random() < 0.8 else "",
                    consent_on=_date(rng, 2018, 2025) if rng.random() < 0.5 else None,
                )
            )
        records.append(
            Record(
                name=name,
                type=type_code,
                street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}{rng.choice(['', '', '', 'a', 'b'])}",
                postcode=postcode,
                city=city,
                phone=_phone(rng, code),
                fax=_phone(rng, code) if rng.random() < 0.5 else "",
                email=f"{rng.choice(['info', 'kontakt', 'post', 'buero'])}@{domain}",
                website=f"www.{domain}",
                fields=rng.sample(FIELDS_OF_ACTION, rng.choice([0, 1, 1, 2, 2, 3])),
                intensity=rng.choice(["occasional", "regular", "close"]),
                status=status,
                since=since,
                ended_on=ended_on,
                notes=rng.choice(NOTES) if rng.random() < 0.4 else "",
                persons=persons,
            )
        )
    return records
