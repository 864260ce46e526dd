"""What several reporters share: the totals of several projects, paths as a format shows them, and
the "also at" list of a finding's other places."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from compat.check.model import CheckResult, Finding, Summary


def total(results: Sequence[CheckResult]) -> Summary:
    """The summaries of several projects added up."""
    summaries = [result.summary() for result in results]
    categories: dict[str, int] = {}
    for summary in summaries:
        for category, count in summary.by_category.items():
            categories[category] = categories.get(category, 0) + count
    return Summary(
        errors=sum(s.errors for s in summaries),
        warnings=sum(s.warnings for s in summaries),
        infos=sum(s.infos for s in summaries),
        fixable=sum(s.fixable for s in summaries),
        files=sum(s.files for s in summaries),
        by_category=dict(sorted(categories.items())),
    )


def project_label(result: CheckResult, base: Path | None) -> str:
    """The project's folder relative to ``base`` when it lies inside it, else as the result names it."""
    if base is None:
        return str(result.project)
    try:
        return result.project.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(result.project)


def display_path(result: CheckResult, path: str, base: Path | None) -> str:
    """``path`` (relative to the project root) relative to ``base`` when the project lies inside it."""
    if base is None or not path:
        return path
    try:
        prefix = result.project.resolve().relative_to(base.resolve())
    except ValueError:
        return path
    return Path(os.path.normpath(prefix / path)).as_posix() if str(prefix) != "." else path


def also_at(finding: Finding, shown: int = 5, where: Callable[[str], str] = str) -> str:
    """``also at a.py:3, b.py:7 (+4 more)`` for a finding's related locations; ``""`` when it has none.

    ``where`` maps a root-relative path to the one the format shows.
    """
    if not finding.related:
        return ""
    places = [
        f"{where(loc.path)}:{loc.line}" if loc.line else where(loc.path) for loc in finding.related[:shown]
    ]
    rest = len(finding.related) - shown
    return "also at " + ", ".join(places) + (f" (+{rest} more)" if rest > 0 else "")
