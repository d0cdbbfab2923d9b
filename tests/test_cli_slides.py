"""`lesson slides`: beat clips from sections, the reveal.js deck driven in headless Chromium, the PowerPoint read back."""

import json
import shutil
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner

from cli.main import cli
from render.deck.beats import read_beats, split_beats
from render.video.chapters import has_audio, video_seconds
from tests.decks import make_deck

RATE = 15  # frames per second of the made-up clips, as manim's -ql


def _clip(path: Path, frames: int, tone: bool = False) -> Path:
    """An H.264 clip of `frames` grey frames (brightness = frame number), with a 440 Hz tone if `tone`."""
    with av.open(str(path), "w") as out:
        video = out.add_stream("libx264", rate=RATE)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        audio = out.add_stream("aac", rate=22050) if tone else None
        for k in range(frames):
            image = np.full((48, 64, 3), (k * 7) % 256, np.uint8)
            out.mux(video.encode(av.VideoFrame.from_ndarray(image, format="rgb24")))
        out.mux(video.encode())
        if audio is not None:
            t = np.arange(int(22050 * frames / RATE)) / 22050
            samples = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[None, :]
            frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
            frame.sample_rate, frame.time_base, frame.pts = 22050, Fraction(1, 22050), 0
            out.mux(audio.encode(frame))
            out.mux(audio.encode())
    return path


def test_split_beats_gives_each_beat_its_audio_and_joins_chapters(tmp_path):
    sections = tmp_path / "sections"
    sections.mkdir()
    names = [("title", 15), ("chapter_1", 30), ("data", 15)]
    index = [{"name": name, "type": "lesson.beat", "video": f"Lecture_{k:04}_{name}.mp4"} for k, (name, _) in enumerate(names)]
    for entry, (_, frames) in zip(index, names):
        _clip(sections / entry["video"], frames)
    (sections / "Lecture.json").write_text(json.dumps(index))
    movie = _clip(tmp_path / "Lecture.mp4", 60, tone=True)
    notes = [{"chapter": "title", "words": "Hello."}, {"chapter": "data", "kind": "card", "words": "Chapter 1: The data."},
             {"chapter": "data", "words": "Two   hundred points."}]
    split_beats(sections / "Lecture.json", movie, notes, ("title", "data"))

    beats = read_beats(tmp_path)
    assert [(b.name, b.chapter, b.kind) for b in beats] == [("title", "title", "beat"), ("chapter_1", "data", "card"),
                                                             ("data", "data", "beat")]
    assert [b.words for b in beats] == ["Hello.", "Chapter 1: The data.", "Two hundred points."]
    assert [b.seconds for b in beats] == pytest.approx([1.0, 2.0, 1.0])
    for beat in beats:  # each clip holds its span of the movie's audio, as long as its video
        assert beat.video.parent == tmp_path / "beats" and has_audio(beat.video)
        with av.open(str(beat.video)) as container:
            stream = container.streams.audio[0]
            assert float(stream.duration * stream.time_base) == pytest.approx(beat.seconds, abs=0.06)
    chapters = sorted(p.name for p in sections.glob("*.mp4"))  # the beats left; the chapters joined, silent as before
    assert chapters == ["Lecture_0000_title.mp4", "Lecture_0001_data.mp4"]
    assert video_seconds(sections / chapters[1]) == pytest.approx(3.0) and not has_audio(sections / chapters[1])
    listed = json.loads((sections / "Lecture.json").read_text())
    assert [(e["name"], e["video"]) for e in listed] == [("title", chapters[0]), ("data", chapters[1])]


def test_sections_without_notes_join_the_chapter_open_before_them():
    from types import SimpleNamespace as S

    from scenes.beat_sections import _notes

    beat = {"chapter": "data", "kind": "card", "words": "Chapter 1: The data."}
    sections = [S(name="title", video=None), S(name="data", video=None), S(name="chapter_1", video="c.mp4", beat=beat),
                S(name="pieces", video="p.mp4"), S(name="network", video="n.mp4")]
    assert _notes(sections, ("title", "data", "network")) == [
        beat, {"chapter": "data", "kind": "beat", "words": ""}, {"chapter": "network", "kind": "beat", "words": ""}]


