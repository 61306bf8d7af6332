"""The ministry sees organisations, never persons (issue 30): on every new page and in every
download of the network maps – the project maps (page, SVG, PDF) and the programme's network –
and wherever a closed report or a workbook says who made it (the office instead of a name).
The same pages show the organisations, so the check cannot pass on an empty page."""

from __future__ import annotations

from django.urls import reverse

from reports import periods, services
from tests.jobs import job_file
from tests.site.test_role_combinations import personal_data, text_of


def test_the_ministry_sees_no_person_on_the_maps_or_in_their_downloads(client, world):
    secrets = [text for texts in personal_data(world).values() for text in texts]
    client.force_login(world.ministry)
    urls = [reverse("reports:network_map")]
    for project in (world.project_a, world.project_b):
        for name in ("reports:project_map", "reports:project_map_svg", "reports:project_map_pdf"):
            urls.append(reverse(name, args=[project.pk]))
            urls.append(reverse(name, args=[project.pk]) + "?zeitraum=2016-H2")
    checked = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        leaks = [secret for secret in secrets if secret in text]
        assert leaks == [], f"{url}: {leaks}"
        checked += 1
    print(f"{checked} Seiten und Downloads ohne Person")
    page = text_of(client.get(reverse("reports:project_map", args=[world.project_a.pk])))
    assert world.organisation.name in page  # organisations are shown
    pdf = text_of(client.get(reverse("reports:project_map_pdf", args=[world.project_a.pk])))
    assert world.organisation.name in pdf


def test_the_ministry_reads_offices_not_names_where_reports_say_who_made_them(client, world):
    """Closed reports (list, page, stored workbook) and the ministry's own export name the
    coordination office and the ministry, not the coordinator or the ministry's clerk."""
    for user, first, last in (
        (world.coordination, "Klara", "Koordina"),
        (world.ministry, "Max", "Ministeriala"),
    ):
        user.first_name, user.last_name = first, last
        user.save()
    # The ministry's own name: in the workbook (which goes on), not in the page's account menu.
    secrets = ["Klara Koordina"] + [
        text for texts in personal_data(world).values() for text in texts
    ]
    report = services.final_report_close(period=periods.parse("2016-H2"), by=world.coordination)
    client.force_login(world.ministry)
    pages = {
        url: text_of(client.get(url))
        for url in (
            reverse("reports:final_list"),
            reverse("reports:final_detail", args=[report.pk]),
            reverse("reports:final_download", args=[report.pk]),
        )
    }
    fresh = client.post(reverse("reports:ministry_export"), {"period": "2017-H1"})
    pages["Export 2017-H1"] = text_of(job_file(client, fresh))
    for where, text in pages.items():
        own = ["Max Ministeriala"] if where.startswith("Export") or "bericht.xlsx" in where else []
        leaks = [secret for secret in secrets + own if secret in text]
        assert leaks == [], f"{where}: {leaks}"
        print(f"{where}: ohne Person")
    assert "Koordinierungsstelle" in pages[reverse("reports:final_list")]
    assert "von Koordinierungsstelle" in pages[reverse("reports:final_detail", args=[report.pk])]
    assert "Koordinierungsstelle" in pages[reverse("reports:final_download", args=[report.pk])]
    assert "Ministerium" in pages["Export 2017-H1"]
    # The coordination office still reads who closed the report.
    client.force_login(world.coordination)
    assert "Klara Koordina" in text_of(client.get(reverse("reports:final_list")))
