"""Faults at chosen moments: kills inside a class write, signals at random moments, someone else's files in a class."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
_WRITE = """
import os, signal, sys
import render.course.class_swap as swap
from cli.signals import exit_cleanly_on_signals
from render.course.class_writer import write_class_files
point, sig, out, seed = sys.argv[1], getattr(signal, sys.argv[2]), sys.argv[3], int(sys.argv[4])
def die():  # SIGINT and SIGTERM wait while the swap blocks them, as they would from outside
    os.kill(os.getpid(), sig)
def wrap(module, name, before=True):
    real = getattr(module, name)
    def fake(*args, **kwargs):
        if before:
            die()
        result = real(*args, **kwargs)
        if not before:
            die()
        return result
    setattr(module, name, fake)
if point == "staging":  # part of the students written
    from pathlib import Path
    real_write, calls = Path.write_bytes, []
    def write_bytes(self, data):
        calls.append(1)
        if len(calls) == 40:
            die()
        return real_write(self, data)
    Path.write_bytes = write_bytes
elif point == "before-swap":
    wrap(swap, "_exchange")
elif point == "after-exchange":
    wrap(swap, "_exchange", before=False)
elif point == "between-renames":  # a file system without RENAME_EXCHANGE, killed between its two renames
    swap._exchange = lambda a, b: False
    real_rename, renames = os.rename, []
    def rename(a, b):
        renames.append(1)
        real_rename(a, b)
        if len(renames) == 1:
            die()
    swap.os.rename = rename
