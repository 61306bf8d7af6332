"""`make bench`: measure the main pages, the export and the import at 100,000 network contacts.

Runs against DATABASE_URL (PostgreSQL expected; on SQLite it warns and uses a tenth of the
data). Prints a table and writes bench/results/<timestamp>.json. Targets are reported as
met or not – never enforced by unit tests.
"""

from __future__ import annotations

import io
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinka_site.settings")
# Building the data set runs long statements; the pages measured are not affected.
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "0")
# Measured as in production (DEBUG off), over plain HTTP on this machine.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
for _name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
    os.environ.setdefault(_name, "0")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench import dataset  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
WARMUP = 3
results: list[dict] = []


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def measure(name: str, client: Client, url: str, target_ms: float | None = None) -> dict:
    for _ in range(WARMUP):
        assert client.get(url).status_code == 200, url
    times, floors = [], []
    queries = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured.captured_queries)
        floors.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    row = {
        "name": name,
        "url": url,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "queries": queries,
        "sql_floor_ms": round(statistics.median(floors), 1),
        "target_ms": target_ms,
        "met": None if target_ms is None else percentile(times, 0.95) < target_ms,
    }
    results.append(row)
    return row


def query_count(client: Client, url: str) -> int:
    client.get(url)  # warm: a session renewal must not count
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured.captured_queries)


def queries_independent_of_size(pairs: list[tuple[str, Client, str, str]]) -> dict:
    """The same page over much and little data (many rows or few, a contact with the most
    contacts and one with the fewest) must need the same number of queries."""
    counts = {
        name: (query_count(client, many), query_count(client, few))
        for name, client, many, few in pairs
    }
    return {
        "name": "SQL-Abfragen je Seite unabhängig von der Datenmenge",
        **{name: f"{many}/{few}" for name, (many, few) in counts.items()},
        "met": all(many == few for many, few in counts.values()),
    }


