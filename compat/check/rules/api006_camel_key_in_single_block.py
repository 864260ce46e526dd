"""API006: camelCase key in a dict for a single block (it becomes Struct(**d): snake_case)."""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._api import problems
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile

META = RuleMeta("API006", "api", "error", "camel-key-in-single-block",
                "camelCase key in a dict for a single block (it becomes Struct(**d): snake_case).")


def _check(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    for problem in problems(ctx, source, facts):
        if problem.kind == "camel_key_in_single":
            yield META.finding(source.rel, problem.line, problem.column, problem.message,
                               symbol=f"{problem.cls}.{problem.name}", suggestion=problem.suggestion,
                               edits=problem.edits)


RULE = Rule(META, on_file=_check, needs_index=True)
