"""The one-pass walk: what it records, and the local types it does (and does not) infer."""

from __future__ import annotations

import ast
import textwrap

import pytest

from compat.check.analysis import analyse
from compat.check.rules import _symbols

PKG = "cdktf_cdktf_provider_aws"


def _facts(source: str):  # type: ignore[no-untyped-def]
    source = textwrap.dedent(source)
    return analyse(ast.parse(source), source, PKG, "cdktf")


def test_types_do_not_leak_between_functions() -> None:
    facts = _facts("""
        from cdktf_cdktf_provider_aws.data_aws_availability_zones import DataAwsAvailabilityZones
        def a(s):
            azs = DataAwsAvailabilityZones(s, "azs")
            return azs.names
        def b(azs):
            return azs.names_fqn
    """)
    assert [(u.variable, u.attribute) for u in facts.attribute_uses] == [("azs", "names")]


def test_reassignment_forgets_the_type() -> None:
    facts = _facts("""
        from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
        b = S3Bucket(None, "b")
        b = something_else()
        b.whatever
    """)
    assert facts.attribute_uses == []


def test_module_attribute_chains_and_aliases() -> None:
    facts = _facts("""
        import cdktf_cdktf_provider_aws as aws
        import cdktf_cdktf_provider_aws.vpc as v
        aws.s3_bucket.S3Bucket(None, "b", bucket="x")
        v.Subnet(None, "s")
    """)
    assert [(c.cls.module, c.cls.name) for c in facts.calls] == [("s3_bucket", "S3Bucket"), ("vpc", "Subnet")]
    assert [(m.module, m.name, m.line) for m in facts.module_attributes] == [
        ("s3_bucket", "S3Bucket", 4), ("vpc", "Subnet", 5)]


def test_other_packages_and_relative_imports_are_ignored() -> None:
    facts = _facts("""
        from .local import S3BucketVersioning
        from imports.aws.s3_bucket_versioning import S3BucketVersioning as V
        S3BucketVersioning(None, "x", code=1)
        V(None, "y")
    """)
    assert facts.imported_names == [] and facts.calls == []


def test_columns_count_characters_not_bytes() -> None:
    facts = _facts("""
        from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
        S3Bucket(None, "bücket", bucket="x", nope=1)
    """)
    [call] = facts.calls
    assert [(k.name, k.column) for k in call.keywords] == [("bucket", 26), ("nope", 38)]


def test_add_override_paths_and_core_backends() -> None:
    facts = _facts("""
        from cdktf import S3Backend
        S3Backend(None, bucket="b", role_arn="r")
        stack.add_override("terraform.backend.s3.use_lockfile", True)
    """)
    assert [o.path for o in facts.overrides] == ["terraform.backend.s3.use_lockfile"]
    assert [(c.name, [k.name for k in c.keywords]) for c in facts.core_calls] == [
        ("S3Backend", ["bucket", "role_arn"])]


@pytest.mark.parametrize(("name", "expected"), [
    ("S3BucketVersioning", "aws_s3_bucket_versioning"),
    ("VpcPeeringConnectionAccepter", "aws_vpc_peering_connection_accepter"),
    ("DataAwsAvailabilityZones", "aws_availability_zones"),
])
def test_terraform_type_guesses(name: str, expected: str) -> None:
    assert expected in _symbols.tf_type_guesses(name)


def test_release_range_comes_from_the_index_find(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    import compat.index
    from compat.index.model import FindHit
    from tests.check import fakes
    from tests.check.helpers import check, make_project

    monkeypatch.setattr(compat.index, "find", lambda name, package=None: [
        FindHit(fakes.PKG, "opsworks_stack", "10.0.0", "20.1.0")] if name == "OpsworksStack" else [])
    root = make_project(tmp_path / "p", {  # type: ignore[operator]
        "stack.py": "from cdktf_cdktf_provider_aws.vpc import OpsworksStack\n"})
    [finding] = check(root).findings
    where = "cdktf_cdktf_provider_aws.opsworks_stack in 10.0.0..20.1.0"
    assert finding.suggestion == f"OpsworksStack exists in {where}"


def test_statements_without_tracked_names_are_skipped_but_nothing_is_lost() -> None:
    facts = _facts("""
        import os
        from cdktf_cdktf_provider_aws.data_aws_availability_zones import DataAwsAvailabilityZones as Zones
        HELPERS = [os.path.join("a", str(i)) for i in range(3)]
        class Network:
            def __init__(self, scope):
                self.zones = Zones(scope, "azs")
            def unrelated(self):
                return {"k": [1, 2, 3]}
            def names(self):
                return self.zones.names_fqn
        def later(scope):
            z = Zones(scope, "z")\r
            return z.zone_ids
    """)
    assert [(u.variable, u.attribute, u.line) for u in facts.attribute_uses] == [
        ("self.zones", "names_fqn", 11), ("z", "zone_ids", 14)]
    assert [c.line for c in facts.calls] == [7, 13]
