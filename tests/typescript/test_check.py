"""``compat check`` on TypeScript projects: version rules over package.json and its lock, local imports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import pytest
from packaging.version import Version

from compat.check.config import CheckOptions
from compat.check.engine import run_check
from compat.cli import main
from compat.errors import CompatError
from compat.snapshot import CoreRelease, Snapshot, parse_snapshot
from tests.check.fakes import binding_row

CDKTF_JSON = {"language": "typescript", "app": "npx ts-node main.ts", "terraformProviders": ["aws@~> 4.0"]}


def _snapshot() -> Snapshot:
    return parse_snapshot(
        {
            "schema": 1,
            "built_at": "test",
            "features": [],
            "packages": {
                "cdktf-cdktf-provider-aws": {
                    "kind": "bindings",
                    "releases": [
                        binding_row("19.48.1", "5.82.2", "cdktf<0.21.0,>=0.20.0", None),
                        binding_row("3.0.1", "3.70.0", "cdktf<0.9.0,>=0.8.0", None, deprecated=True),
                    ],
                }
            },
        }
    )


def _project(
    root: Path,
    *,
    dependencies: dict[str, str],
    lock: dict[str, str] | None,
    code: str = 'import { App } from "cdktf";\n',
) -> Path:
    root.mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "cdktf.json").write_text(json.dumps(CDKTF_JSON, indent=2))
    (root / "package.json").write_text(json.dumps({"name": "app", "dependencies": dependencies}, indent=2))
    if lock is not None:
        packages = {f"node_modules/{name}": {"version": version} for name, version in lock.items()}
        (root / "package-lock.json").write_text(
            json.dumps({"lockfileVersion": 3, "packages": packages}, indent=2)
        )
    (root / "main.ts").write_text(code)
    return root


def test_peer_range_and_provider_constraint_from_the_lock(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "app",
        dependencies={"@cdktf/provider-aws": "^3.0.1", "cdktf": "^0.11.0"},
        lock={"@cdktf/provider-aws": "3.0.1", "cdktf": "0.11.2"},
    )
    result = run_check(root, CheckOptions(offline=True), snapshot=_snapshot())
    found = {(f.code, f.path, f.line, f.severity) for f in result.findings}
    assert ("VER002", "package.json", 4, "error") in found  # the prebuilt's dependency line
    assert ("VER008", "package.json", 4, "warning") in found
    assert result.releases.lock is not None and result.releases.lock.name == "package-lock.json"
    assert dict(result.releases.packages)["cdktf"].how == "package-lock.json"


def test_constraint_excluding_the_prebuilt_provider_is_a_warning_when_only_prebuilt_is_imported(
    tmp_path: Path,
) -> None:
    root = _project(
        tmp_path / "app",
        dependencies={"@cdktf/provider-aws": "^19.0.0", "cdktf": "^0.20.0"},
        lock={"@cdktf/provider-aws": "19.48.1", "cdktf": "0.20.10"},
    )
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert (finding.code, finding.path, finding.line, finding.severity) == (
        "VER001",
        "cdktf.json",
        5,
        "warning",
    )
    assert "5.82.2" in finding.message


def test_consistent_project_has_no_finding(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "app",
        dependencies={"@cdktf/provider-aws": "^19.0.0", "cdktf": "^0.20.0"},
        lock={"@cdktf/provider-aws": "19.48.1", "cdktf": "0.20.10"},
    )
    (root / "cdktf.json").write_text(json.dumps({**CDKTF_JSON, "terraformProviders": []}))
    result = run_check(root, CheckOptions(offline=True), snapshot=_snapshot())
    assert result.findings == () and result.files_checked == 1


def test_without_a_lock_a_range_is_an_assumption_and_never_an_error(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "app", dependencies={"@cdktf/provider-aws": "3.0.1", "cdktf": "0.11.2"}, lock=None
    )
    result = run_check(root, CheckOptions(offline=True), snapshot=_snapshot())
    assert any(f.code == "VER002" and f.severity == "error" for f in result.findings)  # exact pins: certain
    (root / "package.json").write_text(
        json.dumps({"dependencies": {"@cdktf/provider-aws": "3.0.1", "cdktf": "^0.11.0"}})
    )
    result = run_check(root, CheckOptions(offline=True), snapshot=_snapshot())
    assert not any(f.code == "VER002" for f in result.findings)  # the range's version is not known
    assert any("no lock file" in note for note in result.notes)


def test_local_bindings_imports(tmp_path: Path) -> None:
    code = (
        'import { Vpc } from "./.gen/providers/aws/vpc";\n'
        'import { Thing } from "./.gen/providers/google/thing";\n'
        'import { Cdn } from ".gen/providers/aws/cloudfront-distribution";\n'
    )
    root = _project(tmp_path / "app", dependencies={"cdktf": "^0.20.0"}, lock={"cdktf": "0.20.10"}, code=code)
    found = {
        (f.code, f.line) for f in run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    }
    assert found == {("IMP004", 2), ("IMP001", 3)}
    (root / "tsconfig.json").write_text('{"compilerOptions": {"baseUrl": "."}}')
    found = {
        (f.code, f.line) for f in run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    }
    assert found == {("IMP004", 2)}  # baseUrl may map the bare specifier: nothing said


def test_cli_checks_a_typescript_project_and_names_the_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "app", dependencies={"cdktf": "^0.20.0"}, lock={"cdktf": "0.20.10"})
    assert main(["check", str(root), "--offline"]) == 0
    out = capsys.readouterr().out
    assert "1 TypeScript file\n" in out and "package-lock.json v3" in out


def test_lock_out_of_date_with_package_json(tmp_path: Path) -> None:
    root = _project(tmp_path / "app", dependencies={"cdktf": "^0.21.0"}, lock={"cdktf": "0.20.10"})
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert (finding.code, finding.line) == ("VER006", 4) and "npm install" in finding.message


def test_imported_core_or_prebuilt_that_nothing_declares(tmp_path: Path) -> None:
    code = 'import { App } from "cdktf";\nimport { Vpc } from "@cdktf/provider-aws/lib/vpc";\n'
    root = _project(
        tmp_path / "app", dependencies={"constructs": "^10.3.0"}, lock={"constructs": "10.3.0"}, code=code
    )
    found = {
        (f.code, f.path, f.line, f.severity)
        for f in run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    }
    assert found == {("VER014", "main.ts", 1, "error"), ("VER014", "main.ts", 2, "error")}
    (tmp_path / "app" / "package-lock.json").write_text(
        json.dumps(
            {
                "lockfileVersion": 3,
                "packages": {
                    "node_modules/cdktf": {"version": "0.20.8"},
                    "node_modules/constructs": {"version": "10.3.0"},
                },
            }
        )
    )
    found = {
        (f.code, f.line) for f in run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    }
    assert found == {("VER014", 2)}  # installed with another package: not missing


def test_node_below_engines_only_when_the_project_names_its_node(tmp_path: Path) -> None:
    root = _project(tmp_path / "app", dependencies={"cdktf": "^0.20.0"}, lock=None)
    (root / "package-lock.json").write_text(
        json.dumps(
            {
                "lockfileVersion": 3,
                "packages": {"node_modules/cdktf": {"version": "0.20.8", "engines": {"node": ">= 18.12.0"}}},
            }
        )
    )
    (root / ".nvmrc").write_text("16\n")
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert finding.code == "VER011" and ".nvmrc" in finding.message
    (root / ".nvmrc").write_text("18\n")  # nvm installs the newest 18.x
    assert run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings == ()


def test_function_the_cli_lacks(tmp_path: Path) -> None:
    from compat.runtimes import load_runtimes

    table = load_runtimes().functions
    if "templatestring" not in table:
        pytest.skip("no function table in the embedded data")
    code = 'import { Fn } from "cdktf";\nconst a = Fn.templatestring("x", {});\nconst b = Fn.join(",", []);\n'
    root = _project(tmp_path / "app", dependencies={"cdktf": "^0.20.0"}, lock={"cdktf": "0.20.8"}, code=code)
    result = run_check(root, CheckOptions(offline=True, terraform="1.5.7"), snapshot=_snapshot())
    assert [(f.code, f.line) for f in result.findings] == [("SYN004", 2)]


def test_constructs_outside_the_core_peer_range_recorded_in_the_lock(tmp_path: Path) -> None:
    root = _project(tmp_path / "app", dependencies={"cdktf": "^0.11.0", "constructs": "10.0.0"}, lock=None)
    (root / "package-lock.json").write_text(
        json.dumps(
            {
                "lockfileVersion": 3,
                "packages": {
                    "node_modules/cdktf": {
                        "version": "0.11.2",
                        "peerDependencies": {"constructs": "^10.0.25"},
                    },
                    "node_modules/constructs": {"version": "10.0.0"},
                },
            },
            indent=2,
        )
    )
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert (finding.code, finding.line) == ("VER002", 5)  # the constructs line: what to change
    assert "constructs ^10.0.25" in finding.message


def test_constructs_outside_the_cores_pypi_twin_where_npm_data_lacks_the_core(tmp_path: Path) -> None:
    # cdktn 0.22.1's wheel requires constructs<11.0.0,>=10.4.2 (npm's peer ^10.4.2, same jsii build);
    # compat's npm data lacks the release: the twin stands in, for final releases only
    snapshot = _snapshot()
    snapshot.cores_by_package["cdktn"] = [
        CoreRelease(
            package="cdktn",
            version=Version(version),
            uploaded="",
            requires_python=None,
            yanked=False,
            node_min=None,
            terraform_min=None,
            constructs_requirement="constructs<11.0.0,>=10.4.2",
        )
        for version in ("0.22.1", "0.23.0rc1")
    ]
    code = 'import { App } from "cdktn";\n'
    root = _project(
        tmp_path / "app", dependencies={"cdktn": "0.22.1", "constructs": "10.3.0"}, lock=None, code=code
    )
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=snapshot).findings
    assert (finding.code, finding.line, finding.severity) == ("VER002", 5, "error")  # constructs line
    assert "cdktn 0.22.1" in finding.message and "constructs <11.0.0,>=10.4.2" in finding.message
    fits = _project(
        tmp_path / "fits", dependencies={"cdktn": "0.22.1", "constructs": "10.4.2"}, lock=None, code=code
    )
    assert run_check(fits, CheckOptions(offline=True), snapshot=snapshot).findings == ()
    pre = _project(
        tmp_path / "pre", dependencies={"cdktn": "0.23.0-rc.1", "constructs": "10.3.0"}, lock=None, code=code
    )
    assert run_check(pre, CheckOptions(offline=True), snapshot=snapshot).findings == ()


def test_provider_root_of_local_bindings_exports_namespaces_from_cli_0_13(tmp_path: Path) -> None:
    code = (
        'import { AwsProvider } from "./.gen/providers/aws";\n'
        'import * as aws from "./.gen/providers/aws";\n'
        'import { Vpc } from "./.gen/providers/aws/vpc";\n'
    )
    root = _project(
        tmp_path / "app",
        dependencies={"cdktf": "^0.20.0", "cdktf-cli": "^0.20.0"},
        lock={"cdktf": "0.20.8", "cdktf-cli": "0.20.8"},
        code=code,
    )
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert (finding.code, finding.line, finding.severity) == ("IMP002", 1, "error")
    old = _project(tmp_path / "old", dependencies={"cdktf": "0.6.4"}, lock={"cdktf": "0.6.4"}, code=code)
    assert run_check(old, CheckOptions(offline=True), snapshot=_snapshot()).findings == ()  # flat root


def test_other_family_import_in_a_cdktn_project(tmp_path: Path) -> None:
    code = 'import { Token } from "cdktf";\nimport { App } from "cdktn";\n'
    root = _project(tmp_path / "app", dependencies={"cdktn": "^0.24.0"}, lock={"cdktn": "0.24.0"}, code=code)
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert (finding.code, finding.line) == ("IMP003", 1) and "import from 'cdktn'" in finding.message


def test_prebuilt_specifier_that_tsconfig_paths_maps_to_local_bindings_needs_no_package(
    tmp_path: Path,
) -> None:
    """cdktf's documentation example: paths send @cdktf/provider-aws/lib/* to .gen (JSONC, via extends)."""
    code = 'import { App } from "cdktn";\nimport { Vpc } from "@cdktf/provider-aws/lib/vpc";\n'
    root = _project(tmp_path / "app", dependencies={"cdktn": "^0.24.0"}, lock={"cdktn": "0.24.0"}, code=code)
    (root / "tsconfig.base.json").write_text(
        '{\n  // shared options\n  "compilerOptions": {\n    "paths": {\n'
        '      "@cdktf/provider-aws/lib/*": ["./.gen/providers/aws/*/index.ts"],\n    },\n  },\n}\n'
    )
    (root / "tsconfig.json").write_text('{"extends": "./tsconfig.base.json", "compilerOptions": {}}\n')
    assert run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings == ()
    (root / "tsconfig.base.json").write_text('{"compilerOptions": {"paths": {"@cdktf/provider-aws": ["x"]}}}')
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert (finding.code, finding.line) == ("IMP003", 2)  # the pattern names the root only: lib/vpc unmapped


