"""``--format sarif``: SARIF 2.1.0 with the metadata of every rule (for GitHub code scanning)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from compat import __version__
from compat.check.model import CheckResult, Location
from compat.check.reporters.common import display_path
from compat.check.rules import ALL_RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _rules() -> list[dict[str, Any]]:
    return [
        {
            "id": rule.meta.code,
            "name": rule.meta.name,
            "shortDescription": {"text": rule.meta.summary},
            "fullDescription": {"text": rule.meta.summary},
            "defaultConfiguration": {"level": _LEVEL[rule.meta.severity]},
            "properties": {"category": rule.meta.category, "tags": [rule.meta.category]},
        }
        for rule in ALL_RULES
    ]


def _physical(path: str, line: int, column: int) -> dict[str, Any]:
    # a URI reference (SARIF 3.10.3, RFC 3986): "my stack.py" -> "my%20stack.py", "#" and "%" escaped
    location: dict[str, Any] = {"artifactLocation": {"uri": quote(path, safe="/")}}
    if line:
        location["region"] = {"startLine": line, "startColumn": max(column, 1)}
    return location


def _related(result: CheckResult, related: tuple[Location, ...], base: Path | None) -> list[dict[str, Any]]:
    return [
        {
            "id": number,
            "physicalLocation": _physical(display_path(result, loc.path, base), loc.line, loc.column),
            "message": {"text": loc.message or "another place of the same cause"},
        }
        for number, loc in enumerate(related)
    ]


def _notifications(results: Sequence[CheckResult]) -> list[dict[str, Any]]:
    """The runs' notes (rules that could not run, assumptions made) as SARIF tool notifications."""
    return [
        {"level": "note", "message": {"text": f"{r.project}: {note}" if len(results) > 1 else note}}
        for r in results
        for note in r.notes
    ]


def _results(result: CheckResult, base: Path | None) -> list[dict[str, Any]]:
    order = {rule.meta.code: number for number, rule in enumerate(ALL_RULES)}
    fallback = "cdktf.json" if (Path(result.project) / "cdktf.json").is_file() else "."
    results = []
    for finding in result.findings:
        path = display_path(result, finding.path or fallback, base)
        entry: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": order[finding.code],
            "level": _LEVEL[finding.severity],
            "message": {"text": finding.message + (f" (fix: {s})" if (s := finding.suggestion) else "")},
            "locations": [{"physicalLocation": _physical(path, finding.line, finding.column)}],
        }
        if finding.related:
            entry["relatedLocations"] = _related(result, finding.related, base)
        if finding.symbol:
            entry["properties"] = {"symbol": finding.symbol, "fixable": finding.fixable}
        results.append(entry)
    return results


def document_many(results: Sequence[CheckResult], base: Path | None = None) -> dict[str, Any]:
    """One SARIF run holding the results of every project (paths relative to ``base``)."""
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "compat", "version": __version__, "rules": _rules()}},
                "invocations": [
                    {"executionSuccessful": True, "toolExecutionNotifications": _notifications(results)}
                ],
                "results": [entry for result in results for entry in _results(result, base)],
            }
        ],
    }


def document(result: CheckResult, base: Path | None = None) -> dict[str, Any]:
    return document_many([result], base)


def render(result: CheckResult, base: Path | None = None) -> str:
    return json.dumps(document(result, base), indent=2)


def render_many(results: Sequence[CheckResult], base: Path | None = None) -> str:
    return json.dumps(document_many(results, base), indent=2)
