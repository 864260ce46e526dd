"""``migrate`` lists what the moved code uses that the move's releases lack or change, with its file and
line: check's own import and API rules run against the releases the move picks. Only what is new at
the target is listed (a finding the project has already is not the move's), and each item counts as
unresolved (exit 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.check.model import Finding
from compat.cli import main
from compat.migrations.target_api import fresh
from tests.conftest import indexed

pytestmark = pytest.mark.skipif(
    not indexed("cdktn-provider-azurerm", "15.0.0", "18.9.0")
    or not indexed("cdktf-cdktf-provider-aws", "19.65.1")
    or not indexed("cdktn-provider-aws", "23.0.0"),
    reason="not indexed",
)

CDKTF_JSON = '{"language": "python", "app": "python main.py"}\n'

#: azurerm 3.93 (cdktf-cdktf-provider-azurerm 12.7.0); azurerm 4 renamed the node pool's
#: enable_auto_scaling to auto_scaling_enabled
AZURERM_MAIN = """\
from cdktf import TerraformStack
from cdktf_cdktf_provider_azurerm.kubernetes_cluster import KubernetesCluster


class Stack(TerraformStack):
    def __init__(self, scope, id_):
        super().__init__(scope, id_)
        KubernetesCluster(
            self,
            "aks",
            name="aks",
            location="westeurope",
            resource_group_name="rg",
            dns_prefix="aks",
            default_node_pool={"name": "default", "vm_size": "B2s"EXTRA},
        )
"""

#: AWS 5 (cdktf-cdktf-provider-aws 19.65.1); AWS 6 (cdktn-provider-aws 23.0.0) removed
#: aws_instance cpu_core_count
AWS_MAIN = """\
from cdktf import TerraformOutput, TerraformStack
from cdktf_cdktf_provider_aws.instance import Instance


class Stack(TerraformStack):
    def __init__(self, scope, id_):
        super().__init__(scope, id_)
        server = Instance(self, "server", ami="ami-1", instance_type="t3.micro"EXTRA)
        TerraformOutput(self, "out", value=server.USED)
"""


def _project(root: Path, requirements: str, main_py: str) -> Path:
    (root / "cdktf.json").write_text(CDKTF_JSON)
    (root / "requirements.txt").write_text(requirements)
    (root / "main.py").write_text(main_py)
    return root


def _azurerm(root: Path, extra: str = "") -> Path:
    pins = "cdktf==0.20.11\ncdktf-cdktf-provider-azurerm==12.7.0\n"
    return _project(root, pins, AZURERM_MAIN.replace("EXTRA", extra))


def _aws(root: Path, extra: str = "", used: str = "id") -> Path:
    pins = "cdktf==0.20.11\ncdktf-cdktf-provider-aws==19.65.1\n"
    return _project(root, pins, AWS_MAIN.replace("EXTRA", extra).replace("USED", used))


def _migrate(root: Path, to: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    code = main(["migrate", str(root), "--to", to, "--offline", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def _items(payload: dict[str, object]) -> list[tuple[str, int, str]]:
    unresolved = payload["unresolved"]
    assert isinstance(unresolved, list)
    return [(u["path"], u["line"], u["reason"]) for u in unresolved if "after the move" in u["reason"]]


@pytest.mark.parametrize(("to", "release"), [("cdktn", "15.0.0"), ("cdktn==latest", "18.9.0")])
def test_a_key_the_target_release_lacks_is_listed_with_file_and_line(
    tmp_path: Path, to: str, release: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _azurerm(tmp_path, extra=', "enable_auto_scaling": True')
    code, payload = _migrate(root, to, capsys)
    [(path, line, reason)] = [item for item in _items(payload) if "enable_auto_scaling" in item[2]]
    assert (path, line) == ("main.py", 15)
    assert "API008" in reason and f"cdktn-provider-azurerm {release}" in reason
    # the installed 12.7.0 is not in the test's index: the project as it is could not be checked
    assert "whether it predates the move is unknown" in reason
    assert code == 1


def test_a_project_using_only_unchanged_api_gets_nothing_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "azurerm").mkdir()
    code, payload = _migrate(_azurerm(tmp_path / "azurerm"), "cdktn", capsys)
    assert payload["unresolved"] == [] and code == 0
    (tmp_path / "aws").mkdir()
    code, payload = _migrate(_aws(tmp_path / "aws"), "cdktn", capsys)
    assert payload["unresolved"] == [] and code == 0


def test_an_attribute_the_target_lacks_is_listed_and_an_error_of_today_is_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``server.cpu_core_count`` is gone in AWS 6 (a use no rewrite touches); ``bogus`` is unknown to
    the installed release already: check reports it today, so the move does not list it."""
    root = _aws(tmp_path, extra=", bogus=1", used="cpu_core_count")
    assert main(["check", str(root), "--offline", "--select", "API"]) == 1
    assert "bogus" in capsys.readouterr().out
    code, payload = _migrate(root, "cdktn", capsys)
    [(path, line, reason)] = _items(payload)
    assert (path, line) == ("main.py", 9)
    assert "API002" in reason and "cpu_core_count" in reason and "cdktn-provider-aws 23.0.0" in reason
    assert "predates" not in reason  # 19.65.1 was checked: the error is the move's
    assert code == 1