class _NpmRow(NamedTuple):
    peer_core: str | None
    peer_constructs: str | None
    engines_node: str | None
    provider_version: str | None
    deprecated: bool
    deprecated_message: str | None


class _WithNpm(Snapshot):
    """A snapshot with an npm section, as ``compat data build`` writes it (peer ranges from packuments)."""

    def npm_release(self, package: str, version: str) -> _NpmRow | None:
        rows = {
            ("cdktf", "0.11.2"): _NpmRow(None, "^10.0.25", ">= 14.17.0", None, False, None),
            ("@cdktf/provider-aws", "3.0.1"): _NpmRow("^0.8.0", "^10.0.0", None, "3.70.0", True, "use cdktn"),
        }
        return rows.get((package, version))


def test_npm_section_of_the_snapshot_gives_the_core_peer_range_a_yarn_lock_does_not_record(
    tmp_path: Path,
) -> None:
    root = _project(tmp_path / "app", dependencies={"cdktf": "^0.11.2", "constructs": "10.0.0"}, lock=None)
    (root / "yarn.lock").write_text(
        'cdktf@^0.11.2:\n  version "0.11.2"\n\nconstructs@10.0.0:\n  version "10.0.0"\n'
    )
    base = _snapshot()
    snapshot = _WithNpm(
        built_at="test", bindings_by_package=base.bindings_by_package, cores_by_package=base.cores_by_package
    )
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=snapshot).findings
    assert (finding.code, finding.line) == ("VER002", 5) and "npm packument" in finding.message
    assert run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings == ()  # no npm data


