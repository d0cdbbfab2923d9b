"""The reveal.js deck: one slide per clip, speaker notes, the voice on V, a number and Enter to jump; works from file://."""

import html
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from render.deck.slides import Slide
from render.files.atomic import atomic_path
from render.palette import PALETTE

__all__ = ["REVEAL_FILES", "copy_reveal", "deck_html", "write_deck"]

REVEAL_FILES = ("reveal.js", "reveal.css", "reset.css", "plugin/notes.js", "LICENSE", "VERSION")  # vendored, unchanged
WIDTH, HEIGHT = 1280, 720  # reveal's canvas, scaled to the window: the clips' 16:9

_SCRIPT = """
const VOICE_KEY = 86;  // V: the narration on or off (reveal's own V, pause, stays on B and .)
let voice = false;  // off: the instructor speaks
const videos = () => Array.from(document.querySelectorAll('.reveal .slides video'));
function setVoice(on) {
  voice = on;
  videos().forEach(v => { v.muted = !on; });
  const badge = document.getElementById('voice');
  badge.textContent = on ? 'voice on' : 'voice off';
  badge.classList.add('shown');
  clearTimeout(badge.hideTimer);
  badge.hideTimer = setTimeout(() => badge.classList.remove('shown'), 1500);
}
window.deckVoice = () => voice;
Reveal.initialize(%(config)s).then(() => {
  Reveal.addKeyBinding({keyCode: VOICE_KEY, key: 'V', description: 'Voice on or off'}, () => setVoice(!voice));
  const digits = [...Array(10).keys()].flatMap(d => [48 + d, 96 + d]);
  digits.forEach(code => Reveal.addKeyBinding(code, event => {  // a number, then Enter: that slide
    Reveal.toggleJumpToSlide(true);
    const input = document.querySelector('.jump-to-slide-input');
    if (input) { input.value = event.key; }
  }));
});
"""


def _notes(slide: Slide) -> str:
    cell = "style='padding:0 1.2em 0 0; font-family:monospace,monospace; white-space:nowrap'"  # inline: the speaker view copies the notes' HTML
    rows = "".join(f"<tr><td {cell}>{html.escape(label)}</td><td {cell}>{html.escape(value)}</td></tr>"
                   for label, value in slide.numbers)
    parts = [f"<h3>{html.escape(slide.title)}</h3>"]
    if slide.chapter:
        parts.append(f"<p class='chapter'>{html.escape(slide.chapter)} · {slide.seconds:.1f} s</p>")
    parts.append(f"<p class='words'>{html.escape(slide.words)}</p>")
    if rows:
        parts.append(f"<table class='numbers'>{rows}</table>")
    parts.append(f"<p class='next'>Next: {html.escape(slide.next_title) if slide.next_title else '(end)'}</p>")
    return "".join(parts)


def _section(slide: Slide, k: int) -> str:
    kind = "chapter-card" if slide.kind == "card" else "beat"
    return (f'<section class="{kind}" data-index="{k}" data-title="{html.escape(slide.title, quote=True)}" '
            f'data-seconds="{slide.seconds:.6f}">'
            f'<video class="clip" data-src="{html.escape(slide.clip, quote=True)}" data-autoplay muted playsinline '
            f'preload="auto" width="{WIDTH}" height="{HEIGHT}"></video>'
            f'<aside class="notes">{_notes(slide)}</aside></section>')


def deck_html(title: str, slides: Sequence[Slide]) -> str:
    """The deck's index.html, reading reveal.js from ./reveal and the clips by their relative paths."""
    config = {"width": WIDTH, "height": HEIGHT, "margin": 0, "minScale": 0.1, "maxScale": 4.0, "center": False,
              "controls": True, "progress": True, "slideNumber": "c/t", "hash": True, "transition": "none",
              "backgroundTransition": "none", "jumpToSlide": True, "viewDistance": 2, "mobileViewDistance": 2,
              "autoPlayMedia": None, "preloadIframes": False}
    script = _SCRIPT % {"config": json.dumps(config)[:-1] + ", plugins: [RevealNotes]}"}
    style = f"""
      html, body, .reveal-viewport {{ background: {PALETTE.screen}; }}
      .reveal .slides section {{ padding: 0; height: {HEIGHT}px; }}
      .reveal .slides section video.clip {{ width: {WIDTH}px; height: {HEIGHT}px; max-width: none; max-height: none;
        margin: 0; display: block; object-fit: contain; background: {PALETTE.screen}; }}
      .reveal .controls, .reveal .progress, .reveal .slide-number {{ color: {PALETTE.ink}; }}
      #voice {{ position: fixed; right: 1.2em; top: 1em; padding: .3em .8em; border-radius: .4em; z-index: 40;
        font: 18px sans-serif; color: {PALETTE.ink}; background: rgba(0,0,0,.55); opacity: 0; transition: opacity .3s; }}
      #voice.shown {{ opacity: 1; }}
    """
    body = "\n".join(_section(slide, k) for k, slide in enumerate(slides))
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="reveal/reset.css">
<link rel="stylesheet" href="reveal/reveal.css">
<style>{style}</style>
</head>
<body>
<div class="reveal"><div class="slides">
{body}
</div></div>
<div id="voice" aria-live="polite">voice off</div>
<script src="reveal/reveal.js"></script>
<script src="reveal/plugin/notes.js"></script>
<script>{script}</script>
</body>
</html>
"""


def copy_reveal(folder: Path) -> list[Path]:
    """Copy the vendored reveal.js files into `folder`/reveal (skipping those already equal); return their paths."""
    source = resources.files("render.deck") / "vendor" / "reveal"
    written = []
    for name in REVEAL_FILES:
        target = folder / "reveal" / name
        data = (source / name).read_bytes()
        if not (target.is_file() and target.read_bytes() == data):
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(target) as tmp:
                tmp.write_bytes(data)
        written.append(target)
    return written


def write_deck(folder: Path, title: str, slides: Sequence[Slide]) -> Path:
    """Write index.html and reveal.js into `folder` (the clips are copied there by the caller)."""
    copy_reveal(folder)
    index = folder / "index.html"
    with atomic_path(index) as tmp:
        tmp.write_text(deck_html(title, slides), encoding="utf-8")
    return index

