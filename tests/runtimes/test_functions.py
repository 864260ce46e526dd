"""SYN004: ``Fn.<function>(...)`` against the function set of the project's CLI (cdktn's table)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.check.helpers import check, make_project

STACK = """\
from cdktf import Fn, TerraformOutput, TerraformStack
import cdktf


class Stack(TerraformStack):
    def __init__(self, scope, id_):
        super().__init__(scope, id_)
        TerraformOutput(self, "a", value=Fn.templatestring("${x}", {"x": 1}))
        TerraformOutput(self, "b", value=cdktf.Fn.upper("x"))
"""


@pytest.mark.parametrize(
    ("flag", "version", "codes"),
    [
        ("terraform", "1.8.0", [("SYN004", 8)]),
        ("terraform", "1.9.0", []),
        ("opentofu", "1.7.0", []),
        ("opentofu", "1.6.2", [("SYN004", 8)]),
    ],
)
def test_templatestring(tmp_path: Path, flag: str, version: str, codes: list[tuple[str, int]]) -> None:
    root = make_project(tmp_path / "p", {"main.py": STACK}, terraform=None)
    result = check(root, select=("SYN004",), **{flag: version})
    assert [(f.code, f.line) for f in result.findings] == codes
    for finding in result.findings:
        assert finding.column == STACK.splitlines()[7].index("templatestring") + 1
        assert "function-availability.generated.js" in finding.message
        assert finding.suggestion == "use Terraform >=1.9.0 or OpenTofu >=1.7.0"


def test_a_function_terraform_never_had(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p", {"main.py": "from cdktn import Fn as F\nF.urldecode('a%20b')\n"}, terraform="1.15.0"
    )
    [finding] = check(root, select=("SYN004",)).findings
    assert "no Terraform release has it" in finding.message


def test_no_cli_version_no_finding(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": STACK}, terraform=None)
    assert not check(root, select=("SYN004",)).findings


def test_synthesized_stack(tmp_path: Path) -> None:
    stack = (
        '{"output": {"a": {"value": "${templatestring(local.t, {})}"}, '
        '"b": {"value": "${provider::x::templatestring(1)} templatestring(2)"}}}'
    )
    root = make_project(tmp_path / "p", {"cdktf.out/stacks/s/cdk.tf.json": stack}, terraform="1.8.5")
    [finding] = check(root, select=("SYN004",)).findings
    assert (finding.path, finding.symbol) == ("cdktf.out/stacks/s/cdk.tf.json", "output.a.value")
    assert "needs Terraform >=1.9.0" in finding.message


def test_the_source_table_rows_are_made_when_asked_as_the_whole_table_lists_them() -> None:
    """Each row of the CLI repositories' table, made when looked up, is the row of the whole table (every
    function either CLI lists, but those both always had), in name order."""
    from compat.check.engine import default_snapshot
    from compat.runtimes import CliConstraints
    from compat.versions.cli_functions import _side, source_function_table

    snapshot = default_snapshot()
    assert snapshot is not None
    tables = snapshot.cli_functions
    table = source_function_table(tables)
    assert table is not None
    terraform, opentofu = tables["terraform"], tables["opentofu"]
    every = sorted({*terraform["functions"], *opentofu["functions"]})
    whole = {}
    for name in every:
        (tf, tf_always), (tofu, tofu_always) = _side(terraform, name), _side(opentofu, name)
        if not (tf_always and tofu_always):
            whole[name] = CliConstraints(tf, tofu)
    assert table.rows.get("templatestring") == whole["templatestring"]
    assert table.rows.get("no_such_function") is None
    assert "upper" not in table.rows and "upper" in every  # both CLIs always had it
    assert list(table.rows) == list(whole) and dict(table.rows) == whole and len(table.rows) == len(whole)
