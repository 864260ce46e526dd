"""A Terraform binary on PATH that floods, hangs or is asked per project (issue 24, 8).

Its output is read up to a bound, it gets one timeout per run, and its answer or failure is
remembered: for the run (every project of a monorepo) and in the cache while it is unchanged.
"""

from __future__ import annotations

import json
import resource
import subprocess
import time
from pathlib import Path

import pytest

from compat.cli import main
from compat.versions import binary_version as module
from compat.versions.binary_version import BinaryFailed, binary_version


def _script(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


@pytest.fixture(autouse=True)
def _fresh_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "_asked", {})
    monkeypatch.setattr(module, "TIMEOUT", 1.0)


def test_a_flooding_binary_is_read_up_to_a_bound(tmp_path: Path) -> None:
    flood = _script(tmp_path / "terraform", 'exec yes \'{"terraform_version": "1.5.7"}\'\n')
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(BinaryFailed, match="no usable answer"):
        binary_version(str(flood))
    assert time.monotonic() - started < 5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB: no flood held


def test_a_hanging_binary_costs_one_timeout_per_run_and_is_remembered(tmp_path: Path) -> None:
    from compat.paths import cache_dir

    cache_dir().mkdir(parents=True, exist_ok=True)
    (cache_dir() / "index.sqlite").write_text("")  # a user cache compat already keeps
    hang = _script(tmp_path / "terraform", "sleep 600\n")
    started = time.monotonic()
    for _ in range(4):
        with pytest.raises(BinaryFailed):
            binary_version(str(hang))
    assert time.monotonic() - started < 3  # one timeout of 1 s, not four
    module._asked.clear()  # the next run: the failure is in the cache while the binary is unchanged
    started = time.monotonic()
    with pytest.raises(BinaryFailed):
        binary_version(str(hang))
    assert time.monotonic() - started < 0.5


def test_without_a_cache_a_binary_is_asked_once_per_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = tmp_path / "calls"
    (tmp_path / "bin").mkdir()
    answer = json.dumps({"terraform_version": "1.5.7"})
    _script(tmp_path / "bin" / "terraform", f"echo x >> {counter}\necho '{answer}'\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    for name in ("a", "b", "c", "d"):
        project = tmp_path / "mono" / name
        project.mkdir(parents=True)
        (project / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
        (project / "requirements.txt").write_text("cdktf==0.20.11\n")
    assert main(["check", str(tmp_path / "mono"), "--offline"]) in (0, 1)
    assert counter.read_text().count("x") == 1


def test_the_real_runner_answers(tmp_path: Path) -> None:
    good = _script(tmp_path / "tofu", 'echo \'{"terraform_version": "1.8.2"}\'\n')
    assert binary_version(str(good)) == "1.8.2"
    done = module.run_bounded([str(good)], timeout=5)
    assert done.returncode == 0 and json.loads(done.stdout) == {"terraform_version": "1.8.2"}
    with pytest.raises(subprocess.TimeoutExpired):
        module.run_bounded([str(_script(tmp_path / "slow", "sleep 30\n"))], timeout=0.5)
