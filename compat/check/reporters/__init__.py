"""Reporters: one module per output format, each ``render(result, ...) -> str``."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from compat.check.model import CheckResult, Finding

FORMATS = ("text", "json", "sarif", "github", "markdown", "concise")


def render(result: CheckResult, fmt: str, *, colour: bool = False, base: Path | None = None) -> str:
    """``result`` in format ``fmt``; ``base`` makes sarif/github paths relative to it (the CI checkout)."""
    return render_many([result], fmt, colour=colour, base=base)


def render_many(results: Sequence[CheckResult], fmt: str, *, colour: bool = False,
                base: Path | None = None) -> str:
    """One project: its own document. Several: each project with its environment, then a total.

    JSON is ``{"projects": [<one project's document>, ...], "summary": {...totals, "projects": N}}``;
    SARIF is one run holding every project's results (paths relative to ``base``). Only the
    format's own module is imported.
    """
    one = results[0] if len(results) == 1 else None
    if fmt == "text":
        from compat.check.reporters import text

        if one is not None:
            return text.render(one, colour=colour)
        return text.render_many(results, colour=colour)
    if fmt == "json":
        from compat.check.reporters import json_report

        return json_report.render(one) if one is not None else json_report.render_many(results)
    if fmt == "sarif":
        from compat.check.reporters import sarif

        return sarif.render(one, base) if one is not None else sarif.render_many(results, base)
    if fmt == "github":
        from compat.check.reporters import github

        return "\n".join(filter(None, (github.render(r, base, project=None if one else _label(r, base))
                                        for r in results)))
    if fmt == "markdown":
        from compat.check.reporters import markdown

        if one is not None:
            return markdown.render(one)
        return "\n".join(markdown.render(r, title=_label(r, base)) for r in results)
    if fmt == "concise":
        from compat.check.reporters import concise

        return concise.render(results, base)
    raise KeyError(fmt)


def total(results: Sequence[CheckResult]) -> dict[str, Any]:
    """The summaries of several projects added up, with the number of projects."""
    summed: dict[str, Any] = {"projects": len(results), "errors": 0, "warnings": 0, "infos": 0, "fixable": 0,
                            "files": 0}
    categories: dict[str, int] = {}
    for result in results:
        summary = result.summary()
        for key in ("errors", "warnings", "infos", "fixable", "files"):
            summed[key] += summary[key]
        for category, count in summary["by_category"].items():
            categories[category] = categories.get(category, 0) + count
    summed["by_category"] = dict(sorted(categories.items()))
    return summed


def _label(result: CheckResult, base: Path | None) -> str:
    """The project's folder relative to ``base`` when it lies inside it, else as the result names it."""
    if base is None:
        return result.project
    try:
        return Path(result.project).resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return result.project


def display_path(result: CheckResult, path: str, base: Path | None) -> str:
    """``path`` (relative to the project root) relative to ``base`` when the project lies inside it."""
    if base is None or not path:
        return path
    try:
        prefix = Path(result.project).resolve().relative_to(base.resolve())
    except ValueError:
        return path
    return Path(os.path.normpath(prefix / path)).as_posix() if str(prefix) != "." else path


def also_at(finding: Finding, shown: int = 5, where: Callable[[str], str] = str) -> str:
    """``also at a.py:3, b.py:7 (+4 more)`` for a finding's related locations; ``""`` when it has none.

    ``where`` maps a root-relative path to the one the format shows.
    """
    if not finding.related:
        return ""
    places = [f"{where(loc.path)}:{loc.line}" if loc.line else where(loc.path)
              for loc in finding.related[:shown]]
    rest = len(finding.related) - shown
    return "also at " + ", ".join(places) + (f" (+{rest} more)" if rest > 0 else "")
