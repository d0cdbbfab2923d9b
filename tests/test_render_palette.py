"""One palette: every role colour stands apart from every class colour and from the other roles."""

import itertools

import numpy as np
import pytest

from render.palette import CLASS_COLOURS, FONT, PALETTE, hex_to_rgb

MIN_GAP = 60.0  # RGB distance: two colours this far apart do not read as the same mark


def _gap(a: str, b: str) -> float:
    return float(np.linalg.norm(np.subtract(hex_to_rgb(a), hex_to_rgb(b))))


def test_the_eight_classes_are_okabe_ito():
    assert PALETTE.classes(8) == CLASS_COLOURS
    assert CLASS_COLOURS == ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


@pytest.mark.parametrize("role", list(PALETTE.roles()))
def test_no_role_is_a_class_colour(role):
    colour = PALETTE.roles()[role]
    assert min(_gap(colour, c) for c in CLASS_COLOURS) >= MIN_GAP, (role, colour)


def test_the_roles_are_apart_from_each_other():
    roles = PALETTE.roles()
    assert set(roles) == {"highlight", "forward", "gradient", "check", "mismatch", "boundary", "text"}
    for (a, x), (b, y) in itertools.combinations(roles.items(), 2):
        assert _gap(x, y) >= MIN_GAP, (a, b)


def test_css_carries_every_colour_and_the_font():
    css = PALETTE.css()
    assert css.startswith(":root{") and f"--highlight:{PALETTE.highlight};" in css and f"--class7:{PALETTE.class7};" in css
    assert f'--font:"{FONT}";' in css


def test_a_bad_colour_is_named():
    with pytest.raises(ValueError, match=r"colour must look like '#RRGGBB'. Got 'red' instead."):
        hex_to_rgb("red")
