"""One self-contained HTML page to scrub a recorded run: frames, chart, tiles and landscape inlined."""

import base64
import html
import io
import json

import numpy as np
from PIL import Image

from render.gif.composite import WideFrameRenderer
from render.files.snapshots import SnapshotRun
from render.gif.tiles import MAX_LAYERS, MAX_UNITS

__all__ = ["build_page", "page_frames", "shown_snapshots"]

_CHART_W, _CHART_H, _PAD = 640, 200, 36  # chart viewBox and its inner margin


def shown_snapshots(count: int, max_frames: int) -> np.ndarray:
    """Indices of at most `max_frames` snapshots spread evenly over `count`, the first and last included."""
    if count <= max_frames:
        return np.arange(count)
    return np.unique(np.rint(np.linspace(0, count - 1, max_frames)).astype(int))


def page_frames(run: SnapshotRun, size: int = 480, shown: np.ndarray | None = None) -> tuple[list[np.ndarray], bytes]:
    """Every snapshot drawn as a palette-indexed frame (tiles and landscape when the run recorded them), and the palette."""
    if not run.snapshots:
        raise ValueError("a page needs a snapshots file with at least one frame. Got none instead.")
    tileable = bool(run.hidden) and len(run.hidden) <= MAX_LAYERS and max(run.hidden) <= MAX_UNITS
    neurons = tileable and run.snapshots[0].units is not None and run.snapshots[0].params is not None
    renderer = WideFrameRenderer(
        run.grid, run.data, run.epochs, size, hidden=run.hidden, activation=run.activation or "tanh",
        neurons=neurons, landscape=run.landscape,
    )
    shown = np.arange(len(run.snapshots)) if shown is None else shown
    return [renderer.render(run.snapshots[k], path_index=int(k) + 1) for k in shown], renderer.palette


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
        ("train_loss", top, "#222222", ""), ("test_loss", top, "#888888", ""),
        ("train_acc", 1.0, "#0072B2", "6 3"), ("test_acc", 1.0, "#56B4E9", "2 3"),
    ]
    parts = [f'<polyline fill="none" stroke="{c}" stroke-width="2" stroke-dasharray="{d}" points="{_polyline(xs, get[k], t)}"/>' for k, t, c, d in lines]
    base = _CHART_H - _PAD
    axes = (
        f'<line x1="{_PAD}" y1="{base}" x2="{_CHART_W - _PAD}" y2="{base}" stroke="#888"/>'
        f'<text x="{_PAD}" y="{base + 16}" font-size="12">epoch 1</text>'
        f'<text x="{_CHART_W - _PAD}" y="{base + 16}" font-size="12" text-anchor="end">{run.epochs}</text>'
        f'<text x="4" y="{_PAD - 8}" font-size="12">loss (0-{top:.2g})</text>'
        f'<text x="{_CHART_W - 4}" y="{_PAD - 8}" font-size="12" text-anchor="end">accuracy (0-100%)</text>'
    )
    legend = "".join(
        f'<text x="{_PAD + 12 + 130 * i}" y="{_CHART_H - 6}" font-size="12" fill="{c}">\u2014 {k.replace("_", " ")}</text>'
        for i, (k, _, c, _) in enumerate(lines)
    )
    marker = f'<line id="marker" x1="{_PAD}" y1="{_PAD}" x2="{_PAD}" y2="{base}" stroke="#D55E00" stroke-width="2"/>'
    return f'<svg id="chart" viewBox="0 0 {_CHART_W} {_CHART_H}" width="{_CHART_W}" height="{_CHART_H}">{axes}{"".join(parts)}{legend}{marker}</svg>'


_SCRIPT = """
const data = JSON.parse(document.getElementById('data').textContent);
const slider = document.getElementById('epoch'), frame = document.getElementById('frame');
const readout = document.getElementById('readout'), marker = document.getElementById('marker');
const play = document.getElementById('play');
let timer = null;
function pct(v) { return (100 * v).toFixed(0) + '%'; }
function show(k) {
  slider.value = k;
  frame.src = data.frames[k];
  const loss = data.train_loss[k] >= 0.001 ? data.train_loss[k].toFixed(3) : data.train_loss[k].toExponential(1);
  readout.textContent = 'epoch ' + data.epoch[k] + ' / ' + data.epochs + ' \\u00b7 loss ' + loss +
    ' \\u00b7 train ' + pct(data.train_acc[k]) + ' \\u00b7 test ' + pct(data.test_acc[k]);
  const x = PAD + (data.epoch[k] - 1) / Math.max(data.epochs - 1, 1) * (W - 2 * PAD);
  marker.setAttribute('x1', x); marker.setAttribute('x2', x);
}
slider.addEventListener('input', () => show(+slider.value));
play.addEventListener('click', () => {
  if (timer) { clearInterval(timer); timer = null; play.textContent = 'Play'; return; }
  if (+slider.value >= data.frames.length - 1) show(0);
  play.textContent = 'Pause';
  timer = setInterval(() => {
    const next = +slider.value + 1;
    if (next >= data.frames.length) { clearInterval(timer); timer = null; play.textContent = 'Play'; return; }
    show(next);
  }, FRAME_MS);
});
show(data.frames.length - 1);
"""


def build_page(run: SnapshotRun, frame_ms: int = 80, size: int = 480, max_frames: int = 300) -> str:
    """The HTML text of the page: no external file, no network; opens from disk in any browser."""
    shown = shown_snapshots(len(run.snapshots), max_frames)  # a long run: evenly spread frames, a bounded page
    frames, palette = page_frames(run, size, shown)
    snaps = [run.snapshots[k] for k in shown]
    data = {
        "frames": [_png_uri(f, palette) for f in frames],
        "epoch": [int(s.epoch) for s in snaps],
        "epochs": int(run.epochs),
        **{k: [float(getattr(s, k)) for s in snaps] for k in ("train_loss", "test_loss", "train_acc", "test_acc")},
    }
    title = html.escape(run.title or run.data.name)
    script = _SCRIPT.replace("PAD", str(_PAD)).replace("W - 2", f"{_CHART_W} - 2").replace("FRAME_MS", str(int(frame_ms)))
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    width = frames[0].shape[1]
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "DejaVu Sans", Verdana, sans-serif; color: #222; margin: 16px; }}
#frame {{ display: block; width: {width}px; max-width: 100%; image-rendering: auto; border: 1px solid #ddd; }}
.controls {{ display: flex; align-items: center; gap: 12px; margin: 10px 0; }}
#epoch {{ width: 420px; }} #readout {{ font-variant-numeric: tabular-nums; }}
button {{ font-size: 14px; padding: 4px 14px; }}
</style></head>
<body>
<h1 style="font-size:18px">{title}</h1>
<p style="color:#555">{html.escape(run.description)}</p>
<img id="frame" alt="decision surface at the chosen epoch" src="{data['frames'][-1]}">
<div class="controls"><button id="play" type="button">Play</button>
<input id="epoch" type="range" min="0" max="{len(frames) - 1}" value="{len(frames) - 1}" step="1" aria-label="epoch">
<span id="readout"></span></div>
{_chart(run)}
<script id="data" type="application/json">{payload}</script>
<script>{script}</script>
</body></html>
"""
