"""The npm section of the committed snapshot (``compat data build --npm-only``) against the PyPI rows.

The same jsii build publishes each release to npm and PyPI under one number: wherever both
registries list a version, npm's peer range on the core is the PyPI ``Requires-Dist`` range.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.snapshot import Snapshot, parse_snapshot, read_snapshot

DATA = Path(__file__).resolve().parents[2] / "data" / "releases.json"


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return read_snapshot(DATA)


def _as_pep440(peer: str) -> SpecifierSet:
    """The two forms the prebuilt packages use: ``^0.X[.Y]`` (caret on 0.x: next minor excluded)
    and ``>=A <B``."""
    caret = re.fullmatch(r"\^0\.(\d+)(?:\.(\d+))?", peer)
    if caret:
        minor, patch = int(caret.group(1)), int(caret.group(2) or 0)
        return SpecifierSet(f">=0.{minor}.{patch},<0.{minor + 1}.0")
    low, high = re.fullmatch(r">=(\S+) <(\S+)", peer).groups()  # type: ignore[union-attr]
    return SpecifierSet(f">={low},<{high}")


def test_every_version_on_both_registries_has_the_same_core_range(snapshot: Snapshot) -> None:
    compared = 0
    for package in snapshot.npm_packages():
        pypi = snapshot.npm_pypi_name(package)
        if snapshot.npm_entries[package]["kind"] != "bindings" or pypi is None:
            continue
        for row in snapshot.npm(package):
            twin = snapshot.binding(pypi, row.version)
            if twin is None or row.peer_core is None:
                continue
            assert twin.core_specifier == _as_pep440(row.peer_core), (package, row.version)
            assert twin.deprecated == row.deprecated, (package, row.version)
            compared += 1
    assert compared > 3_500  # measured 2026-12-07: 3,521 versions of 52 packages


def test_npm_only_releases_are_in_the_npm_section_alone(snapshot: Snapshot) -> None:
    npm_only = []
    for package in snapshot.npm_packages():
        pypi = snapshot.npm_pypi_name(package)
        if snapshot.npm_entries[package]["kind"] != "bindings" or pypi is None:
            continue
        for row in snapshot.npm(package):
            try:
                on_pypi = snapshot.binding(pypi, row.version) is not None
            except InvalidVersion:
                on_pypi = False
            if not on_pypi:
                npm_only.append((package, row.version))
    assert ("@cdktf/provider-aws", "10.0.5") in npm_only and ("@cdktf/provider-aws", "14.0.0") in npm_only
    assert len(npm_only) >= 90  # 93 on 2026-12-07
    release = snapshot.npm_release("@cdktf/provider-aws", "14.0.0")
    assert release is not None and release.peer_core == "^0.16.0"


def test_prebuilt_and_core_samples(snapshot: Snapshot) -> None:
    aws = snapshot.npm_release("@cdktf/provider-aws", "21.22.1")
    assert aws is not None
    assert (aws.peer_core, aws.peer_constructs, aws.engines_node) == ("^0.21.0", "^10.4.2", ">= 20.9.0")
    assert (aws.provider_version, aws.deprecated) == ("6.25.0", True)
    assert snapshot.npm_pypi_name("@cdktn/provider-aws") == "cdktn-provider-aws"
    cdktf = snapshot.npm_release("cdktf", "0.21.0")
    assert cdktf is not None and cdktf.peer_constructs == "^10.4.2"
    cdktn = snapshot.npm_release("cdktn", "0.24.0")
    assert cdktn is not None and cdktn.peer_constructs == ">=10.6.0 <10.8.0"
    assert Version(aws.version) == Version("21.22.1")


def test_a_damaged_npm_section_is_one_clear_error() -> None:
    from compat.errors import CompatError

    with pytest.raises(CompatError, match="npm section"):
        parse_snapshot({"schema": 1, "packages": {}, "npm": ["x"]})


def test_npm_provider_versions_equal_the_wheels_generated_docs_links(snapshot: Snapshot) -> None:
    """npm's ``cdktf.provider.version`` against a source independent of npm: the provider version in
    the registry links of the wheel's generated Python code, as the symbol index read it."""
    from compat.index.api import embedded_index_path
    from compat.index.store import IndexStore

    store = IndexStore(embedded_index_path())
    compared = 0
    for package in ("@cdktf/provider-aws", "@cdktn/provider-aws"):
        pypi = snapshot.npm_pypi_name(package)
        assert pypi is not None
        for row in snapshot.npm(package):
            record = store.release(pypi, row.version)
            if row.provider_version and record is not None and record.provider_version:
                assert record.provider_version == row.provider_version, (package, row.version)
                compared += 1
    assert compared >= 150  # 150 on 2026-12-07


def test_the_refresh_overlay_s_npm_packages_replace_the_embedded_ones(snapshot: Snapshot) -> None:
    from compat.databuild.npm import npm_section
    from compat.registry.npm import NpmVersion, Packument
    from compat.snapshot import merge

    newer = Packument(
        "@cdktf/provider-aws",
        {"99.0.0": NpmVersion("99.0.0", None, "6.99.0", {"cdktf": "^0.21.0"}, engines_node=">= 20.9.0")},
    )
    overlay = parse_snapshot({"schema": 1, "packages": {}, "npm": npm_section([("x", "cdktf", newer)], {})})
    merged = merge(snapshot, overlay)
    assert [r.version for r in merged.npm("@cdktf/provider-aws")] == ["99.0.0"]
    assert merged.npm("cdktf") == snapshot.npm("cdktf")  # packages the overlay lacks stay
