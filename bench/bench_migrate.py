"""Migrate at scale, paired: this build against other builds and the LibCST floor, in CPU time.

    python bench/bench_migrate.py --files 100 1000 [--runs 3] [--baseline PYTHON ...]
        [--to 21.22.1 --to cdktn] [--keep DIR]

For each size, generates a project pinning cdktf-cdktf-provider-aws 19.65.1 (``bench_check.py``'s
Pipfile and stack template) whose files also use classes picked from the symbol index of 19.65.1
(real names, some moved, renamed or removed in later releases): one imported by name, one through
an imported module (``from cdktf_cdktf_provider_aws import vpc`` then ``vpc.Vpc(...)``). Then,
``--runs`` times and interleaved so every build sees the same load, one fresh process per build and
target runs ``plan_migration`` offline (the work of ``compat migrate PATH --to TO`` up to the
output) and reports its own CPU time (``time.process_time``); the floor is one process running
``libcst.parse_module(text).code`` over every Python file of the project. Printed: the median CPU
time per build and target, the ratio to the floor and to each baseline, and whether each build's
output (the diff and the summary, as ``compat migrate`` renders them) is byte-identical to the first
build's. Needs the real ``data/`` (snapshot and symbol index).
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
from bench_check import CDKTF_JSON, PIPFILE, STACK  # noqa: E402

PACKAGE = "cdktf-cdktf-provider-aws"
SOURCE = "19.65.1"

EXTRA = '''

class Extra{n}Stack(TerraformStack):
    """Two classes of the index: one imported by name, one through its module."""

    def __init__(self, scope: Construct, id_: str) -> None:
        super().__init__(scope, id_)
        {by_name}(self, "named-{n}")
        {module}.{by_module}(self, "through-module-{n}")
'''

_MIGRATE = """
import gc, hashlib, sys, time
from pathlib import Path
gc.set_threshold(200_000, 30, 30)  # compat.__main__.GC_THRESHOLDS, the same for every build
from compat.migrations.catalogue import load_catalogue
from compat.migrations.planner import plan_migration
from compat.migrations.render import render_diff, render_text_summary
try:
    from compat.migrations.target import parse_family_or_version as parse_target
except ImportError:  # builds before the product was called a family
    from compat.migrations.target import parse_line_or_version as parse_target
catalogue = load_catalogue(offline=True, cache=False)
target = parse_target(sys.argv[2])
cpu = time.process_time()
plan = plan_migration(Path(sys.argv[1]), target, catalogue)
spent = time.process_time() - cpu
out = render_diff(plan) + render_text_summary(plan, written=False)
print(spent, len(plan.changes), hashlib.sha256(out.encode()).hexdigest()[:16])
"""

_FLOOR = """
import gc, os, sys, time
from pathlib import Path
gc.set_threshold(200_000, 30, 30)
import libcst
cpu = time.process_time()
count = 0
for current, _, names in os.walk(sys.argv[1]):
    for name in names:
        if name.endswith(".py"):
            libcst.parse_module(Path(current, name).read_text()).code
            count += 1
