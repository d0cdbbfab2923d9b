"""Mutation report: the share of mutants the fast tests kill in the modules that guard users' files and words.

Runs mutmut (pinned in requirements.txt) on a copy of the working tree, so nothing here is touched,
and prints one line per module. A report, not a test: `make test` never runs it.

    .venv/bin/python bench/mutation.py                 # every module below, fast tests, 2 workers
    .venv/bin/python bench/mutation.py render/speech/spoken.py --survivors   # one module, with the diffs that lived

Equivalent mutants (a change no test can see, because the behaviour is the same) are listed in
EQUIVALENT with the reason, and left out of the share; every other survivor is a test to write.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# module -> the fast tests that speak for it (mutmut runs, of these, only the tests that reach the mutated function)
MODULES = {
    "render/files/atomic.py": ["tests/test_render_atomic.py", "tests/test_render_atomic_paths.py", "tests/test_render_outputs.py"],
    "render/files/outputs.py": ["tests/test_render_atomic.py", "tests/test_render_atomic_paths.py", "tests/test_render_outputs.py"],
    "render/files/snapshots.py": ["tests/test_render_snapshots.py", "tests/test_render_snapshots_file.py"],
    "render/speech/spoken.py": ["tests/test_render_spoken.py", "tests/test_render_spoken_numbers.py", "tests/test_render_spoken_script.py"],
    "render/course/class_folder.py": ["tests/test_render_class_folder.py", "tests/test_cli_course.py", "tests/test_course_layout.py"],
    "model/checker.py": ["tests/test_model_checker.py", "tests/test_model_chain.py"],
    "model/training.py": ["tests/test_model_training.py"],
}
PACKAGES = ["cli", "model", "render", "scenes"]
ALSO_COPY = ["assets", "tests", "Makefile", "manim.cfg", "README.md", "docs", "bench", "scripts", "homework.ipynb"]

# mutant name -> why no test can tell it from the original
EQUIVALENT: dict[str, str] = {
    **{f"model.checker.xǁToleranceǁclose__mutmut_{n}": "the dtype of the compared numbers: answers are floats or float64 maps "
       "(model.answers), references float64 (model.conv), so float64 is what asarray gives anyway" for n in (3, 5, 7, 9)},
    **{f"model.training.x_train__mutmut_{n}": "zeroing the gradients instead of dropping them: every step runs the same model on a "
       "batch, so each parameter gets a gradient in every step or in none, and Adam's update is the same" for n in (79, 80)},
    **{f"render.files.atomic.x__sweep__mutmut_{n}": "split('-') against split('-', 1) (or 2): the pid is the first field "
       "either way" for n in (8, 11)},
    **{name: "umask(1) against umask(0) to read the umask: it is put back on the next line, so the mode set is the same"
       for name in ("render.files.atomic.x_usual_mode__mutmut_3", "render.files.atomic.x_usual_folder_mode__mutmut_3")},
    "render.course.class_folder.x_read_roster__mutmut_12": "'UTF-8-SIG' against 'utf-8-sig': codec names are looked up "
    "without regard to case",
    "model.training.x__check_outputs__mutmut_7": "a probe of two zero points instead of one: the width of the output is the same",
    "model.training.x_train__mutmut_112": "the starting loss in the error for a minibatch loss that overflowed: that message says "
    "'is inf' or 'is nan' and never shows the starting value",
    **{f"render.files.snapshots.x__read_arrays__mutmut_{n}": "allow_pickle=None or numpy's default instead of False: "
       "both are false, so a pickled member is refused the same way" for n in (7, 9)},
    "render.files.snapshots.x__read_arrays__mutmut_79": "'XXfiuXX' for 'fiu': a dtype's kind is one character and 'X' is "
    "no numpy kind, so the same kinds count as numbers",
}
KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}  # the mutant made the tests hang: caught, and counted as killed
STATUS = {0: "survived", 5: "no tests", 33: "no tests"}


def _config(module: str, tests: list[str]) -> str:
    return (
        "\n[tool.mutmut]\n"
        f"source_paths = {json.dumps(PACKAGES)}\n"
        f"only_mutate = {json.dumps([module])}\n"
        f"also_copy = {json.dumps(ALSO_COPY)}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
        'pytest_add_cli_args = ["-q", "-p", "no:cacheprovider", "-m", "not slow"]\n'
        'process_isolation = "forkserver"\n'  # torch is not fork-safe after it has run
    )


def _copy_tree(dest: Path) -> None:
    """The tracked files of the working tree, as they are now."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, files):
        src = ROOT / name.decode()
        if src.is_file():
            (dest / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name.decode())


