"""Format-keeping writers: only the pinned values change, a second plan is empty, apply is atomic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from packaging.version import Version

from compat.errors import CompatError
from compat.project import load_project
from compat.project.changes import FileChange, apply, unified_diff
from compat.project.write import plan_changes
from compat.snapshot import Snapshot

PINS = {"cdktf": "==0.21.0", "cdktf-cdktf-provider-aws": "==21.22.1", "constructs": ">=10.4.2,<11.0.0"}
RENAMES = {"cdktf": "cdktn", "cdktf-cdktf-provider-aws": "cdktn-provider-aws"}
CDKTN_PINS = {"cdktn": "==0.24.0", "cdktn-provider-aws": "==25.7.0", "constructs": ">=10.6.0,<10.8.0"}
Copy = Callable[[str], Path]


def _changed_lines(change: FileChange) -> tuple[list[str], list[str]]:
    before, after = change.before.splitlines(), change.after.splitlines()
    removed = [line for line in before if line not in after]
    added = [line for line in after if line not in before]
    return removed, added


@pytest.mark.parametrize(
    ("name", "removed", "added"),
    [
        (
            "pipfile-star",
            ['cdktf = "*"'],
            [
                'cdktf = "==0.21.0"',
                'cdktf-cdktf-provider-aws = "==21.22.1"',
                'constructs = ">=10.4.2,<11.0.0"',
            ],
        ),
        (
            "pipfile-prebuilt",
            [
                'cdktf = "==0.20.12"',
                'cdktf-cdktf-provider-aws = "==19.57.0"  # AWS 5.91.0',
                'constructs = ">=10.0.0,<11.0.0"',
            ],
            [
                'cdktf = "==0.21.0"',
                'cdktf-cdktf-provider-aws = "==21.22.1"  # AWS 5.91.0',
                'constructs = ">=10.4.2,<11.0.0"',
            ],
        ),
        (
            "requirements",
            ["cdktf==0.20.12  # core", "cdktf-cdktf-provider-aws==19.57.0 \\", "constructs>=10.0.0,<11.0.0"],
            ["cdktf==0.21.0  # core", "cdktf-cdktf-provider-aws==21.22.1 \\", "constructs>=10.4.2,<11.0.0"],
        ),
        (
            "pep621",
            [
                '    "cdktf>=0.20.0,<0.21.0",',
                "    'cdktf-cdktf-provider-aws~=19.50',",
                '    "constructs>=10.3.0,<11.0.0",',
            ],
            [
                '    "cdktf==0.21.0",',
                "    'cdktf-cdktf-provider-aws==21.22.1',",
                '    "constructs>=10.4.2,<11.0.0",',
            ],
        ),
        (
            "poetry",
            [
                'cdktf = "^0.20.0"',
                'cdktf-cdktf-provider-aws = { version = "19.57.0" }',
                'constructs = "^10.3.0"',
            ],
            [
                'cdktf = "0.21.0"',
                'cdktf-cdktf-provider-aws = { version = "21.22.1" }',
                'constructs = ">=10.4.2,<11.0.0"',
            ],
        ),
    ],
)
def test_only_the_pins_change(
    copy_project: Copy, snapshot: Snapshot, name: str, removed: list[str], added: list[str]
) -> None:
    project = load_project(copy_project(name), snapshot=snapshot)
    changes = plan_changes(project, PINS, provider_version=Version("6.25.0"))
    manifest = next(c for c in changes if c.path.name != "cdktf.json")
    assert _changed_lines(manifest) == (removed, added)
    assert len(manifest.before.splitlines()) + len(added) - len(removed) == len(manifest.after.splitlines())


@pytest.mark.parametrize(
    "name",
    ["pipfile-star", "pipfile-prebuilt", "requirements", "pep621", "poetry", "local-bindings", "cdktn"],
)
def test_second_run_is_a_no_op(copy_project: Copy, snapshot: Snapshot, name: str) -> None:
    root = copy_project(name)
    apply(plan_changes(load_project(root, snapshot=snapshot), PINS, provider_version=Version("6.25.0")))
    again = plan_changes(load_project(root, snapshot=snapshot), PINS, provider_version=Version("6.25.0"))
    assert again == []


def test_prebuilt_bindings_drop_the_duplicate_provider_entry(copy_project: Copy, snapshot: Snapshot) -> None:
    project = load_project(copy_project("pipfile-prebuilt"), snapshot=snapshot)
    change = next(c for c in plan_changes(project, PINS) if c.path.name == "cdktf.json")
    assert '"aws@~> 6.0"' not in change.after and '"terraformProviders": [],' in change.after
    assert change.after.startswith('{\n    "language": "python",')  # order and 4-space indent kept
    assert "one source of truth" in change.notes[0]


def test_local_bindings_get_the_pessimistic_constraint(copy_project: Copy, snapshot: Snapshot) -> None:
    project = load_project(copy_project("local-bindings"), snapshot=snapshot)
    changes = plan_changes(project, {"cdktf": "==0.21.0"}, provider_version=Version("6.25.0"))
    config = next(c for c in changes if c.path.name == "cdktf.json")
    assert _changed_lines(config) == (['    "hashicorp/aws@~> 5.40",'], ['    "hashicorp/aws@~> 6.25",'])
    manifest = next(c for c in changes if c.path.name == "requirements.txt")
    assert "cdktf-cdktf-provider-aws" not in manifest.after


def test_renames_keep_position_comment_and_other_pins(copy_project: Copy, snapshot: Snapshot) -> None:
    project = load_project(copy_project("pipfile-prebuilt"), snapshot=snapshot)
    (pipfile, _config) = plan_changes(project, CDKTN_PINS, renames=RENAMES)
    removed, added = _changed_lines(pipfile)
    assert added == [
        'cdktn = "==0.24.0"',
        'cdktn-provider-aws = "==25.7.0"  # AWS 5.91.0',
        'constructs = ">=10.6.0,<10.8.0"',
    ]
    assert pipfile.after.index("cdktn =") < pipfile.after.index("boto3 =")


def test_requirements_rename_keeps_continuation_and_marker(copy_project: Copy, snapshot: Snapshot) -> None:
    project = load_project(copy_project("requirements"), snapshot=snapshot)
    (change, *_) = plan_changes(project, CDKTN_PINS, renames=RENAMES)
    assert 'cdktn-provider-aws==25.7.0 \\\n    ; python_version >= "3.8"\n' in change.after
    assert "-r requirements-dev.txt\n" in change.after


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("cdktf\n", "cdktf==0.21.0\n"),
        ("cdktf  # the core\n", "cdktf==0.21.0  # the core\n"),
        ("cdktf >= 0.20 ; python_version >= '3.9'\n", "cdktf ==0.21.0 ; python_version >= '3.9'\n"),
        ("cdktf>=0.20,<0.21 --hash=sha256:abc\n", "cdktf==0.21.0 --hash=sha256:abc\n"),
        ("CDKTF[extra]==0.20.1\n", "CDKTF[extra]==0.21.0\n"),
    ],
)
def test_requirement_line_edits(tmp_path: Path, snapshot: Snapshot, line: str, expected: str) -> None:
    (tmp_path / "requirements.txt").write_text("# infra\n" + line)
    project = load_project(tmp_path, snapshot=snapshot)
    (change,) = plan_changes(project, {"cdktf": "==0.21.0"})
    assert change.after == "# infra\n" + expected
    assert ("--hash" in line) == any("no longer match" in n for n in change.notes)


def test_unified_diff_and_atomic_apply(copy_project: Copy, snapshot: Snapshot) -> None:
    root = copy_project("pipfile-star")
    changes = plan_changes(load_project(root, snapshot=snapshot), PINS)
    diff = unified_diff(changes, root)
    assert diff.startswith("--- a/Pipfile\n+++ b/Pipfile\n") and '+cdktf = "==0.21.0"\n' in diff
    assert apply(changes) == [root / "Pipfile"]
    assert (root / "Pipfile").read_text() == changes[0].after
    assert not [p for p in root.iterdir() if p.name.endswith(".tmp")]


def test_apply_refuses_when_the_file_changed_meanwhile(copy_project: Copy, snapshot: Snapshot) -> None:
    root = copy_project("requirements")
    changes = plan_changes(load_project(root, snapshot=snapshot), PINS)
    (root / "requirements.txt").write_text("cdktf==0.19.0\n")
    with pytest.raises(CompatError, match="changed since"):
        apply(changes)
    assert (root / "requirements.txt").read_text() == "cdktf==0.19.0\n"


def test_no_manifest_to_write_into(tmp_path: Path, snapshot: Snapshot) -> None:
    with pytest.raises(CompatError, match="no Pipfile"):
        plan_changes(load_project(tmp_path, snapshot=snapshot), PINS)


def test_existing_exact_constructs_inside_the_range_is_kept(tmp_path: Path, snapshot: Snapshot) -> None:
    (tmp_path / "requirements.txt").write_text("cdktf==0.21.0\nconstructs==10.4.2\n")
    project = load_project(tmp_path, snapshot=snapshot)
    assert plan_changes(project, {"cdktf": "==0.21.0", "constructs": ">=10.4.2,<11.0.0"}) == []


def test_lock_files_are_flagged_not_edited(copy_project: Copy, snapshot: Snapshot) -> None:
    project = load_project(copy_project("pipfile-prebuilt"), snapshot=snapshot)
    changes = plan_changes(project, PINS)
    assert all(c.path.name != "Pipfile.lock" for c in changes)
    assert "Pipfile.lock is now out of date: run 'pipenv lock'" in changes[0].notes


@pytest.mark.parametrize(
    ("name", "content", "expected_tail"),
    [
        ("Pipfile", '[requires]\npython_version = "3.11"\n', '\n[packages]\ncdktf = "==0.21.0"\n'),
        (
            "pyproject.toml",
            '[project]\nname = "x"\nversion = "0"\n',
            'dependencies = [\n    "cdktf==0.21.0",\n]\n',
        ),
        (
            "pyproject.toml",
            '[tool.poetry.dependencies]\npython = "^3.10"\n',
            'python = "^3.10"\ncdktf = "0.21.0"\n',
        ),
        ("requirements.txt", "boto3\ncdktf", "boto3\ncdktf==0.21.0"),
        ("requirements.txt", "boto3\n", "boto3\ncdktf==0.21.0\n"),
    ],
)
def test_pins_are_added_where_missing(
    tmp_path: Path, snapshot: Snapshot, name: str, content: str, expected_tail: str
) -> None:
    (tmp_path / name).write_text(content)
    (change,) = plan_changes(load_project(tmp_path, snapshot=snapshot), {"cdktf": "==0.21.0"})
    assert change.after.startswith(content.rstrip("\n")) and change.after.endswith(expected_tail)


@pytest.mark.parametrize(
    "text",
    [
        '{"language":"python","app":"python main.py","terraformProviders":["aws@~> 5.0"]}\n',
        '{"language": "python", "app": "python main.py", "terraformProviders": ["aws@~> 5.0"]}',
        '{\n  "language": "python",\n  "terraformProviders": [\n    "aws@~> 5.0"\n  ]\n}\n',
    ],
)
def test_cdktf_json_keeps_its_separators(tmp_path: Path, snapshot: Snapshot, text: str) -> None:
    (tmp_path / "cdktf.json").write_text(text)
    (tmp_path / "requirements.txt").write_text("cdktf==0.20.12\n")
    project = load_project(tmp_path, snapshot=snapshot, terraform="1.5.7", python="3.11")
    change = next(
        c
        for c in plan_changes(project, {"cdktf": "==0.21.0"}, provider_version=Version("5.100.0"))
        if c.path.name == "cdktf.json"
    )
    assert change.after == text.replace("aws@~> 5.0", "aws@~> 5.100")
    assert not change.notes or all("spacing may differ" not in note for note in change.notes)


def test_renaming_only_the_core_keeps_the_local_bindings_provider(tmp_path: Path, snapshot: Snapshot) -> None:
    config = '{"language": "python", "terraformProviders": ["aws@~> 5.100"]}\n'
    (tmp_path / "cdktf.json").write_text(config)
    (tmp_path / "requirements.txt").write_text("cdktf==0.21.0\n")
    project = load_project(tmp_path, snapshot=snapshot, terraform="1.5.7", python="3.11")
    changes = plan_changes(project, {"cdktn": "==0.24.0"}, renames={"cdktf": "cdktn"}, add_missing=False)
    assert [c.path.name for c in changes] == ["requirements.txt"]
    assert changes[0].after == "cdktn==0.24.0\n"
