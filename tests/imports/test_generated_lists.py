"""Generated lists (issue 28, point 5): does the import put the values of lists it has never
seen into the right fields? The rules of the measure: tests/imports/generator/__init__.py.

The seeded run imports GEN_COUNT lists (500 in CI; ``make generated-import`` runs 5,000)
through the services the wizard and ``import_contacts`` use and prints the share of values
in the right field, records lost and spurious, the share per field and per transformation,
and the worst lists with their recipe and their misplaced values.
"""

from __future__ import annotations

import datetime
import os

import pytest

from contacts.models import (
    ContactPerson,
    FieldOfAction,
    NetworkContact,
    Organisation,
    OrganisationType,
)
from contacts.validators import german_phone
from tests import factories
from tests.imports.generator import shapes
from tests.imports.generator.lists import generate
from tests.imports.generator.measure import measure
from tests.imports.generator.notation import without_legal_form
from tests.imports.generator.runner import Run
from tests.imports.generator.scoring import digits, in_window, person_matches, score
from tests.imports.generator.truth import Person

# One seeded run serves the bar and the floor (``summary``): with pytest-xdist the module
# stays on one worker, or each worker would import the 500 lists again.
pytestmark = pytest.mark.xdist_group("generated_lists")

GEN_SEED = int(os.environ.get("GEN_SEED", "28"))
GEN_COUNT = int(os.environ.get("GEN_COUNT", "500"))
GEN_DIMENSIONS = int(os.environ.get("GEN_DIMENSIONS", "40"))  # rows of the breakdown printed
# A held-out seed: lists nobody looked at while the engine was tuned on GEN_SEED's misses –
# the honest measure of generalisation (never debug with it; pick a new one when you have).
HELD_OUT_SEED = int(os.environ.get("GEN_HELD_OUT_SEED", "1207"))
HELD_OUT_COUNT = int(os.environ.get("GEN_HELD_OUT_COUNT", "200"))

# The bar of issue 28 …
BAR_SHARE = 0.95
# … and today's floor: what the engine reached (GEN_SEED=28, 500 lists), less a margin of
# about two points. Main at 5e8551f, when the generator was written: 26.7 % of values in the
# right field, 58.6 % of the organisations lost, 6.0 % spurious; main at 2c45ad7 (merged
# cells, continuation rows and column groups read as a person sees them): 28.9 %, 56.3 %,
# 3.1 %; branch import-engine (plan, parsers, column evidence, no row lost for a value):
# 82.0 %, 1.6 % lost, 1.6 % spurious; branch import-round2 (organisation names read as
# names, not types; English words; phone columns of organisations; field synonyms):
# 91.1 %, 0 lost, 0.8 % spurious; branch import28 (person groups by prefix, own and
# company phones, phones stored as numbers, marks under a merged group heading, line breaks
# between entries, "letzter Kontakt" into the notes, legends and sum rows of CSV files) with
# the widened generator (more header spellings, Outlook English and Google 2023 exports, a
# "letzter Kontakt" column): 98.5 %, 0 lost, 0 spurious (held-out seed 1207, 200 lists:
# 98.4 %, 0, 0; the engine before this round on the same generator: 89.2 %, 10 lost, 44
# spurious and 90.3 %, 0, 9); branch impvalues (row notes, legal form column, categories,
# periods, dated status words, status beside "aktiv?", labelled organisation numbers) with
# the generator drawing those from a second random source: 98.8 %, 0, 0 (held-out 98.8 %,
# 0, 0); branch impgen2 (full name beside first name, country after the city, "Name 1 |
# Name 2", "Inaktiv", the persons' lines beside their mobiles, one loose vocabulary value
# in every row, "2018/19", shortened vocabulary values) with the profiles pipedrive,
# persons_rows and datev from a third random source: 98.8 %, 0, 0 (held-out 98.8 %, 0, 0).
# Raise it when the engine
# improves; falling below it is a regression.
FLOOR_SHARE = 0.96
FLOOR_MAX_LOST = 0.002  # share of the organisations lost
FLOOR_MAX_SPURIOUS = 0.01  # spurious contacts per organisation of the lists


_MEASURED: dict[tuple[int, int], object] = {}


