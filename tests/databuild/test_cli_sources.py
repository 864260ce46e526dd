"""Feature and function rows read from a local git repository of each CLI (``--terraform-source``),
on small recorded excerpts of Terraform's and OpenTofu's ``descriptions.go`` and ``CHANGELOG.md``."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from compat.check import CheckOptions, run_check
from compat.check.rules._functions import source_function_table
from compat.cli import main
from compat.databuild.cli_sources import CliSource, changelog_version, function_table
from compat.errors import CompatError
from compat.snapshot import parse_snapshot
from tests.check import fakes
from tests.check.helpers import make_project

# excerpts of internal/lang/funcs/descriptions.go (Terraform v1.14 / v1.15 / v1.16)
_GO = "package funcs\n\nvar DescriptionList = map[string]descriptionEntry{\n{rows}}}\n"
_ROW = '\t"{name}": {{\n\t\tDescription: "`{name}` ...",\n\t}},\n'

# excerpts of the CHANGELOG.md of Terraform's v1.16 and OpenTofu's v1.12 branch
TF_116 = """## 1.16.0 (Unreleased)

NEW FEATURES:

* `terraform_data`: The new `store` block can hold ephemeral and sensitive values across plan and apply. ([#38298](https://github.com/hashicorp/terraform/issues/38298))

ENHANCEMENTS:

* Resource `lifecycle` blocks now support `destroy = false` to prevent a resource from being destroyed. ([#38784](https://github.com/hashicorp/terraform/issues/38784))
* Resource action triggers can now use `on_failure` modes of `halt`, `taint`, or `continue`. ([#38722](https://github.com/hashicorp/terraform/issues/38722))
"""
TF_115 = """## 1.15.1

BUG FIXES:

* a fix ([#38001](https://github.com/hashicorp/terraform/issues/38001))

## 1.15.0
"""
TOFU_112 = """## 1.12.1

BUG FIXES:

- `lifecycle { destroy = false }` with replacement ([#4324](https://github.com/opentofu/opentofu/issues/4324))

## 1.12.0

ENHANCEMENTS:

- New `lifecycle` meta-argument `destroy`: ... ([#3409](https://github.com/opentofu/opentofu/pull/3409))
- `import` blocks now allow ... `identity` argument ([#3671](https://github.com/opentofu/opentofu/pull/3671))
- Input variables can now be declared as `const = true` ([#3946](https://github.com/opentofu/opentofu/pull/3946))
"""


def _descriptions(*names: str) -> str:
    return _GO.replace("{rows}", "".join(_ROW.format(name=n) for n in names))


def _git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
    }
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env
    ).stdout


def _repository(root: Path, branches: dict[str, dict[str, str]]) -> Path:
    """A git repository with one commit per release branch, holding ``files``."""
    root.mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    for branch, files in branches.items():
        _git(root, "checkout", "-q", "--orphan", branch)
        _git(root, "rm", "-rfq", "--ignore-unmatch", ".")
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        _git(root, "add", "-A")
        _git(root, "commit", "-qm", branch, "--allow-empty")
    return root


GO = "internal/lang/funcs/descriptions.go"


@pytest.fixture(scope="module")
def terraform(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _repository(
        tmp_path_factory.mktemp("tf") / "terraform",
        {
            "v1.3": {"CHANGELOG.md": "## 1.3.0\n"},  # before descriptions.go existed
            "v1.14": {GO: _descriptions("abs", "upper", "oldfunc"), "CHANGELOG.md": "## 1.14.0\n"},
            "v1.15": {GO: _descriptions("abs", "upper", "convert"), "CHANGELOG.md": TF_115},
            "v1.16": {GO: _descriptions("abs", "upper", "convert"), "CHANGELOG.md": TF_116},
        },
    )


@pytest.fixture(scope="module")
def opentofu(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _repository(
        tmp_path_factory.mktemp("tofu") / "opentofu",
        {
            "v1.11": {GO: _descriptions("abs", "upper", "urldecode"), "CHANGELOG.md": "## 1.11.0\n"},
            "v1.12": {GO: _descriptions("abs", "upper", "urldecode"), "CHANGELOG.md": TOFU_112},
        },
    )


def test_function_rows_have_their_first_branch_and_source(terraform: Path) -> None:
    table = function_table(CliSource("terraform", terraform))
    assert (table["from"], table["through"]) == ("1.14.0", "1.16")
    rows = table["functions"]
    assert rows["convert"]["since"] == "1.15.0" and rows["abs"]["since"] == "1.14.0"
    assert rows["oldfunc"]["removed_in"] == "1.15.0"
    commit = table["branches"]["1.15"]
    assert rows["convert"]["source"] == (
        f"https://github.com/hashicorp/terraform/blob/{commit}/{GO} (branch v1.15)"
    )


def test_a_changelog_entry_gives_the_first_release_that_names_it(terraform: Path, opentofu: Path) -> None:
    version, source = changelog_version(CliSource("terraform", terraform), "38784") or ("", "")
    assert version == "1.16.0" and "branch v1.16, section 1.16.0 (Unreleased)" in source
    # the 1.12.1 bug fix mentions `destroy = false` too; the feature's own entry is in 1.12.0
    assert (changelog_version(CliSource("opentofu", opentofu), "3409") or ("",))[0] == "1.12.0"
    assert changelog_version(CliSource("opentofu", opentofu), "99999") is None


def test_a_directory_without_release_branches_is_one_error(tmp_path: Path) -> None:
    repo = _repository(tmp_path / "r", {"main2": {"README": "x"}})
    with pytest.raises(CompatError, match="no release branches"):
        CliSource("terraform", repo).branches()


def _tables_snapshot(tmp_path: Path, terraform: Path, opentofu: Path) -> Path:
    out = tmp_path / "releases.json"
    out.write_text(json.dumps({"schema": 1, "built_at": "test", "packages": {}, "features": []}))
    command = ["data", "build", "--cli-tables-only", "--out", str(out)]
    assert main([*command, "--terraform-source", str(terraform), "--opentofu-source", str(opentofu)]) == 0
    return out


def test_cli_tables_only_writes_rows_with_their_sources(
    tmp_path: Path, terraform: Path, opentofu: Path
) -> None:
    document = json.loads(_tables_snapshot(tmp_path, terraform, opentofu).read_text())
    rows = {row["key"]: row for row in document["features"]}
    destroy = rows["lifecycle_destroy"]
    assert (destroy["min_terraform"], destroy["min_opentofu"]) == ("1.16.0", "1.12.0")
    assert (
        "hashicorp/terraform/blob/" in destroy["source"] and "opentofu/opentofu" in destroy["opentofu_source"]
    )
    assert rows["variable_const"]["only"] == "opentofu"
    # OpenTofu's side of a built-in row comes from its changelog; Terraform's side is kept
    assert rows["import_identity"]["min_terraform"] == "1.12.0"
    assert "section 1.12.0" in rows["import_identity"]["opentofu_source"]
    table = source_function_table(parse_snapshot(document).cli_functions)
    assert table is not None and set(table.rows) == {"convert", "oldfunc", "urldecode"}
    assert document["cli_functions"]["terraform"]["through_date"][:4].isdigit()  # status shows its age


def test_a_build_without_sources_keeps_what_was_read(tmp_path: Path, terraform: Path, opentofu: Path) -> None:
    from compat.databuild.build import cli_tables_for

    out = _tables_snapshot(tmp_path, terraform, opentofu)
    kept = cli_tables_for(out, None, None, print)
    assert set(kept.functions) == {"terraform", "opentofu"}
    assert {row.key for row in kept.features} >= {"lifecycle_destroy", "variable_const", "import_identity"}


STACK = """\
from cdktf import Fn, TerraformOutput

TerraformOutput(None, "a", value=Fn.convert("1", "number"))
TerraformOutput(None, "b", value=Fn.urldecode("a%20b"))
"""
SYNTH = json.dumps(
    {
        "resource": {"null_resource": {"n": {"lifecycle": {"destroy": False}}}},
        "variable": {"v": {"const": True}},
    }
)


@pytest.mark.parametrize(
    ("cli", "version", "expected"),
    [
        ("terraform", "1.16.2", {("SYN004", "Fn.urldecode"), ("SYN002", "variable.v.const")}),
        (
            "terraform",
            "1.15.0",
            {
                ("SYN004", "Fn.urldecode"),
                ("SYN001", "resource.null_resource.n.lifecycle.destroy"),
                ("SYN002", "variable.v.const"),
            },
        ),
        (
            "terraform",
            "1.14.0",
            {
                ("SYN004", "Fn.urldecode"),
                ("SYN004", "Fn.convert"),
                ("SYN001", "resource.null_resource.n.lifecycle.destroy"),
                ("SYN002", "variable.v.const"),
            },
        ),
        # past the tables (Terraform 1.17): a function the tables lack is not judged
        ("terraform", "1.17.0", {("SYN002", "variable.v.const")}),
        ("opentofu", "1.12.6", {("SYN004", "Fn.convert")}),
        (
            "opentofu",
            "1.11.0",
            {
                ("SYN004", "Fn.convert"),
                ("SYN001", "resource.null_resource.n.lifecycle.destroy"),
                ("SYN001", "variable.v.const"),
            },
        ),
    ],
)
def test_check_judges_functions_and_features_with_the_rows_read(
    tmp_path: Path, terraform: Path, opentofu: Path, cli: str, version: str, expected: set[tuple[str, str]]
) -> None:
    document = json.loads(_tables_snapshot(tmp_path, terraform, opentofu).read_text())
    base = fakes.snapshot()
    read = parse_snapshot(document)
    base.features, base.cli_functions = read.features, read.cli_functions
    root = make_project(tmp_path / "p", {"main.py": STACK}, terraform=None)
    (root / "cdktf.out/stacks/s").mkdir(parents=True)
    (root / "cdktf.out/stacks/s/cdk.tf.json").write_text(SYNTH)
    options = CheckOptions(select=("SYN001", "SYN002", "SYN004"), **{cli: version})  # type: ignore[arg-type]
    result = run_check(root, options, snapshot=base, index_loader=fakes.loader())
    assert {(f.code, f.symbol) for f in result.findings} == expected
    for finding in result.findings:
        if finding.code == "SYN004":
            assert "https://github.com/hashicorp/terraform" in finding.message


def test_data_diff_shows_function_rows_and_changed_core_facts(
    tmp_path: Path, terraform: Path, opentofu: Path
) -> None:
    from compat.databuild.diff import diff_snapshots, render_markdown

    def core(floor: str | None) -> dict[str, object]:
        row = {"version": "0.24.0.dev1", "uploaded": "", "requires_python": None, "yanked": False}
        return {"kind": "core", "releases": [{**row, "node_min": "22.19.0", "terraform_min": floor}]}

    old = parse_snapshot(
        {"schema": 1, "built_at": "old", "packages": {"cdktn": core("1.2.0")}, "features": []}
    )
    document = json.loads(_tables_snapshot(tmp_path, terraform, opentofu).read_text())
    new = parse_snapshot({**document, "packages": {"cdktn": core(None)}})
    text = render_markdown(diff_snapshots(old, new))
    assert "- changed Terraform floor 1.2.0 -> unknown: 0.24.0.dev1" in text
    assert "- terraform: `convert` since 1.15.0 (https://github.com/hashicorp/terraform/blob/" in text
    assert "- opentofu: `urldecode`" not in text  # listed on the first branch read: no news
    assert "- lifecycle_destroy: Terraform >= 1.16.0, OpenTofu >= 1.12.0" in text
