"""The programme's projection counted in the database (issue 30, point 4) is networkx's:
on seeded programmes the weights of every project pair equal
``networkx.bipartite.weighted_projected_graph`` over the active contacts, the bridges are the
organisations that alone tie a pair, and the degree ranking is networkx's degree."""

from __future__ import annotations

import datetime
import random

import networkx as nx
import pytest
from django.utils import timezone

from contacts.models import NetworkContact
from projects.models import Project
from reports import network
from tests import factories


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_projection_and_bridges_equal_networkx(db, seed):
    rng = random.Random(seed)
    projects = [factories.ProjectFactory() for _ in range(rng.randint(3, 9))]
    today = timezone.localdate()
    for index in range(rng.randint(10, 40)):
        organisation = factories.OrganisationFactory(name=f"Partner {index}")
        for project in rng.sample(projects, rng.randint(1, min(4, len(projects)))):
            ended = rng.random() < 0.15  # ended contacts are not in the network
            factories.NetworkContactFactory(
                project=project,
                organisation=organisation,
                since=datetime.date(2020, 1, 1),
                status="ended" if ended else "active",
                ended_on=today - datetime.timedelta(days=10) if ended else None,
            )
    active = NetworkContact.objects.active_at(today)
    graph = nx.Graph()
    nodes = [f"p{p.pk}" for p in projects]
    graph.add_nodes_from(nodes)
    graph.add_edges_from(
        (f"p{p}", f"o{o}") for p, o in active.values_list("project", "organisation")
    )
    expected = nx.bipartite.weighted_projected_graph(graph, nodes)
    programme = network.programme_network(Project.objects.all(), today, shared_limit=1000)
    found = {frozenset((f"p{a.pk}", f"p{b.pk}")): weight for a, b, weight, _o in programme.pairs}
    wanted = {frozenset((a, b)): data["weight"] for a, b, data in expected.edges(data=True)}
    print(
        f"\nSeed {seed}: {len(wanted)} Paare, {len(programme.bridges)} verbindende Organisationen"
    )
    assert found == wanted
    bridges = {
        o
        for a, b, data in expected.edges(data=True)
        if data["weight"] == 1
        for o in set(graph[a]) & set(graph[b])
    }
    assert {f"o{organisation.pk}" for organisation, _pairs in programme.bridges} == bridges
    degree = {node: d for node, d in graph.degree() if node.startswith("o") and d >= 2}
    assert sorted(degree.values(), reverse=True) == [
        len(projects_of) for _organisation, projects_of in programme.shared
    ]
