"""``--format json``: the result as one JSON document (paths relative to the project root).

The only place a check result becomes JSON data (SARIF builds its own document): the records of
:mod:`compat.check.model` stay typed up to here.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from compat.check.model import (
    CheckResult,
    Environment,
    Finding,
    Location,
    Releases,
    Resolved,
    ShownRelease,
    Summary,
)


def location_json(location: Location) -> dict[str, Any]:
    return {
        "path": location.path,
        "line": location.line,
        "column": location.column,
        "message": location.message,
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "category": finding.category,
        "severity": finding.severity,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
        "symbol": finding.symbol,
        "suggestion": finding.suggestion,
        "fixable": finding.fixable,
        "related": [location_json(location) for location in finding.related],
    }


def environment_json(environment: Environment) -> dict[str, Any]:
    python = environment.python
    return {
        "cli": environment.cli,
        "terraform": str(environment.terraform) if environment.terraform is not None else None,
        "terraform_source": environment.terraform_source,
        "node": str(environment.node.version) if environment.node else None,
        "node_source": environment.node.source if environment.node else None,
        "python": str(python) if python else None,
        "python_source": environment.python_source,
        "python_declared": python.declared if python else False,
        "python_resolution": python.resolution if python and python.declared else None,
    }


def _resolved_json(resolved: Resolved | ShownRelease) -> dict[str, str | None]:
    version = str(resolved.version) if isinstance(resolved, Resolved) else resolved.version
    return {"name": resolved.name, "version": version, "how": resolved.how}


def releases_json(releases: Releases) -> dict[str, Any]:
    """Only the releases known: ``bindings``, ``core``, ``inferred_bindings``, then ``provider``."""
    found: dict[str, Any] = {
        key: _resolved_json(value)
        for key, value in (
            ("bindings", releases.bindings),
            ("core", releases.core),
            ("inferred_bindings", releases.inferred_bindings),
            *releases.packages,
        )
        if value is not None
    }
    if releases.language is not None:  # another language: it and its lock (null: none)
        found["language"] = releases.language
        found["lock"] = _resolved_json(releases.lock) if releases.lock is not None else None
    if releases.provider is not None:
        found["provider"] = {"source": releases.provider.source, "version": str(releases.provider.version)}
    return found


def summary_json(summary: Summary) -> dict[str, Any]:
    return summary._asdict()


def result_json(result: CheckResult) -> dict[str, Any]:
    return {
        "project": str(result.project),
        "environment": environment_json(result.environment),
        "resolved": releases_json(result.releases),
        "findings": [finding_json(f) for f in result.findings],
        "notes": list(result.notes),
        "summary": summary_json(result.summary()),
    }


def render(result: CheckResult) -> str:
    return json.dumps(result_json(result), indent=2)


def render_many(results: Sequence[CheckResult]) -> str:
    from compat.check.reporters.common import total

    summary = {"projects": len(results), **summary_json(total(results))}
    return json.dumps({"projects": [result_json(r) for r in results], "summary": summary}, indent=2)
