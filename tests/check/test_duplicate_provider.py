"""VER010 on Python projects for every provider with a prebuilt package, not only AWS: minimal reproductions.

The rows are the release data's (``compat data build``; npm ``cdktf.provider.version``):
cdktf-cdktf-provider-google 12.0.0 is built for google 5.2.0, cdktf-cdktf-provider-azurerm 11.3.0 for
azurerm 3.86.0, both with ``cdktf<0.20.0,>=0.19.0``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compat.check import CheckOptions, run_check
from compat.check.model import Finding
from compat.snapshot import Snapshot, parse_snapshot
from tests.check import fakes

GOOGLE = "cdktf-cdktf-provider-google"
AZURERM = "cdktf-cdktf-provider-azurerm"

PREBUILT_MAIN = """\
from cdktf import App, TerraformStack
from cdktf_cdktf_provider_google.provider import GoogleProvider
from cdktf_cdktf_provider_azurerm.provider import AzurermProvider
"""


def _row(version: str, provider: str | None, source: str) -> dict[str, Any]:
    row = fakes.binding_row(version, provider or "", "cdktf<0.20.0,>=0.19.0", "~=3.8")
    row["provider_source"] = f"registry.terraform.io/hashicorp/{source}"
    if provider is None:  # a release whose provider version the data does not know
        row["provider_version"] = None
        row["provider_version_from"] = None
    return row


def _snapshot() -> Snapshot:
    core = {"version": "0.19.2", "uploaded": "", "requires_python": "~=3.7", "yanked": False}
    return parse_snapshot(
        {
            "schema": 1,
            "built_at": "test",
            "features": [],
            "packages": {
                fakes.PKG: {
                    "kind": "bindings",
                    "releases": [fakes.binding_row("18.0.0", "5.26.0", "cdktf<0.20,>=0.19", "~=3.8")],
                },
                GOOGLE: {
                    "kind": "bindings",
                    "releases": [_row("12.0.0", "5.2.0", "google"), _row("12.0.1", None, "google")],
                },
                AZURERM: {"kind": "bindings", "releases": [_row("11.3.0", "3.86.0", "azurerm")]},
                "cdktf": {"kind": "core", "releases": [core]},
            },
        }
    )


def _project(
    root: Path,
    main: str,
    providers: list[str],
    *,
    google: str = '"==12.0.0"',
    output: str = "imports",
    aws: bool = False,
) -> Path:
    root.mkdir(parents=True)
    aws_pin = 'cdktf-cdktf-provider-aws = "==18.0.0"\n' if aws else ""
    (root / "Pipfile").write_text(
        f'[packages]\ncdktf = "==0.19.2"\n{aws_pin}{GOOGLE} = {google}\n{AZURERM} = "==11.3.0"\n\n'
        '[requires]\npython_version = "3.11"\n'
    )
    config = {"language": "python", "app": "python main.py", "terraformProviders": providers}
    (root / "cdktf.json").write_text(json.dumps({**config, "codeMakerOutput": output}, indent=2) + "\n")
    (root / "main.py").write_text(main)
    return root


def _ver010(root: Path) -> list[Finding]:
    options = CheckOptions(select=("VER010",), offline=True, terraform="1.5.7")
    return list(run_check(root, options, snapshot=_snapshot()).findings)


def test_every_prebuilt_provider_beside_its_entry_is_a_duplicate_source(tmp_path: Path) -> None:
    """The miss of the Python check: google and azurerm entries beside their imported prebuilt packages."""
    root = _project(tmp_path / "p", PREBUILT_MAIN, ["google@~> 5.0", "azurerm@~> 3.0"])
    google, azurerm = _ver010(root)
    assert [(f.path, f.line, f.severity, f.symbol) for f in (google, azurerm)] == [
        ("cdktf.json", 5, "warning", "google@~> 5.0"),
        ("cdktf.json", 6, "warning", "azurerm@~> 3.0"),
    ]
    assert google.message == (
        "cdktf.json lists google@~> 5.0 while cdktf-cdktf-provider-google 12.0.0 (built for google 5.2.0) is "
        "installed and imported: two sources of truth for the 'google' provider (cdktf get still generates "
        "bindings for the entry)"
    )
    assert google.suggestion == (
        "drop google@~> 5.0 from terraformProviders; the code uses cdktf_cdktf_provider_google"
    )
    assert "azurerm 3.86.0" in azurerm.message


@pytest.mark.parametrize(
    ("main", "providers", "why"),
    [
        ("from cdktf import App\n", ["google@~> 5.0"], "installed, never imported"),
        (
            "from cdktf import App\nfrom imports.google.compute_instance import ComputeInstance\n",
            ["google@~> 5.0"],
            "the code imports only the bindings generated from the entry",
        ),
        (PREBUILT_MAIN, ["google@~> 4.0"], "the entry excludes google 5.2.0: VER001's disagreement"),
        (PREBUILT_MAIN, ["hashicorp/random@~> 3.0"], "no prebuilt package of that provider"),
    ],
)
def test_no_duplicate_without_both_sources_agreeing(
    tmp_path: Path, main: str, providers: list[str], why: str
) -> None:
    assert _ver010(_project(tmp_path / "p", main, providers)) == [], why


def test_both_sources_imported_is_a_duplicate_whose_entry_stays_until_the_imports_move(
    tmp_path: Path,
) -> None:
    """The code imports the prebuilt google package and bindings generated from the google entry: in cdktf's
    core only the provider construct writes required_providers, so one source's classes run against the other
    source's provider version. Reported, as for the AWS bindings, with the imports to move first."""
    main = PREBUILT_MAIN + "from imports.google.compute_instance import ComputeInstance\n"
    root = _project(tmp_path / "p", main, ["hashicorp/google@~> 5.0", "hashicorp/azurerm@~> 3.0"])
    google, azurerm = _ver010(root)
    assert (google.line, google.symbol, azurerm.line) == (5, "hashicorp/google@~> 5.0", 6)
    assert "the code imports the bindings generated from the entry too (main.py:4)" in google.message
    assert google.suggestion == (
        "keep hashicorp/google@~> 5.0 while the code imports the bindings generated from it (main.py:4); "
        "to use one source, move those imports to cdktf_cdktf_provider_google first, then drop the entry"
    )
    assert azurerm.suggestion == (
        "drop hashicorp/azurerm@~> 3.0 from terraformProviders; the code uses cdktf_cdktf_provider_azurerm"
    )


