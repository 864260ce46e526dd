"""A prebuilt package's range that no lock settles is read as the release npm would install
(:mod:`compat.typescript.assumed`): every prebuilt package (not only the AWS one), newest first, not an
npm-deprecated release; the note says what was assumed and every finding resting on it is a warning."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from packaging.version import Version

from compat.check.config import CheckOptions
from compat.check.engine import run_check
from compat.check.model import Finding
from compat.index.model import ReleaseIndex
from compat.snapshot import Snapshot, parse_snapshot
from compat.typescript.assumed import npm_pick
from compat.versions.npm_semver import NpmRange
from tests.check.fakes import binding_row

GOOGLE = "registry.terraform.io/hashicorp/google"
IMPORTS = (
    'import { App } from "cdktf";\nimport { GoogleProvider } from "@cdktf/provider-google/lib/provider";\n'
)


def _google(version: str, provider: str, core: str = "cdktf<0.21.0,>=0.20.0") -> dict[str, Any]:
    return binding_row(version, provider, core, None, provider_source=GOOGLE)


def _npm_row(version: str, deprecated: str | bool = False) -> dict[str, object]:
    return {
        "version": version,
        "peer_core": "^0.20.0",
        "peer_constructs": "^10.3.0",
        "engines_node": ">= 18.12.0",
        "provider_source": GOOGLE,
        "provider_version": "6.10.0",
        "deprecated": deprecated,
    }


def _snapshot(npm_rows: list[dict[str, object]] | None = None) -> Snapshot:
    """PyPI: google 14.12.0 (provider 5.44.0), 14.13.1 (5.45.0), 14.36.0 (6.10.0), 15.0.0 (6.11.0)."""
    document: dict[str, Any] = {
        "schema": 1,
        "built_at": "test",
        "features": [],
        "packages": {
            "cdktf-cdktf-provider-google": {
                "kind": "bindings",
                "releases": [
                    _google("14.12.0", "5.44.0"),
                    _google("14.13.1", "5.45.0"),
                    _google("14.36.0", "6.10.0"),
                    _google("15.0.0", "6.11.0", "cdktf<0.22.0,>=0.21.0"),
                ],
            }
        },
    }
    if npm_rows is not None:
        document["npm"] = {
            "@cdktf/provider-google": {
                "kind": "bindings",
                "pypi": "cdktf-cdktf-provider-google",
                "releases": npm_rows,
            }
        }
    return parse_snapshot(document)


def _project(
    root: Path,
    dependencies: dict[str, str],
    *,
    entries: list[str],
    code: str = IMPORTS,
    lock: dict[str, str] | None = None,
    **package: object,
) -> Path:
    root.mkdir(parents=True)
    (root / ".git").mkdir()
    config = {"language": "typescript", "app": "npx ts-node main.ts", "terraformProviders": entries}
    (root / "cdktf.json").write_text(json.dumps(config, indent=2))
    document = {"name": "app", "dependencies": dependencies, **package}
    (root / "package.json").write_text(json.dumps(document, indent=2))
    if lock is not None:
        packages = {f"node_modules/{name}": {"version": version} for name, version in lock.items()}
        (root / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": packages}))
    (root / "main.ts").write_text(code)
    return root


def _no_index(package: str, version: str, offline: bool) -> ReleaseIndex | None:
    return None


def _check(root: Path, snapshot: Snapshot | None = None) -> tuple[list[Finding], tuple[str, ...]]:
    options = CheckOptions(offline=True, select=("VER",))
    result = run_check(root, options, snapshot=snapshot or _snapshot(), index_loader=_no_index)
    return list(result.findings), tuple(result.notes)


def test_an_unlocked_range_of_a_non_aws_prebuilt_package_is_the_release_npm_would_install(
    tmp_path: Path,
) -> None:
    """friendly-devops/CDKTF_GCP_GitHub_Runner: ``"@cdktf/provider-google": "^14.13.1"``, no lock, cdktf.json
    ``"google"`` beside the imported prebuilt package: VER010, as on its sibling projects that have a lock."""
    dependencies = {"cdktf": "^0.20.0", "@cdktf/provider-google": "^14.13.1"}
    root = _project(tmp_path / "app", dependencies, entries=["google"])
    findings, notes = _check(root)
    [finding] = findings
    assert (finding.code, finding.path, finding.line, finding.severity) == (
        "VER010",
        "cdktf.json",
        5,
        "warning",
    )
    assert "@cdktf/provider-google 14.36.0" in finding.message
    assert "assumed: no lock pins @cdktf/provider-google; 14.36.0 is what the installer would pick" in (
        finding.message
    )
    [note] = [n for n in notes if n.startswith("@cdktf/provider-google")]
    assert 'package.json "^14.13.1", no lock: assumed 14.36.0' in note
    assert "2 releases compat knows the range admits: 14.13.1 ... 14.36.0" in note
    assert not any("no version found" in n for n in notes)


def test_a_finding_on_an_assumed_version_is_a_warning_where_the_lock_makes_it_an_error(
    tmp_path: Path,
) -> None:
    """VER001 when the code imports both the prebuilt package and the bindings generated from the entry: an
    error on a locked release, a warning saying what was assumed on the release a range is read as."""
    code = IMPORTS + 'import { ComputeInstance } from "./.gen/providers/google/compute-instance";\n'
    dependencies = {"cdktf": "^0.20.0", "@cdktf/provider-google": "^14.13.1"}
    locked = _project(
        tmp_path / "locked",
        dependencies,
        entries=["google@~> 5.0"],
        code=code,
        lock={"cdktf": "0.20.8", "@cdktf/provider-google": "14.36.0"},
    )
    [finding] = [f for f in _check(locked)[0] if f.code == "VER001"]
    assert finding.severity == "error" and "assumed" not in finding.message
    unlocked = _project(tmp_path / "unlocked", dependencies, entries=["google@~> 5.0"], code=code)
    [finding] = [f for f in _check(unlocked)[0] if f.code == "VER001"]
    assert finding.severity == "warning"
    assert "excludes google 6.10.0, the provider @cdktf/provider-google 14.36.0" in finding.message
    assert finding.message.endswith(
        "(assumed: no lock pins @cdktf/provider-google; 14.36.0 is what the installer would pick today)"
    )


def test_an_exact_pin_an_override_or_a_peer_only_entry_is_not_assumed(tmp_path: Path) -> None:
    exact = _project(
        tmp_path / "exact",
        {"cdktf": "^0.20.0", "@cdktf/provider-google": "14.13.1"},
        entries=["google@~> 6.0"],
    )
    [finding] = [f for f in _check(exact)[0] if f.code == "VER001"]  # 14.13.1 is built for 5.45.0
    assert "assumed" not in finding.message
    overridden = _project(
        tmp_path / "overridden",
        {"cdktf": "^0.20.0", "@cdktf/provider-google": "^14.13.1"},
        entries=["google"],
        overrides={"@cdktf/provider-google": "14.12.0"},
    )
    findings, notes = _check(overridden)
    assert not findings and any("@cdktf/provider-google: no version found" in n for n in notes)
    peer_only = _project(tmp_path / "peer", {"cdktf": "^0.20.0"}, entries=["google"])
    document = json.loads((peer_only / "package.json").read_text())
    document["peerDependencies"] = {"@cdktf/provider-google": "^14.13.1"}
    (peer_only / "package.json").write_text(json.dumps(document))
    findings, notes = _check(peer_only)
    assert not any(f.code == "VER010" for f in findings)


def test_npm_picks_the_newest_release_npm_does_not_mark_deprecated() -> None:
    """npm-pick-manifest: the newest admitted release without npm's ``deprecated``; a deprecated one only
    when every admitted one is; the publisher's ``cdktf.isDeprecated`` (``deprecated: true`` without a
    message) is not npm's and does not count; an npm-only release (npm section only) counts as any other."""
    spec = NpmRange.parse("^14.13.1")
    assert spec is not None
    plain = npm_pick(_snapshot(), "@cdktf/provider-google", spec)
    assert plain is not None and (plain.version, plain.admitted) == ("14.36.0", ("14.36.0", "14.13.1"))
    rows = [
        _npm_row("14.36.0", deprecated="use 14.13.1"),
        _npm_row("14.40.0-pre.1"),
        _npm_row("14.37.0", True),
    ]
    pick = npm_pick(_snapshot(rows), "@cdktf/provider-google", spec)
    assert pick is not None and pick.version == "14.37.0"  # npm-only, flagged by cdktf.isDeprecated alone
    assert pick.admitted == ("14.37.0", "14.36.0", "14.13.1")  # no pre-release: the range names none
    rows = [_npm_row("14.36.0", deprecated="gone"), _npm_row("14.13.1", deprecated="gone")]
    pick = npm_pick(_snapshot(rows), "@cdktf/provider-google", spec)
    assert pick is not None and pick.version == "14.36.0"  # every one deprecated: the newest
    later = NpmRange.parse("^16.0.0")
    assert later is not None and npm_pick(_snapshot(), "@cdktf/provider-google", later) is None


