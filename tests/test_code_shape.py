"""The shape of the code, measured: import cycles, ``Any`` in signatures, version parsing in rules.

Each figure may only go down: a change that adds an import cycle, an ``Any`` to a signature or a
version parse inside a check rule fails here, with what it added.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "compat"

#: import cycles, lazy and ``TYPE_CHECKING`` imports counted: none
KNOWN_CYCLES: set[frozenset[str]] = set()
#: ``Any`` inside the annotations of every function signature of compat/ (dict[str, Any] counts too)
ANY_IN_SIGNATURES = 151


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(module: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """Every compat module ``module`` imports, also inside functions and ``if TYPE_CHECKING``."""
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


def import_cycles() -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    known = _modules()
    graph = {m: set(_imports(m, p, known)) for m, p in known.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
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

    for node in graph:
        if node not in index:
            visit(node)
    return cycles


def _is_any(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "Any") or (
        isinstance(node, ast.Attribute) and node.attr == "Any"
    )


def any_in_signatures() -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in ROOT.rglob("*.py"):
        count = 0
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                arguments = node.args
                params = [
                    *arguments.posonlyargs,
                    *arguments.args,
                    *arguments.kwonlyargs,
                    *(a for a in (arguments.vararg, arguments.kwarg) if a is not None),
                ]
                annotations = [p.annotation for p in params if p.annotation is not None]
                annotations += [node.returns] if node.returns is not None else []
                count += sum(1 for annotation in annotations for sub in ast.walk(annotation) if _is_any(sub))
        if count:
            counts[path.relative_to(ROOT.parent).as_posix()] = count
    return counts


def test_no_new_import_cycle() -> None:
    cycles = set(import_cycles())
    assert cycles <= KNOWN_CYCLES, [sorted(c) for c in cycles - KNOWN_CYCLES]


def test_the_count_of_any_in_signatures_does_not_grow() -> None:
    counts = any_in_signatures()
    assert sum(counts.values()) <= ANY_IN_SIGNATURES, sorted(counts.items(), key=lambda kv: -kv[1])[:10]


def test_migrations_name_their_project_snapshot_entry_and_release_types() -> None:
    untyped = []
    for path in (ROOT / "migrations").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.arg)
                and node.arg in ("project", "snapshot", "entry", "release")
                and node.annotation is not None
                and any(_is_any(n) for n in ast.walk(node.annotation))
            ):
                untyped.append(f"{path.name}: {node.arg}")
    assert untyped == []


def test_no_check_rule_parses_a_version_string() -> None:
    calls = []
    for path in (ROOT / "check" / "rules").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("Version", "SpecifierSet")
            ):
                calls.append(f"{path.name}:{node.lineno}")
    assert calls == []


def test_no_type_ignore_anywhere_in_compat() -> None:
    """Every ``# type: ignore`` comment is gone from compat/ (a string that matches one in generated
    code, as the index reader's pattern does, is no comment)."""
    import io
    import tokenize

    found = [
        f"{p.relative_to(ROOT.parent)}:{token.start[0]}"
        for p in sorted(ROOT.rglob("*.py"))
        for token in tokenize.generate_tokens(io.StringIO(p.read_text(encoding="utf-8")).readline)
        if token.type == tokenize.COMMENT and "type: ignore" in token.string
    ]
    assert found == []


def test_the_code_is_formatted_one_way() -> None:
    """``ruff format`` (configured in pyproject.toml) leaves every file as it is: one style."""
    import subprocess
    import sys

    checked = [str(ROOT), str(ROOT.parent / "tests"), str(ROOT.parent / "bench")]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", *checked],
        capture_output=True,
        text=True,
        cwd=ROOT.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_product_family_is_never_called_a_line() -> None:
    """``line`` is a line number; the cdktf/cdktn product is a ``Family`` (compat/families.py). No
    field, parameter or variable annotated ``Family`` is called ``line``, and the old names are gone."""
    old_names = {"Line", "LINES", "LineName", "line_of_package", "line_of_release", "detect_line"}
    found: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Name) and node.id in old_names:
                found.append(f"{where} {node.id}")
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef)) and node.name in old_names:
                found.append(f"{where} {node.name}")
            elif isinstance(node, (ast.arg, ast.AnnAssign)):
                name = node.arg if isinstance(node, ast.arg) else getattr(node.target, "id", "")
                annotation = node.annotation
                if name == "line" and annotation is not None and "Family" in ast.unparse(annotation):
                    found.append(f"{where} line: {ast.unparse(annotation)}")
    assert found == []
    assert not (ROOT / "lines.py").exists() and not (ROOT / "project" / "line.py").exists()
