"""One student's backprop video: `python -m cli.backprop_video FOLDER QUALITY` renders it into FOLDER/backprop.mp4.

manim's work files (TeX, partial movies) go to a temporary folder removed afterwards, never into FOLDER.

FOLDER holds the student's example.json; $BACKPROP_TARGETS and $LESSON_VOICE choose the targets and the voice.
This is what each job of `lesson variants --video` runs, on this machine or a Dask worker.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from render.files.project import MANIM_CFG, QUALITIES, ROOT, SCENES

__all__ = ["VIDEO_NAME", "main", "manim_command"]

VIDEO_NAME = "backprop.mp4"  # in the student's folder, with backprop.srt beside it


def manim_command(media: Path, quality: str) -> list[str]:
    """The manim command that renders the backprop scene with its work files in `media`."""
    return [sys.executable, "-m", "manim", f"-q{quality}", "--config_file", str(MANIM_CFG),
            "--media_dir", str(media), "--progress_bar", "none", "-v", "WARNING",
            str(SCENES / "backprop.py"), "Backprop"]


def main(folder: Path, quality: str) -> int:
    """Render, then copy the video and subtitles next to example.json (the video last: its presence means done)."""
    media = Path(tempfile.mkdtemp(prefix="lesson-media-"))
    try:
        status = subprocess.run(manim_command(media, quality), cwd=ROOT, check=False).returncode
        if status:
            return status
        rendered = media / "videos" / "backprop" / QUALITIES[quality] / "Backprop.mp4"
        for source, name in ((rendered.with_suffix(".srt"), "backprop.srt"), (rendered, VIDEO_NAME)):
            if source.is_file():
                shutil.copyfile(source, folder / f".{name}.part")
                (folder / f".{name}.part").replace(folder / name)
        return 0
    finally:
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2]))
