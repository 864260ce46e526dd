"""The data walk of a command, module by module: does it go down the layers and enter no module twice?

    python bench/data_walk.py [--json] [-- compat arguments ...]

Runs ``compat`` in process (default: ``check`` and ``migrate --to cdktn`` on examples/broken-stack
and on examples/ts-broken-stack, offline, writing nothing) under a profiler that sees every call
of a function of compat/, in every thread, and reports for each command:

- ``modules``: the compat modules the run entered, in the order it first entered them;
- ``calls``: the distinct caller -> callee pairs of modules (a call inside one module is no step);
- ``reentries``: calls into a module that is still running further down the same stack, with
  another module's frame between (``a -> b -> a``): the walk went back up into a module it had
  left. With no import cycle (``tests/test_code_shape.py``) no module can call one above it by
  name: a re-entry is a callable the upper module handed down (a memo's computation, a lazy
  loader, a progress callback, a visitor table's commands);
- ``up``: calls into a module that imports the caller (``bench/import_graph.py``: directly or
  through others), the walk going against the layers. With no import cycle the caller cannot name
  the callee: it calls a callable handed down to it (a memo's computation, a lazy loader, a progress
  callback). A rule object's method the engine calls is a call *down* (the engine imports the rules);
  a rule calling an engine function would be a call *up*;
- ``across``: calls into a module neither imports: a method of a value whose type the caller never
  names (a protocol's implementation: the ``CodeReader``, the symbol index). Counted, not a fault;
- ``entries``: how many times the walk entered each of :data:`LOADERS` from another module (the
  project is read once: each is entered once).

A module entered from several callers one after the other (``project/model.py`` from the loader,
then from the rules) is no re-entry: it had returned. docs/ARCHITECTURE.md records the figures;
``tests/test_data_walk.py`` holds the re-entries and the calls up at zero.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import sys
import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType, ModuleType

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "compat"
EXAMPLE = str(ROOT / "examples" / "broken-stack")
_IMPORT = "<import>"
#: the modules that read the project: the walk enters each once
LOADERS = ("compat.project.load", "compat.check.project")
COMMANDS: dict[str, list[str]] = {
    "check": ["check", EXAMPLE, "--offline"],
    "migrate": ["migrate", EXAMPLE, "--offline", "--to", "cdktn"],
    "check typescript": ["check", str(ROOT / "examples" / "ts-broken-stack"), "--offline"],
    "migrate typescript": [
        "migrate",
        str(ROOT / "examples" / "ts-broken-stack"),
        "--offline",
        "--to",
        "cdktn",
    ],
}


@dataclass
class Walk:
    command: str
    package: Path = PACKAGE  # the package whose modules are walked
    exit_code: int = 0
    modules: list[str] = field(default_factory=list)
    calls: set[tuple[str, str]] = field(default_factory=set)
    reentries: set[tuple[str, str]] = field(default_factory=set)
    entries: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LOADERS, 0))

    def directed(self, way: str) -> list[tuple[str, str]]:
        """The distinct calls going ``way`` (``down``, ``up``, ``across``: :func:`import_graph.direction`)."""
        direction = _import_graph().direction
        return sorted((a, b) for a, b in self.calls if direction(a, b, self.package) == way)

    def as_json(self) -> dict[str, object]:
        return {
            "command": self.command,
            "exit_code": self.exit_code,
            "modules": len(self.modules),
            "calls": len(self.calls),
            "down": len(self.directed("down")),
            "across": [f"{a} -> {b}" for a, b in self.directed("across")],
            "up": [f"{a} -> {b}" for a, b in self.directed("up")],
            "reentries": sorted(f"{a} -> {b}" for a, b in self.reentries),
            "entries": self.entries,
        }


@functools.cache
def _import_graph() -> ModuleType:
    """``bench/import_graph.py``, loaded by path once (bench/ is no package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "bench" / "import_graph.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("import_graph", module)
    spec.loader.exec_module(module)
    return module


def _module_of(filename: str, cache: dict[str, str | None], package: Path) -> str | None:
    found = cache.get(filename, "")
    if found == "":
        found = (
            Path(filename).resolve().relative_to(package.parent).with_suffix("").as_posix().replace("/", ".")
            if filename.startswith(str(package) + "/")
            else None
        )
        if found is not None and found.endswith(".__init__"):  # the package, as it is imported
            found = found.removesuffix(".__init__")
        cache[filename] = found
    return found


def trace(argv: Sequence[str], command: str = "") -> Walk:
    """The walk of ``compat <argv>`` in this process (its output swallowed)."""
    from compat.cli import main

    return follow(lambda: main(list(argv)), command or " ".join(argv[:1]))


def follow(run: Callable[[], int], command: str, package: Path = PACKAGE) -> Walk:
    """The walk through the modules of ``package`` of ``run()`` (its output swallowed; what it returns
    is the exit code)."""
    walk = Walk(command, package)
    seen: set[str] = set()
    names: dict[str, str | None] = {}
    stacks: dict[int, list[str | None]] = {}
    importing: defaultdict[int, int] = defaultdict(int)

    def profile(frame: FrameType, event: str, arg: object) -> None:
        stack = stacks.setdefault(threading.get_ident(), [])
        if event == "call":
            code = frame.f_code
            if code.co_name == "_find_and_load" or importing[threading.get_ident()]:
                # what runs while a module is imported (its body, its class bodies) is no step of the walk
                importing[threading.get_ident()] += 1
                stack.append(_IMPORT)
                return
            module = _module_of(code.co_filename, names, package)
            if module is not None:
                running = [m for m in stack if m is not None and m != _IMPORT]
                if running and running[-1] != module:
                    walk.calls.add((running[-1], module))
                    if module in walk.entries:
                        walk.entries[module] += 1
                    if module in running:
                        walk.reentries.add((running[-1], module))
                if module not in seen:
                    seen.add(module)
                    walk.modules.append(module)
            stack.append(module)
        elif event == "return" and stack and stack.pop() == _IMPORT:
            importing[threading.get_ident()] -= 1

    hook: Callable[[FrameType, str, object], None] = profile
    out, err = io.StringIO(), io.StringIO()
    threading.setprofile(hook)
    sys.setprofile(hook)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            walk.exit_code = run()
    finally:
        sys.setprofile(None)
        threading.setprofile(None)
    return walk


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true", help="one JSON document")
    parser.add_argument("argv", nargs="*", help="compat arguments (default: check and migrate)")
    options = parser.parse_args()
    runs = {"compat " + " ".join(options.argv): options.argv} if options.argv else COMMANDS
    walks = [trace(argv, name) for name, argv in runs.items()]
    if options.json:
        print(json.dumps([w.as_json() for w in walks], indent=2))
        return
    for walk in walks:
        down, up, across = walk.directed("down"), walk.directed("up"), walk.directed("across")
        print(
            f"{walk.command}: exit {walk.exit_code}, {len(walk.modules)} modules, "
            f"{len(walk.calls)} module-to-module calls ({len(down)} down, {len(across)} across, "
            f"{len(up)} up), {len(walk.reentries)} re-entries; entered "
            + ", ".join(f"{name} {count}x" for name, count in walk.entries.items())
        )
        for caller, callee in sorted(walk.reentries):
            print(f"  re-entry: {caller} -> {callee}")
        for caller, callee in up:
            print(f"  up: {caller} -> {callee}")
        for caller, callee in across:
            print(f"  across: {caller} -> {callee}")


if __name__ == "__main__":
    main()