def test_backend_options_and_write_only_props_the_cli_lacks(tmp_path: Path) -> None:
    code = (
        'import { S3Backend } from "cdktf";\n'
        'import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";\n'
        'new S3Backend(this, { bucket: "b", key: "k", useLockfile: true, roleArn: "arn" });\n'
        'new DbInstance(this, "db", { passwordWo: "x" });\n'
    )
    root = _project(
        tmp_path / "app",
        dependencies={"cdktf": "^0.20.0", "@cdktf/provider-aws": "^19.0.0"},
        lock={"cdktf": "0.20.8", "@cdktf/provider-aws": "19.48.1"},
        code=code,
    )
    options = CheckOptions(offline=True, terraform="1.5.7", select=("SYN",))
    found = {(f.code, f.line, f.column) for f in run_check(root, options, snapshot=_snapshot()).findings}
    assert found == {("SYN001", 3, 46), ("SYN001", 4, 30)}  # use_lockfile needs 1.10+; *_wo needs 1.11
    options = CheckOptions(offline=True, terraform="1.11.0", select=("SYN",))
    found = {(f.code, f.line) for f in run_check(root, options, snapshot=_snapshot()).findings}
    assert found == {("SYN002", 3)}  # role_arn at the top of the S3 backend: removed in 1.10


