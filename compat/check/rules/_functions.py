"""Built-in functions that not every CLI has, and where a project calls them.

The table is read from the CLI repositories (:class:`FunctionTable`) when the snapshot has it; else it
is cdktn's own (``functionVersionConstraints`` of its core package, read from npm by
``compat data runtimes``): a function absent from it exists in every CLI cdktn supports (Terraform
>= 1.5.7, OpenTofu >= 1.6.0); a CLI absent from a row never had the function. The calls of a file
(``Fn.<name>(...)`` of either core) are found by the shared walk, :mod:`compat.check.analysis`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from packaging.version import Version

from compat.check.features import strings
from compat.runtimes import CliConstraints
from compat.snapshot import Snapshot
from compat.versions.cli_names import CLI_LABELS, Cli


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
        yield text[start + 2 : end]
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


class FunctionTable(NamedTuple):
    """The built-in functions not every CLI has: which CLI versions have each, and where that is read.

    From the CLI repositories when the snapshot has their tables (``cli_functions``, written by
    ``compat data build --terraform-source/--opentofu-source``: every release branch's function list),
    else cdktn's own table. ``covers`` gives, per CLI, the releases the table can speak for: a version
    outside them is not judged (a function may exist before the first branch read, or be added after
    the last).
    """

    rows: Mapping[str, CliConstraints]
    source: str  # cited in each finding
    covers: Mapping[str, tuple[Version, Version | None]] = MappingProxyType(
        {}
    )  # cli -> (from, through minor)

    def missing(self, name: str, cli: Cli, version: Version) -> tuple[CliConstraints, str] | None:
        """The row and why ``cli`` at ``version`` lacks ``name`` (None: it has it, or not judged)."""
        row = self.rows.get(name)
        if row is None:
            return None
        span = self.covers.get(cli)
        if span is not None:
            first, through = span
            if version < first or (through is not None and version.release[:2] > through.release[:2]):
                return None
        reason = missing(row, cli, version)
        return (row, reason) if reason is not None else None


def _side(table: Mapping[str, Any], name: str) -> tuple[str | None, bool]:
    """(constraint, listed on the table's first branch and never removed)."""
    row = table.get("functions", {}).get(name)
    if not isinstance(row, dict):
        return None, False
    since, removed = str(row.get("since")), row.get("removed_in")
    constraint = f">={since}" + (f",<{removed}" if removed else "")
    return constraint, since == table.get("from") and not removed


def source_function_table(tables: Mapping[str, Mapping[str, Any]]) -> FunctionTable | None:
    """The table read from both CLI repositories (None unless the snapshot has both)."""
    terraform, opentofu = tables.get("terraform"), tables.get("opentofu")
    if not isinstance(terraform, Mapping) or not isinstance(opentofu, Mapping):
        return None
    rows: dict[str, CliConstraints] = {}
    for name in sorted({*terraform.get("functions", {}), *opentofu.get("functions", {})}):
        (tf, tf_always), (tofu, tofu_always) = _side(terraform, name), _side(opentofu, name)
        if not (tf_always and tofu_always):
            rows[name] = CliConstraints(tf, tofu)
    covers = {
        cli: (Version(str(table["from"])), Version(str(table["through"])))
        for cli, table in (("terraform", terraform), ("opentofu", opentofu))
    }
    source = (
        f"{terraform.get('repository')} v{terraform.get('through')} and {opentofu.get('repository')} "
        f"v{opentofu.get('through')} {terraform.get('file')}"
    )
    return FunctionTable(MappingProxyType(rows), source, MappingProxyType(covers))


def function_table(snapshot: Snapshot | None) -> FunctionTable:
    """The CLI repositories' table when the snapshot has it, else cdktn's (``compat data runtimes``)."""
    from compat.runtimes import load_runtimes

    found = source_function_table(snapshot.cli_functions) if snapshot is not None else None
    if found is not None:
        return found
    runtimes = load_runtimes()
    source = f"{runtimes.cdktn_source} lib/functions/function-availability.generated.js"
    return FunctionTable(runtimes.functions, source)
