"""Load the demo data: 14 ThINKA projects, operators, offices and one login per role.

Idempotent: running it again updates the same rows. Every invented record is marked demo.
Refuses to run with DEBUG off unless told explicitly, so no production database gets the
well-known demo passwords.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from contacts import demo as contacts_demo
from exchanges import demo as exchanges_demo
from projects.districts import District
from projects.models import (
    ContactOffice,
    Membership,
    MembershipRole,
    Operator,
    ProgrammeLine,
    Project,
    ProjectStatus,
)
from projects.roles import COORDINATION_GROUP, MINISTRY_GROUP
from projects.services import user_set_global_role

DEMO_PASSWORD = "ThINKA-Demo-2016"

# (slug, name, place, neighbourhood, district, line, start, operators)
PROJECTS = [
    (
        "sonneberg",
        "ThINKA Sonneberg",
        "Sonneberg",
        "Wolkenrasen",
        District.SONNEBERG,
        "thinka",
        datetime.date(2015, 1, 1),
        [
            "SAZ Zweckverband Sonneberger Ausbildungszentrum",
            "wbm – Werkstatt Bildung & Medien GmbH",
        ],
    ),
    (
        "muehlhausen",
        "ThINKA Mühlhausen",
        "Mühlhausen",
        "Rund um die Erstaufnahmestelle",
        District.UNSTRUT_HAINICH,
        "thinka-plus",
        datetime.date(2016, 1, 1),
        ["Demo-Träger Unstrut-Hainich e. V."],
    ),
    (
        "eisenberg",
        "ThINKA Eisenberg",
        "Eisenberg",
        "Innenstadt",
        District.SAALE_HOLZLAND,
        "thinka",
        datetime.date(2015, 4, 1),
        ["Demo-Bildungswerk Saale-Holzland gGmbH"],
    ),
    (
        "gera-liebschwitz",
        "ThINKA Gera-Liebschwitz",
        "Gera",
        "Liebschwitz",
        District.GERA,
        "thinka",
        datetime.date(2015, 4, 1),
        ["Demo-Stadtteilverein Gera e. V."],
    ),
    (
        "nordhausen",
        "ThINKA Nordhausen",
        "Nordhausen",
        "Nordhausen-Ost",
        District.NORDHAUSEN,
        "thinka",
        datetime.date(2014, 7, 1),
        ["Demo-Sozialwerk Nordthüringen e. V."],
    ),
    (
        "artern",
        "ThINKA Artern",
        "Artern",
        "Altstadt",
        District.KYFFHAEUSERKREIS,
        "thinka",
        datetime.date(2014, 1, 1),
        ["Demo-Kyffhäuser-Netzwerk e. V."],
    ),
    (
        "altenburg",
        "ThINKA Altenburg",
        "Altenburg",
        "Altenburg-Nord",
        District.ALTENBURGER_LAND,
        "thinka",
        datetime.date(2014, 1, 1),
        ["Demo-Jugendhilfe Altenburger Land gGmbH"],
    ),
    (
        "bad-salzungen",
        "ThINKA Bad Salzungen",
        "Bad Salzungen",
        "Allendorf",
        District.WARTBURGKREIS,
        "thinka",
        datetime.date(2014, 4, 1),
        ["Demo-Diakonieverein Westthüringen e. V."],
    ),
    (
        "eisenach",
        "ThINKA Eisenach",
        "Eisenach",
        "Eisenach-Nord",
        District.EISENACH,
        "thinka",
        datetime.date(2014, 4, 1),
        ["Demo-Bürgerhaus Eisenach e. V."],
    ),
    (
        "erfurt",
        "ThINKA Erfurt",
        "Erfurt",
        "Herrenberg",
        District.ERFURT,
        "thinka",
        datetime.date(2013, 10, 1),
        ["Demo-Stadtteilarbeit Erfurt e. V."],
    ),
    (
        "leinefelde",
        "ThINKA Leinefelde",
        "Leinefelde-Worbis",
        "Leinefelde-Süd",
        District.EICHSFELD,
        "thinka",
        datetime.date(2014, 1, 1),
        ["Demo-Eichsfelder Sozialdienst gGmbH"],
    ),
    (
        "saalfeld",
        "ThINKA Saalfeld",
        "Saalfeld",
        "Gorndorf",
        District.SAALFELD_RUDOLSTADT,
        "thinka",
        datetime.date(2014, 7, 1),
        ["Demo-Familienzentrum Saalfeld e. V."],
    ),
    (
        "soemmerda",
        "ThINKA Sömmerda",
        "Sömmerda",
        "Neubaugebiet",
        District.SOEMMERDA,
        "thinka",
        datetime.date(2014, 7, 1),
        ["Demo-Mehrgenerationenhaus Sömmerda e. V."],
    ),
    (
        "suhl",
        "ThINKA Suhl",
        "Suhl",
        "Suhl-Nord",
        District.SUHL,
        "thinka",
        datetime.date(2014, 1, 1),
        ["Demo-Suhler Sozialwerk e. V."],
    ),
]

# (username, first name, last name, global role, [(project slug, membership role)], superuser)
USERS = [
    ("admin", "Ada", "Admin (Demo)", "", [], True),
    ("koordination", "Karla", "Koordinatorin (Demo)", COORDINATION_GROUP, [], False),
    ("ministerium", "Moritz", "Ministerium (Demo)", MINISTRY_GROUP, [], False),
    (
        "leitung.sonneberg",
        "Lena",
        "Leitung (Demo)",
        "",
        [("sonneberg", MembershipRole.LEAD)],
        False,
    ),
    (
        "mitarbeit.sonneberg",
        "Sam",
        "Mitarbeiter (Demo)",
        "",
        [("sonneberg", MembershipRole.STAFF), ("nordhausen", MembershipRole.STAFF)],
        False,
    ),
    (
        "mitarbeit.gera",
        "Gerd",
        "Mitarbeiter (Demo)",
        "",
        [("gera-liebschwitz", MembershipRole.STAFF)],
        False,
    ),
]


class Command(BaseCommand):
    help = "Lädt die Demodaten (Vorhaben, Träger, Anlaufstellen, Demo-Zugänge)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Auch mit DEBUG aus laden (nur für Test- und Vorführsysteme).",
        )
        parser.add_argument("--quiet-logins", action="store_true", help="Zugänge nicht ausgeben.")
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="Adresse des Servers für den Anmelde-Link (make run: HOST:PORT).",
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_without_debug"]:
            raise CommandError(
                "Demodaten werden nur mit DEBUG=1 geladen (sie enthalten bekannte Passwörter)."
            )
        projects = self._projects()
        self._offices(projects["sonneberg"])
        self._users(projects)
        self._load_app_demo_data(projects)
        if not options["quiet_logins"]:
            self._print_logins(options["address"])

    def _projects(self) -> dict[str, Project]:
        lines = {line.code: line for line in ProgrammeLine.objects.all()}
        projects = {}
        for slug, name, place, hood, district, line, start, operator_names in PROJECTS:
            project, _ = Project.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "place": place,
                    "neighbourhood": hood,
                    "district": district,
                    "programme_line": lines[line],
                    "start_date": start,
                    "status": ProjectStatus.RUNNING,
                    "target_groups": "Bewohner*innen des Wohngebiets\nFamilien mit Kindern\n"
                    "Geflüchtete Menschen",
                    "is_demo": True,
                },
            )
            operators = []
            for operator_name in operator_names:
                operator, _ = Operator.objects.get_or_create(
                    name=operator_name, defaults={"place": place, "is_demo": True}
                )
                operators.append(operator)
            project.operators.set(operators)
            projects[slug] = project
        return projects

    def _offices(self, project: Project) -> None:
        # The Sonneberg office moved in spring 2016 ("Standortwechsel der Anlaufstellen").
        ContactOffice.objects.update_or_create(
            project=project,
            valid_from=datetime.date(2015, 1, 1),
            defaults={
                "name": "Stadtteilbüro (alter Standort)",
                "street": "Musterweg 1",
                "postcode": "96515",
                "city": "Sonneberg",
                "opening_hours": "Mo–Do 9–15 Uhr",
                "valid_until": datetime.date(2016, 3, 31),
            },
        )
        ContactOffice.objects.update_or_create(
            project=project,
            valid_from=datetime.date(2016, 4, 1),
            defaults={
                "name": "ThINKA-Treff Wolkenrasen",
                "street": "Beispielstraße 12",
                "postcode": "96515",
                "city": "Sonneberg",
                "opening_hours": "Mo–Do 9–16 Uhr\nFr 9–12 Uhr",
                "phone": "03675 000000",
                "email": "treff@example.org",
            },
        )

    def _users(self, projects: dict[str, Project]) -> None:
        User = get_user_model()
        for username, first, last, role, memberships, superuser in USERS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                    "is_active": True,
                    "is_staff": superuser,
                    "is_superuser": superuser,
                },
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user_set_global_role(account=user, role=role, by=None)
            for slug, member_role in memberships:
                Membership.objects.update_or_create(
                    user=user, project=projects[slug], defaults={"role": member_role}
                )

    def _load_app_demo_data(self, projects: dict[str, Project]) -> None:
        """Each app seeds its own demo data; the portal, on top of them all, calls them."""
        contacts_demo.seed_demo(projects)
        exchanges_demo.seed_demo(projects)

    def _print_logins(self, address: str) -> None:
        self.stdout.write(
            self.style.SUCCESS("Demodaten geladen. Demo-Zugänge (nur Demo-Datenbank):")
        )
        for username, _first, _last, role, memberships, superuser in USERS:
            what = (
                "Administrator*in"
                if superuser
                else role or ", ".join(f"{slug} ({r.label})" for slug, r in memberships)
            )
            self.stdout.write(f"  {username:<22} {DEMO_PASSWORD}   {what}")
        self.stdout.write(f"Anmeldung: http://{address}/konto/login/")
