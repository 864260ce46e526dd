"""``--format concise``: one line per finding, ``path:line:col: CODE message``, as ruff and flake8 print.

The shape lint runners (nvim-lint, efm-langserver, flycheck, VS Code problem matchers) already parse:
a finding about a whole file or project is put at ``1:1``; a finding with no file names the project
folder. Notes are not findings and are left out (the text and JSON reports carry them).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from compat.check.model import CheckResult, Finding
from compat.check.reporters.common import display_path


def line(finding: Finding, path: str) -> str:
    """``path:line:col: CODE message`` (line and column 1-based, at least 1)."""
    fix = f" (fix: {finding.suggestion})" if finding.suggestion else ""
    message = " ".join(f"{finding.message}{fix}".split())  # one physical line per finding
    return f"{path}:{max(finding.line, 1)}:{max(finding.column, 1)}: {finding.code} {message}"


def render(results: Sequence[CheckResult], base: Path | None = None) -> str:
    lines: list[str] = []
    for result in results:
        folder = display_path(result, ".", base) or "."
        for finding in result.findings:
            lines.append(line(finding, display_path(result, finding.path, base) if finding.path else folder))
    return "\n".join(lines)
