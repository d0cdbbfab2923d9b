"""A run's outputs are replaced together at the end, or not at all; an interrupt waits for the last one."""

import os
import signal
import stat
import threading

import pytest

import render.files.outputs as outputs_module
from render.files.atomic import TEMP_PREFIX, OutputError, atomic_path
from render.files.outputs import OutputSet, note_replaced, outputs_replaced


def _names(folder):
    return sorted(p.name for p in folder.iterdir())


def test_commit_moves_every_output_into_place_with_the_usual_mode(tmp_path):
    a, b = tmp_path / "a.gif", tmp_path / "b.png"
    a.write_bytes(b"old a")
    before = len(outputs_replaced())
    old = os.umask(0o027)
    try:
        with OutputSet() as outputs:
            tmp = outputs.stage(a)
            assert tmp.parent == tmp_path and tmp.name.startswith(f"{TEMP_PREFIX}{os.getpid()}-")
            with atomic_path(tmp) as inside:  # a writer given a staged temporary writes it in place
                assert inside == tmp
                inside.write_bytes(b"new a")
            outputs.stage(b).write_bytes(b"new b")
            assert a.read_bytes() == b"old a" and not b.exists()  # nothing moves before commit
            assert outputs.commit() == [a, b]
    finally:
        os.umask(old)
    assert a.read_bytes() == b"new a" and b.read_bytes() == b"new b" and _names(tmp_path) == ["a.gif", "b.png"]
    assert [stat.S_IMODE(os.stat(p).st_mode) for p in (a, b)] == [0o640, 0o640]
    assert os.stat(a).st_nlink == 1  # the backup link is gone
    assert outputs_replaced()[before:] == [a, b]


def test_outputs_replaced_is_a_copy_and_notes_other_moves(tmp_path):
    before = outputs_replaced()
    note_replaced(tmp_path / "class")
    seen = outputs_replaced()
    assert seen == before + [tmp_path / "class"]
    seen.append(tmp_path / "not written")
    assert outputs_replaced() == before + [tmp_path / "class"]


def test_staging_twice_keeps_only_the_second_temporary(tmp_path):
    a = tmp_path / "a.gif"
    outputs = OutputSet()
    first = outputs.stage(a)
    first.write_bytes(b"first way")
    second = outputs.stage(str(a))
    second.write_bytes(b"second way")
    assert not first.exists() and _names(tmp_path) == [second.name]
    assert outputs.commit() == [a]
    assert a.read_bytes() == b"second way" and _names(tmp_path) == ["a.gif"]


def test_commit_under_other_names_and_only_some(tmp_path):
    a, b, c, real = tmp_path / "a.gif", tmp_path / "b.png", tmp_path / "c.gif", tmp_path / "real.md"
    a.write_bytes(b"old a"), b.write_bytes(b"old b"), real.write_bytes(b"old real")
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    with OutputSet() as outputs:
        outputs.stage(a).write_bytes(b"new a")
        outputs.stage(b).write_bytes(b"new b")
        outputs.stage(link).write_bytes(b"new md")
        assert outputs.commit(rename={a: c}, only=(a, link)) == [c, link]
    assert (a.read_bytes(), b.read_bytes(), c.read_bytes(), real.read_bytes()) == (b"old a", b"old b", b"new a", b"new md")
    assert link.is_symlink() and _names(tmp_path) == ["a.gif", "b.png", "c.gif", "link.md", "real.md"]
    with OutputSet() as outputs:
        outputs.stage(b).write_bytes(b"newer b")
        outputs.stage(real).write_bytes(b"newer real")
        assert outputs.commit(rename={real: link}) == [b, link]
    assert b.read_bytes() == b"newer b" and real.read_bytes() == b"newer real" and link.is_symlink()


