"""Real faults (a full disk, a read-only folder), every kind of path, the sweep and the interrupt registry."""

import errno
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from render.files.atomic import (
    TEMP_PREFIX, OutputError, atomic_path, check_output_path, discard, forget_folder, live_folder, new_temporary, remove_temporaries,
    staged, usual_folder_mode, usual_mode, writable_target,
)

def test_a_full_disk_keeps_the_old_file_and_leaves_no_temporary(tmpfs):
    disk = tmpfs("size=100k", {"out.gif": b"old"})
    with pytest.raises(OutputError, match=r"cannot write '.*out.gif': No space left on device\.$") as caught:
        with atomic_path(disk / "out.gif") as tmp:
            tmp.write_bytes(b"x" * 400_000)
    assert caught.value.errno == errno.ENOSPC
    assert (disk / "out.gif").read_bytes() == b"old" and os.listdir(disk) == ["out.gif"]


def test_a_read_only_folder_is_named_and_untouched(tmpfs):
    disk = tmpfs("ro", {"out.gif": b"old"})
    with pytest.raises(OutputError, match=r"^cannot write '.*out.gif': Read-only file system\.$") as caught:
        with atomic_path(disk / "out.gif"):
            pytest.fail("the block must not run")
    assert caught.value.errno == errno.EROFS and os.listdir(disk) == ["out.gif"]
    with pytest.raises(OutputError, match=r"^cannot write figure in '.*mnt0': Read-only file system\.$") as caught:
        check_output_path(disk / "new.png", (".png",), "figure")
    assert caught.value.errno == errno.EROFS and os.listdir(disk) == ["out.gif"]


def test_a_missing_folder_is_a_fault_naming_the_output(tmp_path):
    with pytest.raises(OutputError, match=r"^cannot write '.*nowhere/out.gif': No such file or directory\.$") as caught:
        with atomic_path(tmp_path / "nowhere" / "out.gif"):
            pass
    assert caught.value.errno == errno.ENOENT


def test_a_path_through_a_file_is_a_fault(tmp_path):
    (tmp_path / "plain").write_text("x")
    with pytest.raises(OutputError, match=r"^cannot write '.*plain/out.gif': Not a directory\.$") as caught:
        writable_target(tmp_path / "plain" / "out.gif")
    assert caught.value.errno == errno.ENOTDIR


def test_an_error_without_strerror_is_named_by_its_text(tmp_path):
    with pytest.raises(OutputError, match=r"^cannot write '.*out.gif': quota gone\.$"):
        with atomic_path(tmp_path / "out.gif"):
            raise OSError("quota gone")
    assert os.listdir(tmp_path) == []


def test_an_output_error_from_the_block_keeps_its_message(tmp_path):
    with pytest.raises(OutputError, match=r"^cannot write 'frames/7\.png': disk gone\.$"):
        with atomic_path(tmp_path / "out.gif"):
            raise OutputError("cannot write 'frames/7.png': disk gone.")
    assert os.listdir(tmp_path) == []


def test_every_kind_of_non_file_is_refused_with_its_name(tmp_path):
    (tmp_path / "dir.gif").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock.gif"))
    (tmp_path / "link.gif").symlink_to(tmp_path / "dir.gif")
    kinds = {"dir.gif": "a directory", "sock.gif": "a socket", "link.gif": "a directory"}
    if os.path.exists("/dev/loop0") and stat.S_ISBLK(os.stat("/dev/loop0").st_mode):
        (tmp_path / "blk.gif").symlink_to("/dev/loop0")
        kinds["blk.gif"] = "a block device"
    try:
        for name, kind in kinds.items():
            with pytest.raises(ValueError, match=rf"^frames path must be a regular file or a new path\. Got '.*{name}' \({kind}\) instead\.$"):
                writable_target(tmp_path / name, "frames")
    finally:
        sock.close()
    assert writable_target(tmp_path / "new.gif") == tmp_path / "new.gif"
    (tmp_path / "old.gif").write_bytes(b"old")
    assert writable_target(tmp_path / "old.gif") == tmp_path / "old.gif"
    (tmp_path / "to-old.gif").symlink_to("old.gif")
    assert writable_target(tmp_path / "to-old.gif") == tmp_path / "old.gif"
    (tmp_path / "via").symlink_to(tmp_path, target_is_directory=True)
    assert writable_target(tmp_path / "via" / "old.gif") == tmp_path / "via" / "old.gif"  # only the file's own link is followed


