"""SYN004: a built-in function (``Fn.<name>(...)`` in the source, ``${name(...)}`` in a synthesized
stack) that the project's CLI does not have.

cdktn validates this at synth against ``targetVersions``; cdktf never does. compat checks both
lines before install, offline, with cdktn's own table (:mod:`compat.check.rules._functions`).
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._functions import missing, synthesized_calls, where_available
from compat.check.rules._synth import json_position, stacks
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile
from compat.runtimes import load_runtimes

META = RuleMeta(
    "SYN004",
    "synth",
    "error",
    "function-not-in-cli",
    "A built-in function the project's Terraform / OpenTofu CLI does not have.",
)


def _message(name: str, reason: str, source: str) -> str:
    return f"the `{name}` function {reason} ({source} lib/functions/function-availability.generated.js)"


def _project(ctx: CheckContext) -> Iterator[Finding]:
    version = ctx.environment.terraform
    if version is None:
        return
    runtimes = load_runtimes()
    for rel, text, doc in stacks(ctx):
        for path, name in synthesized_calls(doc, runtimes.functions):
            row = runtimes.functions[name]
            reason = missing(row, ctx.environment.cli, version)
            if reason is None:
                continue
            line, column = json_position(text, path)
            dotted = ".".join(path)
            message = f"{dotted}: {_message(name, reason, runtimes.cdktn_source)}"
            yield META.finding(
                rel, line, column, message, symbol=dotted, suggestion=f"use {where_available(row)}"
            )


def _file(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    version = ctx.environment.terraform
    if version is None or not facts.function_calls:
        return
    runtimes = load_runtimes()
    for call in facts.function_calls:
        row = runtimes.functions.get(call.name)
        reason = missing(row, ctx.environment.cli, version) if row is not None else None
        if row is None or reason is None:
            continue
        message = f"Fn.{call.name}: {_message(call.name, reason, runtimes.cdktn_source)}"
        yield META.finding(
            source.rel,
            call.line,
            call.column,
            message,
            symbol=f"Fn.{call.name}",
            suggestion=f"use {where_available(row)}",
        )


RULE = Rule(META, on_file=_file, on_project=_project)