def test_split_beats_refuses_notes_that_do_not_match(tmp_path):
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "S.json").write_text(json.dumps([{"name": "a", "type": "t", "video": "S_0000_a.mp4"}]))
    with pytest.raises(ValueError, match="Got 0 notes for 1 sections"):
        split_beats(tmp_path / "sections" / "S.json", tmp_path / "S.mp4", [])


@pytest.mark.parametrize("args, message", [
    (["--lesson", "backprop", "--chapter", "data"], "error: chapter applies to the lecture only"),
    (["--lesson", "talk"], "error: Invalid value for '--lesson'"),
])
def test_bad_options_are_one_line(tmp_path, args, message):
    result = CliRunner().invoke(cli, ["slides", *args, "--out", str(tmp_path / "deck")])
    assert result.exit_code == 2 and result.stderr.startswith(message) and result.stderr.count("\n") == 1
    assert not (tmp_path / "deck").exists()


def test_a_folder_with_its_own_index_html_is_left_alone(tmp_path):
    (tmp_path / "index.html").write_text("mine")
    result = CliRunner().invoke(cli, ["slides", "--lesson", "backprop", "--out", str(tmp_path)])
    assert result.exit_code == 2 and result.stderr.startswith("error: out must be a new folder or a deck this command wrote")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"] and (tmp_path / "index.html").read_text() == "mine"


# --- rendered decks (slow) --------------------------------------------------------------------------


# backprop_deck (tests/conftest.py) is the voiced backprop deck, whose render test_scenes_backprop.py checks too


