"""The rule codes of TypeScript findings: the same rules as Python's, defined once in compat.check.rules."""

from __future__ import annotations

from functools import cache

from compat.check.model import RuleMeta


@cache
def rule(code: str) -> RuleMeta:
    """The :class:`RuleMeta` of ``code`` (``"VER002"``), as ``compat check --list-rules`` lists it."""
    from compat.check.rules.table import RULE_TABLE, load_rules

    return load_rules([row for row in RULE_TABLE if row.code == code])[0].meta
