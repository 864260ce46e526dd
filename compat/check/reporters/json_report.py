"""``--format json``: the result as one JSON document (paths relative to the project root)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from compat.check.model import CheckResult


def render(result: CheckResult) -> str:
    return json.dumps(result.to_json(), indent=2)


def render_many(results: Sequence[CheckResult]) -> str:
    from compat.check.reporters import total

    return json.dumps({"projects": [r.to_json() for r in results], "summary": total(results)}, indent=2)
