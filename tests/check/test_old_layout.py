"""IMP005: imports of the pre-0.13 flat layout of a provider's generated package."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

import compat.project.layout_stand_in as layout_stand_in
from compat.check import CheckOptions, CheckResult, run_check
from compat.index.model import MemoryReleaseIndex
from compat.snapshot import Snapshot, parse_snapshot
from tests.check import fakes
from tests.check.helpers import make_project

RANDOM = "cdktf-cdktf-provider-random"


def _snapshot(*random_releases: tuple[str, str]) -> Snapshot:
    """The fake snapshot, with releases of the prebuilt random bindings (version, provider)."""
    base = fakes.snapshot()
    rows: dict[str, Any] = {
        "schema": 1,
        "built_at": "test",
        "packages": {
            fakes.PKG: {
                "kind": "bindings",
                "releases": [
                    fakes.binding_row(str(r.version), str(r.provider_version), str(r.core_specifier), "~=3.9")
                    for r in base.bindings(fakes.PKG)
                ],
            },
            RANDOM: {
                "kind": "bindings",
                "releases": [
                    fakes.binding_row(
                        version,
                        provider,
                        "cdktf<0.21,>=0.20",
                        "~=3.8",
                        provider_source="registry.terraform.io/hashicorp/random",
                    )
                    for version, provider in random_releases
                ],
            },
            "cdktf": {
                "kind": "core",
                "releases": [
                    {"version": v, "uploaded": "", "requires_python": "~=3.8", "yanked": False}
                    for v in ("0.12.2", "0.20.12", "0.21.0")
                ],
            },
        },
        "features": [],
    }
    return parse_snapshot(rows)


def _random_index(version: str) -> MemoryReleaseIndex:
    """Random in the per-resource layout; the config structs are not named after their module."""
    exports = {
        "": frozenset({"integer", "password", "provider"}),
        "integer": frozenset({"Integer", "IntegerConfig"}),
        "password": frozenset({"Password", "PasswordConfig"}),
        "provider": frozenset({"RandomProvider", "RandomProviderConfig"}),
    }
    return MemoryReleaseIndex(RANDOM, version, "3.6.0", exports)


def check(
    root: Path, *random: MemoryReleaseIndex, snapshot: Snapshot | None = None, **options: Any
) -> CheckResult:
    by_version = {i.version: i for i in random}

    def load(package: str, version: str, offline: bool) -> MemoryReleaseIndex | None:
        if package == fakes.PKG:
            return fakes.index_19_65_1() if version == "19.65.1" else None
        return by_version.get(version) if package == RANDOM else None

    return run_check(
        root,
        CheckOptions(**options),
        snapshot=snapshot or _snapshot(("11.0.0", "3.6.0")),
        index_loader=load,
    )


FLAT = "from cdktf import App\nfrom imports.random import Integer, Password, RandomProvider\n"
NAMESPACED = "from cdktf import App\nfrom imports.random.integer import Integer\n"
PROVIDERS = '["hashicorp/random@~> 3.5"]'


def test_flat_import_with_a_core_whose_cdktf_get_writes_namespaced_modules(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": FLAT, "stacks/other.py": FLAT}, providers=PROVIDERS)
    [finding] = check(root, _random_index("11.0.0"), select=("IMP005",)).findings
    assert (finding.code, finding.severity, finding.path, finding.line) == ("IMP005", "error", "main.py", 2)
    assert "Integer, Password, RandomProvider cannot be imported" in finding.message
    assert "cdktf 0.20.12" in finding.message
    assert finding.suggestion is not None
    assert "from imports.random.integer import Integer" in finding.suggestion
    assert "from imports.random.provider import RandomProvider" in finding.suggestion
    assert "as cdktf-cdktf-provider-random 11.0.0 (random 3.6.0) keeps them" in finding.suggestion
    assert [str(r) for r in finding.related] == ["stacks/other.py:2"]


def test_each_module_is_read_from_the_index_never_made_from_the_class_name(tmp_path: Path) -> None:
    """``RandomProviderConfig`` is in ``provider`` and ``PasswordConfig`` in ``password`` (a snake-cased
    name would say ``random_provider_config``, ``password_config``)."""
    flat = "from imports.random import Integer, PasswordConfig, RandomProviderConfig\n"
    root = make_project(tmp_path / "p", {"main.py": flat}, providers=PROVIDERS)
    [finding] = check(root, _random_index("11.0.0"), select=("IMP005",)).findings
    assert finding.suggestion is not None
    assert finding.suggestion.startswith(
        "import each class from its module: from imports.random.integer import Integer; "
        "from imports.random.password import PasswordConfig; "
        "from imports.random.provider import RandomProviderConfig ("
    )


def test_no_indexed_release_means_no_module_is_named(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": FLAT}, providers=PROVIDERS)
    [finding] = check(root, select=("IMP005",)).findings  # 11.0.0 is in the snapshot, not indexed
    assert finding.suggestion == (
        "import each class from its module of imports.random (cdktf-cdktf-provider-random 11.0.0 "
        "(random 3.6.0) is not indexed (compat index build cdktf-cdktf-provider-random==11.0.0))"
    )
    assert "imports.random.integer" not in finding.suggestion


def test_a_class_the_index_lacks_is_named_without_a_module(tmp_path: Path) -> None:
    flat = "from imports.random import Integer, Shuffle\n"
    root = make_project(tmp_path / "p", {"main.py": flat}, providers=PROVIDERS)
    [finding] = check(root, _random_index("11.0.0"), select=("IMP005",)).findings
    assert finding.suggestion is not None
    assert "from imports.random.integer import Integer (" in finding.suggestion
    assert "of Shuffle no indexed release says the module" in finding.suggestion
    assert "imports.random.shuffle" not in finding.suggestion


def test_an_entry_no_release_is_built_for_stands_in_the_nearest_indexed_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``random@~> 2.0``: no release of the snapshot is built for random 2; the indexed one nearest
    stands in, and the suggestion says it is assumed."""
    root = make_project(tmp_path / "p", {"main.py": FLAT}, providers='["hashicorp/random@~> 2.0"]')
    snapshot = _snapshot(("11.0.0", "3.6.0"))
    indexed = {RANDOM: (Version("11.0.0"),)}
    monkeypatch.setattr(layout_stand_in, "indexed_releases", lambda package: indexed.get(package, ()))
    [finding] = check(root, _random_index("11.0.0"), snapshot=snapshot, select=("IMP005",)).findings
    assert finding.suggestion is not None
    assert "from imports.random.integer import Integer" in finding.suggestion
    assumed = "assumed: no release is built for a provider the entry admits, it is the nearest"
    assert assumed in finding.suggestion


def test_an_unpinned_core_is_a_warning_that_says_what_was_assumed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": FLAT}, providers=PROVIDERS)
    (root / "Pipfile").write_text('[packages]\ncdktf = "*"\n\n[requires]\npython_version = "3.11"\n')
    [finding] = check(root, select=("IMP005",)).findings
    assert finding.severity == "warning" and "assumed" in finding.message


def test_namespaced_imports_and_old_cores_are_clean(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": NAMESPACED}, providers=PROVIDERS)
    assert check(root, select=("IMP005",)).findings == ()
    old = make_project(tmp_path / "old", {"main.py": FLAT}, providers=PROVIDERS, core="0.12.2")
    assert check(old, select=("IMP005",)).findings == ()


def test_committed_flat_package_imports_today(tmp_path: Path) -> None:
    committed = {"main.py": FLAT, "imports/random/__init__.py": "class Integer: ...\n"}
    root = make_project(tmp_path / "p", committed, providers=PROVIDERS)
    assert check(root, select=("IMP005",)).findings == ()
