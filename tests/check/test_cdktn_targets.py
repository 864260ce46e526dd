"""SYN005 (a function cdktn 0.24's declared or default targets reject) and VER016 (the other family's
tools in the repository files), through the CLI on minimal projects."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from packaging.version import Version

from compat.cli import main
from compat.versions.npm_semver import NpmRange, cdktn_target, from_hashicorp, starts_at_or_above

MAIN = 'from cdktn import App, Fn\nx = Fn.templatestring("a", {})\ny = Fn.upper("b")\n'


def _project(root: Path, targets: dict[str, str] | None = None, core: str = "0.24.0") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "requirements.txt").write_text(f"cdktn=={core}\n")
    config: dict[str, object] = {"language": "python", "app": "python main.py"}
    if targets is not None:
        config["targetVersions"] = targets
    (root / "cdktf.json").write_text(json.dumps(config, indent=2) + "\n")
    (root / "main.py").write_text(MAIN)
    return root


def _findings(root: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> list[dict[str, object]]:
    capsys.readouterr()
    main(["check", str(root), "--offline", "--format", "json", "--node", "22.19.0", *flags])
    return list(json.loads(capsys.readouterr().out)["findings"])


def test_default_targets_reject_templatestring_even_on_a_new_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p")
    found = [f for f in _findings(root, capsys, "--terraform", "1.16.2") if f["severity"] == "error"]
    assert [(f["code"], f["line"], f["symbol"]) for f in found] == [("SYN005", 2, "Fn.templatestring")]
    assert found[0]["fixable"]
    assert '"targetVersions": {"terraform": ">=1.16.2"}' in str(found[0]["suggestion"])
    main(["check", str(root), "--offline", "--terraform", "1.16.2", "--node", "22.19.0", "--fix"])
    config = json.loads((root / "cdktf.json").read_text())
    assert config == {
        "targetVersions": {"terraform": ">=1.16.2"},
        "language": "python",
        "app": "python main.py",
    }
    assert not [f for f in _findings(root, capsys) if f["code"] in ("SYN004", "SYN005")]


def test_targets_admitting_only_terraform_1_9_are_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", {"terraform": ">=1.9.0"})
    assert not [f for f in _findings(root, capsys) if f["severity"] == "error"]


def test_targets_below_the_function_are_one_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path / "p", {"terraform": "~1.8.0"})
    codes = [f["code"] for f in _findings(root, capsys) if f["severity"] == "error"]
    assert codes == ["SYN004"]  # the CLI compat uses is the targets' own: one cause, one finding
    codes = [f["code"] for f in _findings(root, capsys, "--terraform", "1.16.2") if f["severity"] == "error"]
    assert codes == ["SYN005"]


def test_cores_before_the_validation_are_not_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", core="0.23.4")
    assert not [f for f in _findings(root, capsys, "--terraform", "1.16.2") if f["code"] == "SYN005"]


def test_cdktf_cli_in_ci_next_to_a_cdktn_core(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    root = _project(tmp_path / "infra", {"terraform": ">=1.9.0"})
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "jobs:\n  s:\n    steps:\n      - name: cdktf synth\n        run: |\n"
        "          npm i -g cdktf-cli@0.21.0\n          cdktf synth\n"
    )
    (root / "Makefile").write_text("synth:\n\tcdktf synth\n")
    found = [f for f in _findings(root, capsys) if f["code"] == "VER016"]
    assert [(f["path"], f["line"], f["severity"]) for f in found] == [
        ("../.github/workflows/ci.yml", 6, "error"),
        ("Makefile", 2, "warning"),
    ]
    assert found[0]["related"][0]["line"] == 7
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "jobs:\n  s:\n    steps:\n      - run: npm i -g cdktn-cli@0.24.0 && cdktn synth\n"
    )
    (root / "Makefile").write_text("synth:\n\tcdktn synth\n")
    assert not [f for f in _findings(root, capsys) if f["code"] == "VER016"]


def test_npm_ranges() -> None:
    assert NpmRange.parse(">=1.5.7 || ^1.9").lowest() == [  # type: ignore[union-attr]
        Version("1.5.7"),
        Version("1.9.0"),
    ]
    assert starts_at_or_above("~1.9.0", ">=1.9.0") is True
    assert starts_at_or_above(">=1.5.7", ">=1.9.0") is False
    assert starts_at_or_above(">=1.9.0 || >=1.5.7", ">=1.9.0") is False
    assert starts_at_or_above("~> 1.9", ">=1.9.0") is None  # cdktn rejects "~>"
    assert cdktn_target("~> 1.9") is None and cdktn_target("1.9.x") is not None
    assert from_hashicorp("~> 1.9") == ">=1.9.0 <2.0.0"
    assert from_hashicorp("~> 1.9.3") == ">=1.9.3 <1.10.0"
    assert from_hashicorp(">= 1.5.7, < 2.0") == ">=1.5.7 <2.0.0"


def test_ver002_names_the_cdktn_release_that_fits_a_cdktn_core(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", {"terraform": ">=1.9.0"}, core="0.22.1")
    (root / "requirements.txt").write_text("cdktn==0.22.1\ncdktn-provider-aws==22.1.0\n")
    (found,) = [f for f in _findings(root, capsys) if f["code"] == "VER002"]
    assert found["suggestion"] == "pin cdktn-provider-aws==23.0.0"
    assert "cdktf<0.22.0,>=0.21.0" in str(found["message"]) and "same AWS provider" in str(found["message"])


def test_provider_features_against_default_targets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p")
    (root / "main.py").write_text(
        "from cdktn import TerraformStack\nfrom cdktn_provider_aws.ssm_parameter import SsmParameter\n"
        "class S(TerraformStack):\n    def __init__(self, scope, id):\n        super().__init__(scope, id)\n"
        '        SsmParameter(self, "p", name="x", type="SecureString", value_wo="s", value_wo_version=1)\n'
    )
    stack = root / "cdktf.out" / "stacks" / "s"
    stack.mkdir(parents=True)
    (stack / "cdk.tf.json").write_text(
        '{\n  "ephemeral": {"aws_secretsmanager_secret_version": {"x": {"secret_id": "a"}}},\n'
        '  "output": {"o": {"value": "${provider::aws::arn_parse(\\"x\\")}"}}\n}\n'
    )
    found = [f for f in _findings(root, capsys, "--terraform", "1.16.2") if f["code"] == "SYN005"]
    assert sorted((f["path"], f["line"], f["symbol"]) for f in found) == [
        ("cdktf.out/stacks/s/cdk.tf.json", 2, "ephemeral"),
        ("cdktf.out/stacks/s/cdk.tf.json", 3, "output.o.value"),
        ("main.py", 6, "SsmParameter.value_wo"),
    ]
    (root / "cdktf.json").write_text('{"language": "python", "targetVersions": {"terraform": ">=1.11.0"}}\n')
    assert not [f for f in _findings(root, capsys, "--terraform", "1.16.2") if f["code"] == "SYN005"]
