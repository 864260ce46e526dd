"""Check at scale, paired: this build against other builds and the ``ast.parse`` floor, in CPU time.

    python bench/bench_scale.py --files 1000 3000 10000 [--runs 5] [--baseline PYTHON ...]

For each size, generates ``bench_check.py``'s project (its stack template) and, ``--runs`` times,
runs one fresh process per build (this interpreter first, then each ``--baseline`` interpreter,
then the floor), interleaved so that every build sees the same machine load. Each process reports
its own CPU time (``time.process_time``: user + system of that process, not wall time, because the
machine is shared) and the kernel reports its peak RSS. Printed: the median CPU time and the largest
peak RSS per build, and the ratios to the floor (read + ``ast.parse`` of every file once, in a
process that imports the same modules) and to each baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import generate  # noqa: E402

_CHECK = """
import gc, sys, time
from pathlib import Path
from compat.check import CheckOptions, run_check
gc.set_threshold(200_000, 30, 30)  # compat.__main__.GC_THRESHOLDS, the same for every build
cpu = time.process_time()
result = run_check(Path(sys.argv[1]), CheckOptions(offline=True))
print(time.process_time() - cpu, len(result.findings))
"""

_FLOOR = """
import ast, os, sys, time
from pathlib import Path
import compat.check
cpu = time.process_time()
for current, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".py"):
            ast.parse(Path(current, name).read_bytes())
print(time.process_time() - cpu, 0)
"""


def _run(python: str, code: str, root: Path) -> tuple[float, int, int]:
    """(CPU seconds, findings, peak RSS KiB) of one fresh process."""
    process = subprocess.Popen([python, "-c", code, str(root)], stdout=subprocess.PIPE, cwd=root.parent)
    assert process.stdout is not None
    out = process.stdout.read().decode()
    _, _, usage = os.wait4(process.pid, 0)
    cpu, findings = out.split()
    return float(cpu), int(findings), usage.ru_maxrss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", action="append", default=[], help="interpreter of another build")
    args = parser.parse_args(argv)
    builds = [sys.executable, *args.baseline]
    work = Path(tempfile.mkdtemp(prefix="compat-scale-"))
    try:
        print(f"{'files':>6} {'build':40} {'CPU med':>8} {'peak RSS':>9} {'/floor':>7} {'/base':>6} findings")
        for files in args.files:
            root = work / f"p{files}"
            generate(root, files)
            runs: dict[str, list[tuple[float, int, int]]] = {b: [] for b in [*builds, "floor"]}
            for python in builds:
                _run(python, _CHECK, root)  # warm-up: bytecode, OS cache, index pages
            for _ in range(args.runs):
                for python in builds:
                    runs[python].append(_run(python, _CHECK, root))
                runs["floor"].append(_run(sys.executable, _FLOOR, root))
            floor = statistics.median(c for c, _, _ in runs["floor"])
            ours = statistics.median(c for c, _, _ in runs[sys.executable])
            for build, measured in runs.items():
                cpu = statistics.median(c for c, _, _ in measured)
                rss = max(r for _, _, r in measured) / 1024
                name = "floor (read + ast.parse)" if build == "floor" else build
                print(
                    f"{files:6} {name[-40:]:40} {cpu:7.2f}s {rss:6.1f} MiB {cpu / floor:7.2f} "
                    f"{ours / cpu:6.2f} {measured[0][1]}"
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
