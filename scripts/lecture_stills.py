"""Save one small still per lecture chapter into assets/, from a rendered lecture's chapter videos."""

import json
import sys
from pathlib import Path

import av
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 427  # pixels; the README shows the stills in a grid
AT = 0.75  # how far into each chapter to take the still (past its card, before the next one)


def main(sections: Path) -> None:
    """Write assets/lecture_<chapter>.png for every chapter listed in `sections`/Lecture.json."""
    for chapter in json.loads((sections / "Lecture.json").read_text(encoding="utf-8")):
        with av.open(str(sections / chapter["video"])) as container:
            count = container.streams.video[0].frames or sum(1 for _ in container.decode(video=0))
        with av.open(str(sections / chapter["video"])) as container:  # decode up to the one frame kept: 1080p60 is large
            wanted = int(AT * (count - 1))
            frame = next(f for k, f in enumerate(container.decode(video=0)) if k == wanted)
        still = Image.fromarray(np.ascontiguousarray(frame.to_ndarray(format="rgb24")))
        still = still.resize((WIDTH, round(WIDTH * still.height / still.width)), Image.Resampling.LANCZOS)
        path = ROOT / "assets" / f"lecture_{chapter['name']}.png"
        still.save(path, optimize=True)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "media/videos/lecture/480p15/sections")
