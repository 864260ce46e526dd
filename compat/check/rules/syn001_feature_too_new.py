"""SYN001: Feature newer than the project's Terraform / OpenTofu CLI (synthesized JSON or source)."""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta, Severity
from compat.check.rules._synth import Hit, source_hits, synth_hits
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.check.sources import SourceFile

META = RuleMeta(
    "SYN001",
    "synth",
    "error",
    "feature-newer-than-terraform",
    "Feature newer than the project's Terraform / OpenTofu CLI (synthesized JSON or source).",
)


def _finding(hit: Hit) -> Finding:
    severity: Severity = "warning" if hit.severity == "warning" else "error"
    return META.finding(
        hit.path,
        hit.line,
        hit.column,
        hit.message,
        symbol=hit.symbol,
        severity=severity,
        suggestion=hit.suggestion,
    )


def _project(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        return  # a TypeScript project's synthesized stacks are not read
    yield from (_finding(hit) for hit in synth_hits(ctx) if hit.kind == "too_new")


def _file(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> Iterator[Finding]:
    yield from (_finding(hit) for hit in source_hits(ctx, source.rel, facts) if hit.kind == "too_new")


RULE = Rule(META, on_file=_file, on_project=_project, languages=EVERY_LANGUAGE)
