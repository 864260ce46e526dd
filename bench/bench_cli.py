"""Whole-process wall time and peak memory of the everyday commands, offline.

Run from the repository root: ``python bench/bench_cli.py [--runs 7] [--baseline PYTHON]``. Each
command runs as a new process with every proxy pointed at a closed port (so nothing can reach the
network) and the network-free flags; the figure is the median wall time and the largest peak RSS of
the runs, after one warm-up run (bytecode is compiled once, into a temporary
``PYTHONPYCACHEPREFIX``, as an installed package has it). ``--baseline`` names an interpreter that
imports the previous build (e.g. the venv of a ``git worktree`` at the previous commit), and may be
given more than once: their runs alternate with this build's in the same loop, so all see the same
machine load. Each command prints one row per build: median wall time, median CPU time (user +
system of that process: on a shared machine the figure to compare), largest peak RSS, the CPU
ratio to this build and the CPU ratio to ``python -c "import typer"`` run by the same interpreter
(the start-up floor of any typer CLI).
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


def _commands(work: Path) -> list[tuple[str, list[str]]]:
    return [
        ("compat --version", ["--version"]),
        ("python -c 'import typer' (start-up floor)", ["-c", "import typer"]),
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


def _run(python: str, argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int, float]:
    start = time.perf_counter()
    # cwd outside any checkout: ``-m`` puts the working directory first on sys.path, so running
    # from this repository would make the baseline interpreter import this build.
    command = argv if argv[0] == "-c" else ["-m", "compat", *argv]  # ``-c``: a bare interpreter figure
    process = subprocess.Popen(
        [python, *command], env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    # KiB on Linux; CPU: user + system of that process alone (on a shared machine wall time is not)
    return time.perf_counter() - start, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--baseline",
        action="append",
        default=[],
        help="interpreter of another build, run paired with this one",
    )
    args = parser.parse_args(argv)
    env = {**os.environ, "NO_COLOR": "1"}
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        env[var] = "http://127.0.0.1:9"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env["COMPAT_CACHE_DIR"] = str(work / "cache")
        # Bytecode as an installed package has it (pip compiles it at install), kept outside both
        # checkouts: without it every run compiles every module it imports.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        fixtures = ROOT / "tests/fixtures/migrations"
        for name in ("aws9", "cdktf021"):
            shutil.copytree(fixtures / name, work / name)
        (work / "pin").mkdir()
        pipfile = '[packages]\ncdktf = "*"\n\n[requires]\npython_version = "3.11"\n'
        (work / "pin" / "Pipfile").write_text(pipfile)
        builds = [sys.executable, *args.baseline]
        print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs")
        print(
            f"{'command':44} {'build':34} {'wall':>7} {'CPU':>7} {'peak RSS':>9} {'/this':>6} {'/typer':>6}"
        )
        floor: dict[str, float] = {}
        for label, command in _commands(work):
            runs: dict[str, list[tuple[float, int, float]]] = {python: [] for python in builds}
            for python in builds:  # warm-up: writes the bytecode and the caches of this command
                _run(python, command, env, work)
            for _ in range(args.runs):
                for python in builds:
                    runs[python].append(_run(python, command, env, work))
            figures = {
                p: (
                    statistics.median(s for s, _, _ in runs[p]),
                    max(r for _, r, _ in runs[p]),
                    statistics.median(c for _, _, c in runs[p]),
                )
                for p in builds
            }
            if command[:2] == ["-c", "import typer"]:
                floor = {p: figures[p][2] for p in builds}
            for python in builds:
                wall, rss, cpu = figures[python]
                to_typer = f"{cpu / floor[python]:6.2f}" if python in floor else f"{'-':>6}"
                print(
                    f"{label:44} {python[-34:]:34} {wall:6.2f}s {cpu:6.3f}s {rss / 1024:6.0f} MB "
                    f"{cpu / figures[sys.executable][2]:6.2f} {to_typer}"
                )
        print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
