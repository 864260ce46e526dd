"""Record the reader fixtures: real generated modules from the wheels, trimmed to a few classes.

Run by hand (network): ``python tests/index/record_fixtures.py``. Each fixture is a real
``__init__.py`` read from the wheel on PyPI with HTTP Range requests, cut down to the header,
the listed classes (with their decorators), the matching ``__all__`` entries and their
type-checking stubs. Nothing is edited otherwise. Files end in ``.py.txt`` so linters skip them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "index"

# (package, version, module path inside the wheel, classes to keep)
FIXTURES: list[tuple[str, str, str, list[str]]] = [
    (
        "cdktf-cdktf-provider-aws",
        "1.0.40",
        "cdktf_cdktf_provider_aws/__init__.py",
        [
            "AccessanalyzerAnalyzer",
            "AcmCertificateValidationTimeouts",
            "DataAwsAvailabilityZones",
            "DataAwsAvailabilityZonesConfig",
            "DataAwsAvailabilityZonesFilter",
            "DynamodbTable",
            "DynamodbTablePointInTimeRecovery",
        ],
    ),
    (
        "cdktf-cdktf-provider-aws",
        "9.0.52",
        "cdktf_cdktf_provider_aws/__init__.py",
        ["AwsProvider", "AwsProviderAssumeRole", "AwsProviderConfig"],
    ),
    (
        "cdktf-cdktf-provider-aws",
        "9.0.52",
        "cdktf_cdktf_provider_aws/s3/__init__.py",
        ["S3BucketVersioningA", "S3BucketVersioningAConfig", "S3BucketVersioningVersioningConfiguration"],
    ),
    (
        "cdktf-cdktf-provider-aws",
        "9.0.52",
        "cdktf_cdktf_provider_aws/dynamodb/__init__.py",
        ["DynamodbTable", "DynamodbTableConfig", "DynamodbTablePointInTimeRecovery"],
    ),
    (
        "cdktf-cdktf-provider-aws",
        "12.0.0",
        "cdktf_cdktf_provider_aws/route53_record/__init__.py",
        [
            "Route53Record",
            "Route53RecordConfig",
            "Route53RecordFailoverRoutingPolicy",
            "Route53RecordFailoverRoutingPolicyList",
        ],
    ),
    (
        "cdktf-cdktf-provider-aws",
        "12.0.1",
        "cdktf_cdktf_provider_aws/route53_record/__init__.py",
        [
            "Route53Record",
            "Route53RecordConfig",
            "Route53RecordFailoverRoutingPolicy",
            "Route53RecordFailoverRoutingPolicyOutputReference",
        ],
    ),
    (
        "cdktf-cdktf-provider-aws",
        "12.0.13",
        "cdktf_cdktf_provider_aws/lambda_function/__init__.py",
        ["LambdaFunction", "LambdaFunctionConfig"],
    ),
    (
        "cdktf-cdktf-provider-aws",
        "19.52.0",
        "cdktf_cdktf_provider_aws/rds_cluster/__init__.py",
        ["RdsCluster"],
    ),
    (
        "cdktf-cdktf-provider-aws",
        "19.53.0",
        "cdktf_cdktf_provider_aws/rds_cluster/__init__.py",
        ["RdsCluster"],
    ),
    ("cdktf-cdktf-provider-aws", "19.65.1", "cdktf_cdktf_provider_aws/s3_bucket_versioning/__init__.py", []),
    (
        "cdktf-cdktf-provider-aws",
        "21.22.1",
        "cdktf_cdktf_provider_aws/data_aws_availability_zones/__init__.py",
        [
            "DataAwsAvailabilityZones",
            "DataAwsAvailabilityZonesConfig",
            "DataAwsAvailabilityZonesFilter",
            "DataAwsAvailabilityZonesTimeouts",
        ],
    ),
    (
        "cdktf-cdktf-provider-aws",
        "21.22.1",
        "cdktf_cdktf_provider_aws/dynamodb_table/__init__.py",
        ["DynamodbTable", "DynamodbTableConfig", "DynamodbTablePointInTimeRecovery"],
    ),
    (
        "cdktn-provider-aws",
        "25.8.1",
        "cdktn_provider_aws/route53_record/__init__.py",
        ["Route53Record", "Route53RecordConfig", "Route53RecordFailoverRoutingPolicy"],
    ),
]

_ANCHOR = re.compile(r"^(?:@jsii\.\w+\(|class (\w+)\b)", re.M)


def trim(text: str, keep: list[str]) -> str:
    """Keep the header, the ``keep`` classes (with decorators), their ``__all__`` lines and stubs."""
    if not keep:
        return text
    all_at = text.index("\n__all__ = [")
    head, tail = text[:all_at], text[all_at:]
    anchors = list(_ANCHOR.finditer(head))
    out = [head[: anchors[0].start()]]
    block_start = anchors[0].start()
    for i, match in enumerate(anchors):
        if match.group(1) is None:
            continue
        end = anchors[i + 1].start() if i + 1 < len(anchors) else len(head)
        if match.group(1) in keep:
            out.append(head[block_start:end])
        block_start = end
    body = "".join(out)
    all_end = tail.index("]\n")
    names = [n for n in re.findall(r'"(\w+)"', tail[:all_end]) if n in keep]
    rest = tail[all_end + 2 :]
    stubs_at = rest.find("\ndef _typecheckingstub__")
    prologue = rest if stubs_at < 0 else rest[:stubs_at]
    stubs = [] if stubs_at < 0 else rest[stubs_at:].split("\ndef _typecheckingstub__")[1:]
    kept_stubs = [s for s in stubs if "_typecheckingstub__" + s.split("(", 1)[0] in body]
    all_block = "\n__all__ = [\n" + "".join(f'    "{n}",\n' for n in names) + "]\n"
    return body + all_block + prologue + "".join("\ndef _typecheckingstub__" + s for s in kept_stubs)


def main() -> int:
    from urllib.parse import urljoin

    from compat.registry.http import default_client
    from compat.registry.wheel import RemoteWheel

    http = default_client()
    OUT.mkdir(parents=True, exist_ok=True)
    for package, version, member, keep in FIXTURES:
        listing = http.get_json(f"https://pypi.org/pypi/{package}/json", ttl=86400)
        url = next(f["url"] for f in listing["releases"][version] if f["filename"].endswith(".whl"))
        wheel = RemoteWheel(http, urljoin(f"https://pypi.org/pypi/{package}/json", url))
        text = wheel.read(member).decode("utf-8")
        module = member.rsplit("/", 2)[-2] if member.count("/") > 1 else "root"
        target = OUT / f"{package.split('-')[0]}-{version}-{module}.py.txt"
        target.write_text(trim(text, keep), encoding="utf-8")
        print(f"{target.name}: {target.stat().st_size} bytes (from {len(text)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
