"""The Renovate preset's matchers, run as Renovate's regex manager runs them.

Renovate compiles each ``matchStrings`` entry with RE2 (JavaScript syntax, flag ``g``) and, with
``matchStringsStrategy: "recursive"``, searches each match of one string with the next; named
groups give ``depName`` / ``currentValue``. Python's ``re`` reads the same patterns once
``(?<name>`` is spelled ``(?P<name>``: the patterns use no look-around, back-reference or other
construct where RE2, JavaScript and Python differ (asserted below). ``fileMatch`` is searched in the
repository-relative path.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PRESET = json.loads((REPO / "renovate" / "compat-cdktf.json").read_text())
SELF_HOSTED = json.loads((REPO / "renovate" / "compat-self-hosted.json").read_text())


def _python(pattern: str) -> re.Pattern[str]:
    assert not re.search(r"\(\?[=!]|\(\?<[=!]|\\[1-9]", pattern), "RE2 has no look-around or back-reference"
    return re.compile(pattern.replace("(?<", "(?P<"))


def extract(text: str, path: str = "cdktf.json") -> list[tuple[str, str]]:
    """``(depName, currentValue)`` of every dependency the preset's custom managers find in ``text``."""
    found: list[tuple[str, str]] = []
    for manager in PRESET["customManagers"]:
        assert manager["customType"] == "regex" and manager["matchStringsStrategy"] == "recursive"
        if not any(re.search(pattern, path) for pattern in manager["fileMatch"]):
            continue
        pieces = [text]
        patterns = [_python(p) for p in manager["matchStrings"]]
        for pattern in patterns[:-1]:
            pieces = [m.group(0) for piece in pieces for m in pattern.finditer(piece)]
        found.extend(
            (m["depName"], m["currentValue"]) for piece in pieces for m in patterns[-1].finditer(piece)
        )
    return found


def test_string_entries_in_every_spelling() -> None:
    config = json.dumps(
        {
            "language": "python",
            "app": "pipenv run python main.py",
            "codeMakerOutput": "imports",
            "terraformProviders": [
                "aws@~> 5.0",
                "hashicorp/google@ ~> 6.2",
                "registry.terraform.io/hashicorp/random@3.6.0",
                "integrations/github@>= 6.0, < 7.0",
            ],
            "terraformModules": ["terraform-aws-modules/vpc/aws@5.1.0"],
            "context": {},
        },
        indent=2,
    )
    assert extract(config) == [
        ("aws", "~> 5.0"),
        ("hashicorp/google", "~> 6.2"),
        ("hashicorp/random", "3.6.0"),
        ("integrations/github", ">= 6.0, < 7.0"),
    ]


def test_object_entries_in_either_key_order() -> None:
    config = """{
  "language": "typescript",
  "app": "npx ts-node@10 main.ts",
  "terraformProviders": [
    {"name": "aws", "source": "hashicorp/aws", "version": "~> 5.40"},
    {
      "version": "4.2.0",
      "name": "tls",
      "source": "registry.terraform.io/hashicorp/tls"
    }
  ]
}
"""
    assert sorted(extract(config)) == [("hashicorp/aws", "~> 5.40"), ("hashicorp/tls", "4.2.0")]


def test_only_terraform_providers_are_read() -> None:
    """Strings with ``@`` elsewhere (the app command, modules, context) are not providers."""
    config = json.dumps(
        {
            "app": "ts-node@10",
            "terraformModules": ["org/mod/aws@1.0.0"],
            "terraformProviders": [],
            "context": {"excludeStackIdFromLogicalIds": "true", "x": "aws@1.0"},
        }
    )
    assert extract(config) == []
    assert extract('{"app": "x", "terraformProviders": ["aws@~> 5.0"]}', "infra/package.json") == []


def test_cdktf_json_in_any_folder() -> None:
    assert extract('{"terraformProviders": ["aws@~> 5.0"]}', "infra/stacks/cdktf.json") == [("aws", "~> 5.0")]


@pytest.mark.parametrize(
    "name, grouped",
    [
        ("cdktf", True),
        ("constructs", True),
        ("cdktf-cdktf-provider-aws", True),
        ("cdktf-cdktf-provider-google", True),
        ("@cdktf/provider-aws", True),
        ("cdktn", True),
        ("cdktn-provider-azurerm", True),
        ("@cdktn/provider-random", True),
        ("cdktf-cli", True),
        ("boto3", False),
        ("cdktf-helpers", False),
        ("aws-cdk-lib", False),
    ],
)
def test_the_core_every_prebuilt_package_and_constructs_are_one_group(name: str, grouped: bool) -> None:
    rule = PRESET["packageRules"][0]
    assert rule["groupName"]

    def matches(pattern: str) -> bool:
        if pattern.startswith("/") and pattern.endswith("/"):
            return re.search(pattern[1:-1], name) is not None
        return pattern == name

    assert any(matches(p) for p in rule["matchPackageNames"]) is grouped


def test_self_hosted_recipe_runs_migrate_then_pin() -> None:
    tasks = SELF_HOSTED["packageRules"][0]["postUpgradeTasks"]["commands"]
    assert tasks[0].startswith("compat migrate . --from {{{currentVersion}}} --to {{{newVersion}}} --write")
    assert tasks[1] == "compat pin ."


def test_self_hosted_commands_are_ones_the_cli_accepts(tmp_path: Path) -> None:
    from compat.cli import build_app

    app = build_app(["migrate"])
    import typer.main

    command = typer.main.get_command(app)
    migrate = command.commands["migrate"]  # type: ignore[attr-defined]
    names = {opt for param in migrate.params for opt in getattr(param, "opts", [])}
    assert {"--from", "--to", "--write"} <= names
