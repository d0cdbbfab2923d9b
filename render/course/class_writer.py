"""Write a class folder whole or not at all: staged beside it, swapped in by one rename, the old class kept.

A class folder holds `class.json`, whose "written" list names every file the command wrote. A file
that is not on that list is someone else's: it is kept in place (linked into the new class), and
a run that would change or remove the student folder holding it is refused. A run that would
change students' files needs `replace=True`; the old class is then kept whole beside the new one.
The swap itself, and the recovery from a swap a SIGKILL cut short, are in render/course/class_swap.py.
"""

import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from render.course.class_swap import MANIFEST, STAGE, backup_name, key, locked, recover, swap
from render.files.atomic import OutputError, forget_folder, live_folder, usual_folder_mode

__all__ = ["MANIFEST", "MAX_NAME_BYTES", "ClassWrite", "check_class_out", "plan_class", "read_manifest", "record_written",
           "recover", "write_class_files"]

MAX_NAME_BYTES = 200  # the class folder's name, so that '<name>.old-<time>' still fits in 255 bytes


@dataclass(frozen=True)
class ClassWrite:
    """What a write did: students added, changed, removed, and where the old class is kept (None: nowhere)."""

    added: int
    changed: int
    removed: int
    backup: Path | None


def check_class_out(out: str | Path) -> Path:
    """The class folder as an absolute path, or ValueError if it cannot be one (checked before any work)."""
    if str(out).strip() == "":
        raise ValueError(f"output folder must be a path. Got {str(out)!r} instead.")
    path = Path(os.path.abspath(out))
    if Path(out).name in ("", ".", "..") or path.parent == path:
        raise ValueError(f"output folder must name a folder of its own (not '.', '..' or '/'). Got {str(out)!r} instead.")
    if len(path.name.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        raise ValueError(f"output folder's name must be at most {MAX_NAME_BYTES} bytes. Got {len(path.name.encode())} bytes instead.")
    if path.is_symlink():
        raise ValueError(f"output folder must be a real folder, not a symbolic link. Got {str(out)!r} -> {os.readlink(path)!r} instead.")
    if path.exists() and not path.is_dir():
        raise ValueError(f"output folder must be a folder. Got the file {str(out)!r} instead.")
    if os.path.ismount(path):  # a class is swapped in by a rename beside it, which cannot cross into another file system
        raise ValueError(f"output folder must not be a mount point (the class is replaced whole). Got {str(out)!r} instead.")
    if not path.parent.is_dir():
        raise ValueError(f"output folder's parent must exist. Got {str(path.parent)!r} instead.")
    for folder in {path.parent, path} if path.is_dir() else {path.parent}:
        probe = folder / f"{STAGE}{os.getpid()}-probe-{key(path)}"
        try:  # os.access() says yes to root even on a read-only file system
            probe.mkdir()
            probe.rmdir()
        except OSError as err:
            raise OutputError.of(err, f"cannot write the class in {str(folder)!r}: {err.strerror}.") from None
    return path


def read_manifest(out: Path) -> dict | None:
    """The class record of `out` (None if `out` holds none); ValueError if it is not one this command wrote."""
    path = out / MANIFEST
    if not path.exists() and not path.is_symlink():
        return None
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError) as err:
        reason = "a folder" if path.is_dir() else f"unreadable: {getattr(err, 'strerror', None) or err}"
        raise ValueError(f"{str(path)!r} must be the class record written by `lesson variants`. Got {reason[:120]} instead.") from None
    if not isinstance(data, dict) or not isinstance(data.get("students"), list):
        raise ValueError(f"{str(path)!r} must be the class record written by `lesson variants`. Got JSON without a students list instead.")
    return data


def _inside(rel: object) -> bool:
    """A path from a class record that stays inside the class folder (a record edited by hand is not trusted)."""
    return isinstance(rel, str) and bool(rel) and not rel.startswith("/") and ".." not in Path(rel).parts and "\0" not in rel


def _old_files(manifest: dict, legacy: tuple[str, ...]) -> dict[str, set[str]]:
    """Each student's files as the class record lists them (a record without "files": its folder's `legacy` names)."""
    if isinstance(manifest.get("files"), dict):
        return {str(name): {p for p in paths if _inside(p)} for name, paths in manifest["files"].items() if isinstance(paths, list)}
    written = [p for p in manifest.get("written", []) if _inside(p)] if isinstance(manifest.get("written"), list) else []
    files = {}
    for s in manifest["students"]:
        if isinstance(s, dict) and _inside(s.get("folder")) and isinstance(s.get("name", s["folder"]), str):
            folder = s["folder"]
            files[s.get("name", folder)] = {f"{folder}/{n}" for n in legacy} | {w for w in written if w.startswith(f"{folder}/")}
    return files


