"""``migrate --to cdktn`` of a TypeScript project reads each version as ``compat check`` does: the lock
(or an exact pin) first, else the release npm would install for the range (:mod:`compat.typescript.assumed`:
npm passes over a newer release whose ``engines.node`` excludes the project's Node.js), and the plan says
what it assumed. The releases are compat's embedded data (``@cdktf/provider-aws`` 20.0.0 and later declare
``engines.node >= 20.9.0``, 19.65.1 ``>= 18.12.0``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.version import Version

from compat.families import CDKTF, CDKTN
from compat.migrations.catalogue import ReleaseCatalogue
from compat.migrations.migration_plan import MigrationPlan
from compat.migrations.model import Release
from compat.migrations.ts_planner import plan_ts_migration
from compat.snapshot import load_snapshot

MAIN_TS = 'import { App } from "cdktf";\nimport { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n'


def _project(root: Path, *, node: str | None = None, lock: dict[str, str] | None = None) -> Path:
    root.mkdir()
    (root / ".git").mkdir()
    (root / "cdktf.json").write_text(json.dumps({"language": "typescript", "app": "npx ts-node main.ts"}))
    dependencies = {"@cdktf/provider-aws": ">=19.26.0", "cdktf": ">=0.20.0", "constructs": "^10.3.0"}
    (root / "package.json").write_text(json.dumps({"name": "app", "dependencies": dependencies}, indent=2))
    (root / "main.ts").write_text(MAIN_TS)
    if node is not None:
        (root / ".nvmrc").write_text(node + "\n")
    if lock is not None:
        packages = {f"node_modules/{name}": {"version": version} for name, version in lock.items()}
        (root / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": packages}))
    return root


def _plan(root: Path) -> MigrationPlan:
    return plan_ts_migration(root, CDKTN, ReleaseCatalogue(load_snapshot(), None, offline=True))


@pytest.fixture(autouse=True)
def _no_node_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ``node`` on this machine's PATH must not decide (nor be asked)."""
    monkeypatch.setenv("PATH", "")


def test_a_range_is_read_as_the_release_npm_installs_on_the_projects_node(tmp_path: Path) -> None:
    root = _project(tmp_path / "app", node="18")
    plan = _plan(root)
    # npm on Node 18 takes 19.65.1, the newest >=19.26.0 whose engines.node admits it, not 21.22.1
    assert plan.source == Release(CDKTF.bindings, Version("19.65.1"))
    [note] = [n for n in plan.notes if n.startswith("@cdktf/provider-aws:")]
    assert 'package.json ">=19.26.0", no lock: assumed 19.65.1' in note
    assert "newer ones the range admits are deprecated or need another Node.js" in note
    assert "the move is planned from it (a lock decides instead: run 'npm install'" in note
    assert any(n.startswith('cdktf: package.json ">=0.20.0", no lock: assumed 0.') for n in plan.notes)


def test_without_a_named_node_the_newest_release_is_assumed_and_said(tmp_path: Path) -> None:
    plan = _plan(_project(tmp_path / "app"))
    newest = max(r.version for r in load_snapshot().bindings(CDKTF.bindings) if r.version.major == 21)
    assert plan.source == Release(CDKTF.bindings, newest)
    [note] = [n for n in plan.notes if n.startswith("@cdktf/provider-aws:")]
    assert f"assumed {newest}, the newest release the range admits" in note


def test_the_lock_decides_before_any_range_and_nothing_is_assumed(tmp_path: Path) -> None:
    lock = {"@cdktf/provider-aws": "21.22.1", "cdktf": "0.21.0", "constructs": "10.4.2"}
    plan = _plan(_project(tmp_path / "app", node="18", lock=lock))
    assert plan.source == Release(CDKTF.bindings, Version("21.22.1"))
    assert not any("assumed" in n and "no lock" in n for n in plan.notes)
