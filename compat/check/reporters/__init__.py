"""Reporters: one module per output format; :data:`REPORTERS` is the one list of formats.

Each entry renders the results of one run (one project or several) from the typed records of
:mod:`compat.check.model`; only the format's own module is imported. The CLI's ``--format``
choices are :class:`Format`, the keys of :data:`REPORTERS`.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports Format to list its choices: nothing else is loaded then
    from compat.check.model import CheckResult, Finding, Summary


class Format(str, enum.Enum):
    """An output format of ``compat check`` (every member has a reporter in :data:`REPORTERS`)."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"


if TYPE_CHECKING:
    #: renders ``results`` (one project: its own document; several: each, then the total)
    Reporter = Callable[[Sequence[CheckResult], bool, Path | None], str]


def _text(results: Sequence[CheckResult], colour: bool, base: Path | None) -> str:
    from compat.check.reporters import text

    return text.render(results[0], colour=colour) if len(results) == 1 else \
        text.render_many(results, colour=colour)


def _json(results: Sequence[CheckResult], colour: bool, base: Path | None) -> str:
    from compat.check.reporters import json_report

    return json_report.render(results[0]) if len(results) == 1 else json_report.render_many(results)


def _sarif(results: Sequence[CheckResult], colour: bool, base: Path | None) -> str:
    from compat.check.reporters import sarif

    return sarif.render(results[0], base) if len(results) == 1 else sarif.render_many(results, base)


def _github(results: Sequence[CheckResult], colour: bool, base: Path | None) -> str:
    from compat.check.reporters import github

    return "\n".join(filter(None, (github.render(r, base) for r in results)))


def _markdown(results: Sequence[CheckResult], colour: bool, base: Path | None) -> str:
    from compat.check.reporters import markdown

    if len(results) == 1:
        return markdown.render(results[0])
    return "\n".join(markdown.render(r, title=_label(r, base)) for r in results)


REPORTERS: Mapping[Format, Reporter] = {
    Format.text: _text,
    Format.json: _json,
    Format.sarif: _sarif,
    Format.github: _github,
    Format.markdown: _markdown,
}


def render(result: CheckResult, fmt: Format | str, *, colour: bool = False, base: Path | None = None) -> str:
    """``result`` in format ``fmt``; ``base`` makes sarif/github paths relative to it (the CI checkout)."""
    return render_many([result], fmt, colour=colour, base=base)


def render_many(results: Sequence[CheckResult], fmt: Format | str, *, colour: bool = False,
                base: Path | None = None) -> str:
    """One project: its own document. Several: each project with its environment, then a total.

    JSON is ``{"projects": [<one project's document>, ...], "summary": {...totals, "projects": N}}``;
    SARIF is one run holding every project's results (paths relative to ``base``). Only the
    format's own module is imported.
    """
    return REPORTERS[Format(fmt)](results, colour, base)


def total(results: Sequence[CheckResult]) -> Summary:
    """The summaries of several projects added up."""
    from compat.check.model import Summary

    summaries = [result.summary() for result in results]
    categories: dict[str, int] = {}
    for summary in summaries:
        for category, count in summary.by_category.items():
            categories[category] = categories.get(category, 0) + count
    return Summary(errors=sum(s.errors for s in summaries), warnings=sum(s.warnings for s in summaries),
                   infos=sum(s.infos for s in summaries), fixable=sum(s.fixable for s in summaries),
                   files=sum(s.files for s in summaries), by_category=dict(sorted(categories.items())))


def _label(result: CheckResult, base: Path | None) -> str:
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
    places = [f"{where(loc.path)}:{loc.line}" if loc.line else where(loc.path)
              for loc in finding.related[:shown]]
    rest = len(finding.related) - shown
    return "also at " + ", ".join(places) + (f" (+{rest} more)" if rest > 0 else "")
