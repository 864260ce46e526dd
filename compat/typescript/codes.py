"""The rule codes of TypeScript findings: the same rules as Python's, defined once in compat.check.rules."""

from __future__ import annotations

from functools import cache

from compat.check.model import RuleMeta


@cache
def rule(code: str) -> RuleMeta:
    """The :class:`RuleMeta` of ``code`` (``"VER002"``), as ``compat check --list-rules`` lists it."""
    from compat.check.rules import ALL_RULES

    return next(r.meta for r in ALL_RULES if r.meta.code == code)
