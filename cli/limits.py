"""Refuse runs that cannot fit: upper bounds, and a memory estimate made before anything is allocated."""

import os
from collections.abc import Sequence

from model.conv_example import cut

__all__ = ["MAX_EPOCHS", "MAX_SIZE", "MEMORY_ENV_VAR", "available_bytes", "check_training_fits", "human_bytes",
           "shown"]

MAX_EPOCHS = 100_000  # snapshots and GIF frames go to disk as they come; each epoch keeps a few numbers in memory
MAX_SIZE = 65_535  # the GIF format's largest side
MEMORY_ENV_VAR = "LESSON_MEMORY_LIMIT"  # e.g. "2G": the memory a run may use; default: what the system has free
_LIBRARIES = 420e6  # torch, scikit-learn, matplotlib and Pillow loaded (measured peak of a 1-epoch run)
_FRAME_BYTES_PER_PIXEL = 3  # the frame being drawn and Pillow's encoder buffers (measured)
_SNAPSHOT_BYTES = 40  # what a streamed snapshot leaves in memory: its epoch and four metrics
_FLOAT = 4  # float32
_HINTS = {
    "--hidden": "Try narrower --hidden layers.",
    "--size": "Try a smaller --size.",
    "--epochs": "Try fewer --epochs or a larger --snapshot-every.",
}


def human_bytes(n: float) -> str:
    """'1.6 GB', '420 MB'; beyond a thousand TB '3.3e+22 TB'."""
    if n >= 1e15:
        return f"{n / 1e12:.2g} TB"
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n / 1e3:.0f} kB"


def _parse_size(text: str) -> float:
    scale = {"K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}
    size = text.strip().upper().removesuffix("B")
    try:
        value = float(size[:-1]) * scale[size[-1]] if size and size[-1] in scale else float(size)
    except ValueError:
        value = float("nan")
    if not value > 0:
        raise ValueError(f"{MEMORY_ENV_VAR} must be a size like 2G or 500M. Got {text!r} instead.")
    return value


def available_bytes() -> float:
    """Memory a run may use: $LESSON_MEMORY_LIMIT if set, else MemAvailable from /proc/meminfo."""
    if os.environ.get(MEMORY_ENV_VAR):
        return _parse_size(os.environ[MEMORY_ENV_VAR])
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            fields = dict(line.split(":", 1) for line in info)
        return float(fields["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES"))


def _network_bytes(widths: Sequence[int], points: int) -> tuple[float, float]:
    """(weights, activations): parameters with gradient and Adam's two moments; one layer's input and output over `points`."""
    layers = (2, *widths, 1)
    params = sum(a * b + b for a, b in zip(layers, layers[1:]))
    widest = max(a + b for a, b in zip(layers, layers[1:]))
    return 4 * _FLOAT * params, _FLOAT * points * widest


def check_training_fits(widths: Sequence[int], points: int, epochs: int, size: int, snapshots: int) -> None:
    """Raise ValueError saying how much memory the run would need, if that is more than is available."""
    weights, activations = _network_bytes(widths, points)
    parts = {
        "--hidden": weights + activations,
        "--size": _FRAME_BYTES_PER_PIXEL * size * size,
        "--epochs": float(snapshots) * _SNAPSHOT_BYTES + float(epochs) * 200,
    }
    need = _LIBRARIES + sum(parts.values())
    have = available_bytes()
    if need > have:
        hint = _HINTS[max(parts, key=parts.get)]
        raise ValueError(f"this run would need about {human_bytes(need)} of memory and {human_bytes(have)} is available. {hint}")


def shown(text: object, limit: int = 60) -> str:
    """A value as it is echoed in an error: repr, cut to `limit` characters with its length said."""
    return cut(str(text), limit)
