"""A cdktf.json ``terraformProviders`` entry Terraform rejects (``"hashicorp/aws@~"``, seen in a real
project) is said as a note and left out; the rest of cdktf.json and the project is still read and
checked, where one such entry used to stop the whole check with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.check.config import CheckOptions
from compat.check.engine import run_check
from compat.cli import main
from compat.project.cdktf_json import read_cdktf_json
from tests.check.helpers import check, make_project
from tests.typescript.test_check import _project, _snapshot


def test_an_entry_with_an_unreadable_constraint_is_a_note_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cdktf.json"
    path.write_text(
        '{\n  "language": "python",\n  "terraformProviders": [\n    "hashicorp/aws@~",\n'
        '    "hashicorp/random@~> 3.1"\n  ]\n}\n'
    )
    config = read_cdktf_json(path)
    [random] = config.providers
    assert (random.requirement.name, random.position, random.line) == ("random", 1, 5)
    [note] = config.notes
    assert note.startswith("cdktf.json:4: invalid version constraint '~'") and "left out" in note


def test_python_check_goes_on_and_says_the_entry(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": "import cdktf\n"}, providers='["hashicorp/aws@~"]')
    result = check(root)
    assert any("invalid version constraint '~'" in note for note in result.notes)


def test_typescript_check_goes_on_and_says_the_entry(tmp_path: Path) -> None:
    root = _project(tmp_path / "app", dependencies={"cdktf": "^0.20.0"}, lock={"cdktf": "0.20.10"})
    config = json.loads((root / "cdktf.json").read_text())
    (root / "cdktf.json").write_text(json.dumps({**config, "terraformProviders": ["hashicorp/aws@~"]}))
    result = run_check(root, CheckOptions(offline=True), snapshot=_snapshot())
    assert any("invalid version constraint '~'" in note for note in result.notes)


def test_the_cli_exits_by_the_findings_not_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "app", dependencies={"cdktf": "^0.20.0"}, lock={"cdktf": "0.20.10"})
    config = json.loads((root / "cdktf.json").read_text())
    (root / "cdktf.json").write_text(json.dumps({**config, "terraformProviders": ["hashicorp/aws@~"]}))
    assert main(["check", str(root), "--offline"]) == 0
    assert "invalid version constraint '~'" in capsys.readouterr().out
