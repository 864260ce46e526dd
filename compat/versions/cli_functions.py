"""The built-in functions each CLI release has, as the snapshot's tables state them (typed here, at the
edge: the check rules never parse a version).

From the CLI repositories when the snapshot has their tables (``cli_functions``, written by
``compat data build --terraform-source/--opentofu-source``: every release branch's function list), else
cdktn's own table (``compat data runtimes``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

from packaging.version import InvalidVersion, Version

from compat.record import Record
from compat.runtimes import CliConstraints
from compat.versions.cli_names import CLI_LABELS, Cli


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


class FunctionTable(Record):
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
        if reason is not None and span is not None and span[1] is not None and reason.startswith("no "):
            last = ".".join(str(part) for part in span[1].release[:2])
            reason = reason.replace(" release has it", f" release through {last} has it")
        return (row, reason) if reason is not None else None


def _side(table: Mapping[str, object], name: str) -> tuple[str | None, bool]:
    """(constraint, listed on the table's first branch and never removed)."""
    functions = table.get("functions")
    row = functions.get(name) if isinstance(functions, dict) else None
    if not isinstance(row, dict):
        return None, False
    since, removed = str(row.get("since")), row.get("removed_in")
    constraint = f">={since}" + (f",<{removed}" if removed else "")
    return constraint, since == table.get("from") and not removed


def _names(table: Mapping[str, object]) -> set[str]:
    functions = table.get("functions")
    return set(functions) if isinstance(functions, dict) else set()


def _lists(table: Mapping[str, object], name: str) -> bool:
    functions = table.get("functions")
    return isinstance(functions, dict) and name in functions


class _SourceRows(Mapping[str, CliConstraints]):
    """The rows of the two CLI repositories' tables, by function name, in name order: a function one of
    them lists, unless both list it on their first branch and never removed it. Each row is made when
    asked for (a check asks a few of ~130; the whole list only to scan synthesized stacks)."""

    __slots__ = ("_listed", "_opentofu", "_terraform")

    def __init__(self, terraform: Mapping[str, object], opentofu: Mapping[str, object]) -> None:
        self._terraform, self._opentofu = terraform, opentofu
        self._listed: list[str] | None = None

    def __getitem__(self, name: str) -> CliConstraints:
        if not (_lists(self._terraform, name) or _lists(self._opentofu, name)):
            raise KeyError(name)
        (tf, tf_always), (tofu, tofu_always) = _side(self._terraform, name), _side(self._opentofu, name)
        if tf_always and tofu_always:
            raise KeyError(name)
        return CliConstraints(tf, tofu)

    def _names(self) -> list[str]:
        if self._listed is None:
            every = sorted(_names(self._terraform) | _names(self._opentofu))
            self._listed = [name for name in every if name in self]
        return self._listed

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


def source_function_table(tables: Mapping[str, Mapping[str, object]]) -> FunctionTable | None:
    """The table read from both CLI repositories (None unless the snapshot has both)."""
    terraform, opentofu = tables.get("terraform"), tables.get("opentofu")
    if terraform is None or opentofu is None:
        return None
    rows = _SourceRows(terraform, opentofu)
    try:
        covers = {
            cli: (Version(str(table.get("from"))), Version(str(table.get("through"))))
            for cli, table in (("terraform", terraform), ("opentofu", opentofu))
        }
    except InvalidVersion:
        return None  # a damaged table judges nothing
    source = (
        f"{terraform.get('repository')} v{terraform.get('through')} and {opentofu.get('repository')} "
        f"v{opentofu.get('through')} {terraform.get('file')}"
    )
    return FunctionTable(rows, source, MappingProxyType(covers))
