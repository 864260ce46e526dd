"""Benchmark: one changed file of a large project re-checked in a session (the language server's path).

    python bench/bench_incremental.py [--files 1000] [--repeat 50]

Generates ``bench_check.py``'s project, opens a :class:`compat.check.incremental.ProjectSession`
(one whole offline check with the real snapshot and symbol index), then re-checks one stack module
``--repeat`` times from an edited in-memory buffer, alternating a clean and a broken edit. Reports
the CPU time (``time.process_time``: the machine is shared, wall time is not this process's) of
opening the session and the median and worst CPU time of one re-check.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    from compat.check import CheckOptions
    from compat.check.incremental import ProjectSession

    gc.set_threshold(200_000, 30, 30)  # compat.__main__.GC_THRESHOLDS
    work = Path(tempfile.mkdtemp(prefix="compat-incremental-"))
    try:
        root = work / "stack"
        generate(root, args.files)
        cpu = time.process_time()
        session = ProjectSession.open(root, CheckOptions(offline=True))
        opened = time.process_time() - cpu
        target = root / "stacks" / "service_001.py"
        clean = target.read_text()
        broken = clean.replace("S3BucketVersioningA", "S3BucketVersioning").replace('"hashKey"', '"hash_key"')
        times, counts = [], set()
        for turn in range(args.repeat):
            cpu = time.process_time()
            report = session.check_file(target, broken if turn % 2 else clean)
            times.append(time.process_time() - cpu)
            counts.add(len(report.findings))
        print(
            f"files: {args.files}; whole check (session open): {opened * 1000:.0f} ms CPU, "
            f"{len(session.result.findings)} findings"
        )
        print(
            f"one changed file re-checked: median {statistics.median(times) * 1000:.1f} ms CPU, "
            f"worst {max(times) * 1000:.1f} ms, over {args.repeat} runs "
            f"(findings per edit: {sorted(counts)})"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
