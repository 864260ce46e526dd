"""``--format sarif``: SARIF 2.1.0 with the metadata of every rule (for GitHub code scanning)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from compat import __version__
from compat.check.model import CheckResult
from compat.check.reporters import display_path
from compat.check.rules import ALL_RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning"}


def _rules() -> list[dict[str, Any]]:
    return [{
        "id": rule.meta.code,
        "name": rule.meta.name,
        "shortDescription": {"text": rule.meta.summary},
        "fullDescription": {"text": rule.meta.summary},
        "defaultConfiguration": {"level": _LEVEL[rule.meta.severity]},
        "properties": {"category": rule.meta.category, "tags": [rule.meta.category]},
    } for rule in ALL_RULES]


def _results(result: CheckResult, base: Path | None) -> list[dict[str, Any]]:
    order = {rule.meta.code: number for number, rule in enumerate(ALL_RULES)}
    fallback = "cdktf.json" if (Path(result.project) / "cdktf.json").is_file() else "."
    results = []
    for finding in result.findings:
        path = display_path(result, finding.path or fallback, base)
        location: dict[str, Any] = {"artifactLocation": {"uri": path}}
        if finding.line:
            location["region"] = {"startLine": finding.line, "startColumn": max(finding.column, 1)}
        entry: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": order[finding.code],
            "level": _LEVEL[finding.severity],
            "message": {"text": finding.message + (f" (fix: {s})" if (s := finding.suggestion) else "")},
            "locations": [{"physicalLocation": location}],
        }
        if finding.symbol:
            entry["properties"] = {"symbol": finding.symbol, "fixable": finding.fixable}
        results.append(entry)
    return results


def document_many(results: Sequence[CheckResult], base: Path | None = None) -> dict[str, Any]:
    """One SARIF run holding the results of every project (paths relative to ``base``)."""
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "compat", "version": __version__, "rules": _rules()}},
            "results": [entry for result in results for entry in _results(result, base)],
        }],
    }


def document(result: CheckResult, base: Path | None = None) -> dict[str, Any]:
    return document_many([result], base)


def render(result: CheckResult, base: Path | None = None) -> str:
    return json.dumps(document(result, base), indent=2)


def render_many(results: Sequence[CheckResult], base: Path | None = None) -> str:
    return json.dumps(document_many(results, base), indent=2)
