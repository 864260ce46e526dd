"""Benchmark: ``compat server``'s diagnostics for an edited 1,000-line file (target: 50 ms).

    python bench/bench_server.py [--files 50] [--lines 1000] [--repeat 20] [--typescript]

Writes the stack project of ``bench_check.py`` (``--files`` modules) plus one module of about
``--lines`` lines, opens it in a :class:`compat.server.session.ProjectSession` (the snapshot and
symbol index loaded, the project checked once: the server's state after the first file is opened)
and then, ``--repeat`` times, changes one line of the big file's unsaved buffer and asks for its
diagnostics (``check_file`` and the findings turned into LSP diagnostics: what
``textDocument/didChange`` runs before it publishes). Prints the first full check, the median and
worst time of an edit, both wall and CPU time of the process (``time.process_time``: what the
edit costs, whatever else the machine runs), and where an edit's CPU time goes (guard, parse,
rules). ``--typescript``: the same for a TypeScript project (``bench_ts_check.py``'s stack files and
a ``.ts`` file of about ``--lines`` lines): a keystroke re-reads that file with the tree-sitter
reader against the loaded project. Needs the real ``data/`` (snapshot and index of 19.65.1).
"""

from __future__ import annotations

import argparse
import ast
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_check import STACK, generate  # noqa: E402


def big_module(lines: int) -> str:
    """About ``lines`` lines of stack code: the bench stack's classes, repeated under new names."""
    parts: list[str] = []
    n = 0
    while sum(part.count("\n") for part in parts) < lines:
        body = STACK.format(
            n=900 + n,
            n_mod=n % 250,
            versioning="S3BucketVersioningA" if n % 3 else "S3BucketVersioning",
            azs_attr="names",
            hash_key="hashKey",
        )
        parts.append(body if n == 0 else body.split("\n\n\n", 1)[1])  # the imports once
        n += 1
    return "\n\n".join(parts)


def big_ts_module(lines: int) -> str:
    """About ``lines`` lines of TypeScript stack code: ``bench_ts_check.py``'s classes, repeated."""
    from bench_ts_check import STACK as TS_STACK

    parts: list[str] = []
    n = 0
    while sum(part.count("\n") for part in parts) < lines:
        body = TS_STACK.format(
            n=900 + n,
            n_mod=n % 250,
            versioning="S3BucketVersioning" if n == 0 else "S3BucketVersioningA",
            hash_key="hashKey",
            pitr="{ enabled: true }",
        )
        parts.append(body if n == 0 else body.split("\n\n", 1)[1])  # the imports once
        n += 1
    return "// a big stack module\n" + "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--typescript", action="store_true", help="a TypeScript project instead")
    args = parser.parse_args()
    gc.set_threshold(200_000, 50, 100)  # as the compat process runs (compat/__main__.py)

    from compat.check.config import CheckOptions
    from compat.parse_guard import AST_LIMIT, deepest_statement, too_complex_for_ast
    from compat.server.lsp import diagnostic
    from compat.server.session import ProjectSession

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "stack"
        if args.typescript:
            from bench_ts_check import generate as generate_ts

            generate_ts(root, args.files)
            big = root / "stacks" / "big.ts"
            text = big_ts_module(args.lines)
        else:
            generate(root, args.files)
            big = root / "stacks" / "big.py"
            text = big_module(args.lines)
        big.write_text(text)
        start = time.perf_counter()
        session = ProjectSession(root, CheckOptions(offline=True))
        first = session.check_all()
        full = time.perf_counter() - start
        times: list[float] = []
        cpu: list[float] = []
        rows = text.splitlines()
        for turn in range(args.repeat):
            rows[1] = f"// edit {turn}" if args.typescript else f"# edit {turn}"
            buffer = "\n".join(rows) + "\n"
            start, start_cpu = time.perf_counter(), time.process_time()
            findings = session.check_file(big, buffer)
            published = [diagnostic(finding, buffer) for finding in findings]
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        assert findings and published, "the big file's mistakes were not found"
        print(
            f"project: {args.files} files + {big.name} ({len(rows)} lines); "
            f"{sum(len(v) for v in first.values())} findings"
        )
        print(f"open (snapshot, index, full check): {full * 1000:.0f} ms")
        print(
            f"edit of {big.name} -> its diagnostics: median {statistics.median(times) * 1000:.1f} ms, "
            f"worst {max(times) * 1000:.1f} ms wall; CPU median {statistics.median(cpu) * 1000:.1f} ms, "
            f"worst {max(cpu) * 1000:.1f} ms ({len(findings)} findings)"
        )
        if args.typescript:
            from compat.typescript.reader import read_source, reads_props_of

            data = buffer.encode()
            reader = _median(lambda: read_source(big, big.name, data, wanted=reads_props_of))
            print(
                f"  of which (CPU): tree-sitter reader {reader * 1000:.1f} ms, the rest (rules, "
                f"diagnostics) {(statistics.median(cpu) - reader) * 1000:.1f} ms"
            )
            print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
            return
        guard = _median(lambda: too_complex_for_ast(buffer))
        parse = _median(lambda: ast.parse(buffer))
        deepest = deepest_statement(buffer, AST_LIMIT)
        print(
            f"  of which (CPU): parse guard {guard * 1000:.1f} ms (deepest statement near the limit: "
            f"{deepest or 'none'}), ast.parse {parse * 1000:.1f} ms, the rest (walk, rules, prebuilt pass, "
            f"diagnostics) {(statistics.median(cpu) - guard - parse) * 1000:.1f} ms"
        )
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def _median(work: Callable[[], object], repeat: int = 9) -> float:
    """The median CPU time of ``work``."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


if __name__ == "__main__":
    main()
