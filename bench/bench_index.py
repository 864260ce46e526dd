"""Benchmark of the symbol index (not a test): lookup latency, build speed, size on disk.

    python bench/bench_index.py                 # lookups against the committed index (offline)
    python bench/bench_index.py --build 21.22.1 # also index one release from PyPI into a temp file

Lookup latency is measured as a whole process (wall clock and CPU time: on a loaded machine
the wall clock mostly measures the wait for a core) (``compat index params ... --offline``), from
process start to the answer, the way a user or CI sees it, and in-process (API, cold store).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPAT = Path(sys.executable).with_name("compat")
LOOKUPS = [
    ("cdktf-cdktf-provider-aws==19.65.1", "s3_bucket_versioning.S3BucketVersioningA"),
    ("cdktf-cdktf-provider-aws==12.0.0", "route53_record.Route53Record"),
    ("cdktf-cdktf-provider-aws==9.0.52", ".AwsProvider"),
    ("cdktn-provider-aws==25.8.1", "dynamodb_table.DynamodbTable"),
]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def bench_process(runs: int) -> dict[str, float]:
    env = dict(os.environ, COMPAT_CACHE_DIR=tempfile.mkdtemp(prefix="compat-bench-"), NO_COLOR="1")
    times = []
    cpu = []
    for _ in range(runs):
        for spec, target in LOOKUPS:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run(
                [str(COMPAT), "index", "params", spec, target, "--offline", "--format", "json"],
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if done.returncode != 0:
                raise SystemExit(f"lookup failed: {done.stderr.strip()}")
            json.loads(done.stdout)
    baseline = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        baseline.append(time.perf_counter() - started)
    return {
        "process_median": statistics.median(times),
        "process_max": max(times),
        "process_cpu_median": statistics.median(cpu),
        "bare_python_median": statistics.median(baseline),
    }


def bench_api(runs: int) -> dict[str, float]:
    from compat.index import api

    times = []
    for _ in range(runs):
        for spec, target in LOOKUPS:
            api._embedded.cache_clear()  # cold: open the file, read one release, one module, one class
            started = time.perf_counter()
            package, version = spec.split("==")
            index = api.open_release_index(package, version)
            module, _, name = target.rpartition(".")
            assert index.class_info(module, name) is not None
            times.append(time.perf_counter() - started)
    return {"api_cold_median": statistics.median(times), "api_cold_max": max(times)}


def size_report() -> dict[str, object]:
    path = ROOT / "data" / "index.sqlite"
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    out: dict[str, object] = {"file_bytes": path.stat().st_size}
    tables = (("releases", "manifest"), ("modules", "data"), ("classes", "data"), ("names", "data"))
    for table, column in tables:
        count, total = db.execute(f"SELECT count(*), sum(length({column})) FROM {table}").fetchone()
        out[table] = {"rows": count, "payload_bytes": total}
    out["releases_by_package"] = dict(db.execute("SELECT package, count(*) FROM releases GROUP BY package"))
    return out


def bench_build(version: str, package: str) -> dict[str, object]:
    from compat.index.build import build

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["COMPAT_CACHE_DIR"] = tmp
        started = time.perf_counter()
        report = build(Path(tmp) / "index.sqlite", [(package, version)], jobs=1, progress=lambda _: None)
        seconds = time.perf_counter() - started
        size = (Path(tmp) / "index.sqlite").stat().st_size
    return {
        "release": f"{package}=={version}",
        "seconds": round(seconds, 1),
        "bytes_downloaded": report.bytes_read,
        "modules_read": report.members_read,
        "index_bytes": size,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build", metavar="VERSION", help="index one release from PyPI into a temp file")
    parser.add_argument("--package", default="cdktf-cdktf-provider-aws")
    args = parser.parse_args()
    result: dict[str, object] = {"size": size_report()}
    process = bench_process(args.runs)
    api = bench_api(args.runs)
    result["lookup"] = {k: _ms(v) for k, v in {**process, **api}.items()}
    if args.build:
        result["build_one_release"] = bench_build(args.build, args.package)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
