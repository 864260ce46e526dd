"""Whole-process wall time and peak memory of the everyday commands, offline.

Run from the repository root: ``python bench/bench_cli.py [--runs 7]``. Each command runs as a
new process with every proxy pointed at a closed port (so nothing can reach the network) and
the network-free flags; the figure is the median wall time and the largest peak RSS of the runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMPAT = [sys.executable, "-m", "compat"]


def _commands(work: Path) -> list[tuple[str, list[str]]]:
    return [
        ("compat --version", ["--version"]),
        ("check examples/broken-stack", ["check", str(ROOT / "examples/broken-stack"), "--offline"]),
        ("check examples/clean-stack", ["check", str(ROOT / "examples/clean-stack"), "--offline"]),
        ("pin --dry-run (Terraform 1.5.7)", ["pin", str(work / "pin"), "--terraform", "1.5.7", "--dry-run"]),
        ("matrix", ["matrix"]),
        ("migrate 9.0.52 -> 21.22.1 (diff)", ["migrate", str(work / "aws9"), "--to", "21.22.1"]),
        ("migrate cdktf 0.21 -> cdktn (diff)", ["migrate", str(work / "cdktf021"), "--to", "cdktn"]),
        (
            "index params (one class)",
            ["index", "params", "cdktf-cdktf-provider-aws==19.65.1", "lambda_function.LambdaFunction"],
        ),
        ("releases (json)", ["releases", "cdktf-cdktf-provider-aws", "-f", "json"]),
    ]


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    process = subprocess.Popen(COMPAT + argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss  # KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    env = {**os.environ, "NO_COLOR": "1"}
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        env[var] = "http://127.0.0.1:9"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env["COMPAT_CACHE_DIR"] = str(work / "cache")
        fixtures = ROOT / "tests/fixtures/migrations"
        for name in ("aws9", "cdktf021"):
            shutil.copytree(fixtures / name, work / name)
        (work / "pin").mkdir()
        pipfile = '[packages]\ncdktf = "*"\n\n[requires]\npython_version = "3.11"\n'
        (work / "pin" / "Pipfile").write_text(pipfile)
        print(f"{'command':52} {'median':>8} {'peak RSS':>10}")
        for label, command in _commands(work):
            runs = [_run(command, env) for _ in range(args.runs)]
            median = statistics.median(seconds for seconds, _ in runs)
            peak = max(rss for _, rss in runs)
            print(f"{label:52} {median:7.2f}s {peak / 1024:8.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
