"""Built-in functions that not every CLI has, and where a project calls them.

The table is read from the CLI repositories (:class:`FunctionTable`) when the snapshot has it; else it
is cdktn's own (``functionVersionConstraints`` of its core package, read from npm by
``compat data runtimes``): a function absent from it exists in every CLI cdktn supports (Terraform
>= 1.5.7, OpenTofu >= 1.6.0); a CLI absent from a row never had the function. The calls of a file
(``Fn.<name>(...)`` of either core) are found by the shared walk, :mod:`compat.check.analysis`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from compat.check.context import CheckContext
from compat.check.features import strings
from compat.check.shared import Shared
from compat.snapshot import Snapshot
from compat.versions.cli_functions import FunctionTable, missing, source_function_table, where_available

__all__ = ["FunctionTable", "function_table", "missing", "synthesized_calls", "where_available"]


def synthesized_calls(doc: object, names: Iterable[str]) -> Iterator[tuple[tuple[str, ...], str]]:
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
        yield text[start + 2 : end]
        start = text.find("${", end)


TABLE: Shared[FunctionTable] = Shared("the built-in functions table of the run's snapshot")


def run_function_table(ctx: CheckContext) -> FunctionTable:
    """:func:`function_table` of the run's snapshot, built once per run (not once per file)."""
    memo = ctx.shared
    table = memo.get(TABLE)
    return table if table is not None else memo.keep(TABLE, function_table(ctx.snapshot))


def function_table(snapshot: Snapshot | None) -> FunctionTable:
    """The CLI repositories' table when the snapshot has it, else cdktn's (``compat data runtimes``)."""
    from compat.runtimes import load_runtimes

    found = source_function_table(snapshot.cli_functions) if snapshot is not None else None
    if found is not None:
        return found
    runtimes = load_runtimes()
    source = f"{runtimes.cdktn_source} lib/functions/function-availability.generated.js"
    return FunctionTable(runtimes.functions, source)
