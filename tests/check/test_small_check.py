"""What a small check does not pay for: YAML that can name no tool is not parsed, and a read-only
run with no journal anywhere does not import the write machinery."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from compat.mentions import scan_repository

ROOT = Path(__file__).resolve().parents[2]


def _repo(tmp_path: Path, workflows: dict[str, str]) -> Path:
    (tmp_path / ".git").mkdir(parents=True)
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for name, text in workflows.items():
        (folder / name).write_text(text)
    return tmp_path


def test_yaml_naming_no_tool_is_not_parsed_for_a_check(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            "lint.yml": "jobs: {lint: [unclosed\n",  # invalid, and names no tool
            "broken.yml": "jobs: {deploy: [\n  run: cdktf deploy\n",  # invalid, names one: read as lines
            "setup.yml": "steps:\n  - uses: Actions/Setup-Node@v4\n    with: {node-version: 18}\n",
        },
    )
    every = scan_repository(root)
    checked = scan_repository(root, mentions_only=True)
    assert checked.mentions == every.mentions
    assert ("node", "18") in {(m.name, m.version) for m in checked.mentions}
    assert any(m.path.name == "broken.yml" for m in checked.mentions)
    assert sorted(u.path.name for u in every.unreadable) == ["broken.yml", "lint.yml"]  # migrate says so
    assert [u.path.name for u in checked.unreadable] == ["broken.yml"]


_PROBE = """
import json, sys
from compat.cli import main
code = main(sys.argv[1:])
watched = ("compat.transaction", "hashlib", "ruamel.yaml")
print(json.dumps({"code": code, "loaded": sorted(m for m in watched if m in sys.modules)}))
"""


def _loaded(state: Path, project: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, "check", str(project), "--offline"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={"COMPAT_STATE_DIR": str(state), "PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        check=False,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_read_only_check_imports_no_write_machinery_without_a_journal(tmp_path: Path) -> None:
    project = _repo(tmp_path / "repo", {"lint.yml": "jobs: {lint: {runs-on: ubuntu-latest}}\n"})
    shutil.copytree(ROOT / "examples" / "clean-stack", project / "infra")
    assert _loaded(tmp_path / "state", project / "infra") == {"code": 0, "loaded": []}
    (tmp_path / "state" / "journals").mkdir(parents=True)
    (tmp_path / "state" / "journals" / "other.json").write_text("{}")  # some project's journal
    assert _loaded(tmp_path / "state", project / "infra")["loaded"] == ["compat.transaction", "hashlib"]
