"""Overrides (npm ``overrides``, yarn ``resolutions``, ``pnpm.overrides``) rewrite every range on the
names they target, peer ranges included: a peer range an override replaced is not what the installer
checks, so VER002 does not report it (npm ci installs such a lock; without the override it stops with
ERESOLVE)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.check.config import CheckOptions
from compat.check.engine import run_check
from compat.project.formats.package_json import parse_package_json
from tests.typescript.test_check import _project, _snapshot


def _ver002(root: Path) -> list[tuple[int, str | None]]:
    result = run_check(root, CheckOptions(offline=True), snapshot=_snapshot())
    return [(f.line, f.severity) for f in result.findings if f.code == "VER002"]


def _locked(root: Path, **extra: object) -> Path:
    # 19.48.1 needs cdktf >=0.20.0,<0.21.0 (the test snapshot); the lock installs cdktf 0.21.0 beside it
    app = _project(
        root,
        dependencies={"@cdktf/provider-aws": "^19.0.0", "cdktf": "0.21.0"},
        lock={"@cdktf/provider-aws": "19.48.1", "cdktf": "0.21.0"},
    )
    if extra:
        body = json.loads((app / "package.json").read_text())
        (app / "package.json").write_text(json.dumps({**body, **extra}, indent=2))
    return app


def test_a_locked_peer_mismatch_is_an_error_without_an_override(tmp_path: Path) -> None:
    assert _ver002(_locked(tmp_path / "app")) == [(4, "error")]


@pytest.mark.parametrize(
    "extra",
    [
        {"overrides": {"cdktf": "$cdktf"}},  # npm, the form a real project uses
        {"overrides": {"@cdktf/provider-aws": {"cdktf": "$cdktf"}}},  # npm, nested under the dependent
        {"resolutions": {"**/cdktf": "0.21.0"}},  # yarn
        {"pnpm": {"overrides": {"@cdktf/provider-aws@19>cdktf": "0.21.0"}}},  # pnpm selector
    ],
)
def test_an_override_of_the_peer_silences_the_locked_mismatch(
    tmp_path: Path, extra: dict[str, object]
) -> None:
    assert _ver002(_locked(tmp_path / "app", **extra)) == []


def test_an_override_of_another_package_does_not(tmp_path: Path) -> None:
    assert _ver002(_locked(tmp_path / "app", overrides={"constructs": "10.3.0"})) == [(4, "error")]


def test_override_targets_at_any_depth_and_in_every_selector_form(tmp_path: Path) -> None:
    text = json.dumps(
        {
            "overrides": {"a": {"b": "1.0.0", "@s/c@^2": {".": "2.1.0"}}, "d@1": "1.2.0"},
            "resolutions": {"e/**/f": "1", "@s/g/h": "2", "**/@s/i": "3"},
            "pnpm": {"overrides": {"j@1>@s/k@2": "2.0.1"}},
        }
    )
    manifest = parse_package_json(tmp_path / "package.json", text)
    assert manifest.overridden == frozenset({"b", "@s/c", "d", "f", "h", "@s/i", "@s/k"})


def _workspace(root: Path, *, root_extra: dict[str, object], member_extra: dict[str, object]) -> Path:
    """A workspace whose root lock installs cdktf 0.21.0 beside @cdktf/provider-aws 19.48.1 (needs
    cdktf >=0.20,<0.21) for the member infra/."""
    (root / ".git").mkdir(parents=True)
    (root / "package.json").write_text(json.dumps({"workspaces": ["infra"], **root_extra}))
    member = root / "infra"
    member.mkdir()
    (member / "package.json").write_text(
        json.dumps(
            {
                "name": "infra",
                "dependencies": {"@cdktf/provider-aws": "^19.0.0", "cdktf": "0.21.0"},
                **member_extra,
            },
            indent=2,
        )
    )
    (member / "cdktf.json").write_text(json.dumps({"language": "typescript", "app": "npx ts-node main.ts"}))
    (member / "main.ts").write_text('import { App } from "cdktf";\n')
    packages = {
        "infra": {"name": "infra"},
        "node_modules/@cdktf/provider-aws": {"version": "19.48.1"},
        "node_modules/cdktf": {"version": "0.21.0"},
    }
    (root / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": packages}))
    return member


def test_in_a_workspace_the_root_manifest_overrides_and_a_member_own_do_not(tmp_path: Path) -> None:
    override = {"overrides": {"cdktf": "0.21.0"}}  # ("$cdktf" refers to the root's own dependencies)
    assert _ver002(_workspace(tmp_path / "root", root_extra=override, member_extra={})) == []
    # npm reads overrides at the root of the install only: a member's are ignored (npm warns)
    assert _ver002(_workspace(tmp_path / "member", root_extra={}, member_extra=override)) == [(4, "error")]


def _notes(root: Path) -> list[str]:
    return list(run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).notes)


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ({"overrides": ["cdktf@0.21.0"]}, '"overrides" is a list, not an object'),
        ({"overrides": {"cdktf": 21}}, '"overrides" entry "cdktf" is a number, not a version'),
        (
            {"overrides": {"@cdktf/provider-aws": {"cdktf": None}}},
            '"overrides > @cdktf/provider-aws" entry "cdktf" is null, not a version',
        ),
        ({"resolutions": {"**/cdktf": {"version": "0.21.0"}}}, '"resolutions" entry "**/cdktf" is an object'),
        ({"pnpm": {"overrides": "cdktf@0.21.0"}}, '"pnpm.overrides" is a string, not an object'),
    ],
)
def test_a_malformed_override_is_one_note_and_the_rest_is_checked(
    tmp_path: Path, extra: dict[str, object], said: str
) -> None:
    app = _locked(tmp_path / "app", **extra)
    notes = [note for note in _notes(app) if "overrides" in note]
    assert len(notes) == 1 and said in notes[0] and notes[0].startswith("package.json: malformed overrides")
    assert _ver002(app) == [(4, "error")]  # skipped, as if not written: the mismatch is still reported


def test_a_well_formed_override_makes_no_note(tmp_path: Path) -> None:
    extra = {"overrides": {"@cdktf/provider-aws": {".": "19.48.1", "cdktf": "$cdktf"}}}
    assert not [note for note in _notes(_locked(tmp_path / "app", **extra)) if "overrides" in note]


def test_in_a_workspace_the_note_names_the_root_manifest_not_a_member(tmp_path: Path) -> None:
    bad = {"resolutions": "cdktf@0.21.0"}
    notes = _notes(_workspace(tmp_path / "root", root_extra=bad, member_extra={}))
    assert [n for n in notes if "malformed" in n] == [
        'package.json: malformed overrides skipped ("resolutions" is a string, not an object): '
        "versions are read as if they were not written"
    ]
    # a member's own overrides are not read by npm: nothing said of them
    member_notes = _notes(_workspace(tmp_path / "member", root_extra={}, member_extra=bad))
    assert not [n for n in member_notes if "malformed" in n]
