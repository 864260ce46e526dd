"""Benchmark: ``compat server``'s diagnostics for an edited 1,000-line file (target: 50 ms).

    python bench/bench_server.py [--files 50] [--lines 1000] [--repeat 20]

Writes the stack project of ``bench_check.py`` (``--files`` modules) plus one module of about
``--lines`` lines, opens it in a :class:`compat.server.session.ProjectSession` (the snapshot and
symbol index loaded, the project checked once: the server's state after the first file is opened)
and then, ``--repeat`` times, changes one line of the big file's unsaved buffer and asks for its
diagnostics (``check_file``: what ``textDocument/didChange`` runs). Prints the first full check and
the median and worst time of an edit. Needs the real ``data/`` (snapshot and index of 19.65.1).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_check import STACK, generate  # noqa: E402


def big_module(lines: int) -> str:
    """About ``lines`` lines of stack code: the bench stack's classes, repeated under new names."""
    parts: list[str] = []
    n = 0
    while sum(part.count("\n") for part in parts) < lines:
        body = STACK.format(n=900 + n, n_mod=n % 250, versioning="S3BucketVersioningA" if n % 3 else
                            "S3BucketVersioning", azs_attr="names", hash_key="hashKey")
        parts.append(body if n == 0 else body.split("\n\n\n", 1)[1])  # the imports once
        n += 1
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    gc.set_threshold(200_000, 50, 100)  # as the compat process runs (compat/__main__.py)

    from compat.check.config import CheckOptions
    from compat.server.session import ProjectSession

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "stack"
        generate(root, args.files)
        big = root / "stacks" / "big.py"
        text = big_module(args.lines)
        big.write_text(text)
        start = time.perf_counter()
        session = ProjectSession(root, CheckOptions(offline=True))
        first = session.check_all()
        full = time.perf_counter() - start
        times = []
        rows = text.splitlines()
        for turn in range(args.repeat):
            rows[1] = f"# edit {turn}"
            buffer = "\n".join(rows) + "\n"
            start = time.perf_counter()
            findings = session.check_file(big, buffer)
            times.append(time.perf_counter() - start)
        assert findings, "the big file's mistakes were not found"
        print(f"project: {args.files} files + big.py ({len(rows)} lines); "
              f"{sum(len(v) for v in first.values())} findings")
        print(f"open (snapshot, index, full check): {full * 1000:.0f} ms")
        print(f"edit of big.py -> its diagnostics: median {statistics.median(times) * 1000:.1f} ms, "
              f"worst {max(times) * 1000:.1f} ms ({len(findings)} findings)")


if __name__ == "__main__":
    main()
