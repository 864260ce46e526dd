"""API009: a positional argument the class does not take.

Every generated construct is ``__init__(self, scope, id_, *, ...)``: a third positional argument is a
TypeError, and so is any positional argument of a struct (``...Config``, block structs), whose
fields are keyword-only; so is ``id_`` given both by position and by keyword.
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._api import problems
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile

META = RuleMeta("API009", "api", "error", "positional-argument",
                "Positional argument beyond scope and id_ of a construct, or any of a struct (TypeError).")


def _check(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    for problem in problems(ctx, source, facts):
        if problem.kind == "positional_argument":
            yield META.finding(source.rel, problem.line, problem.column, problem.message,
                               symbol=f"{problem.cls}.{problem.name}", suggestion=problem.suggestion)


RULE = Rule(META, on_file=_check, needs_index=True)