def test_a_use_the_rewrite_reports_is_listed_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The rewrite already reports a removed keyword of a class it moves: the check adds no second item."""
    root = _aws(tmp_path, extra=", cpu_core_count=2")
    code, payload = _migrate(root, "cdktn", capsys)
    unresolved = payload["unresolved"]
    assert isinstance(unresolved, list)
    assert [(u["line"], "cpu_core_count" in u["reason"]) for u in unresolved] == [(8, True)]
    assert code == 1


TS_PACKAGE = {
    "name": "app",
    "dependencies": {"@cdktf/provider-azurerm": "7.0.0", "cdktf": "0.16.1", "constructs": "10.2.17"},
}

TS_MAIN = """\
import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { kubernetesCluster } from "@cdktf/provider-azurerm";

export class MyStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new kubernetesCluster.KubernetesCluster(this, "k8s", {
      name: "home",
      location: "eastus",
      resourceGroupName: "rg",
      dnsPrefix: "home",
      defaultNodePool: { name: "default", vmSize: "Standard_B2s"EXTRA },
    });
  }
}
"""


def _typescript(root: Path, extra: str = "") -> Path:
    (root / "cdktf.json").write_text('{"language": "typescript", "app": "npx ts-node main.ts"}\n')
    (root / "package.json").write_text(json.dumps(TS_PACKAGE, indent=2) + "\n")
    (root / "main.ts").write_text(TS_MAIN.replace("EXTRA", extra))
    return root


def test_typescript_a_prop_the_target_lacks_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _typescript(tmp_path, extra=", enableAutoScaling: true")
    code, payload = _migrate(root, "cdktn", capsys)
    [(path, line, reason)] = _items(payload)
    assert (path, line) == ("main.ts", 13)
    assert "enableAutoScaling" in reason and "@cdktn/provider-azurerm" in reason
    assert code == 1


def test_typescript_unchanged_api_gets_nothing_new(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _typescript(tmp_path)
    code, payload = _migrate(root, "cdktn==latest", capsys)
    assert _items(payload) == []
    assert code == 0


def test_to_prebuilt_lists_what_the_chosen_prebuilt_release_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Local bindings of ``aws ~> 5.0`` moved to 21.22.1 (AWS 6) by ``--to``: the attribute AWS 6 removed is
    listed; the default move (a release built for AWS 5, as check stands in for the local bindings)
    lists nothing."""
    (tmp_path / "cdktf.json").write_text(
        '{"language": "python", "terraformProviders": ["hashicorp/aws@~> 5.0"], '
        '"codeMakerOutput": "imports"}\n'
    )
    (tmp_path / "Pipfile").write_text('[packages]\ncdktf = "==0.20.12"\n')
    (tmp_path / "main.py").write_text(
        "from cdktf import TerraformOutput\nfrom imports.aws.instance import Instance\n\n"
        'server = Instance(None, "s", ami="a")\nTerraformOutput(None, "o", value=server.cpu_core_count)\n'
    )
    code = main(["migrate", str(tmp_path), "--to-prebuilt", "--offline", "--format", "json"])
    assert _items(json.loads(capsys.readouterr().out)) == [] and code == 0
    code = main(
        ["migrate", str(tmp_path), "--to-prebuilt", "--to", "21.22.1", "--offline", "--format", "json"]
    )
    [(path, line, reason)] = _items(json.loads(capsys.readouterr().out))
    assert (path, line) == ("main.py", 5) and "cpu_core_count" in reason and "21.22.1" in reason
    assert code == 1


def _api010(line: int, symbol: str) -> Finding:
    from compat.check.rules.api import RULES

    [meta] = [r.meta for r in RULES if r.meta.code == "API010"]
    return meta.finding("main.py", line, 9, f"{symbol} is missing", symbol=symbol)


def test_an_argument_the_move_stops_requiring_is_no_new_item() -> None:
    """AWS 6 made ``region`` of ConfigAggregateAuthorization optional: a call without either argument
    misses account_id before the move and after it, so the move adds nothing (even at another line)."""
    before = [_api010(9, "ConfigAggregateAuthorization(account_id, region)")]
    assert fresh([_api010(11, "ConfigAggregateAuthorization(account_id)")], before, []) == []
    [item] = fresh([_api010(11, "Instance(ami)")], before, [], ["cdktn-provider-aws 23.0.0"])
    assert (item.line, item.symbol) == (11, "Instance(ami)")
    assert item.reason.endswith("(the move installs cdktn-provider-aws 23.0.0)")


def test_an_error_where_the_move_already_lists_an_item_is_not_listed_again() -> None:
    from compat.migrations.model import Unresolved

    listed = [Unresolved("main.py", 11, "Instance(cpu_core_count=...)", "removed")]
    assert fresh([_api010(11, "Instance(ami)")], [], listed) == []


def test_an_item_names_the_line_of_the_file_as_it_is() -> None:
    """A rewritten import may take more lines: the moved text's line 5 is line 4 of the file as it is."""
    from compat.migrations.target_api import _moved_lines
    from compat.project.changes import FileChange

    root = Path("/project")
    before = "from a import B, C\n\nx = B()\ny = C(\n  bad=1)\n"
    after = "from a.b import B\nfrom a.c import C\n\nx = B()\ny = C(\n  bad=1)\n"
    lines = _moved_lines(root, [FileChange(root / "main.py", before, after)])["main.py"]
    assert [lines(n) for n in (1, 2, 4, 5, 6)] == [1, 1, 3, 4, 5]
