"""Hand-built stand-ins for the symbol index and the release snapshot (facts from DOMAIN.md)."""

from __future__ import annotations

from typing import Any

from compat.index.model import META_PARAMS, ClassInfo, MemoryReleaseIndex, Param
from compat.snapshot import Snapshot, parse_snapshot

PKG = "cdktf-cdktf-provider-aws"


def _p(
    name: str, shape: str = "scalar", required: bool = False, struct: str | None = None, js: str | None = None
) -> Param:
    return Param(name, shape, required, struct, js)  # type: ignore[arg-type]


def _construct(name: str, tf_type: str, params: list[Param], properties: tuple[str, ...] = ()) -> ClassInfo:
    return ClassInfo(name, "construct", tf_type, {p.name: p for p in params}, META_PARAMS, properties)


def _struct(name: str, params: list[Param]) -> ClassInfo:
    return ClassInfo(name, "struct", None, {p.name: p for p in params})


def index_19_65_1(
    version: str = "19.65.1",
    provider: str = "5.99.1",
    failover_shape: str = "block_single",
    with_region: bool = False,
) -> MemoryReleaseIndex:
    region = [_p("region")] if with_region else []
    classes: dict[tuple[str, str], ClassInfo] = {
        ("s3_bucket", "S3Bucket"): _construct(
            "S3Bucket", "aws_s3_bucket", [_p("bucket"), *region], ("arn", "bucket", "id")
        ),
        ("s3_bucket_versioning", "S3BucketVersioningA"): _construct(
            "S3BucketVersioningA",
            "aws_s3_bucket_versioning",
            [
                _p("bucket", required=True),
                _p(
                    "versioning_configuration",
                    "block_single",
                    True,
                    "S3BucketVersioningVersioningConfiguration",
                    "versioningConfiguration",
                ),
            ],
            ("bucket", "id"),
        ),
        ("s3_bucket_versioning", "S3BucketVersioningVersioningConfiguration"): _struct(
            "S3BucketVersioningVersioningConfiguration",
            [_p("status", js="status"), _p("mfa_delete", js="mfaDelete")],
        ),
        ("vpc_peering_connection_accepter", "VpcPeeringConnectionAccepterA"): _construct(
            "VpcPeeringConnectionAccepterA",
            "aws_vpc_peering_connection_accepter",
            [_p("vpc_peering_connection_id", required=True), _p("auto_accept")],
            ("id",),
        ),
        ("lambda_function", "LambdaFunction"): _construct(
            "LambdaFunction",
            "aws_lambda_function",
            [
                _p("function_name", required=True),
                _p("role", required=True),
                _p("filename"),
                _p("handler"),
                _p("runtime"),
                _p("s3_bucket"),
                _p("s3_key"),
                _p("image_uri"),
            ],
            ("arn", "function_name"),
        ),
        ("data_aws_availability_zones", "DataAwsAvailabilityZones"): _construct(
            "DataAwsAvailabilityZones", "aws_availability_zones", [_p("state")], ("names", "zone_ids", "id")
        ),
        ("route53_record", "Route53Record"): _construct(
            "Route53Record",
            "aws_route53_record",
            [
                _p("name", required=True),
                _p("type", required=True),
                _p("zone_id", required=True),
                _p("set_identifier"),
                _p("records", "scalar_list"),
                _p(
                    "failover_routing_policy",
                    failover_shape,
                    False,
                    "Route53RecordFailoverRoutingPolicy",
                    "failoverRoutingPolicy",
                ),
            ],
            ("fqdn",),
        ),
        ("route53_record", "Route53RecordFailoverRoutingPolicy"): _struct(
            "Route53RecordFailoverRoutingPolicy", [_p("type", required=True, js="type")]
        ),
        ("dynamodb_table", "DynamodbTable"): _construct(
            "DynamodbTable",
            "aws_dynamodb_table",
            [
                _p("name", required=True),
                _p("hash_key"),
                _p("billing_mode"),
                _p("attribute", "block_list", False, "DynamodbTableAttribute", "attribute"),
                _p(
                    "global_secondary_index",
                    "block_list",
                    False,
                    "DynamodbTableGlobalSecondaryIndex",
                    "globalSecondaryIndex",
                ),
                _p(
                    "point_in_time_recovery",
                    "block_single",
                    False,
                    "DynamodbTablePointInTimeRecovery",
                    "pointInTimeRecovery",
                ),
            ],
            ("arn", "name"),
        ),
        ("dynamodb_table", "DynamodbTableAttribute"): _struct(
            "DynamodbTableAttribute",
            [_p("name", required=True, js="name"), _p("type", required=True, js="type")],
        ),
        ("dynamodb_table", "DynamodbTableGlobalSecondaryIndex"): _struct(
            "DynamodbTableGlobalSecondaryIndex",
            [
                _p("name", required=True, js="name"),
                _p("hash_key", required=True, js="hashKey"),
                _p("projection_type", required=True, js="projectionType"),
                _p("range_key", js="rangeKey"),
            ],
        ),
        ("dynamodb_table", "DynamodbTablePointInTimeRecovery"): _struct(
            "DynamodbTablePointInTimeRecovery", [_p("enabled", required=True, js="enabled")]
        ),
        ("rds_cluster", "RdsCluster"): _construct(
            "RdsCluster",
            "aws_rds_cluster",
            [_p("engine"), _p("master_password"), _p("master_password_wo")],
            ("arn",),
        ),
        ("", "AwsProvider"): _construct("AwsProvider", "aws", [_p("region")], ()),
    }
    exports: dict[str, set[str]] = {"": {"AwsProvider"}}
    for module, name in classes:
        exports.setdefault(module, set()).add(name)
    exports["s3_bucket"] |= {"S3BucketVersioning", "S3BucketConfig"}  # the nested-block struct takes the name
    exports["vpc"] = {"Vpc", "VpcConfig"}
    classes[("vpc", "Vpc")] = _construct("Vpc", "aws_vpc", [_p("cidr_block")], ("id",))
    return MemoryReleaseIndex(PKG, version, provider, {k: frozenset(v) for k, v in exports.items()}, classes)


