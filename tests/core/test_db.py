"""core.db.text_in finds exactly the rows an ``__in`` list would, on every database."""

from contacts.models import Organisation
from core.db import text_in
from tests.factories import OrganisationFactory


def test_text_in_matches_like_a_plain_in_list(db):
    for name in ["Tafel Gera", "Tafel Suhl", "Kita Jena", "O'Brien & Söhne"]:
        OrganisationFactory(name=name)
    wanted = [
        Organisation.objects.get(name=n).normalised_name for n in ["Tafel Gera", "O'Brien & Söhne"]
    ]
    wanted.append("fehlt")
    ours = Organisation.objects.filter(normalised_name__in=text_in(wanted))
    plain = Organisation.objects.filter(normalised_name__in=wanted)
    assert sorted(ours.values_list("name", flat=True)) == sorted(
        plain.values_list("name", flat=True)
    )
    assert ours.count() == 2


def test_text_in_of_thousands_of_names(db):
    OrganisationFactory(name="Verein 4711")
    names = [f"verein {n}" for n in range(5000)]
    assert list(Organisation.objects.filter(normalised_name__in=text_in(names))) == [
        Organisation.objects.get(name="Verein 4711")
    ]
