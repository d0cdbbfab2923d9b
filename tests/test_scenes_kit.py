"""The scene kit: number format, pacing from the words, subtitle cuts, fades that leave nothing behind."""

import os
import subprocess
import sys
from configparser import ConfigParser

import numpy as np
import pytest
from manim import Scene, Square, VGroup

from cli.backprop_video import manim_command
from cli.lecture_render import manim_command as lecture_command
from render.files.project import MANIM_CFG
from render.palette import PALETTE
from render.text.numbers import fixed, given
from scenes import kit
from scenes.kit import CHARS_PER_SECOND, MIN_BEAT_SECONDS, appear, beat_seconds, enter, leave, subtitle_chunks, text_row
from tests.scene_checks import ROOT


def test_computed_numbers_have_four_decimals_and_given_ones_stay_as_written():
    assert [fixed(x) for x in (0.42800387, 0.1070123, -0.27, -0.0, 1)] == ["0.4280", "0.1070", "-0.2700", "0.0000", "1.0000"]
    assert [given(x) for x in (0.2, -0.3, 1, 0.5)] == ["0.2", "-0.3", "1", "0.5"]


def test_a_beat_holds_its_last_picture_or_its_words_whichever_is_longer():
    assert kit.beat_length(10.0, "short") == 10.0 + kit.END_HOLD
    assert kit.beat_length(1.0, "x" * 300) == pytest.approx(300 / CHARS_PER_SECOND)


def test_a_beat_lasts_its_reading_time_with_a_minimum():
    assert beat_seconds("short") == MIN_BEAT_SECONDS
    words = "x" * 300
    assert beat_seconds(words) == pytest.approx(300 / CHARS_PER_SECOND)
    assert beat_seconds("a   b\n c") == beat_seconds("a b c")


@pytest.mark.parametrize("length", [10, 84, 85, 200, 400])
def test_subtitles_are_two_lines_of_42_at_most_and_keep_every_word(length):
    words = " ".join(f"w{k % 10}" * 2 for k in range(length // 5)) + ". And a second sentence follows here."
    chunks = subtitle_chunks(words)
    for chunk in chunks:
        lines = chunk.split("\n")
        assert len(lines) <= 2 and max(len(line) for line in lines) <= 42
    assert " ".join(chunk.replace("\n", " ") for chunk in chunks) == words


def test_subtitles_keep_short_sentences_together():
    chunks = subtitle_chunks("One input map a and one kernel. Rows count from 0. The strip is the graph.")
    assert chunks == ["One input map a and one kernel. Rows count\nfrom 0. The strip is the graph."]


def test_text_row_keeps_one_group_per_piece():
    row = text_row(["z₀₀ =", "(−0.3)·0.8", "+ 0.1"])
    assert [len(piece) for piece in row] == [4, 10, 4]


def test_vanish_removes_pieces_added_one_by_one():
    scene = Scene()
    parts = [Square(), Square()]
    scene.add(*parts)
    fade = kit.vanish(VGroup(*parts))
    fade.begin()
    fade.finish()
    fade.clean_up_from_scene(scene)
    assert scene.mobjects == []
    assert parts[0].get_stroke_opacity() == pytest.approx(1.0)  # colours kept for a later return


def test_missing_latex_names_the_debian_packages(monkeypatch):
    monkeypatch.setattr(kit.shutil, "which", lambda name: None if name == "latex" else f"/usr/bin/{name}")
    with pytest.raises(RuntimeError, match="Got latex: missing, dvisvgm: /usr/bin/dvisvgm instead") as error:
        kit.require_latex()
    assert "apt-get install -y --no-install-recommends texlive-latex-base texlive-latex-recommended" in str(error.value)
    assert str(error.value).endswith("texlive-fonts-recommended texlive-latex-extra dvisvgm`.")


def test_project_manim_cfg_sets_the_palette_background_without_touching_flags():
    # manim reads ./manim.cfg by itself (hand-typed runs from the root); the commands pass the same file
    assert (ROOT / "manim.cfg").is_file() and not (ROOT / "scenes" / "manim.cfg").exists()  # one file
    assert MANIM_CFG == ROOT / "manim.cfg" and str(MANIM_CFG) in manim_command(ROOT / "out", "l") and str(MANIM_CFG) in lecture_command("l", ROOT, False)
    parser = ConfigParser()
    parser.read(ROOT / "manim.cfg", encoding="utf-8")
    assert parser.get("CLI", "background_color").lower() == PALETTE.screen.lower()
    assert parser.get("video_encoder.options", "preset") == "ultrafast"
    assert not any("apply_folder_config" in p.read_text() or "sys.path.insert" in p.read_text() for p in (ROOT / "scenes").glob("*.py"))


def test_scene_files_import_the_kit_never_another_scene_file():
    scene_files = {"backprop", "training", "lecture"}
    for name in scene_files:
        source = (ROOT / "scenes" / f"{name}.py").read_text(encoding="utf-8")
        assert "from scenes.kit import" in source
        assert not any(f"from scenes.{other} import" in source for other in scene_files - {name}), name


@pytest.mark.parametrize(("scene", "variable", "message"), [
    ("backprop.py", "BACKPROP_EXAMPLE", "error: backprop example '{path}': key 'w' is missing."),
    ("training.py", "TRAINING_SNAPSHOTS", "error: snapshots file '{path}' is not a snapshots file"),
])
def test_a_bad_input_file_under_plain_manim_is_one_line(tmp_path, scene, variable, message):
    path = tmp_path / "bad.json"
    path.write_text('{"a": 1}')
    command = [sys.executable, "-m", "manim", "-ql", "--dry_run", "--media_dir", str(tmp_path / "media"), f"scenes/{scene}"]
    done = subprocess.run(command, cwd=ROOT, env={**os.environ, variable: str(path)}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and done.stderr.startswith(message.format(path=path)) and done.stderr.count("\n") == 1, done.stderr


def test_a_fades_timing_is_part_of_manims_cache_key():
    from manim import Circle, Scene, Square, Triangle
    from manim.utils.hashing import get_hash_from_play_call

    scene, (x, y, z) = Scene(), (Square(), Circle(), Triangle())

    def key(last):
        anims = [leave(x), enter(y), last(z)]  # the same rate functions met earlier in the call
        return get_hash_from_play_call(scene, scene.renderer.camera, anims, [x, y, z], backend="cairo", encoder_fingerprint="x",
                                       renderer_state=None)  # fmt: skip

    assert key(appear) != key(enter)
    assert key(enter) == key(enter)


def test_glyphs_forget_their_svg_paths_and_keep_their_shape():
    from manim import MathTex

    from scenes.kit import tex_group

    kept = MathTex("{-}0.0295", "w_{00}", font_size=40)
    made = tex_group(["-0.0295", "w_{00}"])
    glyphs = [g for part in made for g in part.family_members_with_points()]
    assert glyphs and all(getattr(g, "path_obj", None) is None for g in glyphs)
    assert all(getattr(g, "path_obj", None) is not None for g in kept.family_members_with_points())
    assert np.array_equal(np.concatenate([g.points for g in glyphs]), np.concatenate([g.points for g in kept.family_members_with_points()]))
