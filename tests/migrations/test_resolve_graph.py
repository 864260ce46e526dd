"""SymbolResolution of single symbols and the graph composed over a chain of releases (fake indexes)."""

from __future__ import annotations

from typing import Any

import pytest
from packaging.version import Version

from compat.index.model import ReleaseIndex
from compat.migrations.graph import build_graph, date_changes, first_release_where
from compat.migrations.model import Release, Symbol
from compat.migrations.replacements import documented
from compat.migrations.resolve import Resolver
from tests.migrations.fakes import OLD_PKG, MemoryCatalogue, new_release, old_release


@pytest.mark.parametrize(
    ("module", "name", "target", "kinds"),
    [
        ("vpc", "Vpc", ("vpc", "Vpc"), ["same"]),
        ("vpc", "Subnet", ("subnet", "Subnet"), ["moved"]),
        ("vpc", "DataAwsVpc", ("data_aws_vpc", "DataAwsVpc"), ["moved"]),
        (
            "vpc",
            "VpcPeeringConnectionAccepter",
            ("vpc_peering_connection_accepter", "VpcPeeringConnectionAccepterA"),
            ["moved", "renamed", "param_added"],
        ),
        (
            "s3",
            "S3BucketVersioningVersioningConfiguration",
            ("s3_bucket_versioning", "S3BucketVersioningVersioningConfigurationA"),
            ["moved", "renamed"],
        ),
        ("ec2", "Eip", ("eip", "Eip"), ["moved", "param_removed"]),
        ("route53", "Route53Record", ("route53_record", "Route53Record"), ["moved", "shape_changed"]),
        ("opsworks", "OpsworksStack", None, ["removed"]),
    ],
)
def test_resolve(module: str, name: str, target: tuple[str, str] | None, kinds: list[str]) -> None:
    resolution = Resolver(old_release(), new_release()).resolve(module, name)
    got = (resolution.target.module, resolution.target.name) if resolution.target else None
    assert got == target
    assert [c.kind for c in resolution.changes] == kinds


def test_removed_parameter_carries_the_documented_replacement() -> None:
    change = Resolver(old_release(), new_release()).resolve("ec2", "Eip").changes_of("param_removed")[0]
    assert (change.param, change.replacement) == ("vpc", 'domain = "vpc"')
    assert change.source and change.source.startswith("https://")


def test_every_documented_replacement_names_a_source() -> None:
    assert documented("aws_opsworks_application") is not None  # family match
    assert documented("aws_s3_bucket") is None


def test_package_rename_is_an_edge() -> None:
    resolver = Resolver(new_release(), new_release("25.8.1", package="cdktn-provider-aws"))
    resolution = resolver.resolve("subnet", "Subnet")
    assert resolution.target == Symbol(Release("cdktn-provider-aws", Version("25.8.1")), "subnet", "Subnet")
    assert [c.kind for c in resolution.changes] == ["package_renamed"]


def test_resolutions_use_the_cache_given() -> None:
    cache: dict[Any, Any] = {}
    first = Resolver(old_release(), new_release(), cache).resolve("vpc", "Subnet")
    assert len(cache) == 1
    broken = new_release()
    broken.module_exports.clear()  # a second resolver must answer from the cache, not the index
    assert Resolver(old_release(), broken, cache).resolve("vpc", "Subnet") == first


def test_graph_composes_across_a_chain() -> None:
    middle = new_release("10.0.0")
    graph = build_graph(
        [("vpc", "Subnet"), ("opsworks", "OpsworksStack")], [old_release(), middle, new_release()]
    )
    subnet = graph.compose(Symbol(Release(old_release().package, Version("9.0.52")), "vpc", "Subnet"))
    assert subnet.target is not None and subnet.target.release.version == Version("21.22.1")
    assert [c.kind for c in subnet.changes] == ["moved"]
    assert len(graph.path(subnet.source)) == 2
    old = Release(old_release().package, Version("9.0.52"))
    stack = graph.compose(Symbol(old, "opsworks", "OpsworksStack"))
    assert stack.removed
    dot = graph.to_dot()
    assert dot.startswith("digraph renames {") and "moved from module vpc to subnet" in dot
    mermaid = graph.to_mermaid()
    assert mermaid.startswith("flowchart LR") and "-->|" in mermaid and "removed" in mermaid


def test_first_release_where_opens_few_indexes() -> None:
    catalogue = MemoryCatalogue(
        *(new_release(f"{n}.0.0") if n >= 23 else old_release(f"{n}.0.0") for n in range(10, 42))
    )

    def gone(index: ReleaseIndex) -> bool:
        return "Subnet" not in (index.exports("vpc") or ())

    versions = catalogue.indexed(OLD_PKG)
    assert len(versions) == 32
    assert first_release_where(versions, catalogue, OLD_PKG, gone) == Version("23.0.0")
    assert len(catalogue.opened) <= 6


def test_date_changes_fills_since() -> None:
    resolution = Resolver(old_release(), new_release()).resolve("ec2", "Eip")
    catalogue = MemoryCatalogue(
        old_release("10.0.0"), old_release("16.0.0"), new_release("21.0.0"), new_release("21.22.1")
    )
    dated = date_changes(resolution, catalogue.indexed(OLD_PKG), catalogue)
    assert {c.kind: c.since for c in dated.changes} == {"moved": "21.0.0", "param_removed": "21.0.0"}
