"""Which package.json and which lock decide a TypeScript project's versions (workspaces, monorepos)."""

from __future__ import annotations

import json
from pathlib import Path

from compat.typescript.project import load_ts_project, source_files


def _write(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)


def test_nearest_manifest_and_the_workspace_lock_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path / "package.json", json.dumps({"workspaces": ["packages/*"]}))
    _write(tmp_path / "packages/iac/package.json", json.dumps({"dependencies": {"cdktf": "^0.20.0"}}))
    _write(tmp_path / "packages/iac/cdktf.json", "{}")
    _write(
        tmp_path / "package-lock.json",
        json.dumps(
            {
                "lockfileVersion": 3,
                "packages": {"packages/iac": {"name": "iac"}, "node_modules/cdktf": {"version": "0.20.8"}},
            }
        ),
    )
    project = load_ts_project(tmp_path / "packages/iac")
    assert project.manifest is not None and project.manifest.path == tmp_path / "packages/iac/package.json"
    assert project.lock is not None and project.member == "packages/iac"
    installed = project.installed("cdktf")
    assert (installed.version, installed.how) == ("0.20.8", "lock")


def test_a_lock_above_that_does_not_hold_the_project_is_not_its_lock(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path / "package.json", json.dumps({"name": "web"}))
    _write(tmp_path / "yarn.lock", '"cdktf@^0.20.0":\n  version "0.20.8"\n')
    _write(tmp_path / "infra/package.json", json.dumps({"dependencies": {"cdktf": "0.19.2"}}))
    _write(tmp_path / "infra/cdktf.json", "{}")
    project = load_ts_project(tmp_path / "infra")
    assert project.lock is None and any("no lock file" in note for note in project.notes)
    assert (project.installed("cdktf").version, project.installed("cdktf").how) == ("0.19.2", "exact")


def test_pnpm_workspace_member_by_pnpm_workspace_yaml(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path / "pnpm-workspace.yaml", "packages:\n  - 'apps/*'\n")
    _write(
        tmp_path / "pnpm-lock.yaml",
        "lockfileVersion: '9.0'\nimporters:\n  apps/infra:\n    dependencies:\n"
        "      cdktf:\n        specifier: ^0.20.0\n        version: 0.20.8(constructs@10.3.0)\n",
    )
    _write(tmp_path / "apps/infra/package.json", json.dumps({"dependencies": {"cdktf": "^0.20.0"}}))
    _write(tmp_path / "apps/infra/cdktf.json", "{}")
    project = load_ts_project(tmp_path / "apps/infra")
    assert project.lock is not None and project.installed("cdktf").version == "0.20.8"


def _npm_lock(cdktf: str) -> str:
    return json.dumps(
        {
            "lockfileVersion": 2,
            "packages": {
                "": {"dependencies": {"cdktf": f"^{cdktf}"}},
                "node_modules/cdktf": {"version": cdktf},
            },
        }
    )


def _yarn_lock(spec: str, cdktf: str) -> str:
    return f'"cdktf@{spec}":\n  version "{cdktf}"\n'


def test_a_stale_package_lock_next_to_the_yarn_lock_that_installs_the_manifest_is_not_read(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path / "package.json", json.dumps({"dependencies": {"cdktf": "0.17.0"}}))
    _write(tmp_path / "cdktf.json", "{}")
    _write(tmp_path / "package-lock.json", _npm_lock("0.15.0"))
    _write(tmp_path / "yarn.lock", _yarn_lock("0.17.0", "0.17.0"))
    project = load_ts_project(tmp_path)
    assert project.lock is not None and project.lock.path.name == "yarn.lock"
    assert project.installed("cdktf").version == "0.17.0"
    assert any("several locks" in note and "no packageManager" in note for note in project.notes)


