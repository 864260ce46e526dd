"""IMP001 / IMP002 over every import form, with the A fix matched by Terraform type."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.check.helpers import check, codes, make_project

HEADER = "from constructs import Construct\n"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # plain, parenthesised and aliased from-imports
        ("from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning\n", [("IMP002", 1)]),
        (
            "from cdktf_cdktf_provider_aws.s3_bucket_versioning import (\n    S3BucketVersioningA,\n"
            "    S3BucketVersioning,\n)\n",
            [("IMP002", 3)],
        ),
        (
            "from cdktf_cdktf_provider_aws.vpc_peering_connection_accepter import "
            "VpcPeeringConnectionAccepter as P\n",
            [("IMP002", 1)],
        ),
        # a module bound by import x.y as z, then attribute use
        ("import cdktf_cdktf_provider_aws.vpc as vpc\nvpc.Subnet\n", [("IMP002", 2)]),
        ("from cdktf_cdktf_provider_aws import vpc\nx = vpc.Subnet(None, 'a')\n", [("IMP002", 2)]),
        (
            "import cdktf_cdktf_provider_aws\n"
            "cdktf_cdktf_provider_aws.s3_bucket_versioning.S3BucketVersioning\n",
            [("IMP002", 2)],
        ),
        # 9.x layout module that 19.x no longer has
        ("from cdktf_cdktf_provider_aws.s3 import S3BucketVersioningA\n", [("IMP001", 1)]),
        ("import cdktf_cdktf_provider_aws.s3 as s3\n", [("IMP001", 1)]),
        # correct imports: nothing
        ("from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioningA\n", []),
        ("from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket, S3BucketVersioning\n", []),
        ("from cdktf_cdktf_provider_aws import vpc\nvpc.Vpc\n", []),
        ("import cdktf_cdktf_provider_aws.vpc as v\nv.Vpc\n", []),
        ("from cdktf_cdktf_provider_aws import AwsProvider\n", []),
        ("from other_package.s3_bucket_versioning import S3BucketVersioning\n", []),
    ],
)
def test_import_forms(tmp_path: Path, source: str, expected: list[tuple[str, int]]) -> None:
    root = make_project(tmp_path / "p", {"stack.py": source})
    result = check(root)
    assert [(c, line) for c, line in codes(result) if c.startswith("IMP")] == expected


def test_a_suffix_fix_is_matched_by_terraform_type(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {
            "stack.py": (
                "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning\n"
                "S3BucketVersioning(None, 'v', bucket='b')\n"
            )
        },
    )
    [finding] = [f for f in check(root).findings if f.code == "IMP002"]
    assert (finding.line, finding.column) == (1, 59)
    assert "S3BucketVersioningA" in (finding.suggestion or "")
    assert "aws_s3_bucket_versioning" in (finding.suggestion or "")
    assert finding.fixable and len(finding.edits) == 2  # the import and the one use


def test_moved_module_is_suggested_and_fixable(tmp_path: Path) -> None:
    source = "from cdktf_cdktf_provider_aws.s3 import S3BucketVersioningA\n"
    root = make_project(tmp_path / "p", {"stack.py": source})
    [finding] = check(root).findings
    assert finding.code == "IMP001"
    assert "cdktf_cdktf_provider_aws.s3_bucket_versioning" in (finding.suggestion or "")
    assert finding.edits[0].new == "cdktf_cdktf_provider_aws.s3_bucket_versioning"


def test_unknown_name_without_a_match_has_no_fix(tmp_path: Path) -> None:
    source = "from cdktf_cdktf_provider_aws.vpc import NoSuchThing\n"
    root = make_project(tmp_path / "p", {"stack.py": source})
    [finding] = check(root).findings
    assert finding.code == "IMP002" and not finding.fixable


def test_file_that_does_not_parse_is_one_finding_and_others_are_checked(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {
            "lib/bad.py": "def broken(:\n",
            "lib/good.py": "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning\n",
        },
    )
    assert codes(check(root)) == [("SRC001", 1), ("IMP002", 1)]


def test_skipped_directories_are_not_checked(tmp_path: Path) -> None:
    bad = "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning\n"
    skipped = ("imports/aws", "cdktf.out/stacks", ".gen", ".venv/lib", "node_modules/a")
    files = {f"{d}/x.py": bad for d in skipped}
    files["venv2/pyvenv.cfg"] = "home = /usr/bin\n"
    files["venv2/lib/x.py"] = bad
    root = make_project(tmp_path / "p", files)
    assert check(root).findings == ()


def test_cdktf_imports_in_a_cdktn_project_are_renamed(tmp_path: Path) -> None:
    from compat.check.fix import apply, plan

    root = tmp_path / "p"
    root.mkdir()
    (root / "requirements.txt").write_text("cdktn==0.24.0\ncdktn-provider-aws==25.7.0\n")
    (root / ".terraform-version").write_text("1.11.4\n")
    (root / "main.py").write_text(
        "from cdktf import App, TerraformStack\n"
        "import cdktf_cdktf_provider_aws.s3_bucket as s3\n"
        "from cdktn_provider_aws.provider import AwsProvider\n"
    )
    result = check(root, select=("IMP003",))
    assert [(f.code, f.line, f.column, f.fixable) for f in result.findings] == [
        ("IMP003", 1, 6, True),
        ("IMP003", 2, 8, True),
    ]
    apply(root, plan(root, result.findings))
    assert (root / "main.py").read_text().splitlines()[:2] == [
        "from cdktn import App, TerraformStack",
        "import cdktn_provider_aws.s3_bucket as s3",
    ]
    assert check(root, select=("IMP003",)).findings == ()


def test_both_families_installed_is_not_an_other_family_import(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", {"main.py": "from cdktn import App\n"})
    (root / "requirements.txt").write_text("cdktn==0.24.0\n")
    assert check(root, select=("IMP003",)).findings == ()


def test_very_deep_expressions_are_reported_not_crashed_on(tmp_path: Path) -> None:
    header = "from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket\n"
    root = make_project(
        tmp_path / "p",
        {
            "deep.py": header + "S3Bucket(None, 'b', bucket=" + " + ".join(["1"] * 2500) + ")\n",  # deep walk
            "deeper.py": header + "x = " + " + ".join(["1"] * 10000) + "\n",  # too deep for the parser
            "other.py": "from cdktf_cdktf_provider_aws.s3_bucket_versioning import S3BucketVersioning\n",
        },
    )
    result = check(root)
    assert codes(result) == [("SRC001", 0), ("IMP002", 1)]
    assert result.findings[0].path == "deeper.py"
    assert any(note.startswith("deep.py:") for note in result.notes)
