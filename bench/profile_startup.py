"""Where a small check's instructions go, module by module: a deterministic start-up profile.

Run from the repository root: ``python bench/profile_startup.py [EXAMPLE] [--top N]``. The check runs
once under ``valgrind --tool=callgrind --dump-before=getppid`` (bytecode compiled by a run before,
``PYTHONHASHSEED=0``, offline, the collector tuned as ``compat/__main__.py`` tunes it). Each module's
execution is wrapped by a marker (a call of ``os.getppid``, which nothing else on a check's path makes),
so callgrind writes one count per stretch between two markers; each stretch is given to the module
executing at that time. A module's figure is its own body (unmarshalling its code, the classes and
patterns it makes), without the modules it imports, and with the search for those it imports (finding a
module is done by the importer). ``<run>`` is everything outside module bodies: typer building the
command, the check itself, and the search for the modules imported inside functions. The markers add
about 3 % to the total. ``bench/bench_instructions.py`` gives the totals to compare builds by; this
says where to look. ``--from-typer`` also lists the modules ``import typer`` itself executes (the floor
the issue's ratio divides by), which are otherwise summed in one row.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: the process under callgrind: markers around each module's execution and around the run
_PROBE = """
import gc, os, sys
gc.set_threshold(200_000, 30, 30)
mark, events = os.getppid, []
import importlib._bootstrap as bootstrap
load = bootstrap._load_unlocked
def marked(spec):
    events.append("enter " + spec.name); mark()
    try:
        return load(spec)
    finally:
        events.append("exit " + spec.name); mark()
bootstrap._load_unlocked = marked
events.append("enter <run>"); mark()
from compat.cli import main
code = main(sys.argv[1:])
sys.stdout.flush()
events.append("exit <run>"); mark()
with open(os.environ["PROFILE_EVENTS"], "w") as out:
    out.write("\\n".join(events))
os._exit(code)
"""


def _dump_total(path: Path) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    return 0


def profile(python: str, argv: list[str], work: Path) -> tuple[int, dict[str, int]]:
    """(instructions before the first marker, each module's own instructions) of ``python -c probe argv``."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0", "COMPAT_CACHE_DIR": str(work / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["PROFILE_EVENTS"] = str(work / "events.txt")
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        env[var] = "http://127.0.0.1:9"
    command = [python, "-c", _PROBE, *argv]
    subprocess.run(command, env=env, cwd=work, capture_output=True, check=False)  # compiles the bytecode
    out = work / "callgrind.out"
    subprocess.run(
        ["valgrind", "--tool=callgrind", "--dump-before=getppid", f"--callgrind-out-file={out}", *command],
        env=env,
        cwd=work,
        capture_output=True,
        check=False,
    )
    events = (work / "events.txt").read_text().split("\n")
    own: collections.Counter[str] = collections.Counter()
    stack: list[str] = []
    before = _dump_total(work / "callgrind.out.1")
    for number, event in enumerate(events):
        if number and stack:  # dump number + 1 is the stretch that ends at this event
            own[stack[-1]] += _dump_total(work / f"callgrind.out.{number + 1}")
        kind, name = event.split(" ", 1)
        if kind == "enter":
            stack.append(name)
        else:
            stack.pop()
    return before, dict(own)


def _typer_modules(python: str) -> set[str]:
    done = subprocess.run(
        [python, "-c", "import sys, typer; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("example", nargs="?", default="clean-stack", help="a folder of examples/ or a path")
    parser.add_argument("--top", type=int, default=40, help="rows to print")
    parser.add_argument("--from-typer", action="store_true", help="list the modules of 'import typer' too")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    project = ROOT / "examples" / args.example if "/" not in args.example else Path(args.example)
    with tempfile.TemporaryDirectory() as tmp:
        before, own = profile(sys.executable, ["check", str(project), "--offline"], Path(tmp))
    floor = set() if args.from_typer else _typer_modules(sys.executable)
    rows = collections.Counter({name: count for name, count in own.items() if name not in floor})
    rows["(modules of import typer)"] = sum(count for name, count in own.items() if name in floor)
    rows["(interpreter start)"] = before
    groups = collections.Counter()
    for name, count in rows.items():
        groups[name.split(".")[0] if not name.startswith("(") else name] += count
    print(f"total {sum(rows.values()) / 1e6:.1f}M (markers included); by top-level package:")
    for name, count in groups.most_common():
        print(f"  {count / 1e6:8.2f}M  {name}")
    print(f"the {args.top} largest:")
    for name, count in rows.most_common(args.top):
        print(f"  {count / 1e6:8.2f}M  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
