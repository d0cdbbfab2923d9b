"""One self-contained HTML page: a recorded run to scrub and read, and the lesson's tiny CNN to play with."""

import base64
import html
import io
import json
from pathlib import Path

import numpy as np
from PIL import Image

from model.conv import ConvExample, load_example
from render.files.snapshots import SnapshotRun
from render.gif.composite import WideFrameRenderer
from render.gif.tiles import MAX_LAYERS, MAX_UNITS
from render.page.cnn import cnn_data, cnn_section
from render.page.surface import surface_data
from render.palette import PALETTE

__all__ = ["PAGE_SCRIPTS", "build_page", "page_colours", "page_frames", "shown_snapshots"]

PAGE_SCRIPTS = ("cnn.js", "cnn_view.js", "scrub.js", "surface.js")  # embedded in this order; cnn.js is the maths

_CHART_W, _CHART_H, _PAD = 640, 200, 36  # chart viewBox and its inner margin


def shown_snapshots(count: int, max_frames: int) -> np.ndarray:
    """Indices of at most `max_frames` snapshots spread evenly over `count`, the first and last included."""
    if count <= max_frames:
        return np.arange(count)
    return np.unique(np.rint(np.linspace(0, count - 1, max_frames)).astype(int))


def page_colours() -> dict[str, str]:
    """The palette roles the page uses, by CSS custom property name (without the leading --)."""
    roles = ("text", "muted", "paper", "forward", "gradient", "highlight", "mismatch", "check")
    return {role: getattr(PALETTE, role) for role in roles}


def _renderer(run: SnapshotRun, size: int) -> WideFrameRenderer:
    if not run.snapshots:
        raise ValueError("a page needs a snapshots file with at least one frame. Got none instead.")
    tileable = bool(run.hidden) and len(run.hidden) <= MAX_LAYERS and max(run.hidden) <= MAX_UNITS
    neurons = tileable and run.snapshots[0].units is not None and run.snapshots[0].params is not None
    return WideFrameRenderer(
        run.grid, run.data, run.epochs, size, hidden=run.hidden, activation=run.activation or "tanh",
        neurons=neurons, landscape=run.landscape,
    )


def _frames(renderer: WideFrameRenderer, run: SnapshotRun, shown: np.ndarray) -> list[np.ndarray]:
    return [renderer.render(run.snapshots[k], path_index=int(k) + 1) for k in shown]


def page_frames(run: SnapshotRun, size: int = 480, shown: np.ndarray | None = None) -> tuple[list[np.ndarray], bytes]:
    """Every snapshot drawn as a palette-indexed frame (tiles and landscape when the run recorded them), and the palette."""
    renderer = _renderer(run, size)
    shown = np.arange(len(run.snapshots)) if shown is None else shown
    return _frames(renderer, run, shown), renderer.palette


def _png_uri(indices: np.ndarray, palette: bytes) -> str:
    image = Image.frombytes("P", indices.shape[::-1], np.ascontiguousarray(indices).tobytes())
    image.putpalette(palette)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _polyline(xs: np.ndarray, values: np.ndarray, top: float) -> str:
    x = _PAD + xs * (_CHART_W - 2 * _PAD)
    y = _CHART_H - _PAD - np.clip(values / top, 0, 1) * (_CHART_H - 2 * _PAD)
    return " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y, strict=True))


