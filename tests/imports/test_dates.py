"""Dates as offices write them (issue 21, item 2): every German month name and its usual
abbreviations, with and without the dot, in any case – and what is not a month is refused."""

import datetime

import pytest

from imports.reading import parse_date

# Written out here, not taken from the parser: the test must notice a wrong entry there.
MONTH_SPELLINGS = [
    (1, ["Januar", "Jan"]),
    (2, ["Februar", "Feb"]),
    (3, ["März", "Maerz", "Mär", "Mrz"]),
    (4, ["April", "Apr"]),
    (5, ["Mai"]),
    (6, ["Juni", "Jun"]),
    (7, ["Juli", "Jul"]),
    (8, ["August", "Aug"]),
    (9, ["September", "Sep", "Sept"]),
    (10, ["Oktober", "Okt"]),
    (11, ["November", "Nov"]),
    (12, ["Dezember", "Dez"]),
]
CASES = [
    (f"{spelling}{dot} 2016", month)
    for month, spellings in MONTH_SPELLINGS
    for spelling in spellings
    for dot in ("", ".")
]


@pytest.mark.parametrize(("text", "month"), CASES)
def test_every_german_month_reads_as_its_first_day(text, month):
    expected = datetime.date(2016, month, 1)
    assert parse_date(text) == expected
    assert parse_date(text.upper()) == expected
    assert parse_date(f"  {text.lower()} ") == expected


@pytest.mark.parametrize("text", ["Mon 2016", "Juno 2016", "Okto. 2016", "Sept 16", "Mai2016"])
def test_what_is_not_a_month_is_refused_in_german(text):
    with pytest.raises(ValueError, match="ist kein Datum"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (the common forms stand in tests/imports/test_import.py; here their edges)
        ("31.12.69", datetime.date(2069, 12, 31)),
        ("01.01.70", datetime.date(1970, 1, 1)),
        ("4.2016", datetime.date(2016, 4, 1)),
        ("12/2016", datetime.date(2016, 12, 1)),
    ],
)
def test_the_other_forms_the_parser_claims_to_read(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31.02.2016", "13/2016", "00.01.2016", "1899", "2016-13-01"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError, match="ist kein Datum"):
        parse_date(text)