def test_admitted_releases_follow_npm_semver_newest_first() -> None:
    versions = [
        "14.2.0",
        "14.13.1",
        "14.10.0",
        "15.0.0",
        "14.14.0-pre.1",
        "0.0.17-pre.6",
        "13.9.9",
        "14.13.1",
    ]
    caret = NpmRange.parse("^14.2.0")
    assert caret is not None and caret.admitted(versions) == ["14.13.1", "14.10.0", "14.2.0"]
    either = NpmRange.parse("13.x || >=14.14.0-pre.0 <15.0.0")  # no PEP 440 twin: the port decides
    assert either is not None and either.as_pep440() is None
    assert either.admitted(versions) == ["14.14.0-pre.1", "13.9.9"]


def test_npm_prefers_a_release_whose_engines_admit_the_projects_node(tmp_path: Path) -> None:
    """npm-pick-manifest ranks a release whose ``engines.node`` admits the Node.js npm runs on above a newer
    one: the project's Node.js (.nvmrc) decides; the one on this machine's PATH does not."""
    rows = [_npm_row("14.36.0"), {**_npm_row("14.13.1"), "engines_node": ">= 16.14.0"}]
    spec = NpmRange.parse("^14.13.1")
    assert spec is not None
    on_16 = npm_pick(_snapshot(rows), "@cdktf/provider-google", spec, Version("16.20.2"))
    assert on_16 is not None and on_16.version == "14.13.1"  # 14.36.0 needs >= 18.12.0
    on_20 = npm_pick(_snapshot(rows), "@cdktf/provider-google", spec, Version("20.0.0"))
    assert on_20 is not None and on_20.version == "14.36.0"
    on_14 = npm_pick(_snapshot(rows), "@cdktf/provider-google", spec, Version("14.0.0"))
    assert on_14 is not None and on_14.version == "14.36.0"  # none admits 14: the newest
    dependencies = {"cdktf": "^0.20.0", "@cdktf/provider-google": "^14.13.1"}
    root = _project(tmp_path / "app", dependencies, entries=["google"])
    (root / ".nvmrc").write_text("16\n")
    options = CheckOptions(offline=True, select=("VER010",))
    result = run_check(root, options, snapshot=_snapshot(rows), index_loader=_no_index)
    [finding] = result.findings
    assert "@cdktf/provider-google 14.13.1" in finding.message
