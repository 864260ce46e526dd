"""SYN001 / SYN002 on a real synthesized cdk.tf.json and on add_override paths in the source."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from packaging.version import Version

from compat.check import CheckOptions, run_check
from compat.check.features import detect, gates, judge
from tests.check import fakes
from tests.check.helpers import check, make_project
from tests.conftest import FIXTURES

SYNTH = FIXTURES / "check" / "synth-project"


def _synth(tmp_path: Path, terraform: str) -> list[tuple[str, str, str | None]]:
    root = tmp_path / "synth"
    shutil.copytree(SYNTH, root)
    result = run_check(
        root,
        CheckOptions(terraform=terraform, select=("synth",)),
        snapshot=fakes.snapshot(),
        index_loader=fakes.loader(),
    )
    return [(f.code, f.severity, f.symbol) for f in result.findings if f.path.endswith("cdk.tf.json")]


def test_real_synth_output_on_terraform_1_5_7(tmp_path: Path) -> None:
    found = _synth(tmp_path, "1.5.7")
    assert ("SYN001", "error", "terraform.backend.s3.use_lockfile") in found
    assert ("SYN001", "error", "resource.aws_rds_cluster.db.master_password_wo") in found
    assert ("SYN001", "error", "output.arn_parts.value") in found  # provider::aws::arn_parse
    assert not any(symbol == "import" for _, _, symbol in found)  # import blocks: 1.5, fine on 1.5.7
    assert not any(code == "SYN002" for code, _, _ in found)  # role_arn still accepted by 1.5.7


def test_real_synth_output_on_terraform_1_11_4(tmp_path: Path) -> None:
    found = _synth(tmp_path, "1.11.4")
    assert found == [("SYN002", "error", "terraform.backend.s3.role_arn")]


def test_real_synth_output_on_terraform_1_4_6_flags_import_blocks(tmp_path: Path) -> None:
    assert ("SYN001", "error", "import") in _synth(tmp_path, "1.4.6")


def test_findings_in_json_point_at_the_key_line(tmp_path: Path) -> None:
    root = tmp_path / "synth"
    shutil.copytree(SYNTH, root)
    result = run_check(
        root,
        CheckOptions(terraform="1.5.7", select=("SYN001",)),
        snapshot=fakes.snapshot(),
        index_loader=fakes.loader(),
    )
    text = (root / "cdktf.out/stacks/stack/cdk.tf.json").read_text().splitlines()
    lockfile = next(f for f in result.findings if f.symbol == "terraform.backend.s3.use_lockfile")
    assert '"use_lockfile"' in text[lockfile.line - 1]
    # the key under resource.aws_rds_cluster.db, not the same word in the "//" metadata above it
    wanted = "resource.aws_rds_cluster.db.master_password_wo"
    write_only = next(f for f in result.findings if f.symbol == wanted)
    assert '"master_password_wo": "secret"' in text[write_only.line - 1]


@pytest.mark.parametrize(
    ("terraform", "expected"),
    [
        ("1.5.7", [("SYN001", "error")]),
        ("1.9.8", [("SYN001", "error")]),
        ("1.10.5", [("SYN001", "warning")]),  # experimental in 1.10
        ("1.11.4", []),
    ],
)
def test_use_lockfile_override(tmp_path: Path, terraform: str, expected: list[tuple[str, str]]) -> None:
    root = make_project(
        tmp_path / "p",
        {
            "stack.py": (
                "from cdktf import TerraformStack\n"
                "class S(TerraformStack):\n"
                "    def __init__(self, scope, id_):\n"
                "        super().__init__(scope, id_)\n"
                "        self.add_override('terraform.backend.s3.use_lockfile', True)\n"
            )
        },
        terraform=terraform,
    )
    result = check(root)
    assert [(f.code, f.severity) for f in result.findings] == expected
    if expected:
        assert (result.findings[0].path, result.findings[0].line) == ("stack.py", 5)


def test_s3_backend_keyword_and_write_only_keyword_in_source(tmp_path: Path) -> None:
    root = make_project(
        tmp_path / "p",
        {
            "stack.py": (
                "from cdktf import S3Backend\n"
                "from cdktf_cdktf_provider_aws.rds_cluster import RdsCluster\n"
                "S3Backend(None, bucket='b', key='k', role_arn='arn')\n"
                "RdsCluster(None, 'db', engine='aurora-postgresql', master_password_wo='x')\n"
            )
        },
        terraform="1.10.0",
    )
    assert [(f.code, f.line) for f in check(root).findings] == [("SYN002", 3), ("SYN001", 4)]


def test_snapshot_feature_rows_replace_the_defaults() -> None:
    from compat.snapshot import TerraformFeature

    row = TerraformFeature("import_block", "import blocks", "1.6.0", None, None, "test")
    assert judge(gates([row])["import_block"], Version("1.5.7")) is not None
    assert judge(gates()["import_block"], Version("1.5.7")) is None


def test_detect_reads_nested_lifecycle_conditions() -> None:
    doc = json.loads('{"resource": {"aws_s3_bucket": {"b": {"lifecycle": {"precondition": [{}]}}}}}')
    assert [u.key for u in detect(doc)] == ["lifecycle_precondition"]


def test_unparseable_synth_output_is_one_finding(tmp_path: Path) -> None:
    root = tmp_path / "synth"
    shutil.copytree(SYNTH, root)
    (root / "cdktf.out/stacks/broken").mkdir()
    (root / "cdktf.out/stacks/broken/cdk.tf.json").write_text('{\n  "terraform": {,\n}\n')
    result = run_check(
        root, CheckOptions(terraform="1.5.7"), snapshot=fakes.snapshot(), index_loader=fakes.loader()
    )
    errors = [(f.code, f.path, f.line) for f in result.findings if f.code == "SRC001"]
    assert errors == [("SRC001", "cdktf.out/stacks/broken/cdk.tf.json", 2)]
    assert any(f.code == "SYN001" for f in result.findings)  # the good stack is still checked


def test_features_newer_than_the_pinned_provider(tmp_path: Path) -> None:
    """provider::aws:: functions need AWS >= 5.40 and write-only arguments >= 5.87: 19.0.0 is 5.31.0."""
    root = tmp_path / "synth"
    shutil.copytree(SYNTH, root)
    (root / "requirements.txt").write_text("cdktf==0.20.12\ncdktf-cdktf-provider-aws==19.0.0\n")
    result = run_check(
        root,
        CheckOptions(terraform="1.11.4", select=("SYN003",)),
        snapshot=fakes.snapshot(),
        index_loader=fakes.loader(),
    )
    assert sorted(f.symbol or "" for f in result.findings) == [
        "output.arn_parts.value",
        "resource.aws_rds_cluster.db.master_password_wo",
        "resource.aws_rds_cluster.db.master_password_wo_version",
    ]
    assert all("5.31.0" in f.message for f in result.findings)
    (root / "requirements.txt").write_text("cdktf==0.20.12\ncdktf-cdktf-provider-aws==19.65.1\n")
    result = run_check(
        root,
        CheckOptions(terraform="1.11.4", select=("SYN003",)),
        snapshot=fakes.snapshot(),
        index_loader=fakes.loader(),
    )
    assert result.findings == ()
