"""The benchmark's data generator keeps working (its timings are measured by `make bench`)."""

from bench import dataset
from contacts.models import ContactPerson, Interaction, NetworkContact, Organisation
from projects.models import Project


def test_dataset_builds_the_requested_numbers_reproducibly(db):
    counts = dataset.build(scale=0.002, log=lambda *args: None)
    assert counts == {
        "projects": 5,
        "organisations": 40,
        "contacts": 200,
        "persons": 300,
        "interactions": 600,
    }
    bench = Project.objects.filter(slug__startswith="bench-")
    assert bench.count() == 5
    assert Organisation.objects.count() >= 40
    assert NetworkContact.objects.filter(project__in=bench).count() == 200
    assert ContactPerson.objects.filter(network_contact__project__in=bench).count() == 300
    assert Interaction.objects.filter(network_contact__project__in=bench).count() == 600
    assert dataset.exists()
    with_last = NetworkContact.objects.filter(project__in=bench, last_interaction_on__isnull=False)
    assert with_last.exists()


def test_dataset_grows_to_three_times_in_the_same_projects(db):
    dataset.build(scale=0.002, log=lambda *args: None)
    bench = Project.objects.filter(slug__startswith="bench-")
    added = dataset.grow(2, scale=0.002, log=lambda *args: None)
    assert added == {"organisations": 80, "contacts": 400, "persons": 600, "interactions": 1200}
    assert bench.count() == 5  # the same projects, three times their networks
    assert NetworkContact.objects.filter(project__in=bench).count() == 600
    assert ContactPerson.objects.filter(network_contact__project__in=bench).count() == 900
    assert Interaction.objects.filter(network_contact__project__in=bench).count() == 1800
    grown = NetworkContact.objects.filter(project__in=bench, last_interaction_on__isnull=False)
    assert grown.count() > NetworkContact.objects.filter(project__in=bench).count() / 2
