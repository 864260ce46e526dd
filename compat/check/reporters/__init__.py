"""Reporters: one module per output format; :data:`REPORTERS` is the one list of formats.

Each entry renders the results of one run (one project or several) from the typed records of
:mod:`compat.check.model`; only the format's own module is imported. The CLI's ``--format``
choices are :class:`Format`, the keys of :data:`REPORTERS`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports Format to list its choices: nothing else is loaded then
    from compat.check.model import CheckResult


class Format(str, enum.Enum):
    """An output format of ``compat check`` (every member has a reporter in :data:`REPORTERS`)."""

    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    markdown = "markdown"
    concise = "concise"


if TYPE_CHECKING:
    #: renders ``results`` (one project: its own document; several: each, then the total)
    Reporter = Callable[[Sequence[CheckResult], bool, Path | None], str]


def _text(results: Sequence[CheckResult], colour: bool, base: Path | None) -> str:
    from compat.check.reporters import text

    return (
        text.render(results[0], colour=colour)
        if len(results) == 1
        else text.render_many(results, colour=colour)
    )


def _json(results: Sequence[CheckResult], colour: bool, base: Path | None) -> str:
    from compat.check.reporters import json_report

    return json_report.render(results[0]) if len(results) == 1 else json_report.render_many(results)


def _sarif(results: Sequence[CheckResult], colour: bool, base: Path | None) -> str:
    from compat.check.reporters import sarif

    return sarif.render(results[0], base) if len(results) == 1 else sarif.render_many(results, base)


def _github(results: Sequence[CheckResult], colour: bool, base: Path | None) -> str:
    from compat.check.reporters import github
    from compat.check.reporters.common import project_label

    one = len(results) == 1  # several: each project's notes are titled with its name
    return "\n".join(
        filter(
            None, (github.render(r, base, project=None if one else project_label(r, base)) for r in results)
        )
    )


def _markdown(results: Sequence[CheckResult], colour: bool, base: Path | None) -> str:
    from compat.check.reporters import markdown
    from compat.check.reporters.common import project_label

    if len(results) == 1:
        return markdown.render(results[0])
    return "\n".join(markdown.render(r, title=project_label(r, base)) for r in results)


def _concise(results: Sequence[CheckResult], colour: bool, base: Path | None) -> str:
    from compat.check.reporters import concise

    return concise.render(results, base)


REPORTERS: Mapping[Format, Reporter] = {
    Format.text: _text,
    Format.json: _json,
    Format.sarif: _sarif,
    Format.github: _github,
    Format.markdown: _markdown,
    Format.concise: _concise,
}


def render(result: CheckResult, fmt: Format | str, *, colour: bool = False, base: Path | None = None) -> str:
    """``result`` in format ``fmt``; ``base`` makes sarif/github paths relative to it (the CI checkout)."""
    return render_many([result], fmt, colour=colour, base=base)


def render_many(
    results: Sequence[CheckResult], fmt: Format | str, *, colour: bool = False, base: Path | None = None
) -> str:
    """One project: its own document. Several: each project with its environment, then a total.

    JSON is ``{"projects": [<one project's document>, ...], "summary": {...totals, "projects": N}}``;
    SARIF is one run holding every project's results (paths relative to ``base``). Only the
    format's own module is imported.
    """
    return REPORTERS[Format(fmt)](results, colour, base)
