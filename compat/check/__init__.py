"""``compat check``: what will break in a cdktf / cdktn project, found without running it.

Public API: :func:`run_check` with :class:`CheckOptions`; the result is a :class:`CheckResult`
of :class:`Finding` values; :data:`ALL_RULES` lists the rules with their stable codes.
"""

from compat.check.engine import CheckOptions, run_check
from compat.check.model import CheckResult, Edit, Environment, Finding, RuleMeta
from compat.check.rules import ALL_RULES, RULES_BY_CODE

__all__ = ["ALL_RULES", "RULES_BY_CODE", "CheckOptions", "CheckResult", "Edit", "Environment", "Finding",
           "RuleMeta", "run_check"]
