"""Benchmark: ``compat check`` on a generated 300-file stack versus parsing those files once.

    python bench/bench_check.py [--files 300] [--repeat 5] [--keep DIR]

Writes a cdktf project (Pipfile pinning cdktf-cdktf-provider-aws 19.65.1, cdktf.json,
.terraform-version) whose ``stacks/`` hold ``--files`` modules of realistic stack code
(imports of generated classes, constructors with blocks, attribute use, a few mistakes),
then reports, best of ``--repeat``:

- parse: reading and ``ast.parse`` of every Python file once (the floor any checker pays);
- check: ``run_check`` in process, offline, with the real snapshot and symbol index, under the
  collector settings the ``compat`` process uses;
- cli: ``compat check --offline`` as a whole process (start-up included);
and the ratio check / parse. Needs the real ``data/`` (snapshot and index of 19.65.1).
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PIPFILE = """\
[packages]
cdktf = "==0.20.12"
cdktf-cdktf-provider-aws = "==19.65.1"
constructs = ">=10.0.0,<11.0.0"

[requires]
python_version = "3.11"
"""

CDKTF_JSON = """\
{
  "language": "python",
  "app": "pipenv run python main.py",
  "terraformProviders": [],
  "codeMakerOutput": "imports"
}
"""

STACK = '''\
"""Service {n}: storage, network and compute of one team."""

from constructs import Construct
from cdktf import Fn, TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.data_aws_availability_zones import DataAwsAvailabilityZones
from cdktf_cdktf_provider_aws.dynamodb_table import DynamodbTable
from cdktf_cdktf_provider_aws.iam_role import IamRole
from cdktf_cdktf_provider_aws.lambda_function import LambdaFunction
from cdktf_cdktf_provider_aws.route53_record import Route53Record
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
from cdktf_cdktf_provider_aws.s3_bucket_versioning import {versioning}
from cdktf_cdktf_provider_aws.security_group import SecurityGroup
from cdktf_cdktf_provider_aws.subnet import Subnet


class Service{n}Stack(TerraformStack):
    def __init__(self, scope: Construct, id_: str, vpc_id: str) -> None:
        super().__init__(scope, id_)
        azs = DataAwsAvailabilityZones(self, "azs", state="available")
        subnets = []
        for index in range(3):
            subnets.append(Subnet(self, f"private-{{index}}", vpc_id=vpc_id,
                                  cidr_block=f"10.{n_mod}.{{index}}.0/24",
                                  availability_zone=Fn.element(azs.{azs_attr}, index),
                                  tags={{"Name": f"service-{n}-{{index}}"}}))
        bucket = S3Bucket(self, "artifacts", bucket_prefix="service-{n}-", force_destroy=False,
                          tags={{"team": "team-{n}"}})
        {versioning}(self, "artifacts-versioning", bucket=bucket.id,
                     versioning_configuration={{"status": "Enabled"}})
        table = DynamodbTable(
            self,
            "table",
            name="service-{n}",
            billing_mode="PAY_PER_REQUEST",
            hash_key="pk",
            range_key="sk",
            attribute=[{{"name": "pk", "type": "S"}}, {{"name": "sk", "type": "S"}}],
            global_secondary_index=[{{"name": "by-sk", "{hash_key}": "sk", "projectionType": "ALL"}}],
            point_in_time_recovery={{"enabled": True}},
            server_side_encryption={{"enabled": True}},
            ttl={{"attribute_name": "expires", "enabled": True}},
        )
        role = IamRole(self, "role", name="service-{n}",
                       assume_role_policy=Fn.jsonencode({{"Version": "2012-10-17", "Statement": []}}))
        group = SecurityGroup(self, "sg", name="service-{n}", vpc_id=vpc_id,
                              ingress=[{{"fromPort": 443, "toPort": 443, "protocol": "tcp",
                                         "cidrBlocks": ["10.0.0.0/8"]}}])
        LambdaFunction(
            self,
            "handler",
            function_name="service-{n}",
            role=role.arn,
            runtime="python3.12",
            handler="app.handler",
            filename="dist/service-{n}.zip",
            memory_size=256,
            timeout=30,
            environment={{"variables": {{"TABLE": table.name, "BUCKET": bucket.bucket}}}},
            vpc_config={{"subnet_ids": [s.id for s in subnets], "security_group_ids": [group.id]}},
        )
        Route53Record(self, "dns", zone_id="Z0123456789ABCDEFGHIJ", name="service-{n}.example.com",
                      type="CNAME", ttl=60, records=["service-{n}.internal.example.com"],
                      set_identifier="primary", failover_routing_policy={{"type": "PRIMARY"}})
        TerraformOutput(self, "table_arn", value=table.arn)
'''


#: An ordinary module of the project (a Lambda handler and its helpers): no cdktf, no bindings. In the
#: 45 Python projects of /work/shared/corpus and /work/corpus-py-ext, 135 of 216 files (62 %) are such.
PLAIN = '''\
"""Orders service {n}: the handler behind the API and its helpers."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import boto3

LOGGER = logging.getLogger(__name__)
TABLE = os.environ.get("TABLE_NAME", "orders-{n}")
_dynamodb = boto3.resource("dynamodb")


