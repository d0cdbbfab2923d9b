"""The scrubbing page: one self-contained file, driven in a real headless Chromium."""

import base64
import json
import io
import re
import shutil

import imageio.v3 as iio
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from cli.main import cli


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    d = tmp_path_factory.mktemp("page")
    args = ["train", "--epochs", "12", "--hidden", "4,4", "--neurons", "--landscape", "--quiet",
            "--gif", str(d / "t.gif"), "--figure", str(d / "f.png"), "--snapshots", str(d / "s.npz")]
    assert CliRunner().invoke(cli, args).exit_code == 0
    result = CliRunner().invoke(cli, ["page", "--snapshots", str(d / "s.npz"), "--out", str(d / "p.html")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {d / 'p.html'} (12 frames")
    return d / "p.html"


def test_page_is_self_contained_with_one_frame_per_snapshot(page):
    text = page.read_text()
    assert not re.search(r'(src|href)="(https?:)?//', text) and "<link" not in text  # nothing fetched
    frames = re.findall(r'"data:image/png;base64,([A-Za-z0-9+/=]+)"', text)
    assert len(frames) == 12 + 1  # the twelve in the data, and the first shown in the <img>
    image = Image.open(io.BytesIO(base64.b64decode(frames[0])))
    shown = [np.asarray(Image.open(io.BytesIO(base64.b64decode(f))).convert("RGB")) for f in frames[1:]]
    gif = iio.imread(page.parent / "t.gif", index=None)  # drawn while training, from the live snapshots
    assert len(shown) == len(gif) == 12
    for k, frame in enumerate(shown):  # epoch k's frame is snapshot k's, not another's
        assert np.array_equal(frame, gif[k]), k
    assert image.size[1] == 480 and image.size[0] > 480 + 300  # tiles and landscape beside the surface


def test_missing_snapshots_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["page", "--snapshots", str(tmp_path / "no.npz"), "--out", str(tmp_path / "p.html")])
    assert result.exit_code == 2 and result.stderr.startswith("error: snapshots file") and result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromedriver") is None, reason="needs Debian's chromium-driver")
def test_slider_changes_frame_readout_and_marker_in_chromium(page, tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1300,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get(page.as_uri())
        readout, frame = driver.find_element(By.ID, "readout"), driver.find_element(By.ID, "frame")
        slider, marker = driver.find_element(By.ID, "epoch"), driver.find_element(By.ID, "marker")
        assert readout.text.startswith("epoch 12 / 12")
        last_src, last_x = frame.get_attribute("src"), float(marker.get_attribute("x1"))
        slider.send_keys(Keys.HOME)  # move the slider as a keyboard user would
        for _ in range(3):
            slider.send_keys(Keys.ARROW_RIGHT)
        assert readout.text.startswith("epoch 4 / 12 \u00b7 loss ")
        assert frame.get_attribute("src") != last_src and float(marker.get_attribute("x1")) < last_x
        rendered = driver.execute_script("return [arguments[0].naturalWidth, arguments[0].complete]", frame)
        assert rendered[0] > 780 and rendered[1]
        driver.save_screenshot(str(tmp_path / "page.png"))
        shot = np.asarray(Image.open(tmp_path / "page.png"))
        assert shot.shape[0] >= 700 and len(np.unique(shot.reshape(-1, shot.shape[-1])[::97], axis=0)) > 20
        shutil.copy(tmp_path / "page.png", page.parent / "page.png")
        driver.find_element(By.ID, "play").click()
        driver.implicitly_wait(0)
        import time

        time.sleep(0.5)
        assert not readout.text.startswith("epoch 4 / 12")  # playing moves on by itself
    finally:
        driver.quit()


def test_a_long_run_shows_evenly_spread_frames_with_the_right_numbers(page, tmp_path):
    from render.page.html import build_page, shown_snapshots
    from render.files.snapshots import load_snapshots

    assert shown_snapshots(3000, 300).tolist()[:3] == [0, 10, 20] and shown_snapshots(3000, 300)[-1] == 2999
    assert shown_snapshots(12, 300).tolist() == list(range(12))
    run = load_snapshots(page.parent / "s.npz")
    text = build_page(run, max_frames=4)
    data = json.loads(re.search(r'<script id="data" type="application/json">(.*?)</script>', text, re.S).group(1))
    assert data["epoch"] == [1, 5, 8, 12] and len(data["frames"]) == 4
    assert data["train_loss"][1] == pytest.approx(run.snapshots[4].train_loss)


def test_bad_max_frames_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["page", "--max-frames", "0", "--out", str(tmp_path / "p.html")])
    assert result.exit_code == 2 and result.stderr == "error: max-frames must be a positive integer. Got '0' instead.\n"
