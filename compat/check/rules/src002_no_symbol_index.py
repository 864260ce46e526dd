"""SRC002: no symbol index for the pinned release, so the import and api rules could not run."""

from __future__ import annotations

from compat.check.model import RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta("SRC002", "source", "warning", "no-symbol-index",
                "The pinned release has no symbol index: import and api rules were skipped.")

RULE = Rule(META)
