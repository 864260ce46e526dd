"""Built-in functions that not every CLI has, and where a project calls them.

The table is cdktn's own (``functionVersionConstraints`` of its core package, read from npm by
``compat data runtimes``): a function absent from it exists in every CLI cdktn supports (Terraform
>= 1.5.7, OpenTofu >= 1.6.0); a CLI absent from a row never had the function. The calls of a file
(``Fn.<name>(...)`` of either core) are found by the shared walk, :mod:`compat.check.analysis`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from packaging.version import Version

from compat.check.features import strings
from compat.runtimes import CliConstraints
from compat.versions.cli_names import CLI_LABELS, Cli


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
