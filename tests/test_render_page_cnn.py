"""The page's live CNN and surface read-out, driven in headless Chromium: the browser's numbers equal model.conv's."""

import shutil
import urllib.parse
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from model.conv import example_from_dict, forward, gradient, gradients, load_example, windows_covering
from model.data import Dataset, read_csv_points
from model.metrics import EpochMetrics
from model.surface import Grid, Snapshot
from render.files.snapshots import SnapshotRun
from render.page.html import build_page

pytestmark = pytest.mark.skipif(shutil.which("chromedriver") is None, reason="needs Debian's chromium-driver")
FRAMES, RES = 40, 64


def _run() -> SnapshotRun:
    """A small recorded run whose surfaces are known: p(class 1) rises left to right, steeper each epoch."""
    rng = np.random.default_rng(3)
    x, y = rng.uniform(-1, 1, (60, 2)), np.arange(60) % 2
    data = Dataset("synthetic", x[:40], y[:40], x[40:], y[40:])
    ramp = np.linspace(0.0, 1.0, RES)
    snaps = []
    for e in range(1, FRAMES + 1):
        probs = np.tile(0.5 + (ramp - 0.5) * e / FRAMES, (RES, 1)).astype(np.float32)  # row 0 at the top
        metrics = EpochMetrics(e, FRAMES, 1.0 / e, 1.1 / e, 0.5, 0.5, np.zeros(40, int), np.zeros(20, int))
        snaps.append(Snapshot(probs, metrics))
    return SnapshotRun(Grid(-2.0, 2.0, -2.0, 2.0, RES), data, snaps, FRAMES, "synthetic, hidden 4 tanh")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Two pages: the lesson's own 4x4 input with a 3x3 kernel, and a 5x5 input with a 2x2 kernel."""
    d, run = tmp_path_factory.mktemp("pages"), _run()
    other = example_from_dict({"a": np.full((5, 5), 0.1).tolist(), "w": [[0.5, -0.2], [0.3, 0.1]], "b": 0.0,
                               "v": [0.1] * 16, "c": 0.0, "y": 0})
    paths = []
    for name, ex in (("lesson", load_example()), ("five", other)):
        (d / f"{name}.html").write_text(build_page(run, example=ex), encoding="utf-8")
        paths.append(d / f"{name}.html")
    return paths


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 f"--user-data-dir={tmp_path_factory.mktemp('profile')}", "--window-size=1400,1800"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    yield browser
    browser.quit()


def _js_text(x: float) -> str:
    """JavaScript's String(x) for a double: shortest digits, exponent outside 1e-6 <= |x| < 1e21."""
    sign, digits, exp = Decimal(repr(x)).normalize().as_tuple()
    digits, n = "".join(map(str, digits)), exp + len(digits)
    if len(digits) <= n <= 21:
        body = digits + "0" * (n - len(digits))
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * -n + digits
    else:
        body = (digits[0] + ("." + digits[1:] if len(digits) > 1 else "")) + f"e{'+' if n - 1 > 0 else '-'}{abs(n - 1)}"
    return ("-" if sign else "") + body


def _shown(x: float) -> str:
    """The page's text for x: four significant digits, halves away from zero (toPrecision), then String()."""
    if x == 0:
        return "0"
    d = Decimal(x)
    q = d.quantize(Decimal(1).scaleb(d.adjusted() - 3), rounding=ROUND_HALF_UP)
    return _js_text(float(q))


def _expected(ex) -> dict[str, float]:
    fwd, g = forward(ex), gradients(ex)
    out = {"s": fwd.s, "y_hat": fwd.y_hat, "L": fwd.loss, "db": g.db, "dc": g.dc}
    for i in range(ex.m):
        for j in range(ex.m):
            out |= {f"z{i}{j}": fwd.z[i, j], f"h{i}{j}": fwd.h[i, j], f"delta{i}{j}": g.delta[i, j], f"dv{i * ex.m + j}": g.dv[i * ex.m + j]}
    out |= {f"dw{i}{j}": g.dw[i, j] for i in range(ex.k) for j in range(ex.k)}
    return out | {f"da{i}{j}": g.da[i, j] for i in range(ex.n) for j in range(ex.n)}


_READ = """return Object.fromEntries([...document.querySelectorAll('#cnn [data-exact]')]
  .map(el => [el.dataset.key, [el.dataset.exact, el.textContent]]));"""