def test_a_failed_replacement_puts_back_the_old_files_and_removes_new_ones(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    old, new, last = one / "old.gif", one / "new.png", two / "last.gif"
    old.write_bytes(b"old")
    outputs = OutputSet()
    for path in (old, new, last):
        outputs.stage(path).write_bytes(b"new " + path.name.encode())
    for p in two.iterdir():  # the last folder loses its temporary (cleaned by hand mid-run)
        p.unlink()
    with pytest.raises(OutputError, match=r"^cannot write '.*two/last.gif': No such file or directory\.$") as caught:
        outputs.commit()
    assert caught.value.errno == 2
    assert old.read_bytes() == b"old" and os.stat(old).st_nlink == 1
    assert _names(one) == ["old.gif"] and _names(two) == []
    assert outputs.commit() == []  # the set is empty now


def test_a_failure_on_a_new_first_file_leaves_nothing(tmp_path, monkeypatch):
    a, b = tmp_path / "a.gif", tmp_path / "b.gif"
    b.write_bytes(b"old b")
    outputs = OutputSet()
    outputs.stage(a).write_bytes(b"new a")
    outputs.stage(b).write_bytes(b"new b")
    real = os.replace

    def second_fails(src, dst):  # the disk fails on the second move, with b's backup made, and takes the new a with it
        if str(dst).endswith("b.gif"):
            a.unlink()
            raise OSError(5, os.strerror(5))
        real(src, dst)

    monkeypatch.setattr(outputs_module.os, "replace", second_fails)
    with pytest.raises(OutputError, match=r"^cannot write '.*b.gif': Input/output error\.$"):
        outputs.commit(rename={b: b})
    monkeypatch.undo()
    assert _names(tmp_path) == ["b.gif"] and b.read_bytes() == b"old b" and os.stat(b).st_nlink == 1


def test_without_hard_links_the_outputs_are_replaced_all_the_same(tmp_path, monkeypatch):
    a = tmp_path / "a.gif"
    a.write_bytes(b"old")

    def no_links(src, dst):
        raise OSError(1, os.strerror(1))

    monkeypatch.setattr(outputs_module.os, "link", no_links)
    with OutputSet() as outputs:
        outputs.stage(a).write_bytes(b"new")
        assert outputs.commit() == [a]
    assert a.read_bytes() == b"new" and _names(tmp_path) == ["a.gif"]


def test_a_directory_in_the_way_is_refused_before_anything_moves(tmp_path):
    a, b = tmp_path / "a.gif", tmp_path / "b.gif"
    a.write_bytes(b"old a")
    with OutputSet() as outputs:
        outputs.stage(a).write_bytes(b"new a")
        outputs.stage(b).write_bytes(b"new b")
        b.mkdir()
        with pytest.raises(ValueError, match="a directory"):
            outputs.commit()
    assert a.read_bytes() == b"old a" and _names(tmp_path) == ["a.gif", "b.gif"]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_commit_waits_until_every_output_is_in_place(tmp_path, monkeypatch, signum):
    a, b = tmp_path / "a.gif", tmp_path / "b.gif"
    seen, real = [], os.replace

    def handler(number, frame):
        seen.append((number, a.read_bytes(), b.read_bytes()))

    def interrupted(src, dst):
        real(src, dst)
        if dst == a:
            signal.pthread_kill(threading.get_ident(), signum)  # to this thread: the one that blocks it

    previous = signal.signal(signum, handler)
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})  # a mask the caller set must come back
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})  # (the shell that started the tests may block SIGHUP)
    try:
        monkeypatch.setattr(outputs_module.os, "replace", interrupted)
        with OutputSet() as outputs:
            outputs.stage(a).write_bytes(b"new a")
            outputs.stage(b).write_bytes(b"new b")
            outputs.commit()
        monkeypatch.undo()
        assert seen == [(signum, b"new a", b"new b")]  # delivered once, after both moves
        assert signal.pthread_sigmask(signal.SIG_BLOCK, set()) == ({signal.SIGUSR1} | blocked) - {signum}  # the mask is as it was
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        signal.signal(signum, previous)


def test_two_outputs_under_one_name_roll_back_to_the_oldest(tmp_path, monkeypatch):
    a, b, c, last = tmp_path / "a.gif", tmp_path / "b.gif", tmp_path / "c.gif", tmp_path / "last.gif"
    c.write_bytes(b"old c")
    outputs = OutputSet()
    for path in (a, b, last):
        outputs.stage(path).write_bytes(b"new " + path.name.encode())
    real = os.replace

    def last_fails(src, dst):
        if str(dst).endswith("last.gif"):
            raise OSError(28, os.strerror(28))
        real(src, dst)

    monkeypatch.setattr(outputs_module.os, "replace", last_fails)
    with pytest.raises(OutputError, match=r"^cannot write '.*last.gif': No space left on device\.$"):
        outputs.commit(rename={a: c, b: c})
    monkeypatch.undo()
    assert c.read_bytes() == b"old c" and _names(tmp_path) == ["c.gif"]
