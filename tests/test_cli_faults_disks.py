"""Faults of the machine: full and read-only file systems, a mount point, a Dask address where something else answers."""

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_cli_faults import ENV, ROOT, _snapshot, _variants


def _mount(where: Path, options: str) -> None:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("tmpfs cannot be mounted here (needs root)")


@pytest.fixture
def small_disk(tmp_path):
    """A 400 kB file system (a class of two students takes about 300 kB), unmounted after the test."""
    disk = tmp_path / "disk"
    _mount(disk, "size=400k")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.fixture
def read_only(tmp_path):
    disk = tmp_path / "ro"
    _mount(disk, "ro,size=100k")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_full_disk_keeps_the_old_class_and_names_the_fault(small_disk):
    out = small_disk / "class"
    assert _variants(out, "--count", "2").returncode == 0
    old = _snapshot(out)
    done = _variants(out, "--count", "3", "--seed", "3", "--replace")
    assert done.returncode == 1 and done.stderr.startswith(f"error: cannot write the class '{out}' at '{out}")
    assert done.stderr.endswith(": No space left on device. The old class is unchanged.\n") and done.stderr.count("\n") == 1
    assert _snapshot(out) == old and sorted(p.name for p in small_disk.iterdir()) == ["class"]


def test_a_mount_point_is_refused(small_disk):
    done = _variants(small_disk, "--count", "2")
    assert (done.returncode, done.stderr) == (
        2, f"error: output folder must not be a mount point (the class is replaced whole). Got '{small_disk}' instead.\n")


def test_a_read_only_place_is_refused_before_any_work(read_only, tmp_path):
    done = _variants(read_only / "class", "--count", "2")
    assert (done.returncode, done.stderr) == (1, f"error: cannot write the class in '{read_only}': Read-only file system.\n")
    snapshots = tmp_path / "s.npz"
    made = subprocess.run([sys.executable, "-m", "cli", "train", "--epochs", "2", "--gif", str(tmp_path / "t.gif"), "--figure",
                           str(tmp_path / "f.png"), "--snapshots", str(snapshots), "--quiet"], env=ENV, cwd=ROOT, capture_output=True)
    assert made.returncode == 0
    lecture = subprocess.run([sys.executable, "-m", "cli", "lecture", "--voice", "none", "--quality", "l", "--chapter", "title",
                              "--snapshots", str(snapshots), "--media-dir", str(read_only / "media")],
                             env=ENV, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert (lecture.returncode, lecture.stderr) == (1, f"error: cannot write in --media-dir '{read_only}/media': Read-only file system.\n")


def test_a_lecture_on_a_full_disk_is_refused_before_manim(small_disk, tmp_path):
    snapshots = tmp_path / "s.npz"
    made = subprocess.run([sys.executable, "-m", "cli", "train", "--epochs", "2", "--gif", str(tmp_path / "t.gif"), "--figure",
                           str(tmp_path / "f.png"), "--snapshots", str(snapshots), "--quiet"], env=ENV, cwd=ROOT, capture_output=True)
    assert made.returncode == 0
    start = time.monotonic()
    lecture = subprocess.run([sys.executable, "-m", "cli", "lecture", "--voice", "none", "--quality", "l", "--chapter", "title",
                              "--snapshots", str(snapshots), "--media-dir", str(small_disk / "media")],
                             env=ENV, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert lecture.returncode == 1 and lecture.stderr.startswith(f"error: --media-dir '{small_disk}/media' has ")
    assert "this render needs about" in lecture.stderr and lecture.stderr.count("\n") == 1
    assert list(small_disk.iterdir()) == [] and time.monotonic() - start < 30  # manim never started


def test_a_cluster_address_where_something_else_answers(tmp_path, monkeypatch):
    import socket
    import threading

    from click.testing import CliRunner

    import cli.jobs as jobs_module
    from cli.main import cli

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()  # accepts, then says nothing
    monkeypatch.setattr(jobs_module, "_CONNECT_SECONDS", 3)
    snapshots = tmp_path / "s.npz"
    made = subprocess.run([sys.executable, "-m", "cli", "train", "--epochs", "2", "--gif", str(tmp_path / "t.gif"), "--figure",
                           str(tmp_path / "f.png"), "--snapshots", str(snapshots), "--quiet"], env=ENV, cwd=ROOT, capture_output=True)
    assert made.returncode == 0
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    start = time.monotonic()
    result = CliRunner().invoke(cli, ["lecture", "--voice", "none", "--quality", "l", "--chapter", "title", "--chapter", "data",
                                      "--snapshots", str(snapshots), "--media-dir", str(tmp_path / "media"), "--cluster", address])
    server.close()
    assert result.exit_code == 1 and time.monotonic() - start < 30
    assert result.stderr.splitlines()[-1] == f"error: cannot use the Dask scheduler at '{address}': no Dask scheduler answered within 3 s."


@pytest.mark.slow
@pytest.mark.parametrize("extra", [("--landscape",), ("--landscape", "--directions", "random")])
def test_a_gif_drawn_twice_leaves_no_temporary(tmp_path, extra):
    csv = tmp_path / "a$_$b.csv"  # a '$' in the name once started matplotlib's maths in the figure's title
    csv.write_text("x1,x2,label\n" + "".join(f"{k * 0.1:.1f},{(k * 7 % 5) * 0.2:.1f},{k % 2}\n" for k in range(40)))
    done = subprocess.run([sys.executable, "-m", "cli", "train", "--dataset", "csv", "--csv", str(csv), "--epochs", "3", *extra,
                           "--gif", str(tmp_path / "t.gif"), "--figure", str(tmp_path / "f.png"), "--snapshots", str(tmp_path / "s.npz"),
                           "--quiet"], env=ENV, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a$_$b.csv", "f.png", "s.npz", "t.gif"]