def test_a_declared_prebuilt_package_missing_from_the_npm_lock(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "app",
        dependencies={"cdktf": "^0.20.0", "@cdktf/provider-aws": "^19.0.0"},
        lock={"cdktf": "0.20.8", "constructs": "10.3.0"},
    )
    # (the release npm install would add, 19.48.1, is assumed for the other rules: warnings)
    findings = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    [finding] = [f for f in findings if f.code == "VER006"]
    assert (finding.symbol, finding.severity) == ("@cdktf/provider-aws", "error")
    assert "npm ci fails" in finding.message


def test_ci_pin_of_another_cli_minor_than_the_locked_core(tmp_path: Path) -> None:
    """VER021 runs on TypeScript projects: terraform-cdk-action's cdktfVersion against the lock's core."""
    root = _project(tmp_path / "app", dependencies={"cdktf": "^0.14.0"}, lock={"cdktf": "0.14.3"})
    workflow = root / ".github" / "workflows" / "deploy.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(
        "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: hashicorp/terraform-cdk-action@v0.2\n        with:\n          cdktfVersion: 0.20.4\n"
    )
    found = [f for f in run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings]
    [finding] = [f for f in found if f.code == "VER021"]
    assert (finding.path, finding.line, finding.severity) == (".github/workflows/deploy.yml", 8, "warning")
    assert "cdktf 0.14.3 (package-lock.json)" in finding.message


