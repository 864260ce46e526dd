"""Small fake indexes shaped like the real releases (9.x per-service modules, 10+ per-resource modules),
and a release catalogue holding them."""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from typing import Any

from packaging.version import Version

from compat.errors import CompatError
from compat.index.model import ClassInfo, MemoryReleaseIndex, Param, ReleaseIndex
from compat.migrations.catalogue import ReleaseCatalogue
from compat.migrations.model import Release
from compat.migrations.resolve import release_of

OLD_PKG = "cdktf-cdktf-provider-aws"


def _construct(cls: str, tf_type: str, **params: Param) -> ClassInfo:
    return ClassInfo(cls, "construct", tf_type=tf_type, params=params)


def _struct(cls: str, **params: Param) -> ClassInfo:
    return ClassInfo(cls, "struct", params=params)


def p(name: str, shape: str = "scalar", required: bool = False, struct: str | None = None) -> Param:
    head, *rest = name.split("_")
    js_name = head + "".join(part.title() for part in rest)
    return Param(name, shape, required, struct, js_name)  # type: ignore[arg-type]


def old_release(version: str = "9.0.52") -> MemoryReleaseIndex:
    """Per-service modules, like 9.0.52."""
    classes = {
        ("", "AwsProvider"): _construct(
            "AwsProvider", "aws", assume_role=p("assume_role", "block_single", struct="AwsProviderAssumeRole")
        ),
        ("", "AwsProviderAssumeRole"): _struct("AwsProviderAssumeRole", role_arn=p("role_arn")),
        ("vpc", "VpcPeeringConnectionAccepter"): _construct(
            "VpcPeeringConnectionAccepter", "aws_vpc_peering_connection_accepter"
        ),
        ("s3", "S3Bucket"): _construct(
            "S3Bucket",
            "aws_s3_bucket",
            bucket=p("bucket"),
            versioning=p("versioning", "block_single", struct="S3BucketVersioning"),
        ),
        ("s3", "S3BucketVersioning"): _struct(
            "S3BucketVersioning",
            enabled=p("enabled"),
            mfa_delete=p("mfa_delete"),
            mfa=p("mfa", "block_single", struct="S3BucketVersioningMfa"),
        ),
        ("s3", "S3BucketVersioningMfa"): _struct("S3BucketVersioningMfa", serial_number=p("serial_number")),
        ("s3", "S3BucketVersioningA"): _construct(
            "S3BucketVersioningA",
            "aws_s3_bucket_versioning",
            bucket=p("bucket", required=True),
            versioning_configuration=p(
                "versioning_configuration", "block_single", True, "S3BucketVersioningVersioningConfiguration"
            ),
        ),
        ("s3", "S3BucketVersioningVersioningConfiguration"): _struct(
            "S3BucketVersioningVersioningConfiguration", status=p("status", required=True)
        ),
        ("vpc", "Vpc"): _construct("Vpc", "aws_vpc", cidr_block=p("cidr_block")),
        ("vpc", "Subnet"): _construct("Subnet", "aws_subnet", vpc_id=p("vpc_id", required=True)),
        ("vpc", "DataAwsVpc"): _construct("DataAwsVpc", "aws_vpc", id=p("id")),
        ("ec2", "Instance"): _construct("Instance", "aws_instance", ami=p("ami")),
        ("ec2", "Eip"): _construct("Eip", "aws_eip", vpc=p("vpc"), domain=p("domain")),
        ("route53", "Route53Record"): _construct(
            "Route53Record",
            "aws_route53_record",
            name=p("name"),
            failover_routing_policy=p(
                "failover_routing_policy", "block_list", struct="Route53RecordFailoverRoutingPolicy"
            ),
        ),
        ("route53", "Route53RecordFailoverRoutingPolicy"): _struct(
            "Route53RecordFailoverRoutingPolicy",
            type=p("type", required=True),
            evaluate_target=p("evaluate_target"),
        ),
        ("opsworks", "OpsworksStack"): _construct("OpsworksStack", "aws_opsworks_stack", name=p("name")),
    }
    exports: dict[str, set[str]] = {}
    for module, name in classes:
        exports.setdefault(module, set()).add(name)
    return MemoryReleaseIndex(
        OLD_PKG, version, "4.33.0", {k: frozenset(v) for k, v in exports.items()}, classes
    )