def _measured(seed: int, count: int, capsys, label: str = ""):
    """One seeded run, shared by the tests that ask for it (each list's database changes are
    rolled back). The report is printed also when pytest captures the output (CI)."""
    if (seed, count) not in _MEASURED:
        project = factories.ProjectFactory(name="ThINKA Generiert", slug=f"generiert-{seed}")
        user = factories.UserFactory(username=f"generator-{seed}")
        factories.MembershipFactory(user=user, project=project)
        result = measure(seed, count, project=project, user=user)
        with capsys.disabled():
            print(
                f"\n\n{label}GEN_SEED={seed} GEN_COUNT={count}\n"
                f"{result.report(dimensions=GEN_DIMENSIONS)}\n"
            )
        _MEASURED[(seed, count)] = result
    return _MEASURED[(seed, count)]


@pytest.fixture
def summary(db, capsys):
    return _measured(GEN_SEED, GEN_COUNT, capsys)


def _assert_bar(result) -> None:
    assert result.share >= BAR_SHARE, f"{result.share:.1%} der Werte im richtigen Feld"
    assert result.lost == 0, f"{result.lost} Organisationen verloren"
    assert result.spurious == 0, f"{result.spurious} überzählige Organisationen"


def test_generated_lists_reach_the_bar(summary, capsys):
    """≥ 95 % of values in the right field, no record lost, no spurious record."""
    with capsys.disabled():
        print(
            f"\nBalken: Anteil {summary.share:.1%} (mindestens {BAR_SHARE:.0%}), verloren "
            f"{summary.lost}, überzählig {summary.spurious}"
        )
    _assert_bar(summary)


@pytest.mark.skipif(HELD_OUT_COUNT == 0, reason="kein zurückgehaltener Lauf")
def test_held_out_lists_reach_the_bar(db, capsys):
    """The same bar on a seed the engine was never tuned on: lists it has not seen."""
    held_out = _measured(HELD_OUT_SEED, HELD_OUT_COUNT, capsys, label="zurückgehalten: ")
    with capsys.disabled():
        print(
            f"\nZurückgehalten (GEN_HELD_OUT_SEED={HELD_OUT_SEED}, {HELD_OUT_COUNT} Listen): "
            f"Anteil {held_out.share:.1%}, verloren {held_out.lost}, überzählig "
            f"{held_out.spurious}"
        )
    _assert_bar(held_out)


@pytest.mark.skipif(GEN_COUNT < 500, reason="der Boden gilt für Läufe ab 500 Listen")
def test_generated_lists_stay_above_todays_floor(summary, capsys):
    """No regression below what the engine reached when the measure was built."""
    lost, spurious = summary.lost / summary.records, summary.spurious / summary.records
    with capsys.disabled():
        print(
            f"\nBoden: Anteil {summary.share:.1%} (Boden {FLOOR_SHARE:.1%}), verloren "
            f"{lost:.1%} (höchstens {FLOOR_MAX_LOST:.1%}), überzählig {spurious:.1%} "
            f"(höchstens {FLOOR_MAX_SPURIOUS:.1%})"
        )
    assert summary.share >= FLOOR_SHARE
    assert lost <= FLOOR_MAX_LOST
    assert spurious <= FLOOR_MAX_SPURIOUS
    assert not [s for s in summary.scores if s.crashed], "the engine crashed on a list"


# --- the instrument itself ---------------------------------------------------------------


def test_the_generator_is_seeded():
    first, again, other = generate(7, 3), generate(7, 3), generate(8, 3)
    assert first.recipe == again.recipe
    assert first.grids == again.grids  # the bytes too, but .xlsx and .ods carry a timestamp
    assert first.expected == again.expected
    assert (other.grids, other.recipe) != (first.grids, first.recipe)


def test_the_recipes_cover_every_transformation():
    """Over 500 lists every choice of every dimension occurs (the breakdown needs them)."""
    seen: dict[str, set] = {}
    for number in range(500):
        for name, choice in generate(GEN_SEED, number).recipe.items():
            seen.setdefault(name, set()).add(choice)
    for name, choices in shapes.DIMENSIONS.items():
        assert set(choices) <= seen.get(name, set()), name


@pytest.mark.parametrize("number", range(0, 200, 7))
def test_each_expected_value_is_written_in_the_list(number):
    """The generator claims no value it did not write: every expected organisation name,
    e-mail, note and person's last name is in a cell of its list."""
    generated = generate(GEN_SEED, number)
    cells = " ".join(
        str(v) for grid in generated.grids for row in grid.rows for v in row if v not in ("", None)
    )
    for record, expected in zip(generated.records, generated.expected, strict=True):
        # (a legal form in its own column: the name without it, the form beside it)
        written = (
            without_legal_form(record.name)
            if generated.recipe.get("legal_form") == "column"
            else record.name
        )
        assert written in cells
        for key, expect in expected.items():
            if key in ("email", "notes") or key.endswith(":email"):
                assert expect.value in cells, (key, expect.value)
            if key.endswith(":name"):
                assert expect.value.last_name in cells, (key, expect.value)