def test_pnpm_and_yarn_locks_made_from_another_specifier(tmp_path: Path) -> None:
    root = _project(tmp_path / "app", dependencies={"cdktf": "^0.20.1"}, lock=None)
    (root / "pnpm-lock.yaml").write_text(
        "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      cdktf:\n"
        "        specifier: ^0.20.0\n        version: 0.20.8(constructs@10.3.0)\n"
    )
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert (finding.code, finding.line, finding.severity) == ("VER006", 4, "error")
    assert "ERR_PNPM_OUTDATED_LOCKFILE" in finding.message
    (root / "package.json").write_text(json.dumps({"dependencies": {"cdktf": "^0.20.0", "cdktn": "^0.22.1"}}))
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert (finding.code, finding.line) == (
        "VER006",
        1,
    ) and "cdktn" in finding.message  # after a move to cdktn
    assert "has no entry in pnpm-lock.yaml" in finding.message
    (root / "package.json").write_text(json.dumps({"dependencies": {"cdktf": "^0.20.1"}}))
    (root / "pnpm-lock.yaml").unlink()
    (root / "yarn.lock").write_text('cdktf@^0.20.0:\n  version "0.20.8"\n')
    [finding] = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert (finding.code, finding.severity) == (
        "VER006",
        "warning",
    ) and "--frozen-lockfile" in finding.message


