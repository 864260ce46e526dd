"""API001-API010: one rule per kind of API problem; :func:`compat.check.rules._api.problems` finds
them all in one walk of the file, and these rules differ only by the kind they report.

API009: every generated construct is ``__init__(self, scope, id_, *, ...)``: a third positional
argument is a TypeError, and so is any positional argument of a struct (``...Config``, block
structs), whose fields are keyword-only; so is ``id_`` given both by position and by keyword.
API010: only calls whose arguments are all visible are judged: ``*args`` or ``**kwargs`` may hold
the rest.
"""

from __future__ import annotations

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._api import Kind, problems
from compat.check.rules.base import FileCheck, Rule
from compat.check.sources import SourceFile

_TABLE: tuple[tuple[RuleMeta, Kind], ...] = (
    (
        RuleMeta(
            "API001",
            "api",
            "error",
            "unknown-keyword",
            "Keyword argument the constructor does not accept in the pinned release (nor in newer ones).",
        ),
        "unknown_keyword",
    ),
    (
        RuleMeta(
            "API002",
            "api",
            "error",
            "unknown-attribute",
            "Attribute read on a construct that its class does not have.",
        ),
        "unknown_attribute",
    ),
    (
        RuleMeta(
            "API003",
            "api",
            "error",
            "list-for-single-block",
            "A list passed where the pinned release expects one block.",
        ),
        "list_for_single",
    ),
    (
        RuleMeta(
            "API004",
            "api",
            "error",
            "single-for-block-list",
            "One block (a dict) passed where the pinned release expects a list of blocks.",
        ),
        "single_for_list",
    ),
    (
        RuleMeta(
            "API005",
            "api",
            "error",
            "snake-key-in-block-list",
            "snake_case key in a dict inside a list of blocks (sent to JavaScript as is: camelCase).",
        ),
        "snake_key_in_list",
    ),
    (
        RuleMeta(
            "API006",
            "api",
            "error",
            "camel-key-in-single-block",
            "camelCase key in a dict for a single block (it becomes Struct(**d): snake_case).",
        ),
        "camel_key_in_single",
    ),
    (
        RuleMeta(
            "API007",
            "api",
            "error",
            "parameter-newer-than-release",
            "Keyword that only newer releases of the bindings accept.",
        ),
        "newer_keyword",
    ),
    (
        RuleMeta(
            "API008", "api", "error", "unknown-struct-key", "Dict key that is no field of the block's struct."
        ),
        "unknown_key",
    ),
    (
        RuleMeta(
            "API009",
            "api",
            "error",
            "positional-argument",
            "Positional argument beyond scope and id_ of a construct, or any of a struct (TypeError).",
        ),
        "positional_argument",
    ),
    (
        RuleMeta(
            "API010",
            "api",
            "error",
            "missing-argument",
            "Call without an argument the class requires in the pinned release (TypeError).",
        ),
        "missing_argument",
    ),
)


def _reporting(meta: RuleMeta, kind: Kind) -> FileCheck:
    def check(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> list[Finding]:
        # a list, not a generator: most files have no problem, and the ten rules ask for every file
        found = problems(ctx, source, facts)
        return (
            [
                meta.finding(
                    source.rel,
                    problem.line,
                    problem.column,
                    problem.message,
                    symbol=problem.symbol,
                    suggestion=problem.suggestion,
                    edits=problem.edits,
                )
                for problem in found
                if problem.kind == kind
            ]
            if found
            else []
        )

    return check


RULES: tuple[Rule, ...] = tuple(
    Rule(meta, on_file=_reporting(meta, kind), needs_index=True) for meta, kind in _TABLE
)
