"""A cell's fill colour as an .xlsx styles part states it (``imports.layout``): an explicit
colour, a theme colour or an indexed (legacy palette) colour, lightened or darkened by its
tint – what a legend's "grau hinterlegt" is compared with."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import pytest

from imports.layout import _xlsx_colour

THEME = [(250, 250, 250), (10, 20, 30), (200, 0, 0)]


def colour(**attributes: str):
    return _xlsx_colour(Element("fgColor", attributes), THEME)


def test_no_colour_element_is_no_colour():
    assert _xlsx_colour(None, THEME) is None


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"rgb": "FF00FF00"}, (0, 255, 0)),  # ARGB: the alpha is dropped
        ({"rgb": "#3366CC"}, (51, 102, 204)),
        ({"rgb": "not a colour"}, None),
        ({"rgb": "FF00FF00", "theme": "1"}, (0, 255, 0)),  # an explicit colour wins
        ({"theme": "1"}, (10, 20, 30)),
        ({"theme": "2"}, (200, 0, 0)),
        ({"theme": "3"}, None),  # past the theme's colours
        ({"theme": "dark"}, None),
        ({"indexed": "2"}, (255, 0, 0)),
        ({"indexed": "64000"}, None),  # past the palette
        ({"indexed": ""}, None),
        ({}, None),
    ],
)
def test_a_colour_is_read_from_rgb_theme_or_palette(attributes, expected):
    assert colour(**attributes) == expected


@pytest.mark.parametrize(
    ("tint", "expected"),
    [
        ("0.5", (192, 192, 192)),  # halfway to white
        ("-0.5", (64, 64, 64)),  # halfway to black
        ("2", (255, 255, 255)),  # at most white
        ("-7", (0, 0, 0)),  # at most black
        ("1e-1", (141, 141, 141)),
        ("lighter", (128, 128, 128)),  # not a number: the colour as it is
        ("", (128, 128, 128)),
    ],
)
def test_a_tint_lightens_or_darkens_the_colour(tint, expected):
    assert colour(rgb="FF808080", tint=tint) == expected
    assert colour(theme="3", tint=tint) is None  # no colour to tint


def test_a_tint_without_a_colour_is_no_colour():
    assert colour(tint="0.5") is None
