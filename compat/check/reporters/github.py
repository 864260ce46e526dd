"""``--format github``: GitHub Actions workflow commands (``::error file=...,line=...::message``)."""

from __future__ import annotations

from pathlib import Path

from compat.check.model import CheckResult
from compat.check.reporters.common import also_at, display_path


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: CheckResult, base: Path | None = None, *, project: str | None = None) -> str:
    """``project``: the project's name when several are rendered (its notes are titled with it)."""
    title = f"compat {project}" if project else "compat"
    lines = [f"::notice title={_property(title)}::{_data(note)}" for note in result.notes]
    for finding in result.findings:
        properties = []
        path = display_path(result, finding.path, base)
        if path:
            properties.append(f"file={_property(path)}")
        if finding.line:
            properties.append(f"line={finding.line}")
        if finding.column:
            properties.append(f"col={finding.column}")
        properties.append(f"title={_property(finding.code)}")
        message = finding.message + (f" (fix: {finding.suggestion})" if finding.suggestion else "")
        if finding.related:
            message += f"; {also_at(finding, where=lambda rel: display_path(result, rel, base))}"
        command = "notice" if finding.severity == "info" else finding.severity
        lines.append(f"::{command} {','.join(properties)}::{_data(message)}")
    return "\n".join(lines)