print(time.process_time() - cpu, count, "-")
"""


def constructs(count: int) -> list[tuple[str, str]]:
    """``count`` (module, class) constructs of the source release, spread over its modules."""
    from compat.index.api import open_release_index

    index = open_release_index(PACKAGE, SOURCE)
    modules = [m for m in index.modules() if m and "." not in m]
    step = max(1, len(modules) // count)
    found: list[tuple[str, str]] = []
    for module in modules[::step]:
        for name in index.classes(module):
            info = index.class_info(module, name)
            if info is not None and info.kind == "construct":
                found.append((module, name))
                break
    return found


def generate(root: Path, files: int) -> None:
    """A project of ``files`` Python files: the stack template plus two classes of the index each."""
    (root / "stacks").mkdir(parents=True)
    (root / "Pipfile").write_text(PIPFILE)
    (root / "cdktf.json").write_text(CDKTF_JSON)
    (root / ".terraform-version").write_text("1.5.7\n")
    (root / "stacks" / "__init__.py").write_text("")
    picked = constructs(200)
    for n in range(files - 1):
        mistake = n % 10 == 0
        stack = STACK.format(
            n=n,
            n_mod=n % 250,
            versioning="S3BucketVersioning" if mistake else "S3BucketVersioningA",
            azs_attr="names_fqn" if mistake else "names",
            hash_key="hash_key" if mistake else "hashKey",
        )
        (named_module, named), (module, by_module) = (
            picked[n % len(picked)],
            picked[(n * 7 + 3) % len(picked)],
        )
        imports = (
            f"from cdktf_cdktf_provider_aws.{named_module} import {named}\n"
            f"from cdktf_cdktf_provider_aws import {module}\n"
        )
        head, _, body = stack.partition("\n\n\nclass ")
        text = f"{head}\n{imports}\n\nclass {body}" + EXTRA.format(
            n=n, by_name=named, module=module, by_module=by_module
        )
        (root / "stacks" / f"service_{n:04d}.py").write_text(text)


def _run(python: str, code: str, root: Path, *args: str) -> tuple[float, int, str]:
    """(CPU seconds, changed files, digest of the output) of one fresh process.

    Run beside the project, not here: ``python -c`` imports ``compat`` from its working directory."""
    env = dict(os.environ)
    if python != sys.executable:
        env.pop("PYTHONPATH", None)  # a baseline imports its own compat, whatever this one runs
    out = subprocess.run(
        [python, "-c", code, str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=root.parent,
        env=env,
    )
    if out.returncode != 0:
        raise SystemExit(f"{python} failed:\n{out.stderr}")
    cpu, changed, digest = out.stdout.split()
    return float(cpu), int(changed), digest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--to", action="append", default=[], help="targets (default: 21.22.1 and cdktn)")
    parser.add_argument("--baseline", action="append", default=[], help="interpreter of another build")
    parser.add_argument("--keep", type=Path, default=None, help="generate the projects here and keep them")
    args = parser.parse_args(argv)
    targets = args.to or ["21.22.1", "cdktn"]
    builds = [sys.executable, *args.baseline]
    work = args.keep or Path(tempfile.mkdtemp(prefix="compat-migrate-"))
    try:
        print(
            f"{'files':>6} {'target':8} {'build':44} {'CPU med':>8} {'/floor':>7} {'/base':>6} changed output"
        )
        for files in args.files:
            root = work / f"p{files}"
            if not (root / "Pipfile").is_file():
                generate(root, files)
            for to in targets:
                _run(sys.executable, _MIGRATE, root, to)  # warm-up: bytecode, OS cache, index pages
            runs: dict[tuple[str, str], list[tuple[float, int, str]]] = {}
            for _ in range(args.runs):
                for to in targets:
                    for python in builds:
                        runs.setdefault((to, python), []).append(_run(python, _MIGRATE, root, to))
                runs.setdefault(("", "floor"), []).append(_run(sys.executable, _FLOOR, root))
            floor = statistics.median(c for c, _, _ in runs[("", "floor")])
            for to in targets:
                first = runs[(to, builds[0])]
                base = statistics.median(c for c, _, _ in runs[(to, builds[-1])])
                for python in builds:
                    mine = runs[(to, python)]
                    cpu = statistics.median(c for c, _, _ in mine)
                    same = "identical" if {d for _, _, d in mine} == {first[0][2]} else "DIFFERS"
                    print(
                        f"{files:>6} {to:8} {python[-44:]:44} {cpu:8.2f} {cpu / floor:7.2f} "
                        f"{cpu / base:6.2f} {mine[0][1]:>7} {same}"
                    )
            print(f"{files:>6} {'':8} {'floor: libcst.parse_module + .code':44} {floor:8.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("COMPAT_OFFLINE", "1")
    raise SystemExit(main())
