"""``--format text``: findings grouped by file, coloured on a terminal unless ``NO_COLOR``."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from compat.check.model import CheckResult, Finding, plural
from compat.check.reporters.common import also_at

_RED, _YELLOW, _BOLD, _DIM, _RESET = "\033[31m", "\033[33m", "\033[1m", "\033[2m", "\033[0m"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


def _line(finding: Finding, colour: bool) -> list[str]:
    where = f"{finding.line}:{finding.column}" if finding.line else "-"
    shade = {"error": _RED, "warning": _YELLOW}.get(finding.severity, _DIM)
    severity = _paint(finding.severity, shade, colour)
    fix = " [fixable]" if finding.fixable else ""
    out = [f"  {where:>7}  {severity:<7}  {_paint(finding.code, _BOLD, colour)}  {finding.message}{fix}"]
    if finding.suggestion:
        out.append(_paint(f"{'':>9}  fix: {finding.suggestion}", _DIM, colour))
    if finding.related:
        out.append(_paint(f"{'':>9}  {also_at(finding)}", _DIM, colour))
    return out


def _files_word(results: Sequence[CheckResult]) -> str:
    """What the counted files are: the language of the projects (cdktf.json ``language``)."""
    languages = {"TypeScript" if r.releases.language == "typescript" else "Python" for r in results}
    return "source" if len(languages) > 1 else languages.pop() if languages else "Python"


def render(result: CheckResult, colour: bool = False) -> str:
    lines: list[str] = []
    word = _files_word([result])
    env = result.environment
    lines.append(f"project: {result.project}")
    lines.append(
        f"{env.cli}: {env.terraform or 'unknown'}"
        + (f" ({env.terraform_source})" if env.terraform_source else "")
        + (f"  node: {env.node}" if env.node else "")
        + (f"  python: {env.python or 'unknown'}" if word == "Python" else f"  language: {word}")
        + (f" ({env.python_source})" if env.python_source else "")
    )
    for role, release in result.releases.named():
        lines.append(f"{role}: {release.name} {release.version} ({release.how})")
    if (provider := result.releases.provider) is not None:
        lines.append(f"provider: {provider.source} {provider.version}")
    for note in result.notes:
        lines.append(_paint(f"note: {note}", _DIM, colour))
    lines.append("")
    for path, group in groupby(result.findings, key=lambda f: f.path):
        lines.append(_paint(path or "(project)", _BOLD, colour))
        for finding in group:
            lines.extend(_line(finding, colour))
        lines.append("")
    summary = result.summary()
    if not result.findings:
        lines.append(_paint(f"no problems found in {plural(summary.files, word + ' file')}", _BOLD, colour))
    else:
        fixable = f", {summary.fixable} fixable with --fix" if summary.fixable else ""
        lines.append(
            _paint(
                f"{summary.counts()}{fixable} ({plural(summary.files, word + ' file')})",
                _BOLD,
                colour,
            )
        )
    return "\n".join(lines)


def render_many(results: Sequence[CheckResult], colour: bool = False) -> str:
    """Each project as :func:`render` shows it, then the totals."""
    from compat.check.reporters.common import total

    summed = total(results)
    last = (
        f"{len(results)} projects: {summed.counts()} ({plural(summed.files, _files_word(results) + ' file')})"
    )
    return "\n\n".join([*(render(r, colour) for r in results), _paint(last, _BOLD, colour)])
