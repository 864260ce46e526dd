"""Built-in functions that not every CLI has, and where a project calls them.

The table is cdktn's own (``functionVersionConstraints`` of its core package, read from npm by
``compat data runtimes``): a function absent from it exists in every CLI cdktn supports (Terraform
>= 1.5.7, OpenTofu >= 1.6.0); a CLI absent from a row never had the function. Calls are found as
``Fn.<name>(...)`` of either core (``from cdktf import Fn``, ``import cdktn`` ... ``cdktn.Fn.x``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from packaging.version import Version

from compat.check.features import strings
from compat.lines import CORES
from compat.runtimes import CliConstraints
from compat.statements import statements
from compat.versions.cli_names import CLI_LABELS, Cli


class FunctionCall(NamedTuple):
    name: str  # the function, e.g. "templatestring"
    line: int
    column: int  # 1-based, of the function name


def _aliases(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Local names of ``Fn`` and of the core modules themselves."""
    fn_names: set[str] = set()
    modules: set[str] = set()
    for node in statements(tree):
        if isinstance(node, ast.ImportFrom) and node.module in CORES:
            fn_names |= {alias.asname or alias.name for alias in node.names if alias.name == "Fn"}
        elif isinstance(node, ast.Import):
            modules |= {alias.asname or alias.name for alias in node.names if alias.name in CORES}
    return fn_names, modules


def _is_fn(node: ast.expr, fn_names: set[str], modules: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in fn_names
    return (isinstance(node, ast.Attribute) and node.attr == "Fn" and isinstance(node.value, ast.Name)
            and node.value.id in modules)


def function_calls(tree: ast.Module, lines: list[str]) -> Iterator[FunctionCall]:
    fn_names, modules = _aliases(tree)
    if not fn_names and not modules:
        return
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and _is_fn(node.func.value, fn_names, modules)):
            end = node.func.end_col_offset or 0
            text = lines[node.func.lineno - 1] if node.func.lineno <= len(lines) else ""
            column = len(text.encode("utf-8")[:end].decode("utf-8", "replace")) - len(node.func.attr) + 1
            yield FunctionCall(node.func.attr, node.func.lineno, max(column, 1))


def synthesized_calls(doc: Any, names: Iterable[str]) -> Iterator[tuple[tuple[str, ...], str]]:
    """(JSON path, function) for each call of ``names`` inside a ``${...}`` expression of ``doc``.

    A name right after ``::`` or ``.`` is a provider function or an attribute, not a built-in.
    """
    wanted = sorted(names)
    if not wanted:
        return
    call = re.compile(r"(?<![\w.:])(" + "|".join(re.escape(n) for n in wanted) + r")\s*\(")
    for path, text in strings(doc, ()):
        for expression in _interpolations(text):
            for match in call.finditer(expression):
                yield path, match.group(1)


def _interpolations(text: str) -> Iterator[str]:
    """The ``${...}`` expressions of a string (braces inside them counted)."""
    start = text.find("${")
    while start >= 0:
        depth, end = 0, len(text)
        for index in range(start + 1, len(text)):
            depth += {"{": 1, "}": -1}.get(text[index], 0)
            if depth == 0:
                end = index
                break
        yield text[start + 2:end]
        start = text.find("${", end)


def missing(row: CliConstraints, cli: Cli, version: Version) -> str | None:
    """Why ``cli`` at ``version`` lacks the function (None when it has it or the row cannot be read)."""
    constraint = row.opentofu if cli == "opentofu" else row.terraform
    name = CLI_LABELS[cli]
    if constraint is None:
        return f"no {name} release has it"
    if row.admits(cli, version) is not False:
        return None
    return f"needs {name} {constraint}, the CLI is {name} {version}"


def where_available(row: CliConstraints) -> str:
    pairs: tuple[tuple[Cli, str | None], ...] = (("terraform", row.terraform), ("opentofu", row.opentofu))
    sides = [f"{CLI_LABELS[cli]} {constraint}" for cli, constraint in pairs if constraint]
    return " or ".join(sides)