def test_an_unknown_build_or_an_unknown_import_name_is_no_finding(tmp_path: Path) -> None:
    """12.0.1's provider version is not in the data: nothing is reported on a guess."""
    unknown = _project(tmp_path / "p", PREBUILT_MAIN, ["google@~> 5.0"], google='"==12.0.1"')
    assert _ver010(unknown) == []


@pytest.mark.parametrize("output", [".gen", "gen-imports"])
def test_a_folder_that_is_no_import_name_is_reached_only_through_sys_path(
    tmp_path: Path, output: str
) -> None:
    """codeMakerOutput ``.gen`` (the default) or ``gen-imports`` is no Python package name: the code reaches
    its bindings only with the folder on sys.path, importing ``google`` as a top-level module. Without such
    an import the entry's bindings are unused (reported); with one, which source the code uses is unknown."""
    [finding] = _ver010(_project(tmp_path / "p", PREBUILT_MAIN, ["google@~> 5.0"], output=output))
    assert (finding.symbol, finding.suggestion) == (
        "google@~> 5.0",
        "drop google@~> 5.0 from terraformProviders; the code uses cdktf_cdktf_provider_google",
    )
    on_path = PREBUILT_MAIN + "import sys\nsys.path.append('gen')\nfrom google.compute_instance import X\n"
    assert _ver010(_project(tmp_path / "q", on_path, ["google@~> 5.0"], output=output)) == []
    # a nested codeMakerOutput whose last folder the code imports as a top-level module (run from src/)
    nested = PREBUILT_MAIN + "from imports.google.compute_instance import ComputeInstance\n"
    assert _ver010(_project(tmp_path / "r", nested, ["google@~> 5.0"], output="src/imports")) == []
    assert len(_ver010(_project(tmp_path / "s", PREBUILT_MAIN, ["google@~> 5.0"], output="src/imports"))) == 1


def test_an_assumed_version_says_what_was_assumed(tmp_path: Path) -> None:
    """A range no lock settles: the release the installer would pick today, and the finding says so; a pick
    whose build the data does not know (12.0.1) is no finding."""
    ranged = _project(tmp_path / "p", PREBUILT_MAIN, ["google@~> 5.0"], google='"<12.0.1"')
    [finding] = _ver010(ranged)
    assert finding.severity == "warning" and "assumed:" in finding.message
    assert "cdktf-cdktf-provider-google 12.0.0" in finding.message
    newest = _project(tmp_path / "q", PREBUILT_MAIN, ["google@~> 5.0"], google='">=11"')
    assert _ver010(newest) == []


def test_the_family_aws_entry_is_reported_once(tmp_path: Path) -> None:
    """The AWS bindings by the same definition as the other providers, one finding an entry."""
    main = PREBUILT_MAIN + "from cdktf_cdktf_provider_aws.vpc import Vpc\n"
    root = _project(tmp_path / "p", main, ["aws@~> 5.0", "google@~> 5.0"], aws=True)
    assert [f.symbol for f in _ver010(root)] == ["aws@~> 5.0", "google@~> 5.0"]


def test_the_family_aws_bindings_follow_the_one_definition(tmp_path: Path) -> None:
    """Before, the family's AWS bindings had a wider policy of their own: a project importing neither source
    (a template) was reported. Now the AWS entry is judged as every other: not reported unless the code
    imports the prebuilt package; imported beside the generated bindings, reported with the keep advice."""
    neither = _project(tmp_path / "p", "from cdktf import App\n", ["aws@~> 5.0"], aws=True)
    assert _ver010(neither) == []
    both = "from cdktf_cdktf_provider_aws.vpc import Vpc\nfrom imports.aws.s3_bucket import S3Bucket\n"
    [finding] = _ver010(_project(tmp_path / "q", both, ["aws@~> 5.0"], aws=True))
    assert "(built for aws 5.26.0) is installed and imported" in finding.message
    assert (finding.suggestion or "").startswith("keep aws@~> 5.0 while the code imports")
