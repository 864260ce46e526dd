"""``migrate --to cdktn`` moves a CLI install whose version is an input of its own file (a composite
action's ``inputs:``, a reusable workflow's ``on.workflow_call.inputs``): the package, the input's default
and the literal values the repository's callers pass; what it cannot move is listed with file and line."""

from __future__ import annotations

from pathlib import Path

from packaging.version import Version

from compat.families import CDKTN
from compat.mentions import scan_repository
from compat.migrations.repository import RepositoryMove, ToolTarget, plan_repository_move

ACTION = """\
name: Setup   # the CLIs
inputs:
  cdktf-cli-version:
    description: "which CLI"
    default: ^0.20.5   # keep
  other:
    default: "1"
runs:
  using: composite
  steps:
    - name: Install CLIs
      run: |
        npm install -g \\
          cdktf-cli@${{ inputs.cdktf-cli-version }} \\
          cdk8s-cli@2
      shell: bash
    - run: cdktf get
      shell: bash
"""

CALLER = """\
on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/setup_iac
        with: {cdktf-cli-version: "0.20.5", other: "2"}
      - uses: ./.github/actions/setup_iac
        with:
          cdktf-cli-version: ${{ matrix.cli }}
      - uses: ./.github/actions/setup_iac
"""

REUSABLE = """\
on:
  workflow_call:
    inputs:
      cli:
        type: string
        default: '0.20.5'
jobs:
  synth:
    runs-on: ubuntu-latest
    steps:
      - run: npm i -g cdktf-cli@${{inputs.cli}} && cdktf synth
"""

TARGET = ToolTarget(family=CDKTN, core=Version("0.22.1"))


def _write(root: Path, files: dict[str, str]) -> Path:
    (root / ".git").mkdir(parents=True)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "infra").mkdir()
    return root / "infra"


def _move(project: Path) -> RepositoryMove:
    return plan_repository_move(scan_repository(project), TARGET)


def _apply(move: RepositoryMove) -> None:
    for change in move.changes:
        change.path.write_text(change.after)


def test_an_action_input_default_and_its_literal_callers_move(tmp_path: Path) -> None:
    project = _write(
        tmp_path,
        {".github/actions/setup_iac/action.yml": ACTION, ".github/workflows/ci.yml": CALLER},
    )
    move = _move(project)
    after = {c.path.name: c.after for c in move.changes}
    assert after["action.yml"] == (
        ACTION.replace("default: ^0.20.5", "default: ^0.22.1")
        .replace("cdktf-cli@", "cdktn-cli@")
        .replace("- run: cdktf get", "- run: cdktn get")
    )
    # the literal value a caller passes moves; the other input and every other byte are kept
    assert after["ci.yml"] == CALLER.replace('cdktf-cli-version: "0.20.5"', 'cdktf-cli-version: "0.22.1"')
    # a value built at run time is listed at its file and line, never skipped
    [left] = move.unresolved
    assert (left.path, left.line, left.replacement) == (".github/workflows/ci.yml", 10, "0.22.1")
    assert "${{ matrix.cli }}" in left.symbol
    assert any("action.yml:5: input cdktf-cli-version" in note for note in move.notes)
    _apply(move)
    again = _move(project)
    assert again.changes == () and len(again.unresolved) == 1


def test_a_reusable_workflow_input_default_moves(tmp_path: Path) -> None:
    project = _write(tmp_path, {".github/workflows/synth.yml": REUSABLE})
    move = _move(project)
    [change] = move.changes
    assert change.after == REUSABLE.replace("'0.20.5'", "'0.22.1'").replace("cdktf", "cdktn")
    assert move.unresolved == ()


def test_an_input_with_no_default_or_also_dispatched_is_left_with_its_line(tmp_path: Path) -> None:
    no_default = REUSABLE.replace("        default: '0.20.5'\n", "        required: true\n")
    dispatched = REUSABLE.replace(
        "  workflow_call:\n",
        "  workflow_dispatch:\n    inputs:\n      cli:\n        default: 0.21.0\n  workflow_call:\n",
    )
    for number, text in enumerate((no_default, dispatched)):
        project = _write(tmp_path / str(number), {".github/workflows/synth.yml": text})
        move = _move(project)
        [left] = move.unresolved
        assert left.path == ".github/workflows/synth.yml" and "built at run time" in left.reason
        [change] = move.changes
        assert "cdktf-cli@${{inputs.cli}}" in change.after
        assert change.after.count("0.2") == text.count("0.2")  # no default moved
