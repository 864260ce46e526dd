"""``--format markdown``: a summary and a table, for a pull-request comment."""

from __future__ import annotations

from compat.check.model import CheckResult
from compat.check.reporters.common import also_at


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _environment(result: CheckResult) -> str:
    """The CLI and the runtime the project runs on, as the text report's header line names them."""
    env = result.environment
    cli = f"{env.cli_label} {env.terraform or 'unknown'}" + (
        f" ({env.terraform_source})" if env.terraform_source else ""
    )
    if result.releases.language == "typescript":
        return cli + (f", Node.js {env.node}" if env.node else "") + ", TypeScript"
    return cli + f", Python {env.python or 'unknown'}"


def _release(name: str, version: str | None, how: str) -> str:
    return f"`{name}` {version or 'not decided'} ({_cell(how)})"


def render(result: CheckResult, title: str | None = None) -> str:
    summary = result.summary()
    status = summary.counts() if result.findings else "passed"
    lines = [f"### compat check{f' `{title}`' if title else ''}: {status}", ""]
    lines.append(_environment(result))
    for role, release in result.releases.named():
        version = None if release.version is None else str(release.version)
        lines.append(f"- {role}: {_release(release.name, version, release.how)}")
    lines += [f"- note: {_cell(note)}" for note in result.notes]
    if result.findings:
        lines += ["", "| | code | where | message | fix |", "|---|---|---|---|---|"]
        for f in result.findings:
            icon = {"error": ":x:", "warning": ":warning:"}.get(f.severity, ":information_source:")
            where = f"`{f.path}:{f.line}`" if f.line else f"`{f.path}`" if f.path else ""
            message = f.message + (f" ({also_at(f)})" if f.related else "")
            lines.append(f"| {icon} | `{f.code}` | {where} | {_cell(message)} | {_cell(f.suggestion)} |")
    return "\n".join(lines) + "\n"