def _old_extra(manifest: dict) -> dict[str, set[str]]:
    """Files a later step wrote for each student (their video), by the class record."""
    extra = manifest.get("extra")
    if not isinstance(extra, dict):
        return {}
    return {str(name): {p for p in paths if _inside(p)} for name, paths in extra.items() if isinstance(paths, list)}


def _written(manifest: dict, legacy: tuple[str, ...]) -> set[str]:
    """Every path the command wrote into the class, by the class record."""
    if isinstance(manifest.get("written"), list):
        return {p for p in manifest["written"] if _inside(p)}
    return set().union(*_old_files(manifest, legacy).values())


def _ours(rel: str, written: set[str]) -> bool:
    return rel == MANIFEST or rel in written or f"{rel}/" in written or any(w.endswith("/") and rel.startswith(w) for w in written)


def _tree(out: Path) -> tuple[list[str], set[str]]:
    """(every file, symlink and empty-or-not folder under `out`, relative), and the folders among them."""
    entries, folders = [], set()
    for root, dirs, files in os.walk(out):
        base = Path(root).relative_to(out)
        for name in dirs + files:
            rel = (base / name).as_posix()
            entries.append(rel)
            if name in dirs and not Path(root, name).is_symlink():
                folders.add(rel)
    return entries, folders


def _students_changed(out: Path, old: dict[str, set[str]], students: Mapping[str, Mapping[str, bytes]]) -> tuple[set, set, set]:
    """(added, changed, removed) student names against the class already in `out`."""
    added, changed = set(), set()
    for name, files in students.items():
        if name not in old:
            added.add(name)
        elif set(files) != {p for p in old[name] if not p.endswith("/")} or any(not _same_bytes(out / rel, data) for rel, data in files.items()):
            changed.add(name)
    return added, changed, set(old) - set(students)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _folders_of(paths) -> set[str]:
    return {Path(p.rstrip("/")).parent.as_posix() for p in paths} - {"."}


def _foreign(out: Path, written: set[str], new_paths: set[str], risky: set[str]) -> list[str]:
    """Entries of `out` this command did not write; refuse any that a change would lose or that stands where a new file goes.

    `risky` are the folders of students who change, leave or arrive. Returns the foreign entries that may be carried over.
    """
    entries, folders = _tree(out)
    parents = {q.as_posix() for rel in written for q in Path(rel.rstrip("/")).parents} - {"."}
    new_parents = {q.as_posix() for rel in new_paths for q in Path(rel).parents} - {"."}
    foreign = [rel for rel in entries if not _ours(rel, written) and not (rel in folders and rel in parents)]
    for rel in foreign:
        in_risky = any(rel == f or rel.startswith(f"{f}/") for f in risky)
        in_the_way = rel in new_paths or (rel in new_parents and rel not in folders)
        if in_risky or in_the_way:
            raise ValueError(f"{str(out / rel)!r} was not written by `lesson variants` and this run would lose it. "
                             "Move it out of the class folder, then run again.")
    return [rel for rel in foreign if not any(rel.startswith(f"{other}/") for other in foreign if other in folders)]


def _carry(out: Path, staging: Path, rel: str) -> None:
    """Put someone else's file or folder into the new class: hard links, so the old class keeps it too."""
    source, target = out / rel, staging / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy, dirs_exist_ok=True)
    else:
        _link_or_copy(source, target)


def _link_or_copy(source, target) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def plan_class(out: str | Path, students: Mapping[str, Mapping[str, bytes]], legacy: tuple[str, ...] = ()) -> tuple[set, set, set]:
    """(added, changed, removed) students a write would make, after every refusal a write would make."""
    out = check_class_out(out)
    recover(out)
    if not out.is_dir():
        return set(students), set(), set()
    old = read_manifest(out)
    if old is None:
        entries = sorted(os.listdir(out))
        if entries:
            raise ValueError(f"output folder must be empty or a class written by `lesson variants`. Got {str(out)!r} holding {entries[0][:80]!r} instead.")
        return set(students), set(), set()
    old_files = _old_files(old, legacy)
    added, changed, removed = _students_changed(out, old_files, students)
    moving = changed | removed | added
    risky = _folders_of(p for name in moving for p in old_files.get(name, set()) | set(students.get(name, {})))
    _foreign(out, _written(old, legacy), {p for files in students.values() for p in files}, risky)
    return added, changed, removed