def binding_row(version: str, provider: str, core: str, python: str | None, **extra: Any) -> dict[str, Any]:
    """One PyPI release row of the snapshot's AWS bindings, as ``compat data build`` writes it."""
    return {
        "version": version,
        "uploaded": "",
        "provider_source": "registry.terraform.io/hashicorp/aws",
        "provider_version": provider,
        "provider_version_from": "npm",
        "core_requirement": core,
        "constructs_requirement": None,
        "requires_python": python,
        "yanked": False,
        "deprecated": False,
        **extra,
    }


def snapshot() -> Snapshot:
    """Rows of DOMAIN.md section 3's table (verified there from wheels and npm)."""
    return parse_snapshot(
        {
            "schema": 1,
            "built_at": "test",
            "packages": {
                PKG: {
                    "kind": "bindings",
                    "releases": [
                        binding_row("12.0.0", "4.50.0", "cdktf<0.16,>=0.15", "~=3.7"),
                        binding_row("19.0.0", "5.31.0", "cdktf<0.21,>=0.20", "~=3.8"),
                        binding_row("19.65.1", "5.99.1", "cdktf<0.21,>=0.20", "~=3.9"),
                        binding_row("20.1.0", "5.100.0", "cdktf<0.22,>=0.21", "~=3.9"),
                        binding_row("21.22.1", "6.25.0", "cdktf<0.22,>=0.21", "~=3.9"),
                    ],
                },
                "cdktf": {
                    "kind": "core",
                    "releases": [
                        {
                            "version": "0.20.12",
                            "uploaded": "",
                            "requires_python": "~=3.8",
                            "yanked": False,
                            "node_min": "18.12",
                            "terraform_min": "1.2.0",
                        },
                        {
                            "version": "0.21.0",
                            "uploaded": "",
                            "requires_python": "~=3.9",
                            "yanked": False,
                            "node_min": "20.9",
                            "terraform_min": "1.2.0",
                        },
                    ],
                },
            },
            "features": [],
        }
    )


def loader(*indexes: MemoryReleaseIndex) -> Any:
    by_version = {i.version: i for i in indexes}

    def load(package: str, version: str, offline: bool) -> MemoryReleaseIndex | None:
        return by_version.get(version) if package == PKG else None

    return load
