"""A path holds its old content or the complete new file, never a half-written one."""

import errno
import os
import subprocess
import sys

import pytest

import render.files.outputs as outputs_module
from render.files.atomic import TEMP_PREFIX, OutputError, atomic_path
from render.files.outputs import OutputSet


@pytest.mark.parametrize("error", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_failure_keeps_old_content_and_leaves_no_temp_file(tmp_path, error):
    target = tmp_path / "out.gif"
    target.write_bytes(b"old")
    with pytest.raises(type(error)):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise error
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.gif"]


def test_success_replaces_the_file_with_the_usual_mode(tmp_path):
    target = tmp_path / "out.png"
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".png"
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 in (0o644, 0o664, 0o666)
    assert [p.name for p in tmp_path.iterdir()] == ["out.png"]


def test_symlink_is_written_through_to_its_target(tmp_path):
    target, link = tmp_path / "real.gif", tmp_path / "link.gif"
    target.write_bytes(b"old")
    link.symlink_to(target.name)
    with atomic_path(link) as tmp:
        tmp.write_bytes(b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"


@pytest.mark.parametrize("make, kind", [(os.mkfifo, "a FIFO"), (lambda p: p.symlink_to("/dev/null"), "a character device")])
def test_fifo_and_device_are_refused(tmp_path, make, kind):
    path = tmp_path / "out.gif"
    make(path)
    with pytest.raises(ValueError, match=f"^output path must be a regular file or a new path. Got '.*out.gif' \\({kind}\\) instead"):
        with atomic_path(path):
            pass


def test_umask_is_respected(tmp_path):
    old = os.umask(0o077)
    try:
        with atomic_path(tmp_path / "a.md") as tmp:
            tmp.write_text("x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.md").stat().st_mode & 0o777 == 0o600


def test_disk_full_names_the_path_and_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.npz"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match=r"cannot write '.*out.npz': No space left on device\."):
        with atomic_path(target):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.npz"]


def test_temporaries_of_dead_processes_are_swept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f"{TEMP_PREFIX}{dead}-abc-out.gif"
    stale.write_bytes(b"left by a killed run")
    with atomic_path(tmp_path / "out.gif") as tmp:
        tmp.write_bytes(b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.gif"]


def test_a_live_writers_temporary_is_kept_beside_a_dead_ones(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    code = ("import signal, time\nfor s in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM, signal.SIGUSR1):\n    signal.signal(s, signal.SIG_DFL)\n"
            "signal.pthread_sigmask(signal.SIG_SETMASK, set())\nprint('ready', flush=True)\ntime.sleep(60)")
    live = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)  # any signal but 0 ends it
    try:
        assert live.stdout.readline() == "ready\n"
        stale = tmp_path / f"{TEMP_PREFIX}{dead}-abc-out.gif"
        writing = tmp_path / f"{TEMP_PREFIX}{live.pid}-def-out.gif"  # another run, still writing its GIF
        mine = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-ghi-other.png"  # this process's own, in use elsewhere
        for path in (stale, writing, mine):
            path.write_bytes(b"partial")
        with atomic_path(tmp_path / "out.gif") as tmp:
            tmp.write_bytes(b"new")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["out.gif", writing.name, mine.name])
        assert writing.read_bytes() == b"partial" and (tmp_path / "out.gif").read_bytes() == b"new"
        with pytest.raises(subprocess.TimeoutExpired):  # asked whether it runs, not sent a signal
            live.wait(timeout=0.5)
    finally:
        live.kill()
        live.wait()


def test_a_folder_named_like_a_dead_runs_temporary_is_left_alone(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    folder = tmp_path / f"{TEMP_PREFIX}{dead}-abc-c.gif"
    folder.mkdir()
    (folder / "keep").write_text("someone's")
    with atomic_path(tmp_path / "out.gif") as tmp:
        tmp.write_bytes(b"new")
    assert (folder / "keep").read_text() == "someone's" and (tmp_path / "out.gif").read_bytes() == b"new"


def test_output_set_replaces_all_or_rolls_back(tmp_path, monkeypatch):
    a, b = tmp_path / "a.gif", tmp_path / "b.png"
    a.write_bytes(b"old a"), b.write_bytes(b"old b")
    with OutputSet() as outputs:
        outputs.stage(a).write_bytes(b"new a")
        outputs.stage(b).write_bytes(b"new b")
        real, calls = os.replace, []

        def second_fails(src, dst):
            calls.append(dst)
            if len(calls) == 2:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real(src, dst)

        monkeypatch.setattr(outputs_module.os, "replace", second_fails)
        with pytest.raises(OutputError, match="cannot write '.*b.png': No space left on device"):
            outputs.commit()
        monkeypatch.undo()
    assert a.read_bytes() == b"old a" and b.read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gif", "b.png"]


def test_output_set_discards_everything_on_error(tmp_path):
    a = tmp_path / "a.gif"
    a.write_bytes(b"old")
    with pytest.raises(RuntimeError), OutputSet() as outputs:
        outputs.stage(a).write_bytes(b"new")
        raise RuntimeError("training failed")
    assert a.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["a.gif"]

