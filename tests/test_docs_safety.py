"""docs/safety.md's commands run as written, and do what the page says."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "safety.md"


def test_the_recovery_commands_run_as_written(tmp_path):
    blocks = re.findall(r"```sh\n(.*?)```", DOC.read_text(), re.S)
    assert len(blocks) == 3
    shim = tmp_path / "bin" / "lesson"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec {sys.executable} -m cli "$@"\n')
    shim.chmod(0o755)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{shim.parent}:{os.environ['PATH']}"}
    work = tmp_path / "work"
    work.mkdir()
    for block in blocks:
        done = subprocess.run(["sh", "-e", "-c", block], cwd=work, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (block, done.stderr)
    assert json.loads((work / "class" / "class.json").read_text())["seed"] == 1  # the old class is back
    assert len(json.loads((work / "class.unwanted" / "class.json").read_text())["students"]) == 2
