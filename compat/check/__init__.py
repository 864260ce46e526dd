"""``compat check``: what will break in a cdktf / cdktn project, found without running it.

Public API: :func:`run_check` with :class:`CheckOptions`; the result is a :class:`CheckResult`
of :class:`Finding` values; :data:`ALL_RULES` lists the rules with their stable codes. They are
imported on first use, so that a command reading only the settings (``compat.check.config``)
does not load the engine and every rule.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compat.check.config import CheckOptions
    from compat.check.engine import run_check
    from compat.check.model import CheckResult, Edit, Environment, Finding, RuleMeta
    from compat.check.rules import ALL_RULES, RULES_BY_CODE

_HOMES = {
    "CheckOptions": "compat.check.config",
    "run_check": "compat.check.engine",
    "CheckResult": "compat.check.model",
    "Edit": "compat.check.model",
    "Environment": "compat.check.model",
    "Finding": "compat.check.model",
    "RuleMeta": "compat.check.model",
    "ALL_RULES": "compat.check.rules",
    "RULES_BY_CODE": "compat.check.rules",
}

__all__ = [
    "ALL_RULES",
    "RULES_BY_CODE",
    "CheckOptions",
    "CheckResult",
    "Edit",
    "Environment",
    "Finding",
    "RuleMeta",
    "run_check",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'compat.check' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
