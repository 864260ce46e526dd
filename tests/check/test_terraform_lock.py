"""VER020: .terraform.lock.hcl against the provider the bindings were built for and cdktf.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.project.terraform_lock import parse_terraform_lock, read_terraform_lock
from tests.check.helpers import check, make_project

MAIN = """\
from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
"""

LOCAL_MAIN = """\
from cdktf import App
from imports.aws.provider import AwsProvider
"""


def lock(version: str, address: str = "registry.terraform.io/hashicorp/aws") -> str:
    """The shape ``terraform init`` writes."""
    return (
        '# This file is maintained automatically by "terraform init".\n'
        "# Manual edits may be lost in future updates.\n\n"
        f'provider "{address}" {{\n'
        f'  version     = "{version}"\n'
        f'  constraints = "{version}"\n'
        "  hashes = [\n"
        '    "h1:bsdPJRav766kmjV62GdSnOmaZTfmSMcLNbKyWS9+5Ms=",\n'
        '    "zh:25776adaba8c01251f02326b356e960f5e7ea1bf5f7e60b3b598792a0a3b5b4f",\n'
        "  ]\n"
        "}\n"
    )


def test_reader_reads_every_provider_block_with_its_line() -> None:
    text = lock("5.31.0") + '\nprovider "registry.opentofu.org/hashicorp/random" {\n  version = "3.6.0"\n}\n'
    aws, random = parse_terraform_lock(text)
    assert (aws.address, str(aws.version), aws.constraints, aws.line) == (
        "registry.terraform.io/hashicorp/aws",
        "5.31.0",
        "5.31.0",
        4,
    )
    assert (random.key, str(random.version), random.constraints, random.line) == (
        "hashicorp/random",
        "3.6.0",
        None,
        13,
    )


@pytest.mark.parametrize(
    "text",
    [
        'provider "x/y/z" {\n  version = var.v\n}\n',
        "terraform {\n}\n",
        'provider "x/y/z" {\n  constraints = "1.0"\n}\n',
        'provider "x/y/z" {\n  version = "not a version"\n}\n',
        'provider "x/y/z" {\n  version = "1.0"\n',
    ],
)
def test_reader_refuses_what_the_cli_never_writes(tmp_path: Path, text: str) -> None:
    path = tmp_path / ".terraform.lock.hcl"
    path.write_text(text)
    found = read_terraform_lock(path)
    assert found.providers == () and found.problem


def test_stack_lock_older_than_the_prebuilt_bindings_is_a_warning_with_the_fix(tmp_path: Path) -> None:
    """cdktf >= 0.15.3 deploy/diff run ``terraform init -upgrade`` on a stale stack lock (PR #2020)."""
    root = make_project(
        tmp_path / "p", {"main.py": MAIN, "cdktf.out/stacks/prod/.terraform.lock.hcl": lock("5.31.0")}
    )
    [finding] = check(root, select=("VER020",)).findings
    assert (finding.code, finding.severity, finding.path, finding.line) == (
        "VER020",
        "warning",
        "cdktf.out/stacks/prod/.terraform.lock.hcl",
        4,
    )
    assert "cdktf (>= 0.15.3) deploy/diff run 'terraform init -upgrade' themselves" in finding.message
    assert "5.31.0" in finding.message and "19.65.1 is built for 5.99.1" in finding.message
    assert finding.suggestion is not None
    assert "terraform init -upgrade' in cdktf.out/stacks/prod" in finding.suggestion


def test_stack_lock_of_a_core_before_the_cli_upgraded_it_stays_an_error(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {"main.py": MAIN, "cdktf.out/stacks/prod/.terraform.lock.hcl": lock("5.31.0")},
        core="0.15.2",
    )
    [finding] = check(root, select=("VER020",)).findings
    assert finding.severity == "error" and "'terraform init' fails" in finding.message


def test_root_lock_older_than_the_prebuilt_bindings_stays_an_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": MAIN, ".terraform.lock.hcl": lock("5.31.0")})
    [finding] = check(root, select=("VER020",)).findings
    assert finding.severity == "error" and "'terraform init' fails" in finding.message


def test_committed_lock_matching_the_bindings_and_opentofu_host_is_clean(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {"main.py": MAIN, ".terraform.lock.hcl": lock("5.99.1", "registry.opentofu.org/hashicorp/aws")},
    )
    assert check(root, select=("VER020",)).findings == ()


def test_opentofu_project_is_told_the_tofu_command(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p", {"main.py": MAIN, ".terraform.lock.hcl": lock("5.31.0")}, terraform=None
    )
    [finding] = check(root, select=("VER020",), opentofu="1.8.0").findings
    assert finding.suggestion is not None and "tofu init -upgrade" in finding.suggestion


def test_bindings_the_code_never_imports_do_not_reach_the_lock(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p", {"main.py": "from cdktf import App\n", ".terraform.lock.hcl": lock("5.31.0")}
    )
    assert check(root, select=("VER020",)).findings == ()


def test_lock_outside_the_cdktf_json_constraint_of_generated_bindings(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {"main.py": LOCAL_MAIN, ".terraform.lock.hcl": lock("4.67.0")},
        providers='["aws@~> 5.0"]',
    )
    [finding] = check(root, select=("VER020",)).findings
    assert (finding.code, finding.line) == ("VER020", 4)
    assert "cdktf.json asks for aws ~> 5.0" in finding.message and "main.py:2" in finding.message


def test_lock_inside_the_cdktf_json_constraint_is_clean(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {"main.py": LOCAL_MAIN, ".terraform.lock.hcl": lock("5.2.0")},
        providers='["aws@~> 5.0"]',
    )
    assert check(root, select=("VER020",)).findings == ()


def test_unreadable_lock_is_one_info_finding(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": MAIN, ".terraform.lock.hcl": "provider {{{\n"})
    [finding] = check(root, select=("VER020",)).findings
    assert (finding.severity, finding.path) == ("info", ".terraform.lock.hcl")
