"""SYN004: a built-in function (``Fn.<name>(...)`` in the source, ``${name(...)}`` in a synthesized
stack) that the project's CLI does not have.

cdktn validates this at synth against ``targetVersions``; cdktf never does. compat checks both
lines before install, offline, with the function lists of the CLI repositories' release branches
(cdktn's own table where the snapshot lacks them; :mod:`compat.check.rules._functions`).
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._functions import run_function_table, synthesized_calls, where_available
from compat.check.rules._synth import json_position, stacks
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.check.sources import SourceFile

META = RuleMeta(
    "SYN004",
    "synth",
    "error",
    "function-not-in-cli",
    "A built-in function the project's Terraform / OpenTofu CLI does not have.",
)


def _project(ctx: CheckContext) -> Iterator[Finding]:
    version = ctx.environment.terraform
    if version is None:
        return
    for rel, text, doc in stacks(ctx):  # the table is built only for a project with synthesized stacks
        table = run_function_table(ctx)
        for path, name in synthesized_calls(doc, table.rows):
            found = table.missing(name, ctx.environment.cli, version)
            if found is None:
                continue
            row, reason = found
            line, column = json_position(text, path)
            dotted = ".".join(path)
            message = f"{dotted}: the `{name}` function {reason} ({table.source})"
            yield META.finding(
                rel, line, column, message, symbol=dotted, suggestion=f"use {where_available(row)}"
            )


def _file(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    version = ctx.environment.terraform
    if version is None or not facts.function_calls:
        return
    table = run_function_table(ctx)
    for call in facts.function_calls:
        # Terraform's names are lower case; TypeScript's ``Fn`` may spell one in camelCase
        found = table.missing(call.name, ctx.environment.cli, version) or table.missing(
            call.name.lower(), ctx.environment.cli, version
        )
        if found is None:
            continue
        row, reason = found
        yield META.finding(
            source.rel,
            call.line,
            call.column,
            f"Fn.{call.name}: the `{call.name.lower()}` function {reason} ({table.source})",
            symbol=f"Fn.{call.name}",
            suggestion=f"use {where_available(row)}",
        )


RULE = Rule(META, on_file=_file, on_project=_project, languages=EVERY_LANGUAGE)