exit_cleanly_on_signals()
names = [f"s{i:03}" for i in range(60)]
students = {n: {f"handout/{n}/q.md": f"{seed} {n} question".encode() * 50, f"key/{n}/a.md": f"{seed} {n} key".encode()} for n in names}
manifest = {"seed": seed, "students": [{"name": n, "folder": f"handout/{n}"} for n in names]}
write_class_files(out, students, {"key/key.txt": f"key {seed}".encode()}, manifest, replace=True)
"""


def _write(out: Path, seed: int, point: str = "none", sig: str = "SIGKILL") -> subprocess.CompletedProcess:
    """Write a synthetic 60-student class with the real writer, killed at `point` by `sig`."""
    return subprocess.run([sys.executable, "-c", _WRITE, point, sig, str(out), str(seed)], env=ENV, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _variants(out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli", "variants", "--out", str(out), *extra], env=ENV, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, path -> bytes (class.json without its digest-free parts compared whole)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(".lesson-"))


@pytest.fixture(scope="module")
def classes(tmp_path_factory):
    """The old class (seed 0) and the new one (seed 7), written once to compare against."""
    base = tmp_path_factory.mktemp("classes")
    for seed in (0, 7):
        assert _write(base / str(seed), seed).returncode == 0
    return {seed: _snapshot(base / str(seed)) for seed in (0, 7)}


@pytest.mark.parametrize("sig", ["SIGKILL", "SIGTERM", "SIGINT", "SIGHUP"])
@pytest.mark.parametrize("point", ["staging", "before-swap", "after-exchange", "between-renames"])
def test_a_rerun_killed_anywhere_leaves_the_old_class_or_the_new_one(tmp_path, classes, point, sig):
    out = tmp_path / "class"
    assert _write(out, 0).returncode == 0
    done = _write(out, 7, point, sig)
    assert done.returncode == {"SIGKILL": -9, "SIGINT": 130, "SIGTERM": 143, "SIGHUP": 129}[sig], done.stderr
    if sig != "SIGKILL":  # one line, and it says truly whether the class was written
        assert done.stderr.startswith("error: interrupted; ") and done.stderr.count("\n") == 1
        assert ("after writing" in done.stderr) == (point != "staging")
        assert _leftovers(tmp_path) == []  # the handler removed the staging folder
    seen = _snapshot(out) if out.exists() else None
    if point == "between-renames" and sig == "SIGKILL":
        assert seen is None  # the old class is at its backup name, the new one staged: the next run finishes the swap
    else:
        assert seen in (classes[0], classes[7])
    again = _write(out, 7)
    assert again.returncode == 0, again.stderr
    assert _snapshot(out) == classes[7] and _leftovers(tmp_path) == []
    backups = [p for p in tmp_path.iterdir() if p.name.startswith("class.old-")]
    assert len(backups) == 1 and _snapshot(backups[0]) == classes[0]


@pytest.mark.slow
@pytest.mark.parametrize("sig, delay", [(signal.SIGTERM, 3.0), (signal.SIGINT, 6.0), (signal.SIGKILL, 4.5), (signal.SIGTERM, 9.0)])
def test_a_signal_at_a_random_moment_of_a_variants_rerun(tmp_path, sig, delay):
    out = tmp_path / "class"
    assert _variants(out, "--count", "6", "--seed", "0").returncode == 0
    old = _snapshot(out)
    child = subprocess.Popen([sys.executable, "-m", "cli", "variants", "--out", str(out), "--count", "6", "--seed", "7",
                              "--replace"], env=ENV, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    child.send_signal(sig)
    child.wait(timeout=60)
    seeds = {json.loads(old["class.json"])["seed"], 7}
    if out.exists():
        now = _snapshot(out)
        assert now == old or json.loads(now["class.json"])["seed"] == 7 and len(now) == len(old)
        assert json.loads(now["class.json"])["seed"] in seeds
    again = _variants(out, "--count", "6", "--seed", "7", "--replace")
    assert again.returncode == 0, again.stderr
    assert json.loads((out / "class.json").read_text())["seed"] == 7 and _leftovers(tmp_path) == []


@pytest.mark.slow
def test_count_lowered_needs_replace_and_leaves_no_student_outside_the_class(tmp_path):
    out = tmp_path / "class"
    assert _variants(out, "--count", "5").returncode == 0
    refused = _variants(out, "--count", "3")
    assert refused.returncode == 2 and "of the 5 students" in refused.stderr and "removed: 2)" in refused.stderr
    assert _variants(out, "--count", "3", "--replace").returncode == 0
    assert sorted(p.name for p in (out / "handout").iterdir()) == ["student-01", "student-02", "student-03"]
    assert sorted(p.name for p in (out / "key").iterdir()) == ["key.pdf", "student-01", "student-02", "student-03"]
    assert [s["name"] for s in json.loads((out / "class.json").read_text())["students"]] == ["student-01", "student-02", "student-03"]


@pytest.mark.slow
def test_someone_elses_files_are_kept_or_the_run_refused(tmp_path):
    out = tmp_path / "class"
    assert _variants(out, "--count", "3").returncode == 0
    (out / "grades.csv").write_text("mine")
    (out / "handout" / "student-02" / "submitted.json").write_text("{}")
    assert _variants(out, "--count", "3").returncode == 0  # same class: nothing written, both kept
    refused = _variants(out, "--count", "3", "--seed", "5", "--replace")
    assert refused.returncode == 2 and refused.stderr == (
        f"error: '{out}/handout/student-02/submitted.json' was not written by `lesson variants` and this run would lose it. "
        "Move it out of the class folder, then run again.\n")
    (out / "handout" / "student-02" / "submitted.json").unlink()
    done = _variants(out, "--count", "3", "--seed", "5", "--replace")
    assert done.returncode == 0 and (out / "grades.csv").read_text() == "mine"
    backup = next(p for p in tmp_path.iterdir() if p.name.startswith("class.old-"))
    assert f"the old class is kept in {backup}" in done.stderr and (backup / "grades.csv").read_text() == "mine"


@pytest.mark.slow
def test_a_folder_that_is_not_a_class_or_a_name_taken_by_a_file(tmp_path):
    work = tmp_path / "work"
    (work / "student-01").mkdir(parents=True)
    (work / "student-01" / "thesis.tex").write_text("years of work")
    refused = _variants(work, "--count", "2")
    assert refused.returncode == 2 and "must be empty or a class written by `lesson variants`" in refused.stderr
    roster = tmp_path / "r.csv"
    roster.write_text("Ada\nBob\n")
    out = tmp_path / "class"
    assert _variants(out, "--count", "2").returncode == 0
    (out / "handout" / "Ada").write_text("a file")
    refused = _variants(out, "--roster", str(roster), "--replace")
    assert refused.returncode == 2 and f"'{out}/handout/Ada' was not written" in refused.stderr
    assert (work / "student-01" / "thesis.tex").read_text() == "years of work" and (out / "handout" / "Ada").read_text() == "a file"


def test_new_folders_follow_the_umask(tmp_path):
    out = tmp_path / "class"
    done = subprocess.run(["sh", "-c", f"umask 022 && exec {sys.executable} -m cli variants --count 2 --out {out}"],
                          env=ENV, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    student = out / "handout" / "student-01"
    assert (out.stat().st_mode & 0o777) == 0o755 and (student.stat().st_mode & 0o777) == 0o755
    assert ((student / "example.json").stat().st_mode & 0o777) == 0o644


def test_two_writes_at_once_and_what_dead_runs_left(tmp_path):
    import fcntl

    from render.course.class_swap import key
    from render.files.atomic import OutputError
    from render.course.class_writer import write_class_files

    out = tmp_path / "class"
    students = {"ann": {"handout/ann/q.md": b"q"}}
    manifest = {"students": [{"name": "ann", "folder": "handout/ann"}]}
    fd = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another run is writing a class here
    try:
        with pytest.raises(OutputError, match=f"another run is writing a class in '{tmp_path}'. Wait for it to finish"):
            write_class_files(out, students, {}, manifest)
    finally:
        os.close(fd)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)  # a process that has ended
    (tmp_path / f".lesson-class-{pid}-{key(out)}" / "handout").mkdir(parents=True)  # its staging folder
    (tmp_path / f".lesson-class-{key(out)}.journal.{pid}").write_text("{")  # its journal, cut short
    write_class_files(out, students, {}, manifest)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class"] and (out / "handout" / "ann" / "q.md").read_bytes() == b"q"
    assert (out.stat().st_mode & 0o777) == 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_video_targets_written_with_commas_reach_the_videos_in_canonical_form(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import cli.class_videos as class_videos
    from cli.main import cli

    asked = []
    monkeypatch.setattr(class_videos, "render_class_videos", lambda students, targets, *rest: asked.append(targets) or [])
    result = CliRunner().invoke(cli, ["variants", "--count", "2", "--target", "w0,0", "--target", "a2,1", "--video", "--voice", "none",
                                      "--out", str(tmp_path / "class")])
    assert result.exit_code == 0, result.output
    assert asked == ["w00,a21"]
    record = json.loads((tmp_path / "class" / "class.json").read_text())
    assert record["extra"]["student-01"] == sorted(f"key/student-01/{n}" for n in
                                                   ("backprop.mp4", "backprop.srt", ".backprop.mp4.part", ".backprop.srt.part"))


def test_a_class_record_edited_to_point_outside_is_not_followed(tmp_path):
    from render.course.class_writer import write_class_files

    out = tmp_path / "class"
    students = {"ann": {"handout/ann/q.md": b"q"}}
    manifest = {"students": [{"name": "ann", "folder": "handout/ann"}]}
    write_class_files(out, students, {}, manifest)
    (tmp_path / "outside.txt").write_text("not the class's")
    record = json.loads((out / "class.json").read_text())
    record["extra"] = {"ann": ["../outside.txt", "/etc/hostname"]}
    record["written"] += ["../outside.txt"]
    (out / "class.json").write_text(json.dumps(record))
    write_class_files(out, {"ann": {"handout/ann/q.md": b"new"}}, {}, manifest, replace=True)
    assert (tmp_path / "outside.txt").read_text() == "not the class's" and (out / "handout" / "ann" / "q.md").read_bytes() == b"new"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names[0] == "class" and names[1].startswith("class.old-") and names[2:] == ["outside.txt"]
