"""One parser per field (imports.parsers): generated notations of a value the test knows,
read back to that value – and no cell, however odd, makes a parser raise."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from contacts.models import ContactStatus, Intensity
from contacts.validators import german_phone
from imports import parsers as p

D = datetime.date
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PAST = st.dates(min_value=D(1990, 1, 1), max_value=D(2024, 12, 31))

# Written out here, not taken from the parser: the test must notice a wrong entry there.
MONTH_NAMES = {1: ["Januar", "Jan."], 3: ["März", "Mrz"], 4: ["April", "Apr"], 5: ["Mai"],
               9: ["September", "Sept."], 10: ["Oktober", "Okt"], 12: ["Dezember", "Dez."]}  # fmt: skip
SEASONS = {"Frühjahr": 3, "Frühling": 3, "Sommer": 6, "Herbst": 9, "Winter": 12}


@st.composite
def day_notations(draw):
    date = draw(PAST)
    notation = draw(
        st.sampled_from(
            [
                f"{date:%d.%m.%Y}",
                f"{date.day}.{date.month}.{date.year}",
                f"{date:%d.%m.%y}",
                f"{date.isoformat()}",
                f"{date.isoformat()} 00:00:00",
                f"{date:%d/%m/%Y}",
                f" {date:%d.%m.%Y} ",
                str((date - D(1899, 12, 30)).days),  # an Excel serial number in a text cell
            ]
        )
    )
    return date, notation


@given(day_notations())
@SETTINGS
@example((D(2016, 4, 6), "42466"))
@example((D(2016, 4, 1), "1.4.16"))
def test_a_day_in_any_usual_notation_is_read_exactly(case):
    date, notation = case
    parsed = p.parse_date(notation)
    assert (parsed.value, parsed.precision, parsed.leftover) == (date, p.DAY, "")
    assert not parsed.approximate


@st.composite
def month_notations(draw):
    year = draw(st.integers(1995, 2024))
    month = draw(st.sampled_from(sorted(MONTH_NAMES)))
    name = draw(st.sampled_from(MONTH_NAMES[month]))
    notation = draw(
        st.sampled_from(
            [
                f"{name} {year}",
                f"{name}{year}",
                f"{name} {year % 100:02d}",
                f"{month:02d}/{year}",
                f"{month}.{year}",
                f"{month:02d}/{year % 100:02d}",
                f"{year}-{month:02d}",
            ]  # fmt: skip
        )
    )
    return D(year, month, 1), notation


@given(month_notations(), st.sampled_from(["", "ca. ", "um ", "etwa ", "Ca "]))
@SETTINGS
def test_a_month_reads_as_its_first_day_and_ca_marks_it_approximate(case, prefix):
    date, notation = case
    parsed = p.parse_date(prefix + notation)
    assert parsed.value == date, notation
    assert parsed.precision == p.MONTH
    assert parsed.approximate == bool(prefix)


@given(st.integers(1995, 2024), st.sampled_from(sorted(SEASONS)))
@SETTINGS
def test_a_season_is_its_first_month_and_approximate(year, season):
    parsed = p.parse_date(f"{season} {year}")
    assert (parsed.value, parsed.precision, parsed.approximate) == (
        D(year, SEASONS[season], 1),
        p.SEASON,
        True,
    )


@pytest.mark.parametrize(
    ("text", "expected", "approximate"),
    [
        ("2015", D(2015, 1, 1), False),
        ("um 2013", D(2013, 1, 1), True),
        ("ca. 2013", D(2013, 1, 1), True),
        ("2013?", D(2013, 1, 1), True),
        ("2. Halbjahr 2014", D(2014, 7, 1), True),
        ("Q3 2015", D(2015, 7, 1), True),
        ("2013–2015", D(2013, 1, 1), False),
        ("Anfang 2016", D(2016, 1, 1), True),
    ],
)
def test_years_and_parts_of_years(text, expected, approximate):
    parsed = p.parse_date(text)
    assert (parsed.value, parsed.approximate) == (expected, approximate)


@pytest.mark.parametrize("text", ["unbekannt", "k. A.", "?", "-", "keine Angabe"])
def test_an_unknown_date_is_nothing_with_a_note(text):
    parsed = p.parse_date(text)
    assert parsed.value is None
    assert parsed.leftover == ""
    assert parsed.note


@pytest.mark.parametrize("text", ["irgendwann", "31.02.2016", "13/2016", "01.01.2999", "Mon 2016"])
def test_what_is_no_date_or_in_the_future_is_the_leftover(text):
    parsed = p.parse_date(text)
    assert parsed.value is None
    assert parsed.leftover == text


@given(st.text(max_size=40))
@SETTINGS
def test_no_cell_makes_a_parser_raise(text):
    for parser in (p.parse_date, p.parse_status, p.parse_phone, p.parse_email, p.parse_postcode,
                   p.parse_website, p.parse_city, p.parse_street, p.parse_intensity, p.parse_flag,
                   p.parse_person_name, p.parse_postcode_city, p.parse_house_number, p.parse_consent):  # fmt: skip
        parsed = parser(text)
        # Whatever is not read is kept: a value, or the leftover, or nothing for blank text.
        assert (
            parsed.value is not None
            or parsed.leftover
            or parsed.note
            or not text.strip()
            or (parser in (p.parse_person_name, p.parse_street))
        )


STATUS_WORDS = {
    ContactStatus.ENDED: ["ausgelaufen", "beendet", "Beendet", "abgeschlossen", "inaktiv", "eingestellt"],
    ContactStatus.DORMANT: ["ruht", "ruhend", "pausiert"],
    ContactStatus.ACTIVE: ["aktiv", "laufend", "besteht"],
}  # fmt: skip


@given(
    st.sampled_from([(s, w) for s, words in STATUS_WORDS.items() for w in words]),
    month_notations(),
    st.sampled_from([" ", " seit ", " am ", " zum ", ", "]),
)
@SETTINGS
def test_a_status_and_its_date_from_one_cell(status_word, month, joiner):
    status, word = status_word
    date, notation = month
    parsed = p.parse_status(f"{word}{joiner}{notation}")
    assert parsed.value == status
    assert parsed.leftover == ""
    if status == ContactStatus.DORMANT:
        # "ruht seit 05/2021": when it went quiet – never "Kontakt seit"; the words stay
        # in the notes (no field holds that date)
        assert parsed.parts == (), (word, joiner, notation)
        assert parsed.extras == (" ".join(f"Status: {word}{joiner}{notation}".split()),)
        return
    name = "ended_on" if status == ContactStatus.ENDED else "since"
    assert dict(parsed.parts) == {name: date}, (word, joiner, notation)


def test_a_status_alone_and_an_unknown_status():
    assert p.parse_status("ausgelaufen").value == ContactStatus.ENDED
    assert p.parse_status("ausgelaufen").parts == ()
    assert p.parse_status("vielleicht").leftover == "vielleicht"


@st.composite
def phone_notations(draw):
    area = "0" + draw(st.from_regex(r"[1-9][0-9]{2,3}", fullmatch=True))
    number = draw(st.from_regex(r"[1-9][0-9]{3,7}", fullmatch=True))
    separator = draw(st.sampled_from([" ", "/", " / ", "-", " - ", "–", " – ", "—", "\u2011"]))
    international = draw(st.booleans())
    if international:
        prefix = draw(st.sampled_from(["+49 (0) ", "+49 (0)", "+49 ", "0049 "]))
        return prefix + area[1:] + separator + number, area[1:] + number
    return area + separator + number, area + number


@given(phone_notations(), st.sampled_from(["", "Tel. ", "Tel.: ", "Telefon: "]))
@SETTINGS
def test_german_and_international_phone_notations_are_read(case, label):
    text, digits = case
    parsed = p.parse_phone(label + text)
    assert parsed.leftover == "", text
    german_phone(parsed.value)  # the register accepts it
    assert re.sub(r"\D", "", parsed.value).endswith(digits)


def test_phone_and_fax_in_one_cell_and_what_is_no_number():
    parsed = p.parse_phone("Tel.: 03681 12345 / Fax: 03681 12346")
    assert (parsed.value, dict(parsed.parts)) == ("03681 12345", {"fax": "03681 12346"})
    assert p.parse_phone(3675123456).value == "03675123456"  # Excel dropped the zero
    assert p.parse_phone("bitte nachfragen").leftover == "bitte nachfragen"


@given(
    st.from_regex(r"[0-9]{5}", fullmatch=True),
    st.sampled_from(["", "D-", "D ", "D - ", "DE-", "DE "]),
)
@SETTINGS
def test_postcodes_with_a_country_prefix(postcode, prefix):
    assert p.parse_postcode(prefix + postcode).value == postcode
    city = p.parse_city(f"{prefix}{postcode} Jena")
    assert (city.value, dict(city.parts)) == ("Jena", {"postcode": postcode})


def test_a_postcode_excel_stored_as_a_number_gets_its_zero_back():
    assert p.parse_postcode(7743).value == "07743"
    assert p.parse_postcode("Jena").leftover == "Jena"


@given(
    st.from_regex(r"[a-z][a-z0-9.]{0,10}[a-z0-9]", fullmatch=True),
    st.sampled_from(["example.org", "verein-x.de", "tafel.example"]),
    st.sampled_from(["{}", "mailto:{}", "Anna Amsel <{}>", " {} ", "{};"]),
)
@SETTINGS
def test_email_notations(local, domain, shape):
    address = f"{local}@{domain}"
    if ".." in address or ".@" in address:
        return
    assert p.parse_email(shape.format(address)).value == address


def test_several_emails_and_what_is_no_email():
    parsed = p.parse_email("info@a.example; beratung@a.example")
    assert parsed.value == "info@a.example"
    assert parsed.extras == ("weitere E-Mail: beratung@a.example",)
    assert p.parse_email("kein-mail").leftover == "kein-mail"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("www.tafel.example", "https://www.tafel.example"),
        ("http://a.example/x", "http://a.example/x"),
        ("tafel-weimar.example/kontakt", "https://tafel-weimar.example/kontakt"),
    ],  # fmt: skip
)
def test_websites(text, expected):
    assert p.parse_website(text).value == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("regelmäßig", Intensity.REGULAR),
        ("sehr eng", Intensity.CLOSE),
        ("sporadisch", Intensity.OCCASIONAL),
        ("monatlich", Intensity.REGULAR),
    ],  # fmt: skip
)
def test_intensity_words(text, expected):
    assert p.parse_intensity(text).value == expected


def test_flags_and_house_numbers():
    assert [p.parse_flag(v).value for v in ("ja", "x", "Nein", "-")] == [True, True, False, False]
    assert p.parse_flag("vielleicht").leftover == "vielleicht"
    assert [p.is_house_number(v) for v in ("5", "12a", "3-5", "12 b", "Weg")] == [True] * 4 + [
        False
    ]


def test_vocabularies_name_what_no_entry_matches():
    entries = {"bildung und sprache": 1, "jugend": 2, "senioren": 3}

    def lookup(_code, value):
        if value.lower() in entries:
            return entries[value.lower()]
        raise LookupError(value)

    parsed = p.parse_vocabulary("fields_of_action", "Bildung und Sprache; Jugend und Senioren, Zirkus", lookup, multiple=True)  # fmt: skip
    assert parsed.value == [1, 2, 3]
    assert parsed.unknown == ("Zirkus",)
    assert p.parse_vocabulary("organisation_type", "Zirkus", lookup, multiple=False).unknown == (
        "Zirkus",
    )
