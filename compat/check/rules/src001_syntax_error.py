"""SRC001: a Python file that does not parse (the other files are still checked)."""

from __future__ import annotations

from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule
from compat.check.sources import SourceFile

META = RuleMeta("SRC001", "source", "error", "syntax-error", "A Python file of the project does not parse.")


def finding(source: SourceFile) -> Finding:
    error = source.error
    assert error is not None
    return META.finding(source.rel, error.lineno or 0, error.offset or 0,
                        f"does not parse: {error.msg if error.msg else error}")


RULE = Rule(META)
