"""The README and docs/*.md: every command they show parses, every path they name exists, the Python runs."""

import re
import shlex
import subprocess
from pathlib import Path

import imageio.v3 as iio
import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.S)
_PATH = re.compile(r"(?<![\w./-])((?:model|render|scenes|cli|tests|bench|assets|scripts|docs)/[\w./-]*[\w/])")
_MODULE = re.compile(r"`((?:model|render|scenes|cli)(?:\.\w+)+)")
_LINK = re.compile(r"\]\(([^)#\s]+)\)")
_COMMAND = re.compile(r"^(?:[A-Z_]+=\S*\s+)*(?:lesson|\.venv/bin/lesson|make|\.venv/bin/manim|manim)\s")


def _blocks(page: Path, language: str | None = None) -> list[str]:
    return [code for lang, code in _BLOCK.findall(page.read_text()) if language is None or lang == language]


def _commands(page: Path) -> list[list[str]]:
    """Each shell line of the page's code blocks as words, comments and VAR=value prefixes dropped."""
    lines = []
    for code in _blocks(page):
        for line in filter(_COMMAND.match, code.splitlines()):
            words = shlex.split(line, comments=True)
            while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
                words.pop(0)
            if words and words[-1] == "&":
                words.pop()
            for k, word in enumerate(words):  # `a || b`, `a && b`, `a | b`: the first command is the one shown
                if word in ("||", "&&", "|", ";"):
                    del words[k:]
                    break
            if words:
                lines.append(words)
    return lines


def _shown(prefixes: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    return [(page.name, words) for page in PAGES for words in _commands(page) if words[0] in prefixes]


LESSON = _shown(("lesson", ".venv/bin/lesson"))
MAKE = _shown(("make",))
MANIM = _shown((".venv/bin/manim", "manim"))


def test_the_readme_fits_on_a_screen_or_two_and_links_every_guide():
    text = (ROOT / "README.md").read_text()
    assert len(text.splitlines()) <= 200
    for guide in ("training", "cnn-lesson", "lecture", "course-tools", "python-api", "adding-a-scene"):
        assert f"(docs/{guide}.md)" in text, guide
    assert "make demo" in text and "make test" in text and "## More" in text
    assert len(LESSON) >= 10 and len(MAKE) >= 3 and len(MANIM) >= 3  # the pages show commands at all


@pytest.mark.parametrize("page, words", LESSON, ids=[f"{p}: {' '.join(w)}" for p, w in LESSON])
def test_lesson_commands_parse(page, words):
    import click

    from cli.main import cli

    name, *rest = words[1:]
    assert name in cli.commands, f"lesson has no command {name!r}"
    try:
        cli.commands[name].make_context(name, rest)  # parses the options, runs nothing
    except click.exceptions.Exit as done:  # --help: printed, then a clean exit
        assert done.exit_code == 0


@pytest.mark.parametrize("page, words", MAKE, ids=[f"{p}: {' '.join(w)}" for p, w in MAKE])
def test_make_targets_exist(page, words):
    done = subprocess.run(["make", "-n", "--no-print-directory", *words[1:]], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)})
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("page, words", MANIM, ids=[f"{p}: {' '.join(w)}" for p, w in MANIM])
def test_manim_commands_parse_and_name_a_scene_file(page, words):
    from manim.cli.render.commands import render

    render.make_context("manim", words[1:])
    files = [w for w in words[1:] if w.endswith(".py")]
    assert files and all((ROOT / f).is_file() for f in files), words


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_path_and_module_named_exists(page):
    text = page.read_text()
    here = page.parent
    missing = [p for p in _PATH.findall(text) if not (ROOT / p).exists() and not p.startswith(("out/", "media/"))]
    missing += [link for link in _LINK.findall(text) if "://" not in link and not (here / link).exists()]
    for dotted in _MODULE.findall(text):  # render.files.snapshots.load_snapshots: the longest module prefix exists
        parts = dotted.split(".")
        if not any((ROOT / Path(*parts[:k])).with_suffix(".py").is_file() or (ROOT / Path(*parts[:k])).is_dir()
                   for k in range(len(parts), 1, -1)):
            missing.append(dotted)
    assert not missing, missing
    assert "python -m render" not in text


def test_python_examples_run(tmp_path, monkeypatch, capsys):
    first, second = _blocks(ROOT / "docs" / "python-api.md", "python")
    assert len(first.strip().splitlines()) <= 12
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    exec(compile(first, "python-api.md", "exec"), {})
    assert "epoch 150: loss" in capsys.readouterr().out
    assert iio.imread(tmp_path / "out/moons.gif", index=None).shape[0] == 150
    scope: dict = {}
    exec(compile(second, "python-api.md", "exec"), scope)
    assert len(scope["run"].snapshots) == 150 and scope["run"].snapshots[-1].test_acc == pytest.approx(1.0)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["moons.gif", "run.npz"]  # no spool left behind