_SET = """const [values, bad] = arguments;
for (const [key, text] of Object.entries(values)) document.querySelector(`input[data-key="${key}"]`).value = text;
document.querySelector('input[data-key="a00"]').dispatchEvent(new Event('input'));
return [...document.querySelectorAll('input.bad')].map(el => el.dataset.key);"""


def _typed(rng, shape, exact: bool):
    """Numbers as a student types them (three decimals) or as full-precision doubles."""
    x = rng.uniform(-1.5, 1.5, shape)
    return x if exact else np.round(x, 3)


def _check(driver, ex) -> None:
    got, want = driver.execute_script(_READ), _expected(ex)
    assert set(got) == set(want)
    for key, value in want.items():
        exact, text = float(got[key][0]), got[key][1]
        assert abs(exact - value) <= max(1e-12 * abs(value), 1e-15), (key, exact, value)
        assert text.replace("\u2212", "-") == _shown(exact), (key, text, exact)


def test_thirty_random_examples_equal_model_conv(driver, pages):
    rng = np.random.default_rng(19)
    for path, (n, k) in zip(pages, ((4, 3), (5, 2)), strict=True):
        driver.get(path.as_uri())
        m = n - k + 1
        for t in range(15):
            data = {"a": _typed(rng, (n, n), t % 2), "w": _typed(rng, (k, k), t % 2), "b": _typed(rng, (), t % 2),
                    "v": _typed(rng, (m * m,), t % 2), "c": _typed(rng, (), t % 2), "y": int(rng.integers(2))}
            ex = example_from_dict({key: v.tolist() if isinstance(v, np.ndarray) else v for key, v in data.items()})
            values = {f"a{i}{j}": repr(float(ex.a[i, j])) for i in range(n) for j in range(n)}
            values |= {f"w{i}{j}": repr(float(ex.w[i, j])) for i in range(k) for j in range(k)}
            values |= {f"v{i}": repr(float(x)) for i, x in enumerate(ex.v)} | {"b": repr(ex.b), "c": repr(ex.c), "y": str(ex.y)}
            assert driver.execute_script(_SET, values, None) == []
            _check(driver, ex)


def test_bad_typing_marks_the_cell_and_keeps_the_last_good_numbers(driver, pages):
    driver.get(pages[0].as_uri())
    before = driver.execute_script(_READ)
    typed = [{"a21": ""}, {"a21": "abc"}, {"a21": "1e999"}, {"a21": "1e200", "w11": "1e200"}]  # the last: z overflows
    for values, bad in zip(typed, (["a21"], ["a21"], ["a21"], ["w11"]), strict=True):
        assert driver.execute_script(_SET, values, None) == bad
        if "w11" not in values:
            assert driver.execute_script(_READ) == before
        assert "NaN" not in driver.find_element("id", "cnn").text and "Infinity" not in driver.find_element("id", "cnn").text
    driver.execute_script(_SET, {"w11": "0.6"}, None)
    assert driver.execute_script(_SET, {"a21": "0.75", "y": "2"}, None) == ["y"]  # a label is 0 or 1
    ex = example_from_dict({**load_example().to_dict(), "a": [[0.75 if (i, j) == (2, 1) else x for j, x in enumerate(r)]
                                                              for i, r in enumerate(load_example().a.tolist())]})
    _check(driver, ex)


