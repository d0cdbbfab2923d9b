# The two commands: `make demo` (outputs for the built-in example) and `make test`.
PY := .venv/bin/python
OUT := out

QUALITY := h

.PHONY: setup demo test test-fast lecture backprop bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	@mkdir -p $(OUT)
	@.venv/bin/lesson train --gif $(OUT)/training.gif --figure $(OUT)/decision_surface.png --snapshots $(OUT)/snapshots.npz
	@.venv/bin/lesson derivation --out $(OUT)/derivation.md

# The whole lesson as one video, 1080p60; `make lecture QUALITY=l` for a quick 480p15 look.
lecture: setup
	@test -f $(OUT)/snapshots.npz || $(MAKE) --no-print-directory demo
	@.venv/bin/lesson lecture --quality $(QUALITY) --snapshots $(OUT)/snapshots.npz

# The tiny CNN's forward and backward pass, 480p15.
backprop: setup
	@.venv/bin/manim -ql scenes/backprop.py

test: setup
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not slow"

bench: setup
	$(PY) bench/bench_gif.py
	$(PY) bench/bench_commands.py

clean:
	rm -rf media $(OUT)/*.gif $(OUT)/*.png $(OUT)/*.npz $(OUT)/*.md
