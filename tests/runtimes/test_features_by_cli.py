"""The feature table judged for Terraform and for OpenTofu, each side with its own source."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.version import Version

from compat.check.features import detect, gates, judge, source_of
from compat.databuild.facts import FEATURES
from compat.snapshot import TerraformFeature
from tests.check.helpers import check, make_project

STACK = """\
{
  "terraform": {"backend": {"s3": {"bucket": "b", "key": "k", "use_lockfile": true}}},
  "resource": {"aws_rds_cluster": {"db": {"engine": "aurora-postgresql", "master_password_wo": "x"}}}
}
"""


def test_every_row_names_a_source_for_each_side_it_judges() -> None:
    for row in FEATURES:
        assert row.source.startswith("https://")
        if row.min_opentofu or row.opentofu_removed_in or row.only:
            assert (row.opentofu_source or "").startswith("https://"), row.key


@pytest.mark.parametrize(
    ("key", "cli", "version", "expected"),
    [
        ("s3_backend_use_lockfile", "opentofu", "1.9.0", "error"),
        ("s3_backend_use_lockfile", "opentofu", "1.10.0", None),
        ("s3_backend_use_lockfile", "terraform", "1.10.0", "warning"),  # experimental in Terraform 1.10
        ("write_only_arguments", "opentofu", "1.10.0", "error"),
        ("write_only_arguments", "opentofu", "1.11.0", None),
        ("provider_functions", "opentofu", "1.7.0", None),
        ("provider_functions", "terraform", "1.7.0", "error"),
        ("ephemeral_resources", "opentofu", "1.10.0", "error"),
        ("ephemeral_resources", "terraform", "1.10.0", None),
        ("s3_backend_use_legacy_workflow", "opentofu", "1.8.0", "error"),
        ("s3_backend_use_legacy_workflow", "opentofu", "1.7.0", None),
        ("s3_backend_role_arn", "opentofu", "1.11.0", None),  # Terraform 1.10 removed it, OpenTofu did not
        ("lifecycle_enabled", "terraform", "1.15.0", "error"),
        ("lifecycle_enabled", "opentofu", "1.11.0", None),
        ("action_block", "opentofu", "1.6.0", None),  # OpenTofu's side unknown: never judged
        ("action_block", "terraform", "1.13.0", "error"),
        ("import_identity", "terraform", "1.11.0", "error"),
    ],
)
def test_judge(key: str, cli: str, version: str, expected: str | None) -> None:
    verdict = judge(gates()[key], Version(version), cli)  # type: ignore[arg-type]
    assert (verdict.severity if verdict else None) == expected
    if verdict is not None:
        assert f"{'OpenTofu' if cli == 'opentofu' else 'Terraform'} {version}" in verdict.message


def test_an_old_snapshot_row_keeps_the_opentofu_side() -> None:
    old = TerraformFeature("s3_backend_use_lockfile", "old text", "1.11.0", None, None, "https://x")
    gate = gates([old])["s3_backend_use_lockfile"]
    assert (gate.min_opentofu, gate.experimental_from, gate.source) == ("1.10.0", "1.10.0", "https://x")
    assert source_of(gate, "opentofu").startswith("https://github.com/opentofu/")


def test_detects_the_newer_language_features() -> None:
    doc = {
        "terraform": {"encryption": {"method": {}}, "backend": {"s3": {"use_legacy_workflow": True}}},
        "import": [{"to": "aws_s3_bucket.b", "identity": {"bucket": "b"}}],
        "action": {"aws_lambda_invoke": {"a": {}}},
        "resource": {"aws_s3_bucket": {"b": {"lifecycle": {"enabled": False}}}},
    }
    keys = {use.key for use in detect(doc)}
    assert {
        "state_encryption",
        "s3_backend_use_legacy_workflow",
        "import_identity",
        "action_block",
        "lifecycle_enabled",
    } <= keys


@pytest.mark.parametrize(
    ("opentofu", "errors"),
    [
        ("1.9.0", ["terraform.backend.s3.use_lockfile", "resource.aws_rds_cluster.db.master_password_wo"]),
        ("1.10.0", ["resource.aws_rds_cluster.db.master_password_wo"]),
        ("1.11.0", []),
    ],
)
def test_synthesized_stack_on_opentofu(tmp_path: Path, opentofu: str, errors: list[str]) -> None:
    root = make_project(tmp_path / "p", {"cdktf.out/stacks/s/cdk.tf.json": STACK}, terraform=None)
    result = check(root, opentofu=opentofu, select=("synth",))
    found = [f for f in result.findings if f.code == "SYN001"]
    assert [f.symbol for f in found] == errors
    assert all(f.severity == "error" and "OpenTofu" in f.message for f in found)
    assert all("https://" in (f.suggestion or "") for f in found)
    assert result.environment.cli == "opentofu"
