"""Run independent command-line jobs in parallel: local processes, or a Dask cluster's workers."""

import os
import re
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SCHEDULER_ENV_VAR", "Job", "JobResult", "check_cluster", "run_job", "run_jobs"]

SCHEDULER_ENV_VAR = "DASK_SCHEDULER_ADDRESS"  # Dask's own variable: tcp://host:8786
_TAIL = 800  # characters of a failed job's stderr kept in its error
_ADDRESS = re.compile(r"^(?:(?:tcp|tls|ucx|ws|wss)://)?(\[[0-9a-fA-F:]+\]|[A-Za-z0-9_.-]+):(\d{1,5})/?$|^inproc://\S+$")


def check_cluster(address: str | None, source: str = "--cluster") -> str | None:
    """A Dask scheduler address such as tcp://host:8786 (None: no cluster); ValueError naming a malformed one."""
    if address is None:
        return None
    match = _ADDRESS.match(address)
    if not match or (match.group(2) and not 0 < int(match.group(2)) < 65536):
        from cli.limits import shown

        raise ValueError(f"{source} must be a Dask scheduler address like tcp://host:8786. Got {shown(address)} instead.")
    return address


@dataclass(frozen=True)
class Job:
    """One command to run; `outputs` all present and whole (a movie: complete) means it is already done."""

    name: str  # shown in progress and in errors (a chapter, a student)
    command: tuple[str, ...]  # argv
    cwd: str  # working directory (on a cluster: a path every worker sees)
    env: dict[str, str] = field(default_factory=dict)  # added to os.environ
    outputs: tuple[str, ...] = ()  # files the job writes (relative to cwd, or absolute)

    def done(self) -> bool:
        """True if every output exists and is non-empty (nothing to run again)."""
        from render.files.movies import is_whole

        paths = [Path(self.cwd, output) for output in self.outputs]
        return bool(paths) and all(is_whole(path) for path in paths)


@dataclass(frozen=True)
class JobResult:
    """How one job went: ok, seconds of wall time (0 when resumed), and the error naming the job."""

    name: str
    ok: bool
    seconds: float
    error: str | None = None


def run_job(job: Job) -> JobResult:
    """Run one job here and now (also what a Dask worker runs)."""
    if job.done():
        return JobResult(job.name, True, 0.0)
    from cli.signals import run_child

    start = time.perf_counter()
    try:
        status, out, err = run_child(list(job.command), capture=True, cwd=job.cwd, env={**os.environ, **job.env})
    except OSError as error:
        return JobResult(job.name, False, time.perf_counter() - start, f"job {job.name!r} could not start: {error}")
    seconds = time.perf_counter() - start
    if status != 0:
        tail = (err or out).strip()[-_TAIL:]
        return JobResult(job.name, False, seconds, f"job {job.name!r} failed with exit status {status}: {tail}")
    missing = [output for output in job.outputs if not Path(job.cwd, output).is_file()]
    if missing:
        return JobResult(job.name, False, seconds, f"job {job.name!r} finished without writing {missing[0]!r}.")
    return JobResult(job.name, True, seconds)


def _check(jobs: Sequence[Job], workers: int | None) -> None:
    names = [job.name for job in jobs]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"job names must be unique. Got {repeated[0]!r} more than once instead.")
    if workers is not None and (not isinstance(workers, int) or workers <= 0):
        raise ValueError(f"workers must be a positive integer. Got {workers!r} instead.")


def run_jobs(jobs: Sequence[Job], workers: int | None = None, cluster: str | None = None,
             progress: bool = True) -> list[JobResult]:
    """Run `jobs` (in parallel) and return their results in the jobs' order; a failure does not stop the others.

    Local processes by default, `workers` at a time (default: the number of cores). With `cluster`, or the
    DASK_SCHEDULER_ADDRESS environment variable, the jobs go to that Dask scheduler's workers instead.
    """
    jobs = list(jobs)
    _check(jobs, workers)
    address = check_cluster(cluster) or check_cluster(os.environ.get(SCHEDULER_ENV_VAR) or None, f"${SCHEDULER_ENV_VAR}")
    results: dict[str, JobResult] = {}
    with _Bar(len(jobs), progress) as bar:
        finish = bar.advance(results)
        if address is None:
            with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
                for future in as_completed([pool.submit(run_job, job) for job in jobs]):
                    finish(future.result())
        else:
            _run_on_cluster(jobs, address, finish)
    return [results[job.name] for job in jobs]


def _run_on_cluster(jobs: list[Job], address: str, finish: Callable[[JobResult], None]) -> None:
    from distributed import Client, as_completed as dask_completed

    client = _connect(Client, address)
    with client:
        futures = {client.submit(run_job, job, pure=False, key=f"job-{k}-{job.name}"): job for k, job in enumerate(jobs)}
        for future in dask_completed(futures):
            job = futures[future]
            try:
                finish(future.result())
            except Exception as err:  # a worker lost or the task not runnable there: report it as the job's failure
                finish(JobResult(job.name, False, 0.0, f"job {job.name!r} failed on the cluster: {err}"))


_CONNECT_SECONDS = 45  # Dask's own timeout is 30 s, but something else at that port can keep it waiting for ever


def _connect(client_class, address: str):
    """A Dask client of the scheduler at `address`, or OutputError saying what answered there (in at most 45 s)."""
    import threading

    from render.files.atomic import OutputError

    outcome: dict = {}

    def connect() -> None:
        try:
            outcome["client"] = client_class(address, timeout="30s")
        except MemoryError:  # something else answered, and its reply was read as a huge message length
            outcome["error"] = "what answers there is not a Dask scheduler"
        except (OSError, TimeoutError) as err:
            outcome["error"] = str(err).splitlines()[0][:200] or type(err).__name__
        except Exception as err:  # distributed raises its own kinds for a bad handshake
            outcome["error"] = f"{type(err).__name__}: {str(err).splitlines()[0][:200] if str(err) else ''}"

    thread = threading.Thread(target=connect, daemon=True)  # daemon: a hung connection does not hold up the exit
    thread.start()
    thread.join(_CONNECT_SECONDS)
    if "client" in outcome:
        return outcome["client"]
    reason = outcome.get("error", f"no Dask scheduler answered within {_CONNECT_SECONDS} s")
    raise OutputError(f"cannot use the Dask scheduler at {address!r}: {reason}.")


class _Bar:
    """A rich progress bar over jobs on stderr (nothing when `shown` is False)."""

    def __init__(self, total: int, shown: bool) -> None:
        self.total, self.shown, self.progress = total, shown, None

    def __enter__(self) -> "_Bar":
        if self.shown:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                     TimeElapsedColumn(), console=Console(stderr=True), transient=False)
            self.progress.start()
            self.task = self.progress.add_task("jobs", total=self.total)
        return self

    def advance(self, results: dict[str, JobResult]) -> Callable[[JobResult], None]:
        def finish(result: JobResult) -> None:
            results[result.name] = result
            if self.progress is not None:
                verdict = "done" if result.ok else "FAILED"
                self.progress.update(self.task, advance=1, description=f"{result.name} {verdict}")

        return finish

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()
