"""Reporters: one module per output format, each ``render(result, ...) -> str``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from compat.check.model import CheckResult, Finding

FORMATS = ("text", "json", "sarif", "github", "markdown")


def render(result: CheckResult, fmt: str, *, colour: bool = False, base: Path | None = None) -> str:
    """``result`` in format ``fmt``; ``base`` makes sarif/github paths relative to it (the CI checkout)."""
    from compat.check.reporters import github, json_report, markdown, sarif, text

    renderers: dict[str, Callable[[], str]] = {
        "text": lambda: text.render(result, colour=colour),
        "json": lambda: json_report.render(result),
        "sarif": lambda: sarif.render(result, base),
        "github": lambda: github.render(result, base),
        "markdown": lambda: markdown.render(result),
    }
    return renderers[fmt]()


def display_path(result: CheckResult, path: str, base: Path | None) -> str:
    """``path`` (relative to the project root) relative to ``base`` when the project lies inside it."""
    if base is None or not path:
        return path
    try:
        prefix = Path(result.project).resolve().relative_to(base.resolve())
    except ValueError:
        return path
    return (prefix / path).as_posix() if str(prefix) != "." else path


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
