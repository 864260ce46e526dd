"""VER002 without a lock: a prebuilt package's range whose every known release needs a core the core's
range rejects (npm install stops with ERESOLVE), said as a warning with what was assumed."""

from __future__ import annotations

import json
from pathlib import Path

from packaging.specifiers import SpecifierSet

from compat.check.config import CheckOptions
from compat.check.engine import run_check
from compat.snapshot import NpmRelease, Snapshot
from compat.versions.npm_semver import NpmRange
from tests.typescript.test_check import _project, _snapshot


def _ver002(root: Path, snapshot: Snapshot | None = None) -> list[tuple[int, str | None, str]]:
    result = run_check(root, CheckOptions(offline=True), snapshot=snapshot or _snapshot())
    return [(f.line, f.severity, f.message) for f in result.findings if f.code == "VER002"]


def _unlocked(root: Path, dependencies: dict[str, str], **extra: object) -> Path:
    app = _project(root, dependencies=dependencies, lock=None)
    if extra:
        body = json.loads((app / "package.json").read_text())
        (app / "package.json").write_text(json.dumps({**body, **extra}, indent=2))
    return app


def test_every_release_of_the_range_needs_a_core_the_core_range_rejects(tmp_path: Path) -> None:
    # the snapshot knows 19.48.1 (Requires-Dist cdktf>=0.20.0,<0.21.0) in ^19.0.0
    root = _unlocked(tmp_path / "app", {"@cdktf/provider-aws": "^19.0.0", "cdktf": "^0.21.0"})
    [(line, severity, message)] = _ver002(root)
    assert (line, severity) == (4, "warning")
    assert "every release of the range compat knows (19.48.1) needs cdktf >=0.20.0 <0.21.0" in message
    assert "cdktf ^0.21.0 (package.json)" in message and "ERESOLVE" in message and "assumed" in message


def test_no_finding_where_some_release_fits_or_npm_does_not_check_peers(tmp_path: Path) -> None:
    deps = {"@cdktf/provider-aws": "^19.0.0", "cdktf": "^0.21.0"}
    assert _ver002(_unlocked(tmp_path / "fits", {**deps, "cdktf": "^0.20.5"})) == []
    assert _ver002(_unlocked(tmp_path / "wide", {**deps, "cdktf": ">=0.19.0"})) == []  # 0.20.x meets both
    # the core undeclared: npm installs a fitting peer
    assert _ver002(_unlocked(tmp_path / "nocore", {"@cdktf/provider-aws": "^19.0.0"})) == []
    assert _ver002(_unlocked(tmp_path / "yarn", deps, packageManager="yarn@1.22.19")) == []
    assert _ver002(_unlocked(tmp_path / "over", deps, overrides={"cdktf": "^0.21.0"})) == []
    legacy = _unlocked(tmp_path / "legacy", deps)
    (legacy / ".npmrc").write_text("legacy-peer-deps=true\n")
    assert _ver002(legacy) == []
    # no release of the range known: nothing to decide from
    assert _ver002(_unlocked(tmp_path / "unknown", {**deps, "@cdktf/provider-aws": "^30.0.0"})) == []


class _NpmOnly(Snapshot):
    """The test snapshot plus an npm-only release 19.49.0 whose peer range admits cdktf 0.21."""

    ROW = NpmRelease("@cdktf/provider-aws", "19.49.0", "^0.21.0", None, None, None, None, False, None)

    def npm(self, package: str) -> list[NpmRelease]:
        return [self.ROW] if package == "@cdktf/provider-aws" else []

    def npm_release(self, package: str, version: str) -> NpmRelease | None:
        return self.ROW if (package, version) == ("@cdktf/provider-aws", "19.49.0") else None


def test_a_release_npm_alone_lists_that_fits_clears_the_range(tmp_path: Path) -> None:
    base = _snapshot()
    snapshot = _NpmOnly(
        built_at="test", bindings_by_package=base.bindings_by_package, cores_by_package=base.cores_by_package
    )
    root = _unlocked(tmp_path / "app", {"@cdktf/provider-aws": "^19.0.0", "cdktf": "^0.21.0"})
    assert _ver002(root, snapshot) == []


def test_ranges_meet_as_intervals_and_pep440_specifiers_read_as_npm_ranges() -> None:
    def meet(a: str, b: str) -> bool:
        left, right = NpmRange.parse(a), NpmRange.parse(b)
        assert left is not None and right is not None
        return left.may_meet(right)

    assert not meet("^0.16.0", "^0.20.5")
    assert meet("^0.20.0", "^0.20.5") and meet(">=0.16.0", "^0.20.5") and meet("*", "^0.16.0")
    assert not meet("<0.17.0", "0.17.0") and meet("<=0.17.0", "0.17.0")
    assert meet("^0.16.0 || ^0.20.0", "~0.20.9") and not meet(">=0.17.0 <0.17.0", "*")
    found = NpmRange.from_pep440(SpecifierSet("<0.17.0,>=0.16.0"))
    assert found is not None and found.text == ">=0.16.0 <0.17.0"
    assert NpmRange.from_pep440(SpecifierSet("~=0.16")) is None


def test_a_release_that_peers_the_other_family_core_is_not_judged(tmp_path: Path) -> None:
    """``@cdktn/provider-aws`` 21.23.0 ... 22.1.0 still need cdktf: npm installs cdktf beside cdktn as a
    peer (no ERESOLVE on the cdktn range); that mix is VER002's other-family finding, not this one."""
    from compat.snapshot import parse_snapshot

    release = {
        "version": "22.1.0",
        "uploaded": "",
        "provider_source": "registry.terraform.io/hashicorp/aws",
        "provider_version": "6.0.0",
        "provider_version_from": "npm",
        "core_requirement": "cdktf<0.22.0,>=0.21.0",
        "constructs_requirement": None,
        "requires_python": None,
        "yanked": False,
        "deprecated": False,
    }
    snapshot = parse_snapshot(
        {
            "schema": 1,
            "built_at": "test",
            "features": [],
            "packages": {"cdktn-provider-aws": {"kind": "bindings", "releases": [release]}},
        }
    )
    root = _unlocked(tmp_path / "app", {"@cdktn/provider-aws": "^22.0.0", "cdktn": "^0.22.0"})
    assert not any("every release" in message for _, _, message in _ver002(root, snapshot))
