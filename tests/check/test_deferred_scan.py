"""A whole check reads each file once: what the texts name is gathered by the main loop (a deferred scan)
wherever the context does not depend on it, with the result of a scan that reads every file first."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.check import CheckOptions, CheckResult, engine, run_check, sources
from compat.check.sources import SourceText
from compat.index.model import MemoryReleaseIndex
from tests.check import fakes
from tests.check.helpers import make_project

FILES = {
    # the prebuilt bindings, another prebuilt package, local bindings, modules no manifest declares
    "stacks/aws.py": (
        "from cdktf import Fn\nfrom cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n"
        "S3Bucket(None, 'b', bucket=Fn.templatestring('x'), nope=1)\n"
    ),
    "stacks/local.py": "from imports.aws.s3_bucket import S3Bucket\nS3Bucket(None, 'l')\n",
    "stacks/rand.py": "from cdktf_cdktf_provider_random.id import Id\nId(None, 'i')\n",
    "stacks/other.py": "import boto3\nfrom cdktf_cdktf_provider_google.x import Y\n",
    "stacks/plain.py": "def handler(event):\n    import json\n    return json.dumps(event)\n",
    "stacks/broken.py": "x = (\n",
}
PIPFILE_RANDOM = 'cdktf-cdktf-provider-random = "==12.0.1"\n'


def _project(root: Path) -> Path:
    make_project(root, FILES, providers='["hashicorp/aws@~>5.0", "hashicorp/random@~>3.0"]')
    pipfile = root / "Pipfile"
    pipfile.write_text(pipfile.read_text().replace("[requires]", PIPFILE_RANDOM + "\n[requires]"))
    return root


def _check(root: Path, defer: bool, *indexes: MemoryReleaseIndex, jobs: int = 1) -> tuple[bool, CheckResult]:
    prepared = engine.prepare(
        root,
        CheckOptions(),
        snapshot=fakes.snapshot(),
        index_loader=fakes.loader(*(indexes or (fakes.index_19_65_1(),))),
        defer_scan=defer,
    )
    return prepared.scanned.deferred, engine.complete(prepared, jobs=jobs)


def test_the_main_loop_gathers_what_a_scan_reads_first(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    deferred, gathered = _check(root, True)
    read_first, scanned = _check(root, False)
    assert (deferred, read_first) == (True, False)
    assert gathered == scanned
    # what the project rules read of the imports: SRC003 about the packages no manifest declares
    assert any(f.code == "SRC003" for f in scanned.findings)
    assert {"API001", "SRC001"} <= {f.code for f in scanned.findings}


def test_in_a_pool_too(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    for number in range(20):
        (root / "stacks" / f"more_{number}.py").write_text(FILES["stacks/aws.py"])
    assert _check(root, True, jobs=2)[1] == _check(root, False)[1]


def test_each_file_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "p")
    read: list[str] = []
    real = sources.read

    def counting(top: Path, path: Path) -> SourceText:
        read.append(str(path))
        return real(top, path)

    monkeypatch.setattr("compat.check.code.read", counting)
    run_check(
        root, CheckOptions(), snapshot=fakes.snapshot(), index_loader=fakes.loader(fakes.index_19_65_1())
    )
    assert sorted(read) == sorted(set(read)) and len(read) == len(FILES)


def test_without_the_index_the_files_are_read_first(tmp_path: Path) -> None:
    """The note of the rules that cannot run names whether the code imports the bindings."""
    root = _project(tmp_path / "p")
    deferred, result = _check(root, True, fakes.index_19_65_1(version="1.0.0"))
    assert not deferred
    assert result == _check(root, False, fakes.index_19_65_1(version="1.0.0"))[1]
    assert any("could not run: no symbol index" in note for note in result.notes)
