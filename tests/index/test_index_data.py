"""Known truths asserted against the committed index (``data/index.sqlite``), offline."""

from __future__ import annotations

import pytest
from packaging.version import Version

from compat.errors import CompatError
from compat.index import find, indexed_versions, open_release_index
from compat.index.api import SqliteReleaseIndex, embedded_index_path

CDKTF = "cdktf-cdktf-provider-aws"
CDKTN = "cdktn-provider-aws"
PRIORITY = [
    "1.0.40", "2.0.13", "9.0.52", "10.0.0", "12.0.0", "12.0.1", "12.0.13", "16.0.0",
    "19.53.0", "19.57.0", "19.65.1", "20.0.0", "20.1.0", "21.0.0", "21.22.1",
]  # fmt: skip

pytestmark = pytest.mark.skipif(not embedded_index_path().is_file(), reason="no committed index")


def _all() -> list[SqliteReleaseIndex]:
    return [open_release_index(p, v) for p in (CDKTF, CDKTN) for v in indexed_versions(p)]


def _param(index: SqliteReleaseIndex, cls: str, param: str) -> tuple[str, str] | None:
    """(module, shape) of ``cls.param`` in ``index`` (None when the class or the parameter is absent)."""
    for module in index.modules_exporting(cls):
        info = index.class_info(module, cls)
        if info is not None and param in info.params:
            return module, info.params[param].shape
    return None


def test_every_release_is_indexed() -> None:
    assert set(PRIORITY) <= set(indexed_versions(CDKTF))
    assert len(indexed_versions(CDKTF)) == 488  # the cdktf family is frozen (archived 2025-12-10)
    cdktn = indexed_versions(CDKTN)
    assert "25.8.1" in cdktn and "21.23.0" in cdktn and len(cdktn) >= 42


def test_s3_bucket_versioning_a() -> None:
    index = open_release_index(CDKTF, "19.65.1")
    exports = index.exports("s3_bucket_versioning")
    assert exports is not None
    assert "S3BucketVersioningA" in exports and "S3BucketVersioning" not in exports
    assert index.classes_for_tf_type("aws_s3_bucket_versioning") == [
        ("s3_bucket_versioning", "S3BucketVersioningA")
    ]
    assert index.provider_version == "5.99.1"


def test_a_suffix_stable_from_10_to_21() -> None:
    for index in _all():
        if Version("10.0.0") <= Version(index.version):
            assert index.modules_exporting("S3BucketVersioningA") == ["s3_bucket_versioning"], index.version


def test_route53_failover_routing_policy_list_then_single() -> None:
    assert _param(open_release_index(CDKTF, "12.0.0"), "Route53Record", "failover_routing_policy") == (
        "route53_record",
        "block_list",
    )
    later = [i for i in _all() if i.package == CDKTN or Version(i.version) >= Version("12.0.1")]
    assert len(later) > 40
    for index in later:
        assert _param(index, "Route53Record", "failover_routing_policy") == ("route53_record", "block_single")


def test_dynamodb_point_in_time_recovery_single_since_2_0_13() -> None:
    for index in _all():
        found = _param(index, "DynamodbTable", "point_in_time_recovery")
        assert found is not None, index.version
        # the generator of the flat-module era (up to 2.0.12) wrote every nested block as a list
        expected = "block_list" if Version(index.version) < Version("2.0.13") else "block_single"
        assert found[1] == expected, index.version


def test_lambda_function_never_has_code() -> None:
    checked = 0
    for index in _all():
        for module in index.modules_exporting("LambdaFunction"):
            info = index.class_info(module, "LambdaFunction")
            assert info is not None and "code" not in info.params, index.version
            assert "filename" in info.params
            checked += 1
    assert checked >= len(PRIORITY)


def test_rds_cluster_master_password_wo_from_19_53() -> None:
    for index in _all():
        has = _param(index, "RdsCluster", "master_password_wo") is not None
        expected = index.package == CDKTN or Version(index.version) >= Version("19.53.0")
        assert has is expected, index.version
    assert open_release_index(CDKTF, "19.53.0").provider_version == "5.87.0"


def test_9x_per_service_modules_and_provider_in_root() -> None:
    index = open_release_index(CDKTF, "9.0.52")
    assert {"s3", "vpc", "ec2"} <= set(index.modules())
    assert index.modules_exporting("AwsProvider") == [""]
    assert index.modules_exporting("S3BucketVersioningA") == ["s3"]
    assert "s3_bucket_versioning" not in index.modules()


def test_data_aws_availability_zones_names_property() -> None:
    for index in _all():
        module = index.modules_exporting("DataAwsAvailabilityZones")
        info = index.class_info(module[0], "DataAwsAvailabilityZones")
        assert info is not None and "names" in info.properties and "names_fqn" not in info.properties


def test_aws6_region_parameter_and_removed_modules() -> None:
    before, after = open_release_index(CDKTF, "20.1.0"), open_release_index(CDKTF, "21.0.0")
    assert _param(before, "S3BucketVersioningA", "region") is None
    assert _param(after, "S3BucketVersioningA", "region") == ("s3_bucket_versioning", "scalar")
    assert "simpledb_domain" in before.modules() and "simpledb_domain" not in after.modules()


def test_find_ranges() -> None:
    hits = {(h.package, h.module) for h in find("S3BucketVersioningA")}
    assert {(CDKTF, "s3"), (CDKTF, "s3_bucket_versioning"), (CDKTN, "s3_bucket_versioning")} <= hits
    ten = [h for h in find("S3BucketVersioningA", CDKTF) if h.module == "s3_bucket_versioning"]
    assert [(h.first_version, h.last_version) for h in ten] == [("10.0.0", "21.22.1")]
    assert find("NoSuchClassAnywhere") == []


def test_offline_miss_is_one_clear_error() -> None:
    with pytest.raises(CompatError, match=r"0\.0\.1 is not in the symbol index"):
        open_release_index(CDKTF, "0.0.1", offline=True)
    with pytest.raises(CompatError, match="not a prebuilt provider package"):
        open_release_index("cdktf", "0.21.0")
    with pytest.raises(CompatError, match="invalid version"):
        open_release_index(CDKTF, "latest")


def test_package_spellings() -> None:
    assert open_release_index("cdktf_cdktf_provider_aws", "21.22.1").package == CDKTF
