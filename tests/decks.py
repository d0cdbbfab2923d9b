"""Helper for the deck tests: run `lesson slides` at -ql and read back what it wrote."""

import json
from pathlib import Path

from click.testing import CliRunner

from cli.main import cli

__all__ = ["make_deck"]


def make_deck(tmp: Path, args: list[str], voice: str | None = "none") -> dict:
    """`lesson slides -ql` into tmp/deck, manim's files in tmp/media (voice None: the default), and what it wrote."""
    voiced = [] if voice is None else ["--voice", voice]
    result = CliRunner().invoke(cli, ["slides", "--quality", "l", *voiced, "--media-dir", str(tmp / "media"),
                                      "--out", str(tmp / "deck"), *args])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp / "deck" / "deck.json").read_text())
    return {"folder": tmp / "deck", "slides": manifest["slides"], "lesson": manifest["lesson"], "media": tmp / "media",
            "output": result.stdout}
