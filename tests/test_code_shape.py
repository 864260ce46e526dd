"""The shape of the code, measured: import cycles, ``Any`` in signatures, version parsing in rules.

Each figure may only go down: a change that adds an import cycle, an ``Any`` to a signature or a
version parse inside a check rule fails here, with what it added.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1] / "compat"

#: import cycles, lazy and ``TYPE_CHECKING`` imports counted: none
KNOWN_CYCLES: set[frozenset[str]] = set()
#: ``Any`` inside the annotations of every function signature of compat/ (dict[str, Any] counts too)
ANY_IN_SIGNATURES = 133


def _import_graph() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_graph", ROOT.parent / "bench" / "import_graph.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_graph"] = module
    spec.loader.exec_module(module)
    return module


def import_cycles(root: Path = ROOT) -> list[frozenset[str]]:
    """The strongly connected components of more than one module: ``bench/import_graph.py``."""
    cycles: list[frozenset[str]] = _import_graph().import_cycles(root)
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


def test_an_import_inside_a_function_or_under_type_checking_closes_a_cycle(tmp_path: Path) -> None:
    """The cycle count sees the imports a run does late: a lazy import and a ``TYPE_CHECKING`` one."""
    package = tmp_path / "probe"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("from probe import b\n")
    (package / "b.py").write_text("def f():\n    from . import a\n")
    (package / "sub" / "c.py").write_text("from probe.sub import d\n")
    (package / "sub" / "d.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..sub.c import x\n"
    )
    (package / "e.py").write_text("import probe.a\n")
    assert set(import_cycles(package)) == {
        frozenset({"probe.a", "probe.b"}),
        frozenset({"probe.sub.c", "probe.sub.d"}),
    }


def test_the_count_of_any_in_signatures_does_not_grow() -> None:
    counts = any_in_signatures()
    assert sum(counts.values()) <= ANY_IN_SIGNATURES, sorted(counts.items(), key=lambda kv: -kv[1])[:10]


def test_no_migrations_signature_names_any() -> None:
    assert {path: count for path, count in any_in_signatures().items() if "/migrations/" in path} == {}


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


#: the most lines the body of a command function may have (its statements after the signature, which
#: declares the options, and the docstring): a command parses, calls the core and renders
COMMAND_BODY_LINES = 50


def command_bodies(root: Path = ROOT / "cli") -> dict[str, int]:
    """``file:line name`` -> the lines of the body of every function a typer ``*.command(...)`` decorates."""
    found: dict[str, int] = {}
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef) or not any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr == "command"
                for d in node.decorator_list
            ):
                continue
            body = node.body
            if len(body) > 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]
            end = node.end_lineno or node.lineno
            found[f"{path.name}:{node.lineno} {node.name}"] = end - body[0].lineno + 1
    return found


def test_every_command_function_is_short() -> None:
    bodies = command_bodies()
    assert len(bodies) >= 20  # every command of compat/cli was found
    assert {name: lines for name, lines in bodies.items() if lines >= COMMAND_BODY_LINES} == {}


def test_a_long_command_function_is_measured(tmp_path: Path) -> None:
    lines = "\n".join(f"    x{n} = {n}" for n in range(60))
    (tmp_path / "long.py").write_text(
        f'@app.command(name="long")\ndef _command(path: str = ".") -> None:\n    """Doc."""\n{lines}\n'
    )
    assert command_bodies(tmp_path) == {"long.py:2 _command": 60}


def test_the_check_engine_and_its_command_name_no_language() -> None:
    """One engine for every language: ``compat check`` calls ``run_check`` whatever the project's language,
    and the engine reads a project through its language's loader (``compat.check.language``), so neither
    spells a language (a string constant naming one) nor imports a language's own package."""
    from compat.languages import SUPPORTED

    for module in ("check/engine.py", "cli/check.py"):
        tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
        named = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in SUPPORTED
        ]
        imported = [
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            and node.module
            and node.module.startswith("compat.typescript")
        ]
        assert (module, named, imported) == (module, [], [])
