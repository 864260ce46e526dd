"""``--format json``: the result as one JSON document (paths relative to the project root)."""

from __future__ import annotations

import json

from compat.check.model import CheckResult


def render(result: CheckResult) -> str:
    return json.dumps(result.to_json(), indent=2)