def test_a_package_in_dependencies_and_dev_dependencies_is_checked_as_its_installer_merges_them(
    tmp_path: Path,
) -> None:
    """projen writes constructs into devDependencies ("^10.0.0") and dependencies ("^10.4.2"); pnpm's
    lock records one specifier, the dependencies one, and --frozen-lockfile passes (pnpm merges dev <
    prod < optional); npm's Arborist keeps the dev range of the root (its edges load last)."""
    root = tmp_path / "app"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "cdktf.json").write_text(json.dumps(CDKTF_JSON))
    manifest = {
        "devDependencies": {"cdktf-cli": "0.20.10", "constructs": "^10.0.0"},
        "dependencies": {"cdktf": "^0.20.10", "constructs": "^10.4.2"},
    }
    (root / "package.json").write_text(json.dumps(manifest, indent=2))
    (root / "main.ts").write_text('import { App } from "cdktf";\n')
    importer = (
        "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      cdktf:\n"
        "        specifier: ^0.20.10\n        version: 0.20.10(constructs@10.4.2)\n"
        "      constructs:\n        specifier: {recorded}\n        version: 10.4.2\n"
        "    devDependencies:\n      cdktf-cli:\n        specifier: 0.20.10\n        version: 0.20.10\n"
    )
    (root / "pnpm-lock.yaml").write_text(importer.format(recorded="^10.4.2"))
    found = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert [f for f in found if f.code == "VER006"] == []
    (root / "pnpm-lock.yaml").write_text(importer.format(recorded="^10.0.0"))  # made from the dev range
    found = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    [finding] = [f for f in found if f.code == "VER006"]
    assert (finding.symbol, finding.line) == ("constructs", 8)  # the dependencies entry pnpm compares
    (root / "pnpm-lock.yaml").unlink()
    packages = {
        "node_modules/cdktf": {"version": "0.20.10"},
        "node_modules/constructs": {"version": "10.3.0"},
    }
    (root / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": packages}))
    found = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert [f for f in found if f.code == "VER006"] == []  # 10.3.0 satisfies the dev range npm keeps


def test_yarn_classic_installs_the_dependencies_range_of_a_package_also_in_dev_dependencies(
    tmp_path: Path,
) -> None:
    """Yarn v1 keeps one range of a package the manifest names twice (optional > prod > dev, with a
    "collides" warning for optional): yarn 1.22.22 given dev "^6.0.0" and prod "^7.0.0" of one package
    writes only the "^7.0.0" key, and --frozen-lockfile passes. The dev range has no lock key and
    needs none."""
    root = tmp_path / "app"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "cdktf.json").write_text(json.dumps(CDKTF_JSON))
    manifest = {
        "devDependencies": {"cdktf": "^0.19.0", "constructs": "^10.0.0"},
        "dependencies": {"cdktf": "^0.20.10", "constructs": "^10.3.0"},
    }
    (root / "package.json").write_text(json.dumps(manifest, indent=2))
    (root / "main.ts").write_text('import { App } from "cdktf";\n')
    lock = 'cdktf@{cdktf}:\n  version "0.20.10"\n\nconstructs@^10.3.0:\n  version "10.3.0"\n'
    (root / "yarn.lock").write_text(lock.format(cdktf="^0.20.10"))
    found = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    assert [f for f in found if f.code == "VER006"] == []
    (root / "yarn.lock").write_text(lock.format(cdktf="^0.19.0"))  # made from the range yarn ignores
    found = run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings
    [finding] = [f for f in found if f.code == "VER006"]
    assert (finding.symbol, finding.line, finding.severity) == ("cdktf", 7, "warning")


