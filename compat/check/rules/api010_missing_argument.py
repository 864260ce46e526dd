"""API010: a call without an argument the class requires (``scope``, ``id_`` or a required field).

Only calls whose arguments are all visible are judged: ``*args`` or ``**kwargs`` may hold the rest.
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._api import problems
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile

META = RuleMeta("API010", "api", "error", "missing-argument",
                "Call without an argument the class requires in the pinned release (TypeError).")


def _check(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    for problem in problems(ctx, source, facts):
        if problem.kind == "missing_argument":
            yield META.finding(source.rel, problem.line, problem.column, problem.message,
                               symbol=f"{problem.cls}({problem.name})")


RULE = Rule(META, on_file=_check, needs_index=True)
