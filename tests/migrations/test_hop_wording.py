"""A hop's lines name the packages of its own family: the Node.js floor of a cdktf hop is cdktf-cli's,
never a cdktn-cli release that does not exist (cdktn starts at 0.22)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.version import Version

from compat.cli import main
from compat.families import CDKTF, CDKTN, Family
from compat.migrations.stages import plan_hops
from compat.snapshot import load_snapshot


@pytest.mark.parametrize("family", [CDKTF, CDKTN])
def test_the_node_floor_names_the_cli_of_the_hops_family(family: Family) -> None:
    snapshot = load_snapshot()
    hops = plan_hops(snapshot, family, None, None, uses_bindings=False)
    floors = [line for hop in hops for line in hop.changes if line.startswith("Node.js >=")]
    assert floors, "no hop of the snapshot records a Node.js floor"
    other = CDKTN if family is CDKTF else CDKTF
    assert all(f"({family.core}-cli " in line for line in floors), floors
    assert not any(f"{other.core}-cli" in line for line in floors), floors


def test_a_project_already_on_the_family_lists_no_hop_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--to cdktf`` on cdktf 0.20 + cdktf-cdktf-provider-aws 19.60.1 listed 21 hops from cdktf 0.1.0
    (downgrades of 81 AWS minors); only the hops ahead of the installed bindings' core are a plan."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "requirements.txt").write_text("cdktf==0.20.11\ncdktf-cdktf-provider-aws==19.60.1\n")
    (root / "main.py").write_text("from cdktf_cdktf_provider_aws.provider import AwsProvider\n")
    main(["migrate", str(root), "--to", "cdktf", "--offline", "--format", "json"])
    cores = [Version(h["core"]) for h in json.loads(capsys.readouterr().out)["hops"]]
    assert cores and min(cores) >= Version("0.20.0"), cores
    assert Version("0.21.0") in cores  # the hop ahead is still shown


def test_a_core_release_of_the_same_family_the_projects_python_rules_out_is_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ChanghoonHyun/cdktf-example: Pipfile python_version 3.7, cdktf only; `--to cdktf==latest` pinned
    cdktf 0.21.0 (Requires-Python ~=3.9) with 0 unresolved, exit 0, and `pipenv lock` failed."""
    root = tmp_path / "p"
    root.mkdir()
    (root / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (root / "Pipfile").write_text('[requires]\npython_version = "3.8"\n\n[packages]\ncdktf = "==0.20.11"\n')
    (root / "main.py").write_text("from cdktf import App\n")
    code = main(["migrate", str(root), "--to", "cdktf==0.21.0", "--offline", "--format", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1
    (item,) = [u for u in payload["unresolved"] if u["symbol"] == "cdktf==0.21.0"]
    assert "needs Python ~=3.9" in item["reason"]
    cores = [Version(h["core"]) for h in payload["hops"]]
    assert cores and min(cores) >= Version("0.20.0"), cores  # no hop back below the installed core
