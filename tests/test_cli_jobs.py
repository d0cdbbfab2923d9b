"""The job runner: local processes or a Dask cluster, resume by outputs, failures named."""

import sys

import pytest

from cli.jobs import Job, run_jobs


def _writer(tmp_path, name: str, code: str = "") -> Job:
    out = tmp_path / f"{name}.txt"
    script = f"{code}\nimport os; open({str(out)!r}, 'w').write(os.environ['WORD'] * 3)"
    return Job(name, (sys.executable, "-c", script), str(tmp_path), {"WORD": name}, (str(out),))


def test_local_jobs_run_and_write_their_outputs(tmp_path):
    jobs = [_writer(tmp_path, f"chapter{k}") for k in range(4)]
    results = run_jobs(jobs, workers=2, progress=False)
    assert [r.name for r in results] == [j.name for j in jobs] and all(r.ok and r.error is None for r in results)
    assert (tmp_path / "chapter2.txt").read_text() == "chapter2" * 3


def test_done_jobs_are_not_run_again(tmp_path):
    job = _writer(tmp_path, "title")
    (tmp_path / "title.txt").write_text("kept")
    (result,) = run_jobs([job], progress=False)
    assert result.ok and result.seconds == 0.0 and (tmp_path / "title.txt").read_text() == "kept"


def test_failed_job_is_named_and_the_others_keep_their_files(tmp_path):
    jobs = [_writer(tmp_path, "data"), _writer(tmp_path, "summary", "import sys; sys.exit('no LaTeX here')"),
            _writer(tmp_path, "network")]
    results = run_jobs(jobs, workers=2, progress=False)
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error.startswith("job 'summary' failed with exit status 1: no LaTeX here")
    assert (tmp_path / "data.txt").is_file() and (tmp_path / "network.txt").is_file()
    assert not (tmp_path / "summary.txt").exists()


def test_bad_arguments_name_the_value(tmp_path):
    with pytest.raises(ValueError, match="workers must be a positive integer. Got 0 instead."):
        run_jobs([_writer(tmp_path, "a")], workers=0)
    with pytest.raises(ValueError, match="job names must be unique. Got 'a' more than once instead."):
        run_jobs([_writer(tmp_path, "a"), _writer(tmp_path, "a")])


def test_jobs_run_on_a_dask_cluster(tmp_path):
    from distributed import LocalCluster

    jobs = [_writer(tmp_path, "one"), _writer(tmp_path, "two", "raise SystemExit(4)"), _writer(tmp_path, "three")]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        results = run_jobs(jobs, cluster=cluster.scheduler_address, progress=False)
    assert [r.ok for r in results] == [True, False, True]
    assert "job 'two' failed with exit status 4" in results[1].error
    assert (tmp_path / "three.txt").read_text() == "three" * 3


def test_scheduler_address_from_the_dask_variable(tmp_path, monkeypatch):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.scheduler_address)
        results = run_jobs([_writer(tmp_path, "student1"), _writer(tmp_path, "student2")], progress=True)
    assert all(r.ok for r in results) and (tmp_path / "student2.txt").is_file()
