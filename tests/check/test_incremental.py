"""One changed file re-checked against the project facts a session already loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.check import CheckOptions
from compat.check.incremental import ProjectSession
from compat.check.rules.ver014_undeclared_package import SITES
from compat.errors import CompatError
from tests.check import fakes
from tests.check.helpers import make_project

GOOD = """\
from cdktf import Fn, TerraformStack
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket


class Stack(TerraformStack):
    def __init__(self, scope, id_):
        super().__init__(scope, id_)
        S3Bucket(self, "b", bucket=Fn.upper("x"))
"""
BAD = GOOD.replace("Fn.upper", "Fn.templatestring").replace("bucket=", "bucket_nope=")


def _open(root: Path) -> ProjectSession:
    return ProjectSession.open(
        root, CheckOptions(), snapshot=fakes.snapshot(), index_loader=fakes.loader(fakes.index_19_65_1())
    )


def test_a_changed_buffer_gets_the_findings_a_whole_check_gives(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": GOOD, "other.py": BAD}, terraform="1.8.0")
    session = _open(root)
    whole = [f for f in session.result.findings if f.path == "other.py"]
    assert {f.code for f in whole} >= {"SYN004", "API001"}
    assert session.check_file(Path("main.py")).findings == ()
    # the editor's unsaved buffer of main.py now holds other.py's mistakes, at the same places
    edited = session.check_file(root / "main.py", BAD).findings
    assert [f._replace(path="other.py") for f in edited] == whole
    assert (root / "main.py").read_text() == GOOD  # nothing written


def test_a_buffer_that_does_not_parse_is_one_finding(tmp_path: Path) -> None:
    session = _open(make_project(tmp_path / "p", {"main.py": GOOD}))
    [finding] = session.check_file(Path("main.py"), "def broken(:\n").findings
    assert (finding.path, finding.line) == ("main.py", 1)


def test_a_file_outside_the_project_is_refused(tmp_path: Path) -> None:
    session = _open(make_project(tmp_path / "p", {"main.py": GOOD}))
    (tmp_path / "elsewhere.py").write_text(GOOD)
    with pytest.raises(CompatError, match="not inside the project"):
        session.check_file(tmp_path / "elsewhere.py")


def test_a_recheck_leaves_the_runs_gathered_facts_alone(tmp_path: Path) -> None:
    """VER014 gathers every file's import sites in the run's memo: re-checks must not add to them."""
    session = _open(make_project(tmp_path / "p", {"main.py": GOOD}))
    shared = session._prepared.checker.ctx.shared
    before = {module: set(places) for module, places in shared.setdefault(SITES, {}).items()}
    for shift in range(3):
        session.check_file(Path("main.py"), "\n" * shift + GOOD)
    assert shared.setdefault(SITES, {}) == before


def test_a_session_knows_which_files_the_check_reads_and_keeps_an_unsaved_buffer(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": GOOD, "other.py": GOOD}, terraform="1.8.0")
    session = ProjectSession.open(
        root,
        CheckOptions(),
        snapshot=fakes.snapshot(),
        index_loader=fakes.loader(fakes.index_19_65_1()),
        buffers={(root / "other.py").resolve(): BAD},
    )
    assert {f.code for f in session.result.findings if f.path == "other.py"} >= {"SYN004", "API001"}
    assert session.checks(root / "main.py") and session.checks(root / "other.py")
    assert not session.checks(root / "cdktf.json")
    assert not session.checks(root / "missing.py")
