"""Which words of the script fit a recorded run: the homework's two circles keep theirs, other data say what they are."""

import numpy as np

from model.data import DATASET_SPECS, dataset_title
from render.files.snapshots import SnapshotRun
from scenes.script import LECTURE, LECTURE_CLASSES, LECTURE_DATASET, TRAINING, TRAINING_CLASSES, TRAINING_DATASET

__all__ = ["data_notes", "dataset_caption", "dataset_words", "is_homework", "lecture_words", "title_subtitle", "training_words"]


def is_homework(run: SnapshotRun) -> bool:
    """True for the homework's data: two classes of make_circles."""
    return run.data.name == "circles" and run.data.classes == 2


def dataset_caption(run: SnapshotRun) -> str:
    """The run's dataset as its caption says it, e.g. "make_blobs(n_samples=100, centers=3)"; else its name."""
    name = run.data.name
    if run.title or name not in DATASET_SPECS or name == "csv":  # a file recorded before captions: the registry's
        return run.title or name
    return dataset_title(name, len(run.data.y_train) + len(run.data.y_test), run.data.classes)


def dataset_words(run: SnapshotRun) -> str:
    """The caption as narration reads it: its head before any colon, words for code ("make blobs (n samples=100, ...)")."""
    head = dataset_caption(run).split(":")[0]
    return head.replace("_", " ").replace(" (", "(").replace("(", " (")


def _pick(run: SnapshotRun, base: dict[str, str], dataset: dict[str, str], classes: dict[str, str]) -> dict[str, str]:
    words = dict(base)
    if not is_homework(run):
        words.update(dataset)
    if run.data.classes > 2:
        words.update(classes)
    return words


def training_words(run: SnapshotRun) -> dict[str, str]:
    """The replay's beat texts for `run`, placeholders unfilled, in the order the beats play."""
    return _pick(run, TRAINING, TRAINING_DATASET, TRAINING_CLASSES)


def lecture_words(run: SnapshotRun) -> dict[str, str]:
    """The lecture's texts for `run`, placeholders unfilled."""
    return _pick(run, LECTURE, LECTURE_DATASET, LECTURE_CLASSES)


def title_subtitle(run: SnapshotRun) -> str:
    """The line under the lecture's title."""
    kind = "circles" if is_homework(run) else f"{run.data.classes}-class"
    return f"From a {kind} classifier to the gradients of a tiny CNN"


def _wrapped(caption: str, width: int = 40) -> list[str]:
    """A long call caption broken after its first argument, the rest lined up under it."""
    opening = caption.find("(")
    cut = caption.find(", ", opening)
    if len(caption) <= width or opening < 0 or cut < 0:
        return [caption]
    return [caption[: cut + 1], " " * (opening + 1) + caption[cut + 2 :]]


def data_notes(run: SnapshotRun) -> str:
    """The lecture's note beside the points: the dataset's caption, the split and its per-class counts."""
    data, k = run.data, run.data.classes
    train, test = (np.bincount(y, minlength=k) for y in (data.y_train, data.y_test))  # (k,) each
    lines = [*_wrapped(dataset_caption(run)), " ", f"{len(data.y_train)} training points (filled)", f"{len(data.y_test)} test points (hollow)"]
    if k == 2:
        lines.append(f"stratified: {train[0]} + {train[1]} and {test[0]} + {test[1]}")
    else:
        lines += ["stratified, per class:", *_counts("train ", train), *_counts("test  ", test)]
    return "\n".join(lines)


def _counts(name: str, counts: np.ndarray, per_line: int = 4) -> list[str]:
    """Per-class counts after `name`, `per_line` to a line, later lines lined up under the first count."""
    parts = [" + ".join(map(str, counts[k : k + per_line])) for k in range(0, len(counts), per_line)]
    return [name + parts[0], *(" " * (len(name) - 2) + "+ " + part for part in parts[1:])]
