"""API007: Keyword that only newer releases of the bindings accept."""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._api import problems
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile

META = RuleMeta("API007", "api", "error", "parameter-newer-than-release",
                "Keyword that only newer releases of the bindings accept.")


def _check(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    for problem in problems(ctx, source, facts):
        if problem.kind == "newer_keyword":
            yield META.finding(source.rel, problem.line, problem.column, problem.message,
                               symbol=f"{problem.cls}.{problem.name}", suggestion=problem.suggestion,
                               edits=problem.edits)


RULE = Rule(META, on_file=_check, needs_index=True)
