"""Benchmark: ``compat check`` on a TypeScript project, paired against the Python check in one run.

    python bench/bench_ts_check.py [--files 1000] [--repeat 5] [--runs 9]

Writes a generated TypeScript cdktf project (package.json and package-lock.json v3 pinning
@cdktf/provider-aws 19.65.1 and cdktf 0.20.12, ``--files`` stack files importing generated classes
and building constructs with nested blocks, one in ten with the classic mistakes) beside the Python
stack of ``bench_check.py`` with the same number of files, then reports, best of ``--repeat``,
alternating the two so both see the same load:

- parse: reading every ``.ts`` file and parsing it with tree-sitter (the floor of a TS checker);
- check TS / check Python: ``run_check`` (one engine, either language) in process, offline, real data;
- small projects as whole processes, median of ``--runs``: ``compat check examples/ts-broken-stack``
  and ``compat check examples/broken-stack``.

``--baseline PYTHON`` (an interpreter with another build of compat installed, e.g. main's) adds a
paired CPU-time comparison on the same generated project: each interpreter, in turn ``--rounds``
times, measures the parse and the TypeScript check in its own process (``time.process_time``, best of
``--repeat``; CPU time is steadier than wall time on a shared machine).
Needs the real ``data/`` (snapshot and index of 19.65.1).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_check  # noqa: E402 - the Python stack this bench is paired with

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

PACKAGE_JSON = """\
{
  "name": "bench-stack",
  "private": true,
  "dependencies": {
    "@cdktf/provider-aws": "19.65.1",
    "cdktf": "0.20.12",
    "constructs": "^10.3.0"
  }
}
"""

LOCK = """\
{
  "name": "bench-stack",
  "lockfileVersion": 3,
  "packages": {
    "node_modules/@cdktf/provider-aws": {
      "version": "19.65.1",
      "engines": {"node": ">= 18.12.0"},
      "peerDependencies": {"cdktf": "^0.20.0", "constructs": "^10.3.0"}
    },
    "node_modules/cdktf": {"version": "0.20.12", "peerDependencies": {"constructs": "^10.3.0"}},
    "node_modules/constructs": {"version": "10.3.0"}
  }
}
"""

CDKTF_JSON = '{"language": "typescript", "app": "npx ts-node main.ts", "terraformProviders": []}\n'

STACK = """\
import {{ Construct }} from "constructs";
import {{ Fn, TerraformOutput, TerraformStack }} from "cdktf";
import {{ DataAwsAvailabilityZones }} from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import {{ DynamodbTable }} from "@cdktf/provider-aws/lib/dynamodb-table";
import {{ IamRole }} from "@cdktf/provider-aws/lib/iam-role";
import {{ LambdaFunction }} from "@cdktf/provider-aws/lib/lambda-function";
import {{ S3Bucket }} from "@cdktf/provider-aws/lib/s3-bucket";
import {{ {versioning} }} from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import {{ SecurityGroup }} from "@cdktf/provider-aws/lib/security-group";
import {{ Subnet }} from "@cdktf/provider-aws/lib/subnet";