def test_check_output_path_accepts_what_it_can_write_and_names_what_it_cannot(tmp_path):
    (tmp_path / "real.gif").write_bytes(b"old")
    (tmp_path / "link.GIF").symlink_to("real.gif")
    assert check_output_path(tmp_path / "link.GIF", (".gif", ".png")) == tmp_path / "link.GIF"
    assert check_output_path(str(tmp_path / "notes"), None) == tmp_path / "notes"
    assert sorted(os.listdir(tmp_path)) == ["link.GIF", "real.gif"]  # the write probe is gone
    bad = {
        str(tmp_path): r"^page path must be a file, not a directory\. Got '.*' instead\.$",
        str(tmp_path / "new") + os.sep: r"^page path must be a file, not a directory\. Got '.*new/' instead\.$",
        str(tmp_path / "a.txt"): r"^page extension must be one of \.gif, \.png\. Got '\.txt' instead\.$",
        str(tmp_path / "a"): r"^page extension must be one of \.gif, \.png\. Got 'none' instead\.$",
        str(tmp_path / "no" / "a.gif"): r"^page directory must exist\. Got '.*/no' instead\.$",
    }
    for path, message in bad.items():
        with pytest.raises(ValueError, match=message):
            check_output_path(path, (".gif", ".png"), "page")
    os.mkfifo(tmp_path / "fifo.gif")
    with pytest.raises(ValueError, match=r"^page path must be a regular file or a new path\. Got '.*fifo.gif' \(a FIFO\) instead\.$"):
        check_output_path(tmp_path / "fifo.gif", (".gif",), "page")
    with pytest.raises(ValueError, match=r"^output path must be a regular file"):
        check_output_path(tmp_path / "fifo.gif", (".gif",))


