"""The ministry sees organisations, never persons (issue 30): on every new page and in every
download of the network maps – the project maps (page, SVG, PDF) and the programme's network.
The same pages show the organisations, so the check cannot pass on an empty page."""

from __future__ import annotations

from django.urls import reverse

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