def test_a_cdktf_prebuilt_package_in_a_cdktn_project_is_one_error_with_the_move(tmp_path: Path) -> None:
    # what a move to cdktn left behind when npm lists no cdktn counterpart: npm installs cdktf 0.20.10
    # beside cdktn as the prebuilt's peer and the lock resolves, but cdktn 0.24's synth fails on its
    # constructs (TypeError: e._resetResolveDiscoveredProviderFeatureUsage is not a function)
    root = _project(
        tmp_path / "app",
        dependencies={"@cdktf/provider-aws": "^19.0.0", "cdktn": "0.24.0"},
        lock={"@cdktf/provider-aws": "19.48.1", "cdktf": "0.20.10", "cdktn": "0.24.0"},
        code='import { App } from "cdktn";\n',
    )
    found = [f for f in run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings]
    [mixed] = [f for f in found if f.code == "VER002"]
    assert (mixed.path, mixed.line, mixed.severity) == ("package.json", 4, "error")
    assert "built for cdktf, but the project's core is cdktn 0.24.0" in mixed.message
    assert mixed.suggestion is not None and "'cdktn get'" in mixed.suggestion  # no @cdktn/provider-aws known
    # PyPI has a cdktn-provider-aws built for cdktn 0.24 that compat's npm data (a partial mirror's) lacks:
    # the same jsii build put it on npm, so it is the move, said as assumed
    with_twin = _snapshot()
    with_twin.bindings_by_package["cdktn-provider-aws"] = [
        with_twin.bindings("cdktf-cdktf-provider-aws")[0]._replace(
            package="cdktn-provider-aws",
            version=Version("25.0.0"),
            core_requirement="cdktn<0.25.0,>=0.24.0",
        )
    ]
    [mixed] = [
        f
        for f in run_check(root, CheckOptions(offline=True), snapshot=with_twin).findings
        if f.code == "VER002"
    ]
    assert mixed.suggestion is not None and mixed.suggestion.startswith(
        "install @cdktn/provider-aws@25.0.0 (built for cdktn 0.24.0) in its place"
    )
    assert "assumed published with its PyPI release: 'npm view @cdktn/provider-aws@25.0.0 version'" in (
        mixed.suggestion
    )
    # on cdktn 0.22 the failure was not tried: a warning
    (root / "package.json").write_text(
        json.dumps({"name": "app", "dependencies": {"@cdktf/provider-aws": "^19.0.0", "cdktn": "0.22.1"}})
    )
    packages = {
        f"node_modules/{n}": {"version": v}
        for n, v in {"@cdktf/provider-aws": "19.48.1", "cdktn": "0.22.1"}.items()
    }
    (root / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": packages}))
    found = [f for f in run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings]
    assert [f.severity for f in found if f.code == "VER002"] == ["warning"]


TEMPLATESTRING = 'import { App, Fn } from "cdktn";\nconst v = Fn.templatestring("${x}", { x: "y" });\n'


@pytest.mark.parametrize(
    ("targets", "expected"),
    [(None, ["error"]), ({"terraform": ">=1.9.0"}, []), ({"terraform": ">=1.5.7"}, [])],
)
def test_a_function_cdktn_024_validates_against_its_targets(
    tmp_path: Path, targets: dict[str, str] | None, expected: list[str]
) -> None:
    # cdktn 0.24.0 fails synth on Fn.templatestring (Terraform >= 1.9, OpenTofu >= 1.7) unless
    # targetVersions admit only releases that have it; the default targets (terraform >=1.5.7,
    # opentofu >=1.6.0) do not
    root = _project(
        tmp_path / "app",
        dependencies={"cdktn": "0.24.0"},
        lock={"cdktn": "0.24.0"},
        code=TEMPLATESTRING,
    )
    config = {k: v for k, v in CDKTF_JSON.items() if k != "terraformProviders"}
    if targets is not None:
        config["targetVersions"] = targets
    (root / "cdktf.json").write_text(json.dumps(config))
    found = [f for f in run_check(root, CheckOptions(offline=True), snapshot=_snapshot()).findings]
    syn005 = [f for f in found if f.code == "SYN005"]
    assert [f.severity for f in syn005] == expected
    if targets == {"terraform": ">=1.5.7"}:  # the CLI read from targetVersions lacks it: SYN004 says so, once
        assert [(f.code, f.line) for f in found if f.code.startswith("SYN")] == [("SYN004", 2)]
    if syn005:
        assert (syn005[0].path, syn005[0].line) == ("main.ts", 2)
        assert "Fn.templatestring: cdktn 0.24.0 fails synth" in syn005[0].message
        assert syn005[0].suggestion is not None and "targetVersions" in syn005[0].suggestion


def test_one_engine_checks_an_unsaved_typescript_buffer_in_place_of_the_file(tmp_path: Path) -> None:
    """``run_check`` reads a TypeScript project through its loader, buffers included (``--stdin-filename``,
    the editor): the buffer's findings, not the file's; a buffer that is no source file is refused."""
    code = 'import { Fn } from "cdktf";\nconst a = Fn.templatestring("x", {});\n'
    root = _project(tmp_path / "app", dependencies={"cdktf": "0.21.0"}, lock={"cdktf": "0.21.0"})
    options = CheckOptions(offline=True, terraform="1.5.7")
    assert run_check(root, options, snapshot=_snapshot()).findings == ()  # the file on disk
    found = run_check(root, options, snapshot=_snapshot(), buffers={root / "main.ts": code}).findings
    assert [(f.code, f.path, f.line) for f in found] == [("SYN004", "main.ts", 2)]
    with pytest.raises(CompatError, match="not a typescript source file"):
        run_check(root, options, snapshot=_snapshot(), buffers={root / "other.py": code})


def test_stdin_filename_checks_a_typescript_buffer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    root = _project(tmp_path / "app", dependencies={"cdktf": "0.21.0"}, lock={"cdktf": "0.21.0"})
    code = 'import { Fn } from "cdktf";\nconst a = Fn.templatestring("x", {});\n'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(code.encode("utf-8"))))
    monkeypatch.chdir(root)
    argv = ["check", "--offline", "--terraform", "1.5.7", "-f", "concise", "--stdin-filename", "main.ts"]
    assert main(argv) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(" ")[:2] for line in lines] == [["main.ts:2:11:", "SYN004"]]
    assert (root / "main.ts").read_text() == 'import { App } from "cdktf";\n'  # nothing written


