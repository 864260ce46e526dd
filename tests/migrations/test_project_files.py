"""``compat migrate`` rewrites the project's own files only, and finishes on any tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from compat.cli import main
from tests.conftest import FIXTURES
from tests.project.test_files import hostile

AWS9_MAIN = (FIXTURES / "migrations" / "aws9" / "main.py").read_text()
NEW_IMPORT = "from cdktf_cdktf_provider_aws.provider import AwsProvider"


def test_migrate_leaves_vendored_ignored_and_nested_code_alone(tmp_path: Path) -> None:
    root = tmp_path / "app"
    for rel in ("main.py", "scratch/old.py", "lambda/dep/m.py", "other/main.py"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(AWS9_MAIN)
    (root / "cdktf.json").write_text("{}")
    (root / ".gitignore").write_text("scratch/\n")
    (root / "lambda" / "dep-1.0.dist-info").mkdir()
    (root / "other" / "cdktf.json").write_text("{}")  # a project of its own
    assert main(["migrate", str(root), "--to", "21.22.1", "--from", "9.0.52", "--write"]) == 0
    assert NEW_IMPORT in (root / "main.py").read_text()
    assert all(
        (root / rel).read_text() == AWS9_MAIN
        for rel in ("scratch/old.py", "lambda/dep/m.py", "other/main.py")
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")
def test_migrate_finishes_on_symlink_loops_fifos_and_devices(tmp_path: Path) -> None:
    root = hostile(tmp_path / "app")
    (root / "main.py").write_text(AWS9_MAIN)
    argv = ["migrate", str(root), "--to", "21.22.1", "--from", "9.0.52", "--write"]
    # a process of its own: the symbol index connection belongs to the thread that opened it
    done = subprocess.run([sys.executable, "-m", "compat", *argv], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert NEW_IMPORT in (root / "main.py").read_text()


def _repository_with_app_below(root: Path) -> Path:
    """The Pipfile at the repository root installs the app whose cdktf.json sits in infra/."""
    (root / ".git").mkdir(parents=True)
    (root / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n')
    (root / "infra").mkdir()
    (root / "infra" / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "infra" / "main.py").write_text("from cdktf import App\n")
    return root


def test_a_move_above_the_app_names_the_app_it_leaves_on_the_old_core(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repository_with_app_below(tmp_path / "repo")
    code = main(["migrate", str(root), "--to", "cdktn", "--offline", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1  # the Pipfile moves to cdktn while infra/main.py still imports cdktf
    (item,) = payload["unresolved"]
    assert (item["path"], item["line"]) == ("infra/cdktf.json", 0)
    assert "Pipfile" in item["reason"] and item["replacement"] == "compat migrate infra"


def test_the_app_itself_or_an_app_with_its_own_manifest_has_no_such_item(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _repository_with_app_below(tmp_path / "repo")
    assert main(["migrate", str(root / "infra"), "--to", "cdktn", "--offline", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["unresolved"] == []
    (root / "infra" / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n')
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["unresolved"] == []
