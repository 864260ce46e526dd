"""SRC001: a Python file that does not parse (the other files are still checked)."""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules._synth import synth_errors
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile

META = RuleMeta(
    "SRC001",
    "source",
    "error",
    "syntax-error",
    "A Python file (or a synthesized cdk.tf.json) of the project does not parse.",
)


def _unparsed(ctx: CheckContext, source: SourceFile) -> Iterator[Finding]:
    """A file without a tree: a syntax error, unless it only uses a newer grammar (a note says so)."""
    error = source.error
    if error is not None:
        yield META.finding(
            source.rel,
            error.lineno or 0,
            error.offset or 0,
            f"does not parse: {error.msg if error.msg else error}",
        )


def _project(ctx: CheckContext) -> Iterator[Finding]:
    """Unreadable ``cdktf.out/stacks/*/cdk.tf.json`` (the Python files are reported by ``_unparsed``)."""
    for path, line, column, message in synth_errors(ctx):
        yield META.finding(path, line, column, message)


RULE = Rule(META, on_project=_project, on_unparsed=_unparsed)