def _chart(run: SnapshotRun) -> str:
    """An inline SVG: loss (left scale) and accuracy (0-100 %, right scale) against epoch, and a marker."""
    epochs = np.array([s.epoch for s in run.snapshots], dtype=float)
    xs = (epochs - 1) / max(run.epochs - 1, 1)
    get = {k: np.array([getattr(s, k) for s in run.snapshots]) for k in ("train_loss", "test_loss", "train_acc", "test_acc")}
    top = max(float(get["train_loss"].max()), float(get["test_loss"].max()), 1e-6) * 1.05
    lines = [
        ("train_loss", top, PALETTE.text, ""), ("test_loss", top, PALETTE.muted, ""),
        ("train_acc", 1.0, PALETTE.class1, "6 3"), ("test_acc", 1.0, PALETTE.class4, "2 3"),
    ]
    parts = [f'<polyline fill="none" stroke="{c}" stroke-width="2" stroke-dasharray="{d}" points="{_polyline(xs, get[k], t)}"/>' for k, t, c, d in lines]
    base = _CHART_H - _PAD
    axes = (
        f'<line x1="{_PAD}" y1="{base}" x2="{_CHART_W - _PAD}" y2="{base}" stroke="{PALETTE.muted}"/>'
        f'<text x="{_PAD}" y="{base + 16}" font-size="12">epoch 1</text>'
        f'<text x="{_CHART_W - _PAD}" y="{base + 16}" font-size="12" text-anchor="end">{run.epochs}</text>'
        f'<text x="4" y="{_PAD - 8}" font-size="12">loss (0-{top:.2g})</text>'
        f'<text x="{_CHART_W - 4}" y="{_PAD - 8}" font-size="12" text-anchor="end">accuracy (0-100%)</text>'
    )
    legend = "".join(
        f'<text x="{_PAD + 12 + 130 * i}" y="{_CHART_H - 6}" font-size="12" fill="{c}">\u2014 {k.replace("_", " ")}</text>'
        for i, (k, _, c, _) in enumerate(lines)
    )
    marker = f'<line id="marker" x1="{_PAD}" y1="{_PAD}" x2="{_PAD}" y2="{base}" stroke="{PALETTE.gradient}" stroke-width="2"/>'
    return f'<svg id="chart" viewBox="0 0 {_CHART_W} {_CHART_H}" width="{_CHART_W}" height="{_CHART_H}">{axes}{"".join(parts)}{legend}{marker}</svg>'


def _asset(name: str) -> str:
    """A script or style sheet of this package, to inline; '</' escaped so it cannot close its tag."""
    return (Path(__file__).parent / name).read_text(encoding="utf-8").replace("</", "<\\/")


def _json(data: dict) -> str:
    return json.dumps(data, separators=(",", ":")).replace("</", "<\\/")


def build_page(run: SnapshotRun, frame_ms: int = 80, size: int = 480, max_frames: int = 300, example: ConvExample | None = None) -> str:
    """The page's HTML, opening from disk with no network; `example` is the live CNN (None: `load_example()`)."""
    example = load_example() if example is None else example
    section = cnn_section(example)  # refuses an example too large to lay out before any frame is drawn
    shown = shown_snapshots(len(run.snapshots), max_frames)  # a long run: evenly spread frames, a bounded page
    renderer = _renderer(run, size)
    snaps = [run.snapshots[k] for k in shown]
    frames = _frames(renderer, run, shown)
    data = {
        "frames": [_png_uri(f, renderer.palette) for f in frames],
        "epoch": [int(s.epoch) for s in snaps],
        "epochs": int(run.epochs),
        **{k: [float(getattr(s, k)) for s in snaps] for k in ("train_loss", "test_loss", "train_acc", "test_acc")},
        "frame_ms": int(frame_ms), "chart": {"pad": _PAD, "width": _CHART_W},
        "surface": surface_data(renderer, snaps, frames[0].shape),
    }
    title = html.escape(run.title or run.data.name)
    colours = " ".join(f"--{k}: {v};" for k, v in page_colours().items())
    classes = "".join(
        f'<label><input type="radio" name="draw-class" value="{c}"{" checked" if c == 0 else ""}>'
        f'<span class="swatch" style="background:{colour}"></span>class {c}</label>'
        for c, colour in enumerate(data["surface"]["colours"])
    )
    scripts = "".join(f"<script>{_asset(name)}</script>\n" for name in PAGE_SCRIPTS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>:root {{ {colours} }}
{_asset("page.css")}</style></head>
<body>
<h1>{title}</h1>
<p class="hint">{html.escape(run.description)}. Hover the surface for each class's probability; click it to draw points.</p>
<div class="part"><div style="width:{frames[0].shape[1]}px;max-width:100%"><div class="surface"><img id="frame" alt="decision surface at the chosen epoch" src="{data['frames'][-1]}">
<svg id="surface-hit" viewBox="0 0 1 1" preserveAspectRatio="none" role="img" aria-label="decision surface: hover to read, click to add a point"></svg>
<div id="surface-tip" hidden></div></div>
<div class="controls"><button id="play" type="button">Play</button>
<input id="epoch" type="range" min="0" max="{len(frames) - 1}" value="{len(frames) - 1}" step="1" aria-label="epoch">
<span id="readout"></span></div>
<div class="controls">click the surface to add a point of {classes}
<a id="csv" download="points.csv" href="data:text/csv;charset=utf-8,">download</a> <button id="clear" type="button">clear</button></div>
</div><div>{_chart(run)}</div></div>
{section}
<script id="data" type="application/json">{_json(data)}</script>
<script id="cnn-data" type="application/json">{_json(cnn_data(example))}</script>
{scripts}</body></html>
"""
