# The two commands: `make demo` (outputs for the built-in example) and `make test`.
PY := .venv/bin/python
OUT := out

.PHONY: setup demo test test-fast bench clean

setup:
	@bash scripts/setup.sh

demo: setup
	@mkdir -p $(OUT)
	@$(PY) -m render train --gif $(OUT)/training.gif --figure $(OUT)/decision_surface.png --snapshots $(OUT)/snapshots.npz
	@$(PY) -m render derivation --out $(OUT)/derivation.md && echo "wrote $(OUT)/derivation.md"

test: setup
	$(PY) -m pytest

test-fast: setup
	$(PY) -m pytest -m "not slow"

bench: setup
	$(PY) bench/bench_gif.py

clean:
	rm -rf media $(OUT)/*.gif $(OUT)/*.png $(OUT)/*.npz $(OUT)/*.md