def test_package_manager_names_the_lock_of_its_folder(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(
        tmp_path / "package.json",
        json.dumps({"dependencies": {"cdktf": "^0.15.0"}, "packageManager": "yarn@1.22.19"}),
    )
    _write(tmp_path / "cdktf.json", "{}")
    _write(tmp_path / "package-lock.json", _npm_lock("0.15.0"))
    _write(tmp_path / "yarn.lock", _yarn_lock("^0.15.0", "0.15.5"))
    project = load_ts_project(tmp_path)  # both admit ^0.15.0: only packageManager tells them apart
    assert project.lock is not None and project.lock.path.name == "yarn.lock"
    assert project.installed("cdktf").version == "0.15.5"


def test_the_workspace_root_lock_wins_over_a_stray_lock_in_the_member(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path / "package.json", json.dumps({"workspaces": {"packages": ["infra", "app"]}}))
    _write(tmp_path / "yarn.lock", _yarn_lock("^0.13.0", "0.13.3"))
    _write(tmp_path / "infra/package.json", json.dumps({"dependencies": {"cdktf": "^0.13.0"}}))
    _write(tmp_path / "infra/cdktf.json", "{}")
    _write(tmp_path / "infra/package-lock.json", _npm_lock("0.12.0"))
    project = load_ts_project(tmp_path / "infra")
    assert project.lock is not None and project.lock.path == tmp_path / "yarn.lock"
    assert (project.member, project.installed("cdktf").version) == ("infra", "0.13.3")
    (tmp_path / "yarn.lock").unlink()  # a workspace root without its lock: the member's stray one is not it
    project = load_ts_project(tmp_path / "infra")
    assert project.lock is None and any("no lock file" in note for note in project.notes)


def test_manifest_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    _write(tmp_path / "package.json", json.dumps({"dependencies": {"cdktf": "0.20.8"}}))
    (tmp_path / "repo/.git").mkdir(parents=True)
    _write(tmp_path / "repo/cdktf.json", "{}")
    assert load_ts_project(tmp_path / "repo").manifest is None


def test_source_files_skip_generated_declaration_and_vendored_files(tmp_path: Path) -> None:
    for name in (
        "main.ts",
        "lib/stack.ts",
        "lib/types.d.ts",
        ".gen/providers/aws/index.ts",
        "node_modules/cdktf/lib/index.ts",
        "cdktf.out/stacks/x.ts",
        "imports/vpc.ts",
        "app.tsx",
    ):
        _write(tmp_path / name, "export {};\n")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in source_files(tmp_path, ".gen"))
    assert found == ["app.tsx", "lib/stack.ts", "main.ts"]


def test_a_binary_bun_lockb_is_named_as_unread_not_as_absent(tmp_path: Path) -> None:
    """bun before 1.2 writes the binary bun.lockb at the workspace root, which compat does not read, so
    the versions are the ranges' (warnings), and the note says a lock is there."""
    (tmp_path / ".git").mkdir()
    _write(tmp_path / "package.json", json.dumps({"workspaces": ["infra"]}))
    (tmp_path / "bun.lockb").write_bytes(b"#!/usr/bin/env bun\nbun-lockfile-format-v0\n\x02\x00")
    _write(tmp_path / "infra/package.json", json.dumps({"dependencies": {"cdktn": "^0.23.0"}}))
    _write(tmp_path / "infra/cdktf.json", "{}")
    project = load_ts_project(tmp_path / "infra")
    assert project.lock is None
    assert not any("no lock file" in note for note in project.notes)
    [note] = [note for note in project.notes if "bun.lockb" in note]
    assert note.startswith("bun.lockb: bun's binary lock, which compat does not read")


#: a package.json and the bun.lock ``bun install --lockfile-only`` (bun 1.4.5) wrote for it
BUN_SINGLE = Path(__file__).parent / "fixtures" / "bun_single"


def test_bun_lock_decides_alone_and_beside_a_package_lock_when_package_manager_names_bun(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    _write(tmp_path / "package.json", json.dumps({"dependencies": {"constructs": "^10.4.0"}}))
    _write(tmp_path / "cdktf.json", "{}")
    _write(tmp_path / "bun.lock", (BUN_SINGLE / "bun.lock").read_text())
    project = load_ts_project(tmp_path)
    assert project.lock is not None and project.lock.kind == "bun" and project.notes == ()
    installed = project.installed("constructs")
    assert (installed.version, installed.how) == ("10.8.1", "lock")
    package_lock = {"lockfileVersion": 3, "packages": {"node_modules/constructs": {"version": "10.4.2"}}}
    _write(tmp_path / "package-lock.json", json.dumps(package_lock))
    project = load_ts_project(tmp_path)  # both admit ^10.4.0, no packageManager: npm's, as on every tie
    assert project.lock is not None and project.lock.path.name == "package-lock.json"
    assert any("several locks (package-lock.json, bun.lock)" in note for note in project.notes)
    _write(tmp_path / "package.json", (BUN_SINGLE / "package.json").read_text())  # packageManager bun@1.4.5
    project = load_ts_project(tmp_path)
    assert project.lock is not None and project.lock.path.name == "bun.lock"
    assert project.installed("constructs").version == "10.8.1"
