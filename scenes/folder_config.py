"""Apply scenes/manim.cfg however manim was started (it reads only the working directory's manim.cfg)."""

import os
from configparser import ConfigParser
from pathlib import Path

from manim import config

__all__ = ["SCENES_CFG", "apply_folder_config", "env_path"]

SCENES_CFG = Path(__file__).with_name("manim.cfg")
ROOT = Path(__file__).resolve().parents[1]


def apply_folder_config(path: Path = SCENES_CFG) -> None:
    """Set the background colour and encoder options from `path`."""
    parser = ConfigParser()
    parser.read(path, encoding="utf-8")
    config.background_color = parser.get("CLI", "background_color")
    config.video_encoder_options = {**config.video_encoder_options, **parser["video_encoder.options"]}


def env_path(variable: str, default: str) -> Path:
    """A file named by environment `variable`, else `default` relative to the repository root."""
    return Path(os.environ.get(variable) or ROOT / default)