export class Service{n}Stack extends TerraformStack {{
  constructor(scope: Construct, id: string, vpcId: string) {{
    super(scope, id);
    const azs = new DataAwsAvailabilityZones(this, "azs", {{ state: "available" }});
    const subnets: Subnet[] = [];
    for (let index = 0; index < 3; index++) {{
      subnets.push(new Subnet(this, `private-${{index}}`, {{
        vpcId,
        cidrBlock: `10.{n_mod}.${{index}}.0/24`,
        availabilityZone: Fn.element(azs.names, index),
        tags: {{ Name: `service-{n}-${{index}}` }},
      }}));
    }}
    const bucket = new S3Bucket(this, "artifacts", {{ bucketPrefix: "service-{n}-", forceDestroy: false }});
    new {versioning}(this, "artifacts-versioning", {{
      bucket: bucket.id,
      versioningConfiguration: {{ status: "Enabled" }},
    }});
    const table = new DynamodbTable(this, "table", {{
      name: "service-{n}",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      rangeKey: "sk",
      attribute: [{{ name: "pk", type: "S" }}, {{ name: "sk", type: "S" }}],
      globalSecondaryIndex: [{{ name: "by-sk", {hash_key}: "sk", projectionType: "ALL" }}],
      pointInTimeRecovery: {pitr},
      serverSideEncryption: {{ enabled: true }},
      ttl: {{ attributeName: "expires", enabled: true }},
    }});
    const role = new IamRole(this, "role", {{
      name: "service-{n}",
      assumeRolePolicy: Fn.jsonencode({{ Version: "2012-10-17", Statement: [] }}),
    }});
    const group = new SecurityGroup(this, "sg", {{
      name: "service-{n}",
      vpcId,
      ingress: [{{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["10.0.0.0/8"] }}],
    }});
    new LambdaFunction(this, "handler", {{
      functionName: "service-{n}",
      role: role.arn,
      runtime: "nodejs20.x",
      handler: "index.handler",
      filename: "dist/service-{n}.zip",
      memorySize: 256,
      timeout: 30,
      environment: {{ variables: {{ TABLE: table.name, BUCKET: bucket.bucket }} }},
      vpcConfig: {{ subnetIds: subnets.map((s) => s.id), securityGroupIds: [group.id] }},
    }});
    new TerraformOutput(this, "table_arn", {{ value: table.arn }});
  }}
}}
"""


def generate(root: Path, files: int) -> None:
    (root / "stacks").mkdir(parents=True)
    (root / "package.json").write_text(PACKAGE_JSON)
    (root / "package-lock.json").write_text(LOCK)
    (root / "cdktf.json").write_text(CDKTF_JSON)
    (root / ".terraform-version").write_text("1.5.7\n")
    for n in range(files):
        mistake = n % 10 == 0
        (root / "stacks" / f"service-{n:04d}.ts").write_text(
            STACK.format(
                n=n,
                n_mod=n % 250,
                versioning="S3BucketVersioning" if mistake else "S3BucketVersioningA",
                hash_key="hashKeyy" if mistake else "hashKey",
                pitr="[{ enabled: true }]" if mistake else "{ enabled: true }",
            )
        )


def parse_once(root: Path) -> float:
    """Seconds to read every .ts file and parse it with tree-sitter (no queries, no walk)."""
    import tree_sitter
    import tree_sitter_typescript

    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_typescript()))
    start = time.perf_counter()
    for path in root.rglob("*.ts"):
        parser.parse(path.read_bytes())
    return time.perf_counter() - start


def check_ts(root: Path) -> tuple[float, int]:
    from compat.check import CheckOptions
    from compat.check.engine import run_check

    start = time.perf_counter()
    result = run_check(root, CheckOptions(offline=True))
    return time.perf_counter() - start, len(result.findings)


def check_python(root: Path) -> tuple[float, int]:
    from compat.check import CheckOptions, run_check

    start = time.perf_counter()
    result = run_check(root, CheckOptions(offline=True))
    return time.perf_counter() - start, len(result.findings)


def cli(path: Path) -> float:
    compat = Path(sys.executable).with_name("compat")
    start = time.perf_counter()
    subprocess.run(
        [str(compat), "check", str(path), "--offline", "--format", "json"],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def cpu_worker(root: Path, repeat: int) -> str:
    """``parse_ms check_ms findings``: CPU time, best of ``repeat``, in this process."""
    import tree_sitter
    import tree_sitter_typescript

    from compat.check import CheckOptions
    from compat.check.engine import run_check

    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_typescript()))
    run_check(root, CheckOptions(offline=True))  # warm caches and index pages once
    parse = check = float("inf")
    findings = 0
    for _ in range(repeat):
        start = time.process_time()
        for path in root.rglob("*.ts"):
            parser.parse(path.read_bytes())
        parse = min(parse, time.process_time() - start)
        start = time.process_time()
        findings = len(run_check(root, CheckOptions(offline=True)).findings)
        check = min(check, time.process_time() - start)
    return f"{parse * 1000:.0f} {check * 1000:.0f} {findings}"


def paired_cpu(root: Path, baseline: str, rounds: int, repeat: int) -> None:
    """This build and ``baseline`` alternating, each in its own process, on the same project."""
    pythons = {"this build": sys.executable, "baseline": baseline}
    best: dict[str, tuple[int, int]] = {}
    for _ in range(rounds):
        for name, python in pythons.items():
            out = subprocess.run(
                [python, __file__, "--cpu-worker", str(root), "--repeat", str(repeat)],
                capture_output=True,
                text=True,
                cwd=tempfile.gettempdir(),  # import the interpreter's compat, not this checkout's
                check=True,
            ).stdout.split()
            parse, check = int(out[0]), int(out[1])
            if name not in best or check < best[name][1]:
                best[name] = (parse, check)
    for name, (parse, check) in best.items():
        print(f"CPU, {name:10s}: parse {parse} ms, check {check} ms, {check / parse:.2f} x the parse")


def main() -> None:
    import gc

    from compat.__main__ import GC_THRESHOLDS

    gc.set_threshold(*GC_THRESHOLDS)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--baseline", metavar="PYTHON", help="another build's interpreter, paired on CPU time"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cpu-worker", metavar="ROOT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cpu_worker:
        print(cpu_worker(Path(args.cpu_worker), args.repeat))
        return
    workdir = Path(tempfile.mkdtemp(prefix="compat-ts-bench-"))
    try:
        ts_root, py_root = workdir / "ts", workdir / "py"
        generate(ts_root, args.files)
        bench_check.generate(py_root, args.files)
        ts_lines = sum(p.read_text().count("\n") for p in ts_root.rglob("*.ts"))
        py_lines = sum(p.read_text().count("\n") for p in py_root.rglob("*.py"))
        check_ts(ts_root)
        check_python(py_root)  # warm caches and index pages once
        parses, ts_checks, py_checks = [], [], []
        for _ in range(args.repeat):
            parses.append(parse_once(ts_root))
            ts_checks.append(check_ts(ts_root))
            py_checks.append(check_python(py_root))
        small_ts, small_py = [], []
        for _ in range(args.runs):
            small_ts.append(cli(EXAMPLES / "ts-broken-stack"))
            small_py.append(cli(EXAMPLES / "broken-stack"))
        parse = min(parses)
        ts_best = min(t for t, _ in ts_checks)
        py_best = min(t for t, _ in py_checks)
        print(
            f"{args.files} files: TypeScript {ts_lines} lines, Python {py_lines} lines; best of {args.repeat}"
        )
        print(f"tree-sitter parse once:        {parse * 1000:.0f} ms")
        print(
            f"check TypeScript, in process:  {ts_best * 1000:.0f} ms ({ts_checks[0][1]} findings), "
            f"{ts_best / parse:.2f} x the parse"
        )
        print(f"check Python, in process:      {py_best * 1000:.0f} ms ({py_checks[0][1]} findings)")
        print(
            f"small project, whole process (median of {args.runs}): TypeScript "
            f"{statistics.median(small_ts) * 1000:.0f} ms, "
            f"Python {statistics.median(small_py) * 1000:.0f} ms"
        )
        if args.baseline:
            paired_cpu(ts_root, args.baseline, args.rounds, args.repeat)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
