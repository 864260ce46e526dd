"""The import graph of compat/: which module imports which, counting every import (also inside a
function and under ``if TYPE_CHECKING``), and what follows from it.

    python bench/import_graph.py            # cycles, and the modules by layer

It decides the direction of a call: a module that imports another, directly or through others,
sits above it, so a call from it into that module goes *down*; a call into a module that imports
the caller goes *up* (possible only through a callable handed down, since with no cycle the callee
cannot be named). ``tests/test_code_shape.py`` holds the cycles at zero; ``bench/data_walk.py``
classifies every call of a run by it. Stdlib only.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "compat"


def modules(root: Path = ROOT) -> dict[str, Path]:
    """Every module of the package at ``root``, dotted name -> file."""
    found = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(module: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """Every module of ``known`` that ``module`` imports, also inside functions and ``if TYPE_CHECKING``."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module:
                yield target


@cache
def graph(root: Path = ROOT) -> dict[str, frozenset[str]]:
    """Module -> the modules it imports, as written (:func:`imports_of`)."""
    known = modules(root)
    return {m: frozenset(imports_of(m, p, known)) for m, p in known.items()}


@cache
def below(module: str, root: Path = ROOT) -> frozenset[str]:
    """Every module ``module`` imports, directly or through others."""
    edges = graph(root)
    seen: set[str] = set()
    todo = [module]
    while todo:
        for other in edges.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    seen.discard(module)
    return frozenset(seen)


def direction(caller: str, callee: str, root: Path = ROOT) -> str:
    """``down`` when ``caller`` imports ``callee`` (directly or through others), ``up`` when ``callee``
    imports ``caller``, ``across`` when neither (a method of a value whose module the caller never
    names: a protocol's implementation)."""
    if callee in below(caller, root):
        return "down"
    if caller in below(callee, root):
        return "up"
    return "across"


def import_cycles(root: Path = ROOT) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    edges = graph(root)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in edges[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(frozenset(component))

    for node in edges:
        if node not in index:
            visit(node)
    return cycles


def main() -> None:
    cycles = import_cycles()
    print(f"{len(graph())} modules, {len(cycles)} import cycles")
    for cycle in cycles:
        print("  cycle: " + " <-> ".join(sorted(cycle)))


if __name__ == "__main__":
    main()