@pytest.fixture(scope="module")
def lecture_deck(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lecture")
    train = ["train", "--epochs", "12", "--hidden", "4,4", "--quiet", "--gif", str(tmp / "t.gif"), "--figure",
             str(tmp / "f.png"), "--snapshots", str(tmp / "s.npz")]
    assert CliRunner().invoke(cli, train).exit_code == 0
    return make_deck(tmp, ["--chapter", "data", "--jobs", "1", "--snapshots", str(tmp / "s.npz")])


def _partials(media: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in media.glob("videos/*/*/partial_movie_files/*/*.mp4")}


@pytest.mark.slow
def test_lecture_deck_has_a_slide_per_beat_and_card_and_rerenders_nothing(lecture_deck, tmp_path):
    from scenes.script import CHAPTER_CARDS

    slides = lecture_deck["slides"]
    assert [(s["kind"], s["title"]) for s in slides] == [("card", CHAPTER_CARDS["data"].rstrip(".")), ("beat", "The data")]
    assert lecture_deck["output"].splitlines()[-2].endswith("(2 slides: 1 beats, 1 cards)")
    folder = lecture_deck["media"] / "videos" / "lecture" / "480p15"
    joined = video_seconds(folder / "sections" / "Lecture_0001_data.mp4")  # the chapter `lesson lecture` writes ...
    assert joined == pytest.approx(sum(s["seconds"] for s in slides), abs=0.5 / 15)  # ... is the beats end to end
    before = _partials(lecture_deck["media"])
    again = make_deck(lecture_deck["folder"].parent, ["--chapter", "data", "--jobs", "1", "--snapshots",
                                                      str(lecture_deck["folder"].parent / "s.npz")])
    after = _partials(lecture_deck["media"])
    assert again["slides"] == slides and before.items() <= after.items()  # every cached animation reused, none rewritten
    assert len(after) - len(before) <= 2  # two of the data chapter's animations hash anew on each run (see docs/slides.md)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["backprop_deck", "lecture_deck"])
def test_pptx_has_one_movie_and_the_notes_per_slide(name, request):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    deck = request.getfixturevalue(name)
    shown = Presentation(str(deck["folder"] / f"{deck['lesson']}.pptx"))
    assert len(shown.slides) == len(deck["slides"])
    for page, slide in zip(shown.slides, deck["slides"]):
        movies = [shape for shape in page.shapes if shape.shape_type == MSO_SHAPE_TYPE.MEDIA]
        assert len(movies) == 1
        notes = page.notes_slide.notes_text_frame.text
        assert notes.startswith(slide["title"]) and slide["words"] in notes
    parts = {part.partname: part.blob for part in shown.part.package.iter_parts()}
    clips = [blob for partname, blob in parts.items() if str(partname).endswith(".mp4")]
    assert sorted(map(len, clips)) == sorted((deck["folder"] / s["clip"]).stat().st_size for s in deck["slides"])


def _chromium(tmp_path: Path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    options.page_load_strategy = "none"  # the notes window is written by script and never finishes loading
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,760"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def _wait(driver, script: str, seconds: float = 30.0):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.2).until(lambda d: d.execute_script(script))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("chromedriver") is None, reason="needs Debian's chromium-driver")
@pytest.mark.parametrize("name", ["backprop_deck", "lecture_deck"])
def test_deck_steps_plays_each_clip_toggles_the_voice_and_fetches_nothing_outside(name, request, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    deck = request.getfixturevalue(name)
    slides, folder = deck["slides"], deck["folder"]
    driver = _chromium(tmp_path)
    try:
        driver.get((folder / "index.html").as_uri())
        _wait(driver, "return window.Reveal && Reveal.isReady()")
        assert driver.execute_script("return Reveal.getTotalSlides()") == len(slides)
        cards = driver.execute_script("return document.querySelectorAll('.slides section.chapter-card').length")
        assert cards == sum(s["kind"] == "card" for s in slides)
        current = "const v = Reveal.getCurrentSlide().querySelector('video');"
        for k, slide in enumerate(slides):  # every slide: its clip loads, plays, and lasts as long as its beat
            driver.execute_script(f"Reveal.slide({k})")
            _wait(driver, current + "return v.readyState >= 1 && v.currentTime > 0;")
            seconds, muted, notes = driver.execute_script(
                current + "return [v.duration, v.muted, Reveal.getSlideNotes()];")
            assert seconds == pytest.approx(video_seconds(folder / slide["clip"]), abs=0.07)
            assert seconds == pytest.approx(slide["seconds"], abs=0.07) and muted  # the voice is off at first
            assert slide["words"] in " ".join(notes.split()).replace("&amp;", "&") and slide["title"] in notes
        body = driver.find_element(By.TAG_NAME, "body")
        driver.execute_script("Reveal.slide(0)")
        if len(slides) > 1:
            body.send_keys(Keys.PAGE_DOWN)
            assert driver.execute_script("return Reveal.getIndices().h") == 1
            body.send_keys(Keys.PAGE_UP)
            assert driver.execute_script("return Reveal.getIndices().h") == 0
            body.send_keys(str(len(slides)))  # a number, then Enter: the last slide
            driver.switch_to.active_element.send_keys(Keys.ENTER)
            assert driver.execute_script("return Reveal.getIndices().h") == len(slides) - 1
        muted = "return Array.from(document.querySelectorAll('video')).map(v => v.muted);"
        body.send_keys("v")
        assert driver.execute_script(muted) == [False] * len(slides) and not driver.execute_script("return Reveal.isPaused()")
        body.send_keys("v")
        assert driver.execute_script(muted) == [True] * len(slides)
        inside = folder.as_uri() + "/"
        requested = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
        urls = [m["params"]["request"]["url"] for m in requested if m["method"] == "Network.requestWillBeSent"
                and m["params"].get("documentURL", "").startswith("file://")]
        assert urls and all(url.startswith(inside) for url in urls), [u for u in urls if not u.startswith(inside)]
        assert {url.removeprefix(inside) for url in urls} >= {"index.html", "reveal/reveal.js", "reveal/plugin/notes.js"}
    finally:
        driver.quit()