def test_sweep_keeps_what_is_not_a_dead_runs_temporary(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    keep = ["notes.txt", f"lesson-tmp-{dead}-a-out.gif", f"{TEMP_PREFIX}x{dead}-b-out.gif", f"{TEMP_PREFIX}-c-out.gif", f"{TEMP_PREFIX}1-d-out.gif"]
    for name in keep + [f"{TEMP_PREFIX}{dead}-e-out.gif", f"{TEMP_PREFIX}{dead}"]:
        (tmp_path / name).write_bytes(b"x")
    with atomic_path(tmp_path / "out.gif") as tmp:
        tmp.write_bytes(b"new")
    assert sorted(os.listdir(tmp_path)) == sorted(keep + ["out.gif"])


def test_another_users_live_process_keeps_its_temporary():
    if os.geteuid() != 0:
        pytest.skip("switching user needs root")
    folder = Path(tempfile.mkdtemp(dir="/tmp"))  # pytest's folders are closed to other users
    try:
        os.chmod(folder, 0o777)
        theirs = folder / f"{TEMP_PREFIX}1-a-out.gif"  # pid 1 runs as root: to another user, alive but not signalable
        theirs.write_bytes(b"partial")
        os.setresuid(65534, 65534, 0)  # write as nobody (the saved uid lets the test become root again)
        try:
            with atomic_path(folder / "out.gif") as tmp:
                tmp.write_bytes(b"new")
        finally:
            os.setresuid(0, 0, 0)
        assert sorted(os.listdir(folder)) == sorted([theirs.name, "out.gif"]) and theirs.read_bytes() == b"partial"
    finally:
        shutil.rmtree(folder)


def test_a_probe_cut_short_by_an_interrupt_is_named_for_the_sweep(tmp_path, monkeypatch):
    def interrupted(path):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "unlink", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check_output_path(tmp_path / "out.gif", (".gif",))
    monkeypatch.undo()
    left = os.listdir(tmp_path)
    assert len(left) == 1 and left[0].startswith(f"{TEMP_PREFIX}{os.getpid()}-")  # swept once this process is gone


def test_an_interrupt_removes_the_temporaries_and_folders_still_held(tmp_path):
    kept, staging, done = tmp_path / "kept", tmp_path / "staging", tmp_path / "done"
    for folder in (kept, staging, done):
        folder.mkdir()
    (staging / "page.html").write_text("half")
    first, second, third = new_temporary(tmp_path / "a.gif"), new_temporary(tmp_path / "b.gif"), new_temporary(tmp_path / "c.gif")
    assert first.name.startswith(f"{TEMP_PREFIX}{os.getpid()}-") and first.name.endswith("-a.gif") and first.stat().st_size == 0
    third.unlink()
    third.mkdir()  # cannot be unlinked: the others still go
    discard(second)
    discard(second)  # twice: harmless
    second.write_bytes(b"someone else's file now")
    live_folder(staging), live_folder(done), forget_folder(done)
    live_folder(tmp_path / "never made")  # a folder the interrupt came before: nothing to remove, no error
    with atomic_path(tmp_path / "d.gif") as tmp:
        tmp.write_bytes(b"d")
    tmp.write_bytes(b"a file that took the finished temporary's name")
    remove_temporaries()
    assert sorted(os.listdir(tmp_path)) == sorted(["kept", "done", "d.gif", second.name, third.name, tmp.name])
    first.write_bytes(b"x"), third.rmdir()
    live_folder(kept)
    forget_folder(kept)
    remove_temporaries()  # the registry was emptied: nothing more goes
    assert sorted(os.listdir(tmp_path)) == sorted(["kept", "done", "d.gif", second.name, tmp.name, first.name])


@pytest.mark.parametrize("umask, file_mode, folder_mode", [(0o022, 0o644, 0o755), (0o027, 0o640, 0o750), (0o000, 0o666, 0o777)])
def test_usual_modes_follow_the_umask(tmp_path, umask, file_mode, folder_mode):
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    tmp = new_temporary(tmp_path / "a.gif")
    old = os.umask(umask)
    try:
        usual_mode(tmp), usual_folder_mode(folder)
        with atomic_path(tmp_path / "b.gif") as b:
            b.write_bytes(b"b")
        assert os.umask(umask) == umask  # the umask is left as it was
    finally:
        os.umask(old)
        discard(tmp)
    assert stat.S_IMODE(os.stat(tmp_path / "b.gif").st_mode) == file_mode
    assert stat.S_IMODE(os.stat(folder).st_mode) == folder_mode


def test_a_staged_temporary_is_written_in_place_and_faults_name_the_output(tmp_path):
    tmp = staged(new_temporary(tmp_path / "out.gif"))
    try:
        with atomic_path(tmp) as inside:
            assert inside == tmp
            inside.write_bytes(b"frames")
        assert sorted(os.listdir(tmp_path)) == [tmp.name] and tmp.read_bytes() == b"frames"
        with pytest.raises(OutputError, match=r"^cannot write '.*/out.gif': No space left on device\.$"):
            with atomic_path(tmp):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        with pytest.raises(RuntimeError):
            with atomic_path(tmp):
                raise RuntimeError("not a fault of the disk")
        assert tmp.read_bytes() == b"frames"
    finally:
        discard(tmp)
    assert os.listdir(tmp_path) == []
    with atomic_path(tmp) as again:  # discarded: no longer staged, written the usual way
        assert again != tmp
        again.write_bytes(b"plain")
    assert tmp.read_bytes() == b"plain"


def test_a_temporary_another_sweeper_removed_first_is_no_error(tmp_path, monkeypatch):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f"{TEMP_PREFIX}{dead}-a-out.gif"
    stale.write_bytes(b"left by a killed run")
    real = os.scandir

    def racing(folder):  # a second writer sweeps the same folder between our listing and our unlink
        entries = list(real(folder))
        stale.unlink(missing_ok=True)
        return entries

    monkeypatch.setattr(os, "scandir", racing)
    with atomic_path(tmp_path / "out.gif") as tmp:
        tmp.write_bytes(b"new")
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["out.gif"]