def _hover(driver, key: str) -> tuple[dict, set[str]]:
    from selenium.webdriver.common.action_chains import ActionChains

    el = driver.find_element("css selector", f'[data-key="{key}"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    ActionChains(driver).move_to_element(el).perform()
    box = driver.execute_script(
        "const b = document.getElementById('formula'); return Object.fromEntries([...b.children].map(c => [c.className, c.textContent]));")
    lit = set(driver.execute_script("return [...document.querySelectorAll('#cnn .lit')].map(el => el.dataset.key);"))
    return box, lit


def _paren(x: float) -> str:
    return f"({_shown(x).replace('-', chr(0x2212))})" if x < 0 else _shown(x)


@pytest.mark.parametrize("target", ["w00", "a21"])
def test_hover_shows_the_chain_rule_with_its_numbers_and_lights_its_cells(driver, pages, target):
    driver.get(pages[0].as_uri())
    ex = load_example()
    grad = gradient(ex, target)
    box, lit = _hover(driver, "d" + target)
    symbols = " + ".join(f"\u03b4{t.i}{t.j} \u00b7 {t.factor_name}" for t in grad.terms)
    assert box["symbols"] == f"\u2202L/\u2202{target} = {symbols}"
    assert box["numbers"] == "= " + " + ".join(f"{_paren(t.delta)} \u00b7 {_paren(t.factor)}" for t in grad.terms)
    assert box["total"] == "= " + _shown(grad.value).replace("-", "\u2212")
    general = "\u2202L/\u2202w" if target[0] == "w" else "\u2202L/\u2202a"
    assert box["general"].startswith(general) and "\u03b4ij" in box["general"]
    want = {f"delta{t.i}{t.j}" for t in grad.terms} | {t.factor_name for t in grad.terms} | ({target} if target[0] == "a" else set())
    assert lit == want
    if target == "a21":
        assert len(grad.terms) == 4 and {t.factor_name for t in grad.terms} == {"w21", "w20", "w11", "w10"}


def test_hovering_an_input_lights_the_z_it_feeds(driver, pages):
    driver.get(pages[1].as_uri())
    ex = example_from_dict({"a": np.zeros((5, 5)).tolist(), "w": np.zeros((2, 2)).tolist(), "b": 0, "v": [0] * 16, "c": 0, "y": 0})
    _, lit = _hover(driver, "a21")
    assert lit == {f"z{i}{j}" for i, j in windows_covering(ex, 2, 1)} and len(lit) == 4


def test_nudge_shows_the_change_of_the_loss_beside_gradient_times_eps(driver, pages):
    driver.get(pages[0].as_uri())
    driver.execute_script("document.getElementById('nudge-key').value = 'w00'; document.getElementById('nudge-eps').value = '0.0001';"
                          "document.getElementById('nudge-go').click();")
    ex = load_example()
    moved = example_from_dict({**ex.to_dict(), "w": [[0.5 + 1e-4, -0.3, 0.2], *ex.w.tolist()[1:]]})
    out = driver.find_element("id", "nudge-out")
    assert float(out.get_attribute("data-exact")) == pytest.approx(forward(moved).loss - forward(ex).loss, rel=1e-9)
    assert float(out.get_attribute("data-exact")) == pytest.approx(gradients(ex).dw[0, 0] * 1e-4, rel=1e-3)
    assert driver.find_element("css selector", 'input[data-key="w00"]').get_attribute("value") == repr(0.5 + 1e-4)


def test_surface_hover_reads_the_shown_epochs_probabilities_and_clicks_make_a_csv(driver, pages, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains

    driver.get(pages[0].as_uri())
    timing = driver.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd")
    assert timing < 1000  # milliseconds from navigation to load, a 40-frame page
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0  # nothing fetched
    hit = driver.find_element("id", "surface-hit")
    side = hit.rect["width"]
    for frame, dx in ((FRAMES - 1, side / 4), (0, side / 4), (FRAMES - 1, -side / 4)):
        driver.execute_script("const s = document.getElementById('epoch'); s.value = arguments[0]; s.dispatchEvent(new Event('input'));", frame)
        ActionChains(driver).move_to_element_with_offset(hit, dx, 0).perform()
        p = driver.execute_script("return JSON.parse(document.getElementById('surface-tip').dataset.probs)")
        u = 0.5 + dx / side
        p1 = 0.5 + (u - 0.5) * (frame + 1) / FRAMES
        assert p == pytest.approx([1 - p1, p1], abs=4e-3)
        assert f"epoch {frame + 1}" in driver.find_element("id", "surface-tip").text
    for dx, label in ((-side / 4, 0), (side / 4, 1), (0, 1)):
        driver.find_element("css selector", f'input[name="draw-class"][value="{label}"]').click()
        ActionChains(driver).move_to_element_with_offset(hit, dx, -side / 4).click().perform()
    href = driver.find_element("id", "csv").get_attribute("href")
    (tmp_path / "points.csv").write_text(urllib.parse.unquote(href.split(",", 1)[1]), encoding="utf-8")
    x, y = read_csv_points(tmp_path / "points.csv")
    assert y.tolist() == [0, 1, 1]
    assert x == pytest.approx(np.array([[-1.0, 1.0], [1.0, 1.0], [0.0, 1.0]]), abs=0.03)  # a quarter of the 4-wide grid