@dataclass
class Order:
    order_id: str
    customer: str
    items: list[dict[str, Any]] = field(default_factory=list)
    created: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def total(self) -> float:
        return sum(item["price"] * item.get("quantity", 1) for item in self.items)

    def to_item(self) -> dict[str, Any]:
        return {{
            "pk": f"ORDER#{{self.order_id}}",
            "sk": f"CUSTOMER#{{self.customer}}",
            "items": json.dumps(self.items),
            "total": str(round(self.total, 2)),
            "created": self.created.isoformat(),
        }}


def _response(status: int, body: dict[str, Any]) -> dict[str, Any]:
    headers = {{"Content-Type": "application/json"}}
    return {{"statusCode": status, "headers": headers, "body": json.dumps(body)}}


def parse_event(event: dict[str, Any]) -> Order | None:
    try:
        payload = json.loads(event.get("body") or "{{}}")
    except json.JSONDecodeError:
        LOGGER.warning("bad body: %s", event.get("body"))
        return None
    if not payload.get("order_id") or not payload.get("customer"):
        return None
    items = [item for item in payload.get("items", []) if isinstance(item, dict) and "price" in item]
    return Order(payload["order_id"], payload["customer"], items)


def handler(event: dict[str, Any], context: object) -> dict[str, Any]:
    order = parse_event(event)
    if order is None:
        return _response(400, {{"error": "order_id and customer are required"}})
    table = _dynamodb.Table(TABLE)
    table.put_item(Item=order.to_item())
    LOGGER.info("stored order %s for %s (%.2f)", order.order_id, order.customer, order.total)
    return _response(201, {{"order_id": order.order_id, "total": order.total}})


def totals_by_customer(orders: list[Order]) -> dict[str, float]:
    totals: dict[str, float] = {{}}
    for order in orders:
        totals[order.customer] = totals.get(order.customer, 0.0) + order.total
    return dict(sorted(totals.items(), key=lambda pair: pair[1], reverse=True))
'''


def generate(root: Path, files: int, plain: float = 0.0) -> None:
    """The bench project of ``files`` Python files; ``plain``: the share of them that are ordinary
    modules (:data:`PLAIN`, spread evenly among the stacks) rather than stacks."""
    (root / "stacks").mkdir(parents=True)
    (root / "Pipfile").write_text(PIPFILE)
    (root / "cdktf.json").write_text(CDKTF_JSON)
    (root / ".terraform-version").write_text("1.5.7\n")
    (root / "stacks" / "__init__.py").write_text("")
    for n in range(files - 1):  # with __init__.py: ``files`` Python files
        if int((n + 1) * plain) > int(n * plain):
            (root / "stacks" / f"module_{n:03d}.py").write_text(PLAIN.format(n=n))
            continue
        mistake = n % 10 == 0  # one stack in ten carries the classic mistakes
        (root / "stacks" / f"service_{n:03d}.py").write_text(
            STACK.format(
                n=n,
                n_mod=n % 250,
                versioning="S3BucketVersioning" if mistake else "S3BucketVersioningA",
                azs_attr="names_fqn" if mistake else "names",
                hash_key="hash_key" if mistake else "hashKey",
            )
        )


def parse_once(root: Path) -> tuple[float, float]:
    """(wall, CPU) seconds to read and parse every Python file once."""
    start, cpu = time.perf_counter(), time.process_time()
    for current, _, names in os.walk(root):
        for name in names:
            if name.endswith(".py"):
                ast.parse(Path(current, name).read_bytes())
    return time.perf_counter() - start, time.process_time() - cpu


def check_in_process(root: Path) -> tuple[float, float, int]:
    """(wall, CPU) seconds of one offline ``run_check`` and its number of findings."""
    import gc

    from compat.__main__ import GC_THRESHOLDS
    from compat.check import CheckOptions, run_check

    gc.set_threshold(*GC_THRESHOLDS)

    start, cpu = time.perf_counter(), time.process_time()
    result = run_check(root, CheckOptions(offline=True))
    return time.perf_counter() - start, time.process_time() - cpu, len(result.findings)


def check_cli(root: Path) -> float:
    compat = Path(sys.executable).with_name("compat")
    start = time.perf_counter()
    subprocess.run(
        [str(compat), "check", str(root), "--offline", "--format", "json"],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, default=None, help="generate here and keep the project")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="compat-bench-"))
    root = args.keep or workdir / "stack"
    try:
        if not (root / "Pipfile").is_file():
            generate(root, args.files)
        lines = sum(p.read_text().count("\n") for p in root.rglob("*.py"))
        check_in_process(root)  # warm the OS cache and the index pages once
        parses = [parse_once(root) for _ in range(args.repeat)]
        checks = [check_in_process(root) for _ in range(args.repeat)]
        parse, parse_cpu = min(w for w, _ in parses), min(c for _, c in parses)
        check, check_cpu = min(w for w, _, _ in checks), min(c for _, c, _ in checks)
        cli = min(check_cli(root) for _ in range(max(1, args.repeat // 2)))
        print(f"files: {args.files} Python files, {lines} lines; best of {args.repeat}")
        print(f"parse once (read + ast.parse): {parse * 1000:.0f} ms wall, {parse_cpu * 1000:.0f} ms CPU")
        print(
            f"check, in process (offline):  {check * 1000:.0f} ms wall, {check_cpu * 1000:.0f} ms CPU "
            f"({checks[0][2]} findings)"
        )
        print(f"check, whole CLI process:     {cli * 1000:.0f} ms wall (interpreter start-up included)")
        print(f"ratio check / parse: {check / parse:.2f} wall, {check_cpu / parse_cpu:.2f} CPU")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
