"""Local bindings (``cdktf get`` into ``imports/``) in ``compat check``: minimal reproductions."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.check import CheckOptions, run_check
from tests.check.helpers import check, make_project
from tests.conftest import indexed

CDKTF = "cdktf-cdktf-provider-aws"

VPC_MAIN = """\
from cdktf import App, TerraformStack
from imports.aws.vpc import Vpc
"""


def test_imported_local_bindings_are_never_to_be_dropped(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": VPC_MAIN}, providers='["aws@~>5.0"]')
    result = check(root)
    assert not [f for f in result.findings if f.code in ("VER001", "VER010")]
    hints = [f.suggestion or "" for f in result.findings]
    assert not [h for h in hints if "drop" in h or "can go" in h]


def test_without_imports_the_duplicate_entry_is_still_reported(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {"main.py": "from cdktf_cdktf_provider_aws.vpc import Vpc\n"},
        providers='["aws@~>5.0"]',
    )
    (finding,) = [f for f in check(root).findings if f.code == "VER010"]
    assert finding.suggestion is not None and finding.suggestion.startswith("drop ")


def test_both_bindings_imported_keeps_the_entry_until_the_imports_move(tmp_path: Path) -> None:
    main = VPC_MAIN + "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n"
    root = make_project(tmp_path / "p", {"main.py": main}, providers='["aws@~>5.0"]')
    (finding,) = [f for f in check(root).findings if f.code == "VER010"]
    assert finding.suggestion is not None and finding.suggestion.startswith("keep aws@~>5.0")
    assert "main.py:2" in finding.suggestion


def test_version_mismatch_with_only_local_bindings_in_use_is_no_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": VPC_MAIN}, providers='["aws@~>4.0"]')
    assert [f.code for f in check(root).findings if f.code == "VER001"] == []
    both = make_project(
        tmp_path / "q", {"main.py": VPC_MAIN + "import cdktf_cdktf_provider_aws\n"}, providers='["aws@~>4.0"]'
    )
    (finding,) = [f for f in check(both).findings if f.code == "VER001"]
    assert "keep the aws entry" in (finding.suggestion or "")


def test_import_of_a_package_nothing_generates_is_imp004(tmp_path: Path) -> None:
    main = VPC_MAIN + "from imports.google.compute_instance import ComputeInstance\n"
    root = make_project(tmp_path / "p", {"main.py": main}, providers='["aws@~>5.0"]')
    (finding,) = [f for f in check(root).findings if f.code == "IMP004"]
    assert (finding.severity, finding.path, finding.line, finding.column) == ("error", "main.py", 3, 6)
    assert finding.symbol == "imports.google.compute_instance" and "'google'" in finding.message


def test_a_package_already_in_the_checkout_is_not_imp004(tmp_path: Path) -> None:
    main = "from imports.google.compute_instance import ComputeInstance\n"
    root = make_project(tmp_path / "p", {"main.py": main, "imports/google/__init__.py": ""})
    assert [f for f in check(root).findings if f.code == "IMP004"] == []


def test_module_entries_generate_packages_too(tmp_path: Path) -> None:
    main = (
        "from imports.vpc import Vpc\n"
        "from imports.eks import Eks\n"
        "from imports.terraform_aws_modules.aws import Eks as OldEks\n"
        "from imports.thing_v2 import Thing\n"
    )  # a spelling the naming rules do not foresee
    root = make_project(tmp_path / "p", {"main.py": main})
    config = root / "cdktf.json"
    config.write_text(
        config.read_text().replace(
            '"terraformProviders": []',
            '"terraformProviders": [], "terraformModules": ['
            '{"name": "vpc", "source": "terraform-aws-modules/vpc/aws"},'
            ' "terraform-aws-modules/eks/aws@~> 19.0", "git::https://example.com/thing-v2.git//modules/x"]',
        )
    )
    assert [f for f in check(root).findings if f.code == "IMP004"] == []


STAND_IN = "approximation: stood in by cdktf-cdktf-provider-aws 20.1.0 (AWS 5.100.0)"


@pytest.mark.skipif(not indexed(CDKTF, "20.1.0"), reason="real index of 20.1.0 not built")
def test_local_aws_imports_are_checked_against_a_stand_in(tmp_path: Path) -> None:
    main = (
        "from imports.aws.s3_bucket import S3Bucket, S3BucketVersioning, S3BucketNoSuchThing\n"
        "S3Bucket(None, 'b', bucket='x', bogus_keyword=1)\n"
    )
    root = make_project(tmp_path / "p", {"main.py": main}, providers='["hashicorp/aws@~>5.0"]')
    result = run_check(root, CheckOptions(offline=True))
    found = [(f.code, f.severity, f.symbol) for f in result.findings if f.path == "main.py"]
    assert found == [
        ("IMP002", "error", "imports.aws.s3_bucket.S3BucketNoSuchThing"),
        ("API001", "warning", "S3Bucket.bogus_keyword"),
    ]
    assert all(STAND_IN in f.message and not f.edits for f in result.findings if f.path == "main.py")
    assert any(STAND_IN in note for note in result.notes)


@pytest.mark.skipif(not indexed(CDKTF, "9.0.51", "15.0.0"), reason="9.0.51/15.0.0 not indexed")
def test_a_name_of_a_newer_provider_than_the_stand_in_is_only_a_warning(tmp_path: Path) -> None:
    # cdktf 0.12 generates per-service modules for every AWS 4.x; per-service releases stop at 4.33.0
    main = (
        "from imports.aws.appconfig import AppconfigExtension\n"
        "from imports.aws.s3 import S3BucketVersioningA, S3BucketNoSuchThing\n"
    )
    root = make_project(
        tmp_path / "p",
        {"main.py": main},
        core="0.12.3",
        bindings="9.0.51",
        providers='["hashicorp/aws@~>4.0"]',
    )
    result = run_check(root, CheckOptions(offline=True))
    found = [(f.code, f.severity, f.symbol) for f in result.findings if f.path == "main.py"]
    assert found == [
        ("IMP002", "warning", "imports.aws.appconfig.AppconfigExtension"),
        ("IMP002", "error", "imports.aws.s3.S3BucketNoSuchThing"),
    ]
    assert all(
        "stood in by cdktf-cdktf-provider-aws 9.0.5" in f.message
        for f in result.findings
        if f.path == "main.py"
    )


CERT_MANAGER = "from imports.io import cert_manager as cm\nfrom imports.k8s import KubeNamespace\n"


def _imp004(root: Path) -> list[str]:
    return [f.symbol or "" for f in check(root).findings if f.code == "IMP004"]


def test_packages_cdk8s_imports_into_the_same_folder_are_not_imp004(tmp_path: Path) -> None:
    # cdk8s-cli reads cdk8s.yaml `imports` and writes them to `importDirectory` (default "imports"):
    # a CRD's module is named from the group inside the file (cert-manager.io: imports/io/cert_manager)
    root = make_project(tmp_path / "p", {"main.py": CERT_MANAGER})
    (root / "cdk8s.yaml").write_text(
        "app: python main.py\nlanguage: python\nimports:\n  - k8s@1.29.0\n"
        "  - https://github.com/cert-manager/cert-manager/releases/download/v1.15.1/cert-manager.crds.yaml\n"
    )
    assert _imp004(root) == []


def test_only_the_modules_cdk8s_names_are_left_alone(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": CERT_MANAGER})
    (root / "cdk8s.yaml").write_text("language: python\nimports:\n  - k8s@1.29.0\n  - certs:=crds/cm.yaml\n")
    assert _imp004(root) == ["imports.io"]  # k8s and certs are cdk8s's; io is nobody's


def test_cdk8s_writing_elsewhere_leaves_imp004(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": CERT_MANAGER})
    (root / "cdk8s.yaml").write_text("importDirectory: k8s_imports\nimports:\n  - k8s\n  - crds/cm.yaml\n")
    assert _imp004(root) == ["imports.io", "imports.k8s"]
    (root / "cdk8s.yaml").write_text("imports: [k8s, [unreadable\n")
    assert _imp004(root) == ["imports.io", "imports.k8s"]
