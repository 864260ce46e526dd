"""Instructions of a small check, counted: a figure the load of a shared machine does not move.

Run from the repository root: ``python bench/bench_instructions.py [--baseline PYTHON]``. Each command
runs once under ``valgrind --tool=cachegrind --cache-sim=no`` (after one run that compiles its
bytecode into a temporary ``PYTHONPYCACHEPREFIX``, as an installed package has it), from a temporary
directory, offline, with ``PYTHONHASHSEED=0``; the figure is the count of instructions the process
ran, deterministic to about 0.2 %. CPU time on a machine shared by several engineers moves by 10-30 %
between runs (``bench/bench_cli.py`` pairs builds in one loop for that); this count moves with the
code only, so a change of 1 % shows. Each row gives the ratio to ``python -c "import typer"`` run by
the same interpreter, the start-up floor of any typer CLI.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = (
    ("python -c 'import typer' (start-up floor)", ["-c", "import typer"]),
    *(
        (f"check examples/{name}", ["-m", "compat", "check", str(ROOT / "examples" / name), "--offline"])
        for name in ("broken-stack", "clean-stack")
    ),
)


def instructions(python: str, argv: list[str], env: dict[str, str], cwd: Path) -> int:
    """The instructions one run of ``python argv`` executes (its bytecode compiled by a run before)."""
    subprocess.run([python, *argv], env=env, cwd=cwd, capture_output=True, check=False)
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", python, *argv],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {argv}: {done.stderr.strip()[-300:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", action="append", default=[], help="interpreter of another build")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    builds = [sys.executable, *args.baseline]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "NO_COLOR": "1", "PYTHONHASHSEED": "0", "COMPAT_CACHE_DIR": str(work / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
            env[var] = "http://127.0.0.1:9"
        print(f"{'command':44} {'build':34} {'instructions':>13} {'/typer':>7}")
        floor: dict[str, int] = {}
        for label, command in COMMANDS:
            for python in builds:
                count = instructions(python, command, env, work)
                floor.setdefault(python, count)  # the first command is the floor
                print(f"{label:44} {python[-34:]:34} {count / 1e6:12.1f}M {count / floor[python]:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