def new_release(version: str = "21.22.1", package: str = OLD_PKG) -> MemoryReleaseIndex:
    """Per-resource modules, AWS 6: opsworks gone, Eip.vpc gone, routing policy single, a renamed struct."""
    classes = {
        ("provider", "AwsProvider"): _construct(
            "AwsProvider", "aws", assume_role=p("assume_role", "block_list", struct="AwsProviderAssumeRole")
        ),
        ("provider", "AwsProviderAssumeRole"): _struct("AwsProviderAssumeRole", role_arn=p("role_arn")),
        ("s3_bucket", "S3Bucket"): _construct(
            "S3Bucket",
            "aws_s3_bucket",
            bucket=p("bucket"),
            versioning=p("versioning", "block_single", struct="S3BucketVersioning"),
        ),
        ("s3_bucket", "S3BucketVersioning"): _struct(
            "S3BucketVersioning",
            enabled=p("enabled"),
            mfa=p("mfa", "block_list", struct="S3BucketVersioningMfa"),
        ),
        ("s3_bucket", "S3BucketVersioningMfa"): _struct(
            "S3BucketVersioningMfa", serial_number=p("serial_number")
        ),
        ("s3_bucket_versioning", "S3BucketVersioningA"): _construct(
            "S3BucketVersioningA",
            "aws_s3_bucket_versioning",
            bucket=p("bucket", required=True),
            versioning_configuration=p(
                "versioning_configuration", "block_single", True, "S3BucketVersioningVersioningConfigurationA"
            ),
        ),
        ("s3_bucket_versioning", "S3BucketVersioningVersioningConfigurationA"): _struct(
            "S3BucketVersioningVersioningConfigurationA", status=p("status", required=True)
        ),
        ("vpc", "Vpc"): _construct("Vpc", "aws_vpc", cidr_block=p("cidr_block")),
        ("data_aws_vpc", "DataAwsVpc"): _construct("DataAwsVpc", "aws_vpc", id=p("id")),
        ("subnet", "Subnet"): _construct("Subnet", "aws_subnet", vpc_id=p("vpc_id", required=True)),
        ("instance", "Instance"): _construct("Instance", "aws_instance", ami=p("ami")),
        ("vpc_peering_connection_accepter", "VpcPeeringConnectionAccepterA"): _construct(
            "VpcPeeringConnectionAccepterA",
            "aws_vpc_peering_connection_accepter",
            vpc_peering_connection_id=p("vpc_peering_connection_id", required=True),
        ),
        ("eip", "Eip"): _construct("Eip", "aws_eip", domain=p("domain")),
        ("route53_record", "Route53Record"): _construct(
            "Route53Record",
            "aws_route53_record",
            name=p("name"),
            failover_routing_policy=p(
                "failover_routing_policy", "block_single", struct="Route53RecordFailoverRoutingPolicy"
            ),
        ),
        ("route53_record", "Route53RecordFailoverRoutingPolicy"): _struct(
            "Route53RecordFailoverRoutingPolicy",
            type=p("type", required=True),
            evaluate_target=p("evaluate_target"),
        ),
    }
    exports: dict[str, set[str]] = {}
    for module, name in classes:
        exports.setdefault(module, set()).add(name)
    exports.setdefault("", set())
    return MemoryReleaseIndex(
        package, version, "6.25.0", {k: frozenset(v) for k, v in exports.items()}, classes
    )


class MemoryCatalogue(ReleaseCatalogue):
    """A catalogue of the indexes a test hands over (``offline``: whether the snapshot's releases are
    known too); ``opened`` lists the releases opened, in order."""

    def __init__(
        self,
        *indexes: ReleaseIndex,
        snapshot: Any = None,
        cache: MutableMapping[Any, Any] | None = None,
        offline: bool = True,
    ) -> None:
        super().__init__(snapshot, cache, offline=offline)
        self.indexes = {release_of(index): index for index in indexes}
        self.opened: list[Release] = []

    def open(self, release: Release) -> ReleaseIndex:
        self.opened.append(release)
        if release not in self.indexes:
            raise CompatError(f"{release} is not in the symbol index (offline)")
        return self.indexes[release]

    def indexed(self, package: str) -> Sequence[Version]:
        return sorted(r.version for r in self.indexes if r.package == package)
