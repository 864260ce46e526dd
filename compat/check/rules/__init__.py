"""Every rule of ``compat check``, each with a stable code and a category: one per module, except
the API rules, which differ only by the kind of problem they report (one table in :mod:`.api`).

:mod:`.table` says which module defines each code; :data:`ALL_RULES` (every rule, in the table's
order) and :data:`RULES_BY_CODE` import them all on first use, so that a run importing one rule
module, or :mod:`.base`, does not load every rule (a check imports only the rules it can run:
:func:`compat.check.engine.selected_rules`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compat.check.rules.base import Rule

    ALL_RULES: tuple[Rule, ...]
    RULES_BY_CODE: dict[str, Rule]


def __getattr__(name: str) -> object:
    """``ALL_RULES`` and ``RULES_BY_CODE``, every rule module imported the first time one is asked for."""
    from compat.check.rules.table import RULE_TABLE, load_rules

    if name == "ALL_RULES":
        value: object = tuple(load_rules(RULE_TABLE))
    elif name == "RULES_BY_CODE":
        value = {rule.meta.code: rule for rule in load_rules(RULE_TABLE)}
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