@pytest.mark.parametrize("number", range(0, 300, 10))
def test_the_truth_is_valid_data(number):
    """What the lists encode would pass the schema's own validation: a value the engine
    cannot store is the generator's fault, not the engine's."""
    for record in generate(GEN_SEED, number).records:
        Organisation(
            name=record.name,
            organisation_type_id=1,
            street=record.street,
            postcode=record.postcode,
            city=record.city,
            phone=record.phone,
            email=record.email,
            website="https://" + record.website,
        ).clean_fields(exclude=["organisation_type"])
        german_phone(record.fax or "03675 123456")
        for person in record.persons:
            ContactPerson(
                name=person.full_name,
                function=person.function,
                phone=person.phone,
                email=person.email,
            ).clean_fields(exclude=["network_contact"])


def _write_truth(generated, project) -> None:
    """What a perfect engine would write: the truth itself, straight into the models."""
    for record, expected in zip(generated.records, generated.expected, strict=True):
        organisation = Organisation.objects.create(
            name=record.name,
            organisation_type=OrganisationType.objects.get(code=record.type),
            street=record.street,
            postcode=record.postcode,
            city=record.city,
            phone=record.phone,
            email=record.email,
            website="https://" + record.website,
        )
        contact = NetworkContact.objects.create(
            project=project,
            organisation=organisation,
            intensity=record.intensity,
            status=record.status,
            since=record.since,
            ended_on=record.ended_on,
            notes="\n".join(
                filter(
                    None,
                    [
                        record.notes,
                        f"Fax: {record.fax}" if record.fax else "",
                        f"Letzter Kontakt: {record.last_contact:%d.%m.%Y}"
                        if record.last_contact
                        else "",
                        str(expected["status_note"].value) if "status_note" in expected else "",
                        "in der Datei ausgeblendet" if "sheet_note" in expected else "",
                    ],
                )
            ),
        )
        contact.fields_of_action.set(
            factories.vocabulary(FieldOfAction, code) for code in record.fields
        )
        for person in record.persons:
            ContactPerson.objects.create(
                network_contact=contact,
                name=f"{person.salutation} {person.title} {person.full_name}".replace("  ", " "),
                function=person.function,
                phone=person.phone,
                email=person.email,
                consent_on=person.consent_on,
            )


@pytest.mark.parametrize("number", range(12))
def test_the_truth_itself_scores_full_marks(db, number):
    generated = generate(GEN_SEED, number)
    project = factories.ProjectFactory()
    _write_truth(generated, project)
    result = score(generated, project, Run(committed=True))
    assert result.total > 0
    assert (result.share, result.lost, result.spurious) == (1.0, [], []), result.misses


def test_the_scorer_sees_what_is_lost_misplaced_and_spurious(db):
    generated = generate(GEN_SEED, 0)
    project = factories.ProjectFactory()
    _write_truth(generated, project)
    first, second = (
        NetworkContact.objects.filter(project=project)
        .select_related("organisation")
        .order_by("pk")[:2]
    )
    first.delete()
    second.organisation.phone = "0999 111111"
    second.organisation.save()
    factories.NetworkContactFactory(
        project=project, organisation=factories.OrganisationFactory(name="Legende:")
    )
    result = score(generated, project, Run(committed=True))
    assert result.lost == [generated.records[0].name]
    assert result.spurious == ["Legende:"]
    phone_expected = "phone" in generated.expected[1]
    assert any(m.key == "phone" for m in result.misses) == phone_expected
    assert result.share < 1


def test_tolerant_comparisons():
    assert digits("+49 (0)3675 1234-0") == digits("03675 12340") == "0367512340"
    assert digits("03675–123") == "03675123"
    assert in_window(datetime.date(2013, 7, 1), datetime.date(2013, 2, 3), "year")
    assert not in_window(datetime.date(2014, 1, 1), datetime.date(2013, 2, 3), "year")
    assert in_window(datetime.date(2016, 4, 1), datetime.date(2016, 4, 17), "month")
    assert not in_window(datetime.date(2016, 4, 1), datetime.date(2016, 4, 17), "day")
    petra = Person("Frau", "Dr.", "Petra", "Pfau", "Leitung", "", "")
    assert person_matches("Frau Dr. Petra Pfau", petra)
    assert person_matches("Petra Pfau", petra)
    assert not person_matches("Petra Pfau (Leitung)", petra)
    assert not person_matches("Pfau", petra)
