"""API001: Keyword argument the constructor does not accept in the pinned release (nor in newer ones)."""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._api import problems
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile

META = RuleMeta("API001", "api", "error", "unknown-keyword",
                "Keyword argument the constructor does not accept in the pinned release (nor in newer ones).")


def _check(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    for problem in problems(ctx, source, facts):
        if problem.kind == "unknown_keyword":
            yield META.finding(source.rel, problem.line, problem.column, problem.message,
                               symbol=f"{problem.cls}.{problem.name}", suggestion=problem.suggestion,
                               edits=problem.edits)


RULE = Rule(META, on_file=_check, needs_index=True)
