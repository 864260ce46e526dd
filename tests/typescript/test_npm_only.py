"""Releases npm has and PyPI has not (``@cdktf/provider-aws`` 10.0.5 ... 10.0.12): checked with their npm
record (peer ranges, ``engines.node``, the provider they were built for), the facts npm does not state named
in a note, and the symbol index read from the npm tarball, or said to be absent."""

from __future__ import annotations

import json
from pathlib import Path

from compat.check.config import CheckOptions
from compat.check.engine import run_check
from compat.index.model import ReleaseIndex
from compat.snapshot import Snapshot, parse_snapshot
from tests.check.fakes import binding_row

SOURCE = "registry.terraform.io/hashicorp/aws"
AWS_MAIN = 'import { App } from "cdktf";\nimport { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n'


def _npm_row(
    version: str, provider: str | None, engines: str | None = ">= 14.17.0", deprecated: str | bool = False
) -> dict[str, object]:
    return {
        "version": version,
        "peer_core": "^0.13.0",
        "peer_constructs": "^10.0.0",
        "engines_node": engines,
        "provider_source": SOURCE if provider else None,
        "provider_version": provider,
        "deprecated": deprecated,
    }


def _snapshot() -> Snapshot:
    """PyPI has 10.0.2 only; npm has 10.0.2 and the npm-only 10.0.11 (no provider stated) and 10.0.12."""
    return parse_snapshot(
        {
            "schema": 1,
            "built_at": "test",
            "features": [],
            "packages": {
                "cdktf-cdktf-provider-aws": {
                    "kind": "bindings",
                    "releases": [
                        binding_row(
                            "10.0.2",
                            "4.33.0",
                            "cdktf<0.14.0,>=0.13.0",
                            "~=3.7",
                            provider_version_from="wheel",
                            constructs_requirement="constructs<11.0.0,>=10.0.0",
                        )
                    ],
                }
            },
            "npm": {
                "@cdktf/provider-aws": {
                    "kind": "bindings",
                    "pypi": "cdktf-cdktf-provider-aws",
                    "releases": [
                        _npm_row("10.0.2", "4.33.0", None),
                        _npm_row("10.0.11", None, None),
                        _npm_row("10.0.8", "4.33.0", deprecated="use 10.0.12"),
                        _npm_row("10.0.12", "4.39.0"),
                    ],
                }
            },
        }
    )


def _project(root: Path, packages: dict[str, str], *, lock: bool = True, entry: str | None = None) -> Path:
    root.mkdir(parents=True)
    (root / ".git").mkdir()
    config = {
        "language": "typescript",
        "app": "npx ts-node main.ts",
        "terraformProviders": [entry] if entry else [],
    }
    (root / "cdktf.json").write_text(json.dumps(config, indent=2))
    (root / "package.json").write_text(json.dumps({"name": "app", "dependencies": packages}, indent=2))
    if lock:
        locked = {f"node_modules/{name}": {"version": version} for name, version in packages.items()}
        (root / "package-lock.json").write_text(
            json.dumps({"lockfileVersion": 3, "packages": locked}, indent=2)
        )
    (root / "main.ts").write_text(AWS_MAIN)
    return root


def _no_index(package: str, version: str, offline: bool) -> ReleaseIndex | None:
    return None


def _check(
    root: Path, terraform: str | None = None, select: tuple[str, ...] = ()
) -> tuple[set[tuple[str, str, int]], list[str], dict[str, str]]:
    options = CheckOptions(offline=True, terraform=terraform, select=select)
    result = run_check(root, options, snapshot=_snapshot(), index_loader=_no_index)
    found = {(f.code, f.path, f.line) for f in result.findings}
    return found, list(result.notes), {f.code: f.message for f in result.findings if f.code != "VER002"}


def test_an_npm_only_release_is_judged_by_its_npm_record(tmp_path: Path) -> None:
    packages = {"cdktf": "0.14.0", "@cdktf/provider-aws": "10.0.12", "constructs": "9.0.0"}
    root = _project(tmp_path / "app", packages, entry="aws@~> 4.33.0")
    (root / ".terraform.lock.hcl").write_text(f'provider "{SOURCE}" {{\n  version     = "4.33.0"\n}}\n')
    (root / ".nvmrc").write_text("14.0.0\n")
    found, notes, messages = _check(root, terraform="0.11.14")
    assert found == {
        ("SRC002", "package.json", 5),  # no symbol index (offline)
        ("VER001", "cdktf.json", 5),  # ~> 4.33.0 excludes 4.39.0, the provider npm says 10.0.12 was built for
        ("VER002", "package.json", 5),  # peer cdktf ^0.13.0 (npm) rejects 0.14.0
        ("VER002", "package.json", 6),  # peer constructs ^10.0.0 rejects 9.0.0
        ("VER004", "", 0),
        ("VER011", "package.json", 5),  # engines.node >= 14.17.0
        ("VER020", ".terraform.lock.hcl", 1),  # the lock's 4.33.0 is not 4.39.0
    }
    assert "excludes aws 4.39.0, the provider @cdktf/provider-aws 10.0.12" in messages["VER001"]
    assert "is built for 4.39.0" in messages["VER020"]
    assert messages["VER004"].startswith("AWS provider 4.39.0 serves plugin protocol 5")
    assert "needs Node.js >= 14.17.0 (engines.node)" in messages["VER011"]
    assert not any("10.0.12" in note for note in notes)  # nothing the rules read is missing


