"""``--format markdown``: a summary and a table, for a pull-request comment."""

from __future__ import annotations

from compat.check.model import CheckResult
from compat.check.reporters.common import also_at


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render(result: CheckResult, title: str | None = None) -> str:
    summary = result.summary()
    env = result.environment
    status = f"{summary.errors} errors, {summary.warnings} warnings" if result.findings else "passed"
    lines = [f"### compat check{f' `{title}`' if title else ''}: {status}", ""]
    lines.append(
        f"{env.cli_label} {env.terraform or 'unknown'}"
        + (f" ({env.terraform_source})" if env.terraform_source else "")
        + f", Python {env.python or 'unknown'}"
    )
    for role, release in result.releases.named():
        lines.append(f"- {role}: `{release.name}=={release.version}`")
    lines += [f"- note: {_cell(note)}" for note in result.notes]
    if result.findings:
        lines += ["", "| | code | where | message | fix |", "|---|---|---|---|---|"]
        for f in result.findings:
            icon = {"error": ":x:", "warning": ":warning:"}.get(f.severity, ":information_source:")
            where = f"`{f.path}:{f.line}`" if f.line else f"`{f.path}`" if f.path else ""
            message = f.message + (f" ({also_at(f)})" if f.related else "")
            lines.append(f"| {icon} | `{f.code}` | {where} | {_cell(message)} | {_cell(f.suggestion)} |")
    return "\n".join(lines) + "\n"
