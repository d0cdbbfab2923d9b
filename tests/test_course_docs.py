"""docs/course.md's commands run as written, in order, in a fresh folder."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "course.md"
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_course_doc_commands_run(tmp_path):
    text = DOC.read_text()
    roster = re.search(r"```text\n(name,email\n.*?)```", text, re.S).group(1)
    (tmp_path / "roster.csv").write_text(roster)
    shim = tmp_path / "bin" / "lesson"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m cli "$@"\n')
    shim.chmod(0o755)
    env = os.environ | {"PATH": f"{shim.parent}:{os.environ['PATH']}", "PYTHONPATH": str(ROOT)}
    outputs = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        run = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, f"{block}\n{run.stderr}"
        outputs.append(run.stdout)
    assert '"output": "ada: 0 of 9 points.' in outputs[1]  # the zeros of the hand-out, graded
    assert sorted(p.name for p in (tmp_path / "class" / "handout" / "ada").iterdir()) == [
        "answers.json", "example.json", "question.md", "question.pdf"]