def test_the_projects_settings_exclude_typescript_files_as_python_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """compat.toml ``exclude`` leaves a folder's TypeScript files out, as the engine does for Python."""
    code = 'import { Fn } from "cdktf";\nconst a = Fn.templatestring("x", {});\n'
    root = _project(tmp_path / "app", dependencies={"cdktf": "0.21.0"}, lock={"cdktf": "0.21.0"}, code=code)
    (root / "scripts").mkdir()
    (root / "scripts" / "tool.ts").write_text(code)
    argv = ["check", str(root), "--offline", "--terraform", "1.5.7", "-f", "concise"]
    assert main(argv) == 1
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines()] == [
        "main.ts",
        "scripts/tool.ts",
    ]
    (root / "compat.toml").write_text('exclude = ["scripts"]\n')
    assert main(argv) == 1
    assert [line.split(":")[0] for line in capsys.readouterr().out.splitlines()] == ["main.ts"]


def test_lock_drift_of_a_workspace_member_names_the_root_lock(tmp_path: Path) -> None:
    """npm run in a workspace member finds the root and its lock (hasanaburayyan/cdktf-demo: app asks for
    ^8.0.17, the root lock hoists 8.0.16 for lib): the message names the lock read: ../package-lock.json."""
    root = tmp_path / "repo"
    app = root / "app"
    app.mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "package.json").write_text(json.dumps({"name": "r", "workspaces": ["app", "lib"]}))
    member = {"name": "app", "dependencies": {"@cdktf/provider-aws": "^19.50.0"}}
    (app / "package.json").write_text(json.dumps(member))
    (app / "cdktf.json").write_text('{"language": "typescript", "app": "npx ts-node main.ts"}')
    (app / "main.ts").write_text('import { App } from "cdktf";\n')
    packages = {
        "": {"workspaces": ["app", "lib"]},
        "app": {"name": "app", "dependencies": {"@cdktf/provider-aws": "^19.48.1"}},
        "node_modules/app": {"resolved": "app", "link": True},
        "node_modules/@cdktf/provider-aws": {"version": "19.48.1"},
    }
    (root / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": packages}))
    findings = run_check(app, CheckOptions(offline=True), snapshot=_snapshot()).findings
    [finding] = [f for f in findings if f.code == "VER006"]
    assert '"^19.50.0" in package.json, but ../package-lock.json installs 19.48.1' in finding.message


def test_a_peer_the_bun_lock_breaks_is_an_error_at_the_members_line(tmp_path: Path) -> None:
    """bun.lock (written by bun 1.4.5) installs constructs 10.4.5 for "~10.4.2", which the peer range of
    @cdktn/provider-random 15.0.1 and cdktn 0.24.0 (">=10.6.0 <10.8.0", recorded in the lock) excludes."""
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).parent / "fixtures" / "bun_workspace", root)
    (root / ".git").mkdir()
    result = run_check(root / "infra", CheckOptions(offline=True))
    found = [(f.code, f.path, f.line, f.severity) for f in result.findings]
    assert found == [("VER002", "package.json", 6, "error")] * 2  # the provider's peer, and cdktn's
    assert all("constructs 10.4.5 installs (../bun.lock)" in f.message for f in result.findings)
    assert result.releases.lock is not None and result.releases.lock.name == "../bun.lock"
