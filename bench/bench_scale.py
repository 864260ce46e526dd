"""Check at scale, paired: this build against other builds and the ``ast.parse`` floor, in CPU time.

    python bench/bench_scale.py --files 1000 3000 10000 [--runs 5] [--baseline PYTHON ...] [--jobs 2]
                                [--plain 0.6]

For each size, generates ``bench_check.py``'s project (its stack template) and, ``--runs`` times,
runs one fresh process per build (this interpreter first, then each ``--baseline`` interpreter,
then the floor), interleaved so that every build sees the same machine load. Each process reports
its own CPU time (``time.process_time``: user + system of that process, not wall time, because the
machine is shared) and the kernel reports its peak RSS. Printed: the median CPU time and the largest
peak RSS per build, and the ratios to the floor (read + ``ast.parse`` of every file once, in a
process that imports the same modules) and to each baseline.

``--plain SHARE`` makes that share of the files ordinary modules (``bench_check.PLAIN``: no cdktf) rather
than stacks; 0.6 is the share in the Python corpus projects. The default 0 is the issue's template.

``--jobs N`` adds this build with a pool of N processes, the calling one included (``run_check(jobs=N)``):
its CPU is the caller's and the workers' together (``os.times`` of the children), so it shows what the
pool costs, and a second line gives the caller's CPU alone: the pool's critical path, its wall time when
the CPUs are free and the runs balance. Its wall time, printed for every row, shows what it saves when
the CPUs are free (on a shared machine the wall times say little: read them with the load average
printed first).
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
wall, cpu = time.perf_counter(), time.process_time()
result = run_check(Path(sys.argv[1]), CheckOptions(offline=True))
print(time.process_time() - cpu, len(result.findings), time.perf_counter() - wall)
"""

_POOL = """
import gc, os, sys, time
from pathlib import Path
from compat.check import CheckOptions, run_check
gc.set_threshold(200_000, 30, 30)
wall, cpu, before = time.perf_counter(), time.process_time(), os.times()
result = run_check(Path(sys.argv[1]), CheckOptions(offline=True), jobs=JOBS)
after = os.times()
children = after.children_user + after.children_system - before.children_user - before.children_system
print(time.process_time() - cpu + children, len(result.findings), time.perf_counter() - wall,
      time.process_time() - cpu)
"""

_FLOOR = """
import ast, os, sys, time
from pathlib import Path
import compat.check
wall, cpu = time.perf_counter(), time.process_time()
for current, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".py"):
            ast.parse(Path(current, name).read_bytes())
print(time.process_time() - cpu, 0, time.perf_counter() - wall)
"""


def _run(python: str, code: str, root: Path) -> tuple[float, int, int, float]:
    """(CPU seconds, findings, peak RSS KiB, wall seconds) of one fresh process."""
    # bytecode as an installed package has it, kept in the work folder (as bench_cli.py does): a
    # checkout run with PYTHONDONTWRITEBYTECODE would compile every module it imports lazily
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(root.parent / "pycache")
    process = subprocess.Popen(
        [python, "-c", code, str(root)], stdout=subprocess.PIPE, cwd=root.parent, env=env
    )
    assert process.stdout is not None
    out = process.stdout.read().decode()
    _, _, usage = os.wait4(process.pid, 0)
    cpu, findings, wall, *caller = out.split()
    _CALLER.setdefault(code, []).append(float(caller[0]) if caller else float(cpu))
    return float(cpu), int(findings), usage.ru_maxrss, float(wall)


#: script -> the CPU of the calling process alone in each run (the pool's: its critical path, which is
#: its wall time when the CPUs are free and the runs balance; one process's: its CPU)
_CALLER: dict[str, list[float]] = {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", action="append", default=[], help="interpreter of another build")
    parser.add_argument("--jobs", type=int, default=0, help="also this build with a pool of N workers")
    parser.add_argument("--plain", type=float, default=0.0, help="share of ordinary (non-cdktf) modules")
    args = parser.parse_args(argv)
    # (label, interpreter, script): this build, each baseline, this build pooled, the floor
    builds = [(sys.executable, sys.executable, _CHECK), *((b, b, _CHECK) for b in args.baseline)]
    if args.jobs:
        builds.append(
            (f"this build, pool of {args.jobs}", sys.executable, _POOL.replace("JOBS", str(args.jobs)))
        )
    builds.append(("floor (read + ast.parse)", sys.executable, _FLOOR))
    work = Path(tempfile.mkdtemp(prefix="compat-scale-"))
    try:
        print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs")
        print(f"files: {1 - args.plain:.0%} stacks, {args.plain:.0%} ordinary modules")
        print(
            f"{'files':>6} {'build':40} {'CPU med':>8} {'wall med':>8} {'peak RSS':>9} {'/floor':>7} "
            f"{'/this':>6} findings"
        )
        for files in args.files:
            root = work / f"p{files}"
            generate(root, files, args.plain)
            runs: dict[str, list[tuple[float, int, int, float]]] = {label: [] for label, _, _ in builds}
            for _, python, code in builds:
                _run(python, code, root)  # warm-up: bytecode, OS cache, index pages
            for _ in range(args.runs):
                for label, python, code in builds:
                    runs[label].append(_run(python, code, root))
            floor = statistics.median(c for c, _, _, _ in runs[builds[-1][0]])
            ours = statistics.median(c for c, _, _, _ in runs[sys.executable])
            for label, measured in runs.items():
                cpu = statistics.median(c for c, _, _, _ in measured)
                wall = statistics.median(w for _, _, _, w in measured)
                rss = max(r for _, _, r, _ in measured) / 1024
                print(
                    f"{files:6} {label[-40:]:40} {cpu:7.2f}s {wall:7.2f}s {rss:6.1f} MiB {cpu / floor:7.2f} "
                    f"{cpu / ours:6.2f} {measured[0][1]}"
                )
            if args.jobs:
                code = builds[-2][2]
                caller = statistics.median(_CALLER[code][-args.runs :])
                label = "  its calling process alone"
                print(f"{files:6} {label:40} {caller:7.2f}s {'':8} {'':9} {caller / floor:7.2f}")
        print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
