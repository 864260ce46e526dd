"""Where each rule of ``compat check`` is defined: a table of codes, so that a run imports only the
modules of the rules it can run (those ``--select``/``--ignore`` leave, for the project's language),
not all of them: a TypeScript check never loads a Python-only rule, ``--select VER008`` one module.

The table is the order of :data:`compat.check.rules.ALL_RULES`. ``tests/check/test_rule_table.py``
checks it against the rule modules themselves (every rule listed once, in its own module, with its own
category and languages), so it cannot drift; on a mismatch the test prints the rows to paste here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable

from compat.check.rules.base import EVERY_LANGUAGE, PYTHON_ONLY, Rule
from compat.record import Record


class RuleRow(Record):
    """One rule as the table knows it: enough to select it without importing its module."""

    code: str
    category: str
    module: str  # the module under ``compat.check.rules`` that defines it (``RULE``, or ``RULES`` of api)
    languages: frozenset[str]  # its ``Rule.languages``


RULE_TABLE: tuple[RuleRow, ...] = (
    RuleRow(code="SRC001", category="source", module="src001_syntax_error", languages=PYTHON_ONLY),
    RuleRow(code="SRC002", category="source", module="src002_no_symbol_index", languages=EVERY_LANGUAGE),
    RuleRow(code="SRC003", category="source", module="src003_unknown_prebuilt", languages=PYTHON_ONLY),
    RuleRow(code="IMP001", category="import", module="imp001_module_missing", languages=EVERY_LANGUAGE),
    RuleRow(code="IMP002", category="import", module="imp002_name_missing", languages=EVERY_LANGUAGE),
    RuleRow(code="IMP003", category="import", module="imp003_other_family", languages=EVERY_LANGUAGE),
    RuleRow(
        code="IMP004",
        category="import",
        module="imp004_local_binding_not_generated",
        languages=EVERY_LANGUAGE,
    ),
    RuleRow(
        code="IMP005", category="import", module="imp005_local_binding_old_layout", languages=PYTHON_ONLY
    ),
    RuleRow(code="API001", category="api", module="api", languages=PYTHON_ONLY),
    RuleRow(code="API002", category="api", module="api", languages=PYTHON_ONLY),
    RuleRow(code="API003", category="api", module="api", languages=PYTHON_ONLY),
    RuleRow(code="API004", category="api", module="api", languages=PYTHON_ONLY),
    RuleRow(code="API005", category="api", module="api", languages=PYTHON_ONLY),
    RuleRow(code="API006", category="api", module="api", languages=PYTHON_ONLY),
    RuleRow(code="API007", category="api", module="api", languages=PYTHON_ONLY),
    RuleRow(code="API008", category="api", module="api", languages=PYTHON_ONLY),
    RuleRow(code="API009", category="api", module="api", languages=PYTHON_ONLY),
    RuleRow(code="API010", category="api", module="api", languages=PYTHON_ONLY),
    RuleRow(code="VER001", category="version", module="ver001_provider_constraint", languages=EVERY_LANGUAGE),
    RuleRow(code="VER002", category="version", module="ver002_core_requirement", languages=EVERY_LANGUAGE),
    RuleRow(code="VER003", category="version", module="ver003_python_requires", languages=PYTHON_ONLY),
    RuleRow(code="VER004", category="version", module="ver004_terraform_protocol", languages=EVERY_LANGUAGE),
    RuleRow(
        code="VER005",
        category="version",
        module="ver005_terraform_below_core_minimum",
        languages=EVERY_LANGUAGE,
    ),
    RuleRow(code="VER006", category="version", module="ver006_lock_drift", languages=EVERY_LANGUAGE),
    RuleRow(code="VER007", category="version", module="ver007_yanked", languages=PYTHON_ONLY),
    RuleRow(code="VER008", category="version", module="ver008_deprecated", languages=EVERY_LANGUAGE),
    RuleRow(code="VER009", category="version", module="ver009_unknown_release", languages=EVERY_LANGUAGE),
    RuleRow(code="VER010", category="version", module="ver010_duplicate_provider", languages=EVERY_LANGUAGE),
    RuleRow(code="VER011", category="version", module="ver011_node_below_floor", languages=EVERY_LANGUAGE),
    RuleRow(code="VER012", category="version", module="ver012_node_past_jsii_support", languages=PYTHON_ONLY),
    RuleRow(code="VER013", category="version", module="ver013_core_only_prereleases", languages=PYTHON_ONLY),
    RuleRow(code="VER014", category="version", module="ver014_undeclared_package", languages=EVERY_LANGUAGE),
    RuleRow(
        code="VER015", category="version", module="ver015_providers_disagree_on_core", languages=PYTHON_ONLY
    ),
    RuleRow(code="VER016", category="version", module="ver016_other_family_tools", languages=EVERY_LANGUAGE),
    RuleRow(code="VER017", category="version", module="ver017_stale_lock", languages=PYTHON_ONLY),
    RuleRow(code="VER018", category="version", module="ver018_manifests_disagree", languages=PYTHON_ONLY),
    RuleRow(code="VER019", category="version", module="ver019_cli_release_unknown", languages=EVERY_LANGUAGE),
    RuleRow(code="VER020", category="version", module="ver020_terraform_lock", languages=EVERY_LANGUAGE),
    RuleRow(code="VER021", category="version", module="ver021_ci_pins", languages=EVERY_LANGUAGE),
    RuleRow(code="SYN001", category="synth", module="syn001_feature_too_new", languages=EVERY_LANGUAGE),
    RuleRow(code="SYN002", category="synth", module="syn002_feature_removed", languages=EVERY_LANGUAGE),
    RuleRow(
        code="SYN003", category="synth", module="syn003_feature_newer_than_provider", languages=PYTHON_ONLY
    ),
    RuleRow(code="SYN004", category="synth", module="syn004_function_not_in_cli", languages=EVERY_LANGUAGE),
    RuleRow(
        code="SYN005", category="synth", module="syn005_function_outside_targets", languages=EVERY_LANGUAGE
    ),
)


def load_rules(rows: Iterable[RuleRow]) -> list[Rule]:
    """The rules of ``rows``, in their order, importing only the modules that define them."""
    found: dict[str, Rule] = {}
    rules: list[Rule] = []
    for row in rows:
        if row.code not in found:
            module = importlib.import_module(f"compat.check.rules.{row.module}")
            own: tuple[Rule, ...] = getattr(module, "RULES", None) or (module.RULE,)
            found.update((rule.meta.code, rule) for rule in own)
        rules.append(found[row.code])
    return rules