def _tally(work: Path, module: str) -> dict[str, list[str]]:
    meta = json.loads((work / "mutants" / f"{module}.meta").read_text())
    out: dict[str, list[str]] = {"killed": [], "survived": [], "no tests": [], "timeout": [], "equivalent": [], "other": []}
    for name, code in meta["exit_code_by_key"].items():
        if name in EQUIVALENT:
            out["equivalent"].append(name)
        elif code in KILLED:
            out["killed"].append(name)
        elif code in TIMEOUT:
            out["timeout"].append(name)
        else:
            out.get(STATUS.get(code, "other"), out["other"]).append(name)
    return out


def _run_module(module: str, tests: list[str], jobs: int, survivors: bool, keep: bool) -> tuple[dict[str, list[str]], float]:
    """Mutate one module in a fresh copy of the tree; return its tally and the seconds it took."""
    mutmut = Path(sys.executable).with_name("mutmut")
    work = Path(tempfile.mkdtemp(prefix="lesson-mutation-"))
    try:
        _copy_tree(work)
        with open(work / "pyproject.toml", "a") as f:
            f.write(_config(module, [t for t in tests if (ROOT / t).exists()]))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the mutated copy, not this checkout
        started = time.perf_counter()
        run = subprocess.run([str(mutmut), "run", "--max-children", str(jobs)], cwd=work, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if run.returncode:
            raise SystemExit(f"mutmut failed on {module} with status {run.returncode}:\n{run.stderr[-2000:]}")
        tally = _tally(work, module)
        if survivors:
            for name in tally["survived"] + tally["no tests"] + tally["other"]:
                print(subprocess.run([str(mutmut), "show", name], cwd=work, env=env, capture_output=True, text=True).stdout)
        return tally, time.perf_counter() - started
    finally:
        if keep:
            print(f"work folder: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    """Run mutmut over the modules and print the share killed per module."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES), help="modules to mutate (default: all of MODULES)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--survivors", action="store_true", help="print the diff of every mutant that lived")
    parser.add_argument("--keep", action="store_true", help="keep the work folders (their paths are printed)")
    args = parser.parse_args()
    unknown = [m for m in args.modules if m not in MODULES]
    if unknown:
        raise SystemExit(f"module must be one of {', '.join(MODULES)}. Got {unknown[0]!r} instead.")
    print(f"{'module':32} {'mutants':>7} {'killed':>6} {'lived':>5} {'untested':>8} {'timeout':>7} {'equiv':>5}  killed share")
    total = 0.0
    for module in args.modules:
        t, seconds = _run_module(module, MODULES[module], args.jobs, args.survivors, args.keep)
        total += seconds
        counted = sum(len(v) for k, v in t.items() if k != "equivalent")
        share = (len(t["killed"]) + len(t["timeout"])) / counted if counted else 1.0
        print(f"{module:32} {counted + len(t['equivalent']):7d} {len(t['killed']):6d} {len(t['survived']):5d} "
              f"{len(t['no tests']):8d} {len(t['timeout']):7d} {len(t['equivalent']):5d}  {share:6.1%}", flush=True)
    print(f"({total:.0f} s with {args.jobs} workers)")


if __name__ == "__main__":
    main()