def test_an_npm_only_release_whose_facts_agree_has_no_finding(tmp_path: Path) -> None:
    packages = {"cdktf": "0.13.3", "@cdktf/provider-aws": "10.0.12", "constructs": "10.1.163"}
    root = _project(tmp_path / "app", packages, entry="aws@~> 4.39.0")
    (root / ".terraform.lock.hcl").write_text(f'provider "{SOURCE}" {{\n  version     = "4.39.0"\n}}\n')
    (root / ".nvmrc").write_text("20.9.0\n")
    found, notes, _ = _check(root, terraform="1.5.7")
    # the entry agrees with npm's 4.39.0: only the two sources of truth (VER010), and no symbol index
    assert found == {("SRC002", "package.json", 5), ("VER010", "cdktf.json", 5)}
    assert not any("10.0.12" in note for note in notes)


def test_what_the_npm_record_does_not_state_is_named_with_the_rules_it_skips(tmp_path: Path) -> None:
    packages = {"cdktf": "0.13.3", "@cdktf/provider-aws": "10.0.11", "constructs": "10.1.163"}
    root = _project(tmp_path / "app", packages, entry="aws@~> 3.0")  # would exclude any 4.x provider
    found, notes, _ = _check(root)
    assert not {code for code, _, _ in found} & {"VER001", "VER010", "VER020", "VER011"}
    [note] = [note for note in notes if "10.0.11" in note]
    assert note == (
        "@cdktf/provider-aws 10.0.11 is on npm only (compat's PyPI data has no 10.0.11); its npm record "
        "does not state: the provider it was built for (VER001, VER010, VER020 skipped for it); "
        "engines.node (VER011 skipped for it)"
    )


def test_a_release_neither_registry_s_data_has_is_said_precisely(tmp_path: Path) -> None:
    packages = {"cdktf": "0.13.3", "@cdktf/provider-aws": "10.0.99"}
    root = _project(tmp_path / "app", packages, entry="aws@~> 3.0")
    found, notes, _ = _check(root)
    assert not {code for code, _, _ in found} & {"VER001", "VER002", "VER010", "VER020"}
    [note] = [note for note in notes if "10.0.99" in note]
    assert note.startswith(
        "@cdktf/provider-aws 10.0.99: neither compat's PyPI nor its npm release data has this release"
    )


def test_a_pypi_release_needs_no_note(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "app", {"cdktf": "0.13.3", "@cdktf/provider-aws": "10.0.2"}, entry="aws@~> 4.33"
    )
    _, notes, _ = _check(root)
    assert not any("10.0.2" in note for note in notes)


def test_offline_without_its_index_the_symbol_rules_stay_silent_and_say_how_to_index(tmp_path: Path) -> None:
    root = _project(tmp_path / "app", {"cdktf": "0.13.3", "@cdktf/provider-aws": "10.0.12"})
    (root / "main.ts").write_text(AWS_MAIN + 'new S3Bucket(app, "b", { noSuchProp: 1 });\n')
    found, _, messages = _check(root, select=("IMP", "API", "SRC"))
    assert found == {("SRC002", "package.json", 5)}
    assert messages["SRC002"] == (
        "@cdktf/provider-aws 10.0.12 has no symbol index here: its imports and props were not checked "
        "(compat index build cdktf-cdktf-provider-aws==10.0.12 indexes it, from its npm tarball: PyPI has "
        "no such release)"
    )


def test_a_range_without_a_lock_is_checked_against_the_npm_only_release_npm_installs(tmp_path: Path) -> None:
    root = _project(tmp_path / "app", {"cdktf": "^0.13.0", "@cdktf/provider-aws": "^10.0.5"}, lock=False)
    asked: list[str] = []

    def loader(package: str, version: str, offline: bool) -> ReleaseIndex | None:
        asked.append(f"{package}=={version}")
        return None

    result = run_check(root, CheckOptions(offline=True), snapshot=_snapshot(), index_loader=loader)
    assert asked == ["cdktf-cdktf-provider-aws==10.0.12"]  # npm's maxSatisfying over PyPI's and npm's
    [finding] = [f for f in result.findings if f.code == "SRC002"]
    assert "10.0.12" in finding.message


def test_an_npm_only_release_npm_deprecates(tmp_path: Path) -> None:
    root = _project(tmp_path / "app", {"cdktf": "0.13.3", "@cdktf/provider-aws": "10.0.8"})
    found, _, messages = _check(root, select=("VER008",))
    assert found == {("VER008", "package.json", 5)}
    assert messages["VER008"] == (
        "@cdktf/provider-aws 10.0.8 (package-lock.json) is deprecated on npm (npm packument, release "
        "snapshot: use 10.0.12)"
    )