def _child(mode: str) -> dict:
    """bench/child.py in its own process: seconds and that process's own peak memory."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"{mode}.xlsx"
        output = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, str(ROOT / "bench" / "child.py"), mode, str(target)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        figures["file_mb"] = target.stat().st_size / 1024 / 1024
    return figures


# --- growth: the programme-wide pages at three times the data (issue 30) ----------------------

GROWTH = 2  # times the data added: 100,000 → 300,000 network contacts
GROWTH_BAR = 1.5  # the 300,000 figure at most 1.5 times the 100,000 one


def growth_pages(staff: Client, coordination: Client, project) -> list[tuple[str, Client, str]]:
    return [
        ("Übersicht (Dashboard)", coordination, reverse("reports:dashboard")),
        ("Datenprüfung (Koordinierung)", coordination, reverse("reports:review")),
        ("Startseite (Koordinierung)", coordination, reverse("home")),
        ("Netzwerkkarte des Programms", coordination, reverse("reports:network_map")),
        (
            "Netzwerkkarte eines Vorhabens",
            staff,
            reverse("reports:project_map", args=[project.pk]),
        ),
    ]


def growth_child(scale: float, staff: Client, coordination: Client, project) -> None:
    """In a copy of the bench database (never the original): each page's p95 at the data as
    it is and again after adding twice as much; prints the rows as JSON on its last line."""
    pages = growth_pages(staff, coordination, project)
    before = {name: measure(name, client, url)["p95_ms"] for name, client, url in pages}
    counts = dataset.grow(GROWTH, scale, log=lambda *args: None)
    dataset.analyse()
    after = {name: measure(name, client, url)["p95_ms"] for name, client, url in pages}
    rows = [
        {
            "name": f"Wachstum ×{GROWTH + 1}: {name}",
            "p95_ms_vorher": before[name],
            "p95_ms_nachher": after[name],
            "faktor": round(after[name] / max(before[name], 0.1), 2),
            "met": after[name] <= GROWTH_BAR * before[name],
        }
        for name, _client, _url in pages
    ]
    rows.append({"name": "Wachstum: hinzugefügt", **counts, "met": None})
    print(json.dumps(rows))


def growth_run() -> None:
    """``growth_child`` in its own process against a copy of the bench database."""
    settings = connection.settings_dict
    with tempfile.TemporaryDirectory() as folder:
        if connection.vendor == "sqlite":
            copy = Path(folder) / "growth.sqlite3"
            connection.close()
            shutil.copyfile(settings["NAME"], copy)
            url = f"sqlite:///{copy}"
        else:
            name = f"{settings['NAME']}_growth"
            connection.close()
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')
            url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
        try:
            output = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, str(ROOT / "bench" / "run.py")],
                cwd=ROOT,
                env={**os.environ, "DATABASE_URL": url, "BENCH_ONLY": "growth-child"},
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        finally:
            if connection.vendor != "sqlite":
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    results.extend(json.loads(output.strip().splitlines()[-1]))


def _export_row(name: str, figures: dict, **extra) -> dict:
    return {
        "name": name,
        "rows": figures["rows"],
        "seconds": round(figures["seconds"], 1),
        "peak_mb": round(figures["peak_mb"]),
        "file_mb": round(figures["file_mb"], 1),
        **extra,
    }


def export_run() -> None:
    """The ministry export of every network contact, and XlsxWriter writing the same rows."""
    ours = _child("export")
    met = ours["seconds"] < 30 and ours["peak_mb"] < 300
    results.append(_export_row("Ministeriumsexport (alle Netzwerkkontakte)", ours, met=met))
    peer = _child("xlsxwriter")
    results.append(_export_row("XlsxWriter (constant_memory), gleiche Zeilen", peer))
    ratio = ours["seconds"] / max(peer["seconds"], 0.01)
    results.append(
        {"name": "Export ÷ XlsxWriter (Zeit)", "ratio": round(ratio, 2), "met": ratio <= 1.5}
    )


def error_workbook_run() -> None:
    """Issue 32, point 9: the error workbook of a 20,000-row × 100-column list (every row
    an error) – target 5 s, memory flat (its peak
    measured in a process of its own, beside the size before building). Written straight
    as OOXML (core.spreadsheets.PlainSheet); CPU seconds beside the wall clock."""
    figures = _child("errors")
    grown = figures["peak_mb"] - figures["rss_before_mb"]
    results.append(
        {
            "name": f"Fehlerliste eines Imports ({figures['rows']} × {figures['columns']})",
            "seconds": round(figures["seconds"], 1),
            "cpu_seconds": round(figures["cpu_seconds"], 1),
            "peak_mb": round(figures["peak_mb"]),
            "grown_mb": round(grown),
            "file_mb": round(figures["file_mb"], 1),
            "met": figures["seconds"] <= 5 and grown < 100,
        }
    )


def bench_file(rows: int = 10_000) -> bytes:
    lines = ["Name;PLZ;Ort;Telefon;Handlungsfeld;seit;Ansprechpartner"]
    lines += [
        f"Benchverein {i} e. V.;96515;Sonneberg;03675 {100000 + i};Wohnen und Wohnumfeld;01.04.2016;Person {i}"
        for i in range(rows)
    ]
    return "\r\n".join(lines).encode()


def bench_workbook(rows: int = 10_000) -> bytes:
    """The shape offices keep: four sheets (one per kind of partner) under a title block,
    one row per contact person (two per organisation), a sum row at the end."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    per_sheet = rows // 4
    for kind in ("Ämter", "Vereine", "Träger", "Kitas"):
        sheet = workbook.create_sheet(kind)
        sheet.append([f"Netzwerkpartner – {kind} – Stand 2016"])
        sheet.append([])
        sheet.append(["Einrichtung", "Adresse", "Ansprechpartner", "Telefon Ansprechpartner"])
        for i in range(per_sheet):
            sheet.append(
                [
                    f"Bench {kind} {i // 2}",
                    f"Weg {i // 2}, 96515 Sonneberg",
                    f"Person {kind} {i}",
                    f"03675 {100000 + i}",
                ]
            )
        sheet.append([f"Summe: {per_sheet // 2}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import_timed(project, data: bytes, file_name: str) -> tuple[int, float, float, float, int]:
    """Rows, seconds for upload + preview, commit and undo, and the records the undo removed."""
    from imports import selectors, services

    start = time.perf_counter()
    batch = services.upload(project=project, by=None, file_name=file_name, data=data)
    rows = selectors.preview(batch)
    preview_s = time.perf_counter() - start
    start = time.perf_counter()
    services.commit(batch=batch, by=None)
    commit_s = time.perf_counter() - start
    start = time.perf_counter()
    report = services.undo(batch=batch, by=None)
    return len(rows), preview_s, commit_s, time.perf_counter() - start, report.removed


def import_run(project) -> None:
    """Our import of a 10,000-row list (preview, commit, then undone) and the same file
    through django-import-export (rolled back; left out where it is not installed)."""
    from bench import peers

    data = bench_file()
    try:
        if os.environ.get("BENCH_PEERS") == "0":  # our import alone (the peer takes minutes)
            raise ImportError
        peer = peers.import_export_run(project, data)
    except ImportError:  # requirements-bench.txt not installed: our import alone
        peer = None
    else:
        dataset.analyse()  # what the peer wrote and rolled back must not slow our import
    count, preview_s, commit_s, undo_s, removed = _import_timed(project, data, "bench.csv")
    results.append(
        {
            "name": "Import 10.000 Zeilen",
            "rows": count,
            "preview_s": round(preview_s, 1),
            "commit_s": round(commit_s, 1),
            "met": preview_s + commit_s < 5,
        }
    )
    # No target in the issue; measured because a slow undo would hit the worker timeout.
    results.append(
        {"name": "Import rückgängig machen", "removed": removed, "seconds": round(undo_s, 1)}
    )
    if peer is not None:
        results.append(
            {
                "name": "django-import-export, gleiche Datei",
                "rows": peer["rows"],
                "preview_s": round(peer["preview_s"], 1),
                "commit_s": round(peer["commit_s"], 1),
            }
        )
    # No target of its own: measured beside the flat list (issue 16).
    count, book_preview, book_commit, book_undo, _removed = _import_timed(
        project, bench_workbook(), "bench-blaetter.xlsx"
    )
    results.append(
        {
            "name": "Import 10.000 Zeilen, 4 Blätter, eine Zeile je Person",
            "rows": count,
            "preview_s": round(book_preview, 1),
            "commit_s": round(book_commit, 1),
            "undo_s": round(book_undo, 1),
        }
    )
    if peer is not None:
        ratio = (peer["preview_s"] + peer["commit_s"]) / max(preview_s + commit_s, 0.01)
        results.append(
            {
                "name": "django-import-export ÷ unser Import",
                "ratio": round(ratio, 1),
                "met": ratio >= 3,
            }
        )


# Issue 29: what people type and search, as the recogniser must read it (the bench's names
# are "<Wort> <Ort> <Nummer>": "Tafel Sonneberg 12", "Kirchengemeinde Erfurt 7").
TYPED = [
    ("drei Buchstaben", "Taf"),
    ("Wortanfang", "Beratungsst"),
    ("Ort als Adjektiv", "Sonneberger Tafel"),
    ("Tippfehler", "Tafell Sonebreg"),
    ("ohne Umlaute, Abkürzung", "Kirchgem. Soemmerda"),
]
SEARCHED = [
    ("ohne Umlaute", "Stadtteilbuero Jena"),
    ("andere Reihenfolge", "Erfurt Jugendclub"),
    ("Tippfehler", "Kirchengemeine Weimar"),
    ("Wortanfang", "Beratungs"),
    ("breit", "Verein"),
]


def recognition_run(staff: Client, coordination: Client) -> None:
    """Issue 29: the one recogniser at the bench's size – the type-ahead (30 ms p95) and
    the list search (100 ms p95) with what people really type: three letters, a beginning,
    the town as adjective, typos, no umlauts, words in another order."""
    suggest = reverse("contacts:organisation_suggest")
    for label, text in TYPED:
        measure(
            f"Vorschläge beim Tippen: {label} „{text}“", staff, f"{suggest}?name={quote(text)}", 30
        )
    lst = reverse("contacts:list")
    for label, text in SEARCHED:
        measure(f"Textsuche: {label} „{text}“", coordination, f"{lst}?q={quote(text)}", 100)


def recognition_file(project, rows: int = 10_000) -> tuple[bytes, int]:
    """A list of ``rows`` organisations, half of them (at most) entries the register holds
    (other projects' partners: the import adds a network contact to each), written
    otherwise: the town as adjective in front, umlauts spelt out, a legal form. Rows of the
    project's own partners go through the import's per-row update instead – measured
    beside ours by "Import 10.000 Zeilen" with rows it updates."""
    from contacts.models import NetworkContact, Organisation

    own = NetworkContact.objects.filter(project=project).values("organisation_id")
    known = list(
        Organisation.objects.filter(merged_into__isnull=True, name__regex=r"^\w+ \w+ \d+$")
        .exclude(pk__in=own)
        .order_by("pk")
        .values_list("name", "city")[: rows // 2]
    )
    lines = ["Name;PLZ;Ort;Telefon;Handlungsfeld;seit;Ansprechpartner"]
    for i, (name, city) in enumerate(known):
        word, place, number = name.split(" ")
        spelt = f"{place}er {word} {number} e.V."
        if i % 2:
            spelt = spelt.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
        lines.append(f"{spelt};;{city};;Wohnen und Wohnumfeld;01.04.2016;")
    lines += [
        f"Erkennungsverein {i} e. V.;96515;Sonneberg;03675 {100000 + i};Wohnen und Wohnumfeld;"
        "01.04.2016;"
        for i in range(rows - len(known))
    ]
    return "\r\n".join(lines).encode(), len(known)


def recognition_import_run(project) -> None:
    """Issue 29: the import's matching keeps 10,000 rows at ≤ 5 s preview + commit – with
    half of the rows recognised as register entries spelt otherwise."""
    from imports import services

    data, known = recognition_file(project)
    batch = services.upload(project=project, by=None, file_name="erkennung.csv", data=data)
    start = time.perf_counter()
    outcome = services.preview(batch)
    preview_s = time.perf_counter() - start
    recognised = sum(1 for row in outcome if row.organisation is not None)
    start = time.perf_counter()
    services.commit(batch=batch, by=None)
    commit_s = time.perf_counter() - start
    services.undo(batch=batch, by=None)
    results.append(
        {
            "name": "Import 10.000 Zeilen, Hälfte im Register anders geschrieben",
            "rows": len(outcome),
            "known": known,
            "recognised": recognised,
            "preview_s": round(preview_s, 1),
            "commit_s": round(commit_s, 1),
            "met": preview_s + commit_s < 5 and recognised >= known,
        }
    )


def digest_run(scale: float) -> None:
    """Issue 33: the weekly digest for 500 accounts in at most 60 s on the worker (scaled
    down with the data: BENCH_SCALE). Composed and sent like the daily job does, to an
    in-memory mailbox (the mail server's speed is not ours to measure)."""
    from django.contrib.auth import get_user_model
    from django.core.mail.backends.locmem import EmailBackend

    from portal import digest
    from projects.models import Membership, Project

    accounts = int(os.environ.get("BENCH_DIGEST_ACCOUNTS", max(50, int(500 * scale))))
    projects = list(Project.objects.filter(slug__startswith="bench-").order_by("slug"))
    users = get_user_model().objects
    made = []
    for number in range(accounts):
        user, _ = users.get_or_create(
            username=f"bench.digest.{number}",
            defaults={"email": f"digest{number}@example.org", "is_active": True},
        )
        Membership.objects.get_or_create(user=user, project=projects[number % len(projects)])
        made.append(user)
    _bench_follow_ups(projects)
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        sent = digest.send_digests(made, mailer=EmailBackend())
    seconds = time.perf_counter() - start
    queries = len(captured.captured_queries)
    target = 60 * accounts / 500
    results.append(
        {
            "name": f"Wochenübersicht für {accounts} Konten (Worker)",
            "seconds": round(seconds, 1),
            "sent": sent,
            "sql_queries": queries,
            "target_s": round(target, 1),
            "met": seconds <= target,
        }
    )
    print(
        f"  Wochenübersicht: {sent} von {accounts} Konten in {seconds:.1f} s, {queries} Abfragen "
        f"(Ziel {target:.0f} s)"
    )


def _bench_follow_ups(projects, per_project: int = 40) -> None:
    """Open follow-ups for the digest to list (the data set has none): per project the
    first contacts get one, overdue or due within the week; once."""
    import datetime as dt
    import random

    from django.utils import timezone

    from contacts.models import Interaction, InteractionChannel, NetworkContact

    if Interaction.objects.filter(occasion="Bench-Wiedervorlage").exists():
        return
    rng = random.Random(33)
    today = timezone.localdate()
    channel = InteractionChannel.objects.first()
    made = []
    for project in projects:
        for contact_id in (
            NetworkContact.objects.filter(project=project)
            .order_by("pk")
            .values_list("pk", flat=True)[:per_project]
        ):
            made.append(
                Interaction(
                    network_contact_id=contact_id,
                    date=today - dt.timedelta(days=30),
                    channel=channel,
                    occasion="Bench-Wiedervorlage",
                    follow_up_on=today + dt.timedelta(days=rng.randint(-30, 7)),
                )
            )
    Interaction.objects.bulk_create(made, batch_size=2000)


def main() -> None:
    vendor = connection.vendor
    scale = float(os.environ.get("BENCH_SCALE", "1" if vendor == "postgresql" else "0.1"))
    if vendor != "postgresql":
        print(
            f"Hinweis: {vendor} statt PostgreSQL – der Benchmark läuft mit {scale:.0%} der Daten."
        )
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not dataset.exists():
        print("Erzeuge Benchmark-Daten …")
        start = time.perf_counter()
        counts = dataset.build(scale=scale)
        dataset.analyse()
        print(f"  fertig in {time.perf_counter() - start:.0f} s: {counts}")
    from django.contrib.auth import get_user_model

    from contacts.models import NetworkContact
    from projects.models import Project

    project = Project.objects.filter(slug__startswith="bench-").order_by("slug").first()
    if os.environ.get("BENCH_ONLY") == "digest":  # the weekly digest alone (issue 33)
        digest_run(scale)
        report(vendor, scale, NetworkContact.objects.count())
        return
    if os.environ.get("BENCH_ONLY") == "import":  # the 10,000-row import alone (issue 28)
        import_run(project)
        report(vendor, scale, NetworkContact.objects.count())
        return
    if os.environ.get("BENCH_ONLY") == "errors":  # the error workbook alone (issue 32)
        error_workbook_run()
        report(vendor, scale, NetworkContact.objects.count())
        return
    staff = Client()
    staff.force_login(dataset.staff_user(project))
    admin_user, _ = get_user_model().objects.get_or_create(
        username="bench.admin", defaults={"is_superuser": True, "is_staff": True}
    )
    coordination = Client()
    coordination.force_login(admin_user)
    if os.environ.get("BENCH_ONLY") == "recognition":  # the recogniser alone (issue 29)
        # The machine's speed beside it: the unfiltered list, which the recogniser leaves alone.
        measure("Liste (Koordinierung, ungefiltert)", coordination, reverse("contacts:list"), 150)
        recognition_run(staff, coordination)
        recognition_import_run(project)
        report(vendor, scale, NetworkContact.objects.count())
        return
    contact = NetworkContact.objects.filter(project=project).first()
    total = NetworkContact.objects.count()
    if os.environ.get("BENCH_ONLY") == "growth-child":  # growth_run's process
        growth_child(scale, staff, coordination, project)
        return
    if os.environ.get("BENCH_ONLY") == "growth":  # the growth alone
        growth_run()
        report(vendor, scale, total)
        return
    pages = (total // 25) + 1
    lst = reverse("contacts:list")
    measure("Liste (Team, ungefiltert)", staff, lst, 150)
    measure("Liste (Koordinierung, ungefiltert)", coordination, lst, 150)
    measure(
        "Liste (Koordinierung, gefiltert)",
        coordination,
        f"{lst}?status=active&intensity=close",
        150,
    )
    # Issue 17: the text search under 100 ms p95 – as written, and misspelt (the second
    # try by similarity runs only when the first finds nothing).
    measure("Liste (Koordinierung, Textsuche)", coordination, f"{lst}?q=Tafel", 100)
    measure(
        "Liste (Koordinierung, Textsuche mit Tippfehler)",
        coordination,
        f"{lst}?q=Tafell+Sonnebreg",
        100,
    )
    measure("Liste (Koordinierung, letzte Seite)", coordination, f"{lst}?page={pages}", 150)
    measure("Detail eines Netzwerkkontakts", staff, contact.get_absolute_url(), 150)
    measure("Startseite (Koordinierung)", coordination, reverse("home"))
    measure("Übersicht (Dashboard)", coordination, reverse("reports:dashboard"))
    measure("Datenprüfung (Koordinierung)", coordination, reverse("reports:review"))
    # Issue 30: a project's Netzwerkkarte under 150 ms p95 at 100,000; the programme's map.
    measure(
        "Netzwerkkarte eines Vorhabens",
        staff,
        reverse("reports:project_map", args=[project.pk]),
        150,
    )
    measure("Netzwerkkarte des Programms", coordination, reverse("reports:network_map"))
    measure(
        "Organisationsvorschläge beim Tippen",
        staff,
        f"{reverse('contacts:organisation_suggest')}?name=Tafel+Sonneberg",
        30,  # issue 17: the type-ahead must feel instant
    )
    recognition_run(staff, coordination)
    ours = measure("Liste (Koordinierung, Status aktiv)", coordination, f"{lst}?status=active")
    admin = measure(
        "Django-Admin: Netzwerkkontakte (Status aktiv)",
        coordination,
        "/admin/contacts/networkcontact/?status__exact=active",
    )
    ratio = admin["p50_ms"] / max(ours["p50_ms"], 0.1)
    results.append(
        {"name": "Admin ÷ unsere Liste (p50)", "ratio": round(ratio, 1), "met": ratio >= 2}
    )
    from django.db.models import Count

    by_size = NetworkContact.objects.filter(project=project).annotate(n=Count("interactions"))
    busiest, quietest = by_size.order_by("-n", "pk").first(), by_size.order_by("n", "pk").first()
    rare = contact.organisation.name
    results.append(
        queries_independent_of_size(
            [
                # A search first reads the matching keys (two queries, whatever it finds):
                # many rows and few are compared between searches.
                ("Liste", coordination, f"{lst}?q=Tafel", f"{lst}?q={rare}"),
                ("Liste Team", staff, f"{lst}?q=Tafel", f"{lst}?q={rare}"),
                ("Detail", staff, busiest.get_absolute_url(), quietest.get_absolute_url()),
            ]
        )
    )
    if os.environ.get("BENCH_ONLY") == "pages":  # the pages alone (BENCH_SCALE comparisons)
        report(vendor, scale, total)
        return
    export_run()
    import_run(project)
    recognition_import_run(project)
    error_workbook_run()
    digest_run(scale)
    growth_run()
    from bench import load

    results.append(
        load.run(
            [lst, contact.get_absolute_url(), f"{lst}?q=Tafel"],
            dataset.staff_user(project),
            seconds=int(os.environ.get("BENCH_LOAD_SECONDS", "60")),
        )
    )
    report(vendor, scale, total)


def report(vendor: str, scale: float, total: int) -> None:
    print()
    print(f"{'Messung':50} {'p50 ms':>8} {'p95 ms':>8} {'SQL':>5} {'SQL ms':>8}  Ziel")
    for row in results:
        met = {True: "erreicht", False: "VERFEHLT", None: ""}[row.get("met")]
        if "queries" in row:
            print(
                f"{row['name']:50} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['queries']:>5} "
                f"{row['sql_floor_ms']:>8}  {met}"
            )
        else:
            details = ", ".join(f"{k}={v}" for k, v in row.items() if k not in ("name", "met"))
            print(f"{row['name']:50} {details}  {met}")
    folder = ROOT / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%dT%H-%M-%S")
    payload = {
        "date": stamp,
        "database": vendor,
        "scale": scale,
        "network_contacts": total,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "results": results,
    }
    (folder / f"{stamp}.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2))
    print(f"\nErgebnisse: bench/results/{stamp}.json")


if __name__ == "__main__":
    main()
