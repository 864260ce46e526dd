"""API005: snake_case key in a dict inside a list of blocks (sent to JavaScript as is: camelCase)."""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._api import problems
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile

META = RuleMeta("API005", "api", "error", "snake-key-in-block-list",
                "snake_case key in a dict inside a list of blocks (sent to JavaScript as is: camelCase).")


def _check(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    for problem in problems(ctx, source, facts):
        if problem.kind == "snake_key_in_list":
            yield META.finding(source.rel, problem.line, problem.column, problem.message,
                               symbol=f"{problem.cls}.{problem.name}", suggestion=problem.suggestion,
                               edits=problem.edits)


RULE = Rule(META, on_file=_check, needs_index=True)