def write_class_files(out: str | Path, students: Mapping[str, Mapping[str, bytes]], class_files: Mapping[str, bytes],
                      manifest: dict, replace: bool = False, legacy: tuple[str, ...] = ()) -> ClassWrite:
    """Write every student's files ({student: {path in the class: bytes}}), the class's files and class.json, whole or not at all."""
    out = check_class_out(out)
    with locked(out.parent):
        return _write(out, students, class_files, manifest, replace, legacy)


def _write(out: Path, students, class_files, manifest: dict, replace: bool, legacy) -> ClassWrite:
    added, changed, removed = plan_class(out, students, legacy)
    old = read_manifest(out) if out.is_dir() else None
    if (changed or removed) and not replace:
        raise ValueError(f"this run would replace the files of {len(changed) + len(removed)} of the {len(old['students'])} students "
                         f"in {str(out)!r} (changed: {len(changed)}, removed: {len(removed)}). Got no --replace: add it to "
                         "replace them (the old class is then kept beside the new one).")
    if old is not None and not added and not changed and not removed and _same_class_files(out, old, class_files, legacy):
        return ClassWrite(0, 0, 0, None)  # the same class: nothing to write, nothing else touched
    everything = {rel: data for files in students.values() for rel, data in files.items()} | dict(class_files)
    _check_paths(everything, sum(len(files) for files in students.values()) + len(class_files))
    digest = hashlib.sha256()
    for rel in sorted(everything):
        digest.update(rel.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(everything[rel]).digest())
    kept = {name: paths for name, paths in _old_extra(old or {}).items() if name in students and name not in changed}
    record = {**manifest, "written": sorted(set(everything) | set().union(*kept.values())),
              "files": {name: sorted(files) for name, files in students.items()},
              "extra": {name: sorted(paths) for name, paths in kept.items()}, "digest": digest.hexdigest()}
    staging = out.parent / f"{STAGE}{os.getpid()}-{key(out)}"
    live_folder(staging)
    try:
        _stage(out, staging, everything, record, old, legacy, set().union(*kept.values()))
        backup = swap(out, staging, backup_name(out) if (changed or removed) else None, record["digest"])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        forget_folder(staging)
    return ClassWrite(len(added), len(changed), len(removed), backup)


def _check_paths(everything: Mapping[str, bytes], count: int) -> None:
    """Refuse two files at one path, or a file where another file's folder must go (a student named like a class file)."""
    if len(everything) != count:
        raise ValueError(f"every file of the class must have a path of its own. Got {count - len(everything)} paths written twice instead.")
    parents = {q.as_posix() for rel in everything for q in Path(rel).parents}
    clash = next((rel for rel in sorted(everything) if rel in parents), None)
    bad = next((rel for rel in sorted(everything) if rel.startswith("/") or ".." in Path(rel).parts or rel == MANIFEST), None)
    if clash or bad:
        raise ValueError(f"class file paths must be relative, distinct and not the folder of another file. Got {clash or bad!r} instead.")


def _same_class_files(out: Path, old: dict, class_files: Mapping[str, bytes], legacy: tuple[str, ...]) -> bool:
    students = set().union(*_old_files(old, legacy).values())
    before = {p for p in _written(old, legacy) if p not in students and not p.endswith("/")}
    return before == set(class_files) and all(_same_bytes(out / rel, data) for rel, data in class_files.items())


def _stage(out: Path, staging: Path, everything: Mapping[str, bytes], record: dict, old: dict | None, legacy, kept: set[str]) -> None:
    staging.mkdir()
    usual_folder_mode(staging)
    try:
        for rel, data in everything.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if old is not None:
            for rel in _foreign(out, _written(old, legacy), set(everything), set()):
                _carry(out, staging, rel)
            for rel in kept:  # an unchanged student's video stays with them
                if (out / rel).is_file() and not (staging / rel).exists():
                    _carry(out, staging, rel)
        (staging / MANIFEST).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as err:
        where = err.filename if isinstance(err.filename, str) else str(out)
        shown = where.replace(str(staging), str(out)) if where else str(out)
        raise OutputError.of(err, f"cannot write the class {str(out)!r} at {shown[:200]!r}: {err.strerror}. "
                                  "The old class is unchanged.") from None


def record_written(out: Path, files: Mapping[str, list[str]]) -> None:
    """Add files a later step wrote for students ({student: [path in the class]}, a video) to class.json."""
    from render.files.atomic import atomic_path

    data = read_manifest(out) or {"students": []}
    owned = _old_extra(data)
    for name, paths in files.items():
        owned[name] = owned.get(name, set()) | set(paths)
    data["extra"] = {name: sorted(paths) for name, paths in owned.items()}
    data["written"] = sorted(set(data.get("written", [])) | {p for paths in files.values() for p in paths})
    with atomic_path(out / MANIFEST) as tmp:
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
