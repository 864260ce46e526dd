"""The process pool of a large check: the same result as one process, and no hang when a worker dies."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from compat.check import CheckOptions, CheckResult, engine, parallel, run_check
from compat.errors import CompatError
from tests.check import fakes

pytestmark = pytest.mark.skipif(not parallel._can_fork(), reason="the pool forks")

#: A file with an IMP002 finding, a VER014 site (no manifest declares the bindings) and an IMP003
#: import of the other line: findings of the workers and what the file rules gather for the project.
FILE = (
    "from cdktf import App\n"
    "from cdktn import TerraformStack\n"
    "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n"
    "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning\n"
)


def _project(root: Path, files: int) -> Path:
    root.mkdir(parents=True)
    (root / "requirements.txt").write_text("cdktf==0.20.12\n")
    (root / ".terraform-version").write_text("1.5.7\n")
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    for number in range(files):
        (root / f"stack_{number:03}.py").write_text(FILE)
    (root / "zz_broken.py").write_text("x = (\n")  # an SRC001 finding from the last run of files
    return root


def _check(root: Path, jobs: int | None) -> CheckResult:
    return run_check(
        root,
        CheckOptions(),
        snapshot=fakes.snapshot(),
        index_loader=fakes.loader(fakes.index_19_65_1()),
        jobs=jobs,
    )


def test_the_pool_reports_what_one_process_reports(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", 30)
    alone, pooled = _check(root, 1), _check(root, 2)
    assert pooled == alone
    assert _check(root, 3) == alone  # the caller and two workers
    codes = {f.code for f in alone.findings}
    assert {"IMP002", "IMP003", "VER014", "SRC001"} <= codes
    [sites] = [f for f in alone.findings if f.code == "VER014" and f.symbol == "cdktf-cdktf-provider-aws"]
    assert len(sites.related) == 2 * 30 - 1  # gathered in every worker, merged: every import site


def test_progress_reaches_the_end(tmp_path: Path) -> None:
    root = _project(tmp_path / "p", 12)
    seen: list[tuple[int, int]] = []
    run_check(
        root,
        CheckOptions(),
        snapshot=fakes.snapshot(),
        index_loader=fakes.loader(fakes.index_19_65_1()),
        jobs=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[-1] == (13, 13)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_a_worker_that_dies_ends_the_check_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "p", 40)
    real, caller = engine.check_file, os.getpid()

    def crashing(prepared: engine.Prepared, path: str, wanted: frozenset[str], *more: Any) -> object:
        if os.getpid() != caller:  # in a worker (the calling process checks runs of files too)
            os._exit(70)  # as a segfault in the parser would: no exception, no result
        return real(prepared, path, wanted, *more)

    monkeypatch.setattr(engine, "check_file", crashing)
    with pytest.raises(CompatError, match="worker process ended abnormally while checking .*--jobs 1"):
        _check(root, 2)


def test_runs_cover_the_files_in_order_largest_first() -> None:
    for files in (1, 7, 8, 13, 400, 1000, 10_000):
        for processes in (2, 3, 8):
            bounds = parallel.runs(files, processes)
            assert [start for start, _ in bounds] == [0, *(stop for _, stop in bounds[:-1])]
            assert bounds[-1][1] == files
            sizes = [stop - start for start, stop in bounds]
            assert sizes[:-1] == sorted(sizes[:-1], reverse=True)
            assert min(sizes[:-1], default=parallel.MIN_RUN) >= parallel.MIN_RUN
    assert parallel.runs(1000, 2)[:3] == [(0, 125), (125, 235), (235, 331)]


def test_when_there_is_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.JOBS_VARIABLE, raising=False)
    monkeypatch.setattr(parallel, "_cpus", lambda: 2)
    assert parallel.workers(parallel.MIN_FILES - 1, None) == 1  # under the crossover
    assert parallel.workers(parallel.MIN_FILES, None) == 2
    assert parallel.workers(10_000, 1) == 1  # --jobs 1; the server and library calls pass 1
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    assert parallel.workers(10_000, None) == 1
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "many")
    with pytest.raises(CompatError, match="COMPAT_JOBS='many'"):
        parallel.workers(10_000, None)
    monkeypatch.delenv(parallel.JOBS_VARIABLE)
    monkeypatch.setattr(parallel, "_cpus", lambda: 1)
    assert parallel.workers(10_000, None) == 1  # one CPU
    with pytest.raises(CompatError, match="--jobs 0"):
        parallel.workers(10_000, 0)


def test_jobs_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from compat.cli import main

    root = _project(tmp_path / "p", 3)
    assert main(["check", str(root), "--offline", "--jobs", "none"]) == 2
    assert "--jobs none: not a number of processes" in capsys.readouterr().err
    assert main(["check", str(root), "--offline", "--format", "json", "--jobs", "1"]) == 1
    alone = capsys.readouterr().out
    assert main(["check", str(root), "--offline", "--format", "json", "--jobs", "2"]) == 1
    assert capsys.readouterr().out == alone
