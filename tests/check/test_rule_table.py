"""The table of rule codes (compat.check.rules.table) against the rule modules themselves, and what a
check imports through it: only the modules of the rules it can run."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import compat.check.rules as rules_package
from compat.check.rules.base import Rule
from compat.check.rules.table import RULE_TABLE, RuleRow

ROOT = Path(__file__).resolve().parents[2]


def _defined() -> dict[str, RuleRow]:
    """Every rule any module of the package defines (``RULE`` or ``RULES``), as the table should list it."""
    rows: dict[str, RuleRow] = {}
    for info in pkgutil.iter_modules(rules_package.__path__):
        module = importlib.import_module(f"compat.check.rules.{info.name}")
        own = getattr(module, "RULES", None) or getattr(module, "RULE", None)
        for rule in (own,) if isinstance(own, Rule) else own or ():
            assert rule.meta.code not in rows, f"{rule.meta.code} defined twice"
            rows[rule.meta.code] = RuleRow(
                code=rule.meta.code, category=rule.meta.category, module=info.name, languages=rule.languages
            )
    return rows


def test_the_table_lists_every_rule_once_where_it_is_defined() -> None:
    defined = _defined()
    listed = {row.code: row for row in RULE_TABLE}
    assert len(listed) == len(RULE_TABLE), "a code is listed twice"
    pasteable = "\n".join(
        f'    RuleRow(code="{r.code}", category="{r.category}", module="{r.module}", '
        f"languages={'EVERY_LANGUAGE' if 'typescript' in r.languages else 'PYTHON_ONLY'}),"
        for r in defined.values()
    )
    assert listed == defined, f"the table drifted from the rule modules; the rows are:\n{pasteable}"


def test_all_rules_follow_the_table() -> None:
    from compat.check.rules import ALL_RULES, RULES_BY_CODE

    assert [r.meta.code for r in ALL_RULES] == [row.code for row in RULE_TABLE]
    assert list(RULES_BY_CODE) == [row.code for row in RULE_TABLE]


_RULE_MODULES = """
import sys
def rule_modules():
    names = (m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("compat.check.rules."))
    return sorted(n for n in names if n[:3] in ("src", "imp", "ver", "syn", "api"))
"""


def _run(script: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _RULE_MODULES + script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return done.stdout.split()


def test_a_selected_check_imports_only_the_selected_rule_modules() -> None:
    out = _run(
        "from compat.check.config import CheckOptions\n"
        "from compat.check.engine import selected_rules\n"
        "rules = selected_rules(CheckOptions(select=('VER008', 'API'), ignore=('API002',)))\n"
        "print(','.join(r.meta.code for r in rules))\n"
        "print(','.join(rule_modules()))\n"
    )
    assert out[0] == "API001,API003,API004,API005,API006,API007,API008,API009,API010,VER008"
    # beside the selected rules' modules, only SRC002's: the prebuilt pass (imported by the engine) names it
    assert out[1] == "api,src002_no_symbol_index,ver008_deprecated"


def test_a_typescript_check_imports_no_python_only_rule() -> None:
    """A TypeScript project runs the rules of every language (and the TypeScript checks, which word
    their findings with the codes of the rules they share); the modules of Python-only rules (the API
    table's metadata aside, VER003's python_requires, IMP005's old layout...) are not imported."""
    out = _run(
        "from compat.cli import main\n"
        f"example = {str(ROOT / 'examples' / 'ts-broken-stack')!r}\n"
        "code = main(['check', example, '--offline', '--format', 'json'])\n"
        "print(code, ','.join(rule_modules()))\n"
    )
    loaded = set(out[-1].split(","))
    python_only = {row.module for row in RULE_TABLE if "typescript" not in row.languages}
    every_language = {row.module for row in RULE_TABLE if "typescript" in row.languages}
    assert out[-2] == "1"  # the example has errors: the check ran
    assert every_language <= loaded
    # only the API table's: the TypeScript symbol check words its findings with API001/003/004/008's metadata
    assert loaded & python_only == {"api"}, sorted(loaded & python_only)


def test_the_typescript_check_reports_as_before_without_the_python_rules() -> None:
    """The codes a TypeScript finding carries are the shared rules' (their metadata read from the
    rule's own module): the report names only codes of the table."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "compat",
            "check",
            str(ROOT / "examples" / "ts-broken-stack"),
            "--offline",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    codes = {f["code"] for f in json.loads(done.stdout)["findings"]}
    assert codes and codes <= {row.code for row in RULE_TABLE}
