"""The README's example projects, checked with the real committed snapshot and symbol index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _real_index_available(version: str) -> bool:
    try:
        from compat.index import open_release_index

        open_release_index("cdktf-cdktf-provider-aws", version, offline=True)
    except Exception:
        return False
    return True


needs_19 = pytest.mark.skipif(not _real_index_available("19.65.1"), reason="no real index of 19.65.1 yet")
needs_21 = pytest.mark.skipif(not _real_index_available("21.22.1"), reason="no real index of 21.22.1 yet")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code = main(["check", *argv, "--offline", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


@needs_19
def test_broken_stack(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = _run(capsys, str(EXAMPLES / "broken-stack"))
    assert code == 1
    found = {(f["code"], f["path"], f["line"]) for f in doc["findings"]}  # type: ignore[union-attr]
    assert found == {
        ("VER001", "cdktf.json", 6),
        ("SYN001", "lib/stack.py", 16),
        ("IMP002", "lib/storage.py", 4),
        ("API005", "lib/storage.py", 18),
        ("API003", "lib/storage.py", 19),
        ("API006", "lib/storage.py", 20),
        ("IMP002", "lib/network.py", 6),
        ("API002", "lib/network.py", 12),
        ("API003", "lib/network.py", 26),
        ("API001", "lib/compute.py", 13),
    }
    by_symbol = {f["symbol"]: f for f in doc["findings"]}  # type: ignore[union-attr]
    assert (
        "S3BucketVersioningA"
        in by_symbol["cdktf_cdktf_provider_aws.s3_bucket_versioning.S3BucketVersioning"]["suggestion"]
    )
    assert (
        "VpcPeeringConnectionAccepterA"
        in by_symbol["cdktf_cdktf_provider_aws.vpc_peering_connection_accepter.VpcPeeringConnectionAccepter"][
            "suggestion"
        ]
    )
    text = json.dumps(doc)
    assert "1.8" not in text  # no claim that AWS 6 needs Terraform 1.8


@needs_21
def test_clean_stack(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = _run(capsys, str(EXAMPLES / "clean-stack"))
    assert code == 0
    assert all(f["severity"] == "warning" for f in doc["findings"])  # type: ignore[union-attr]


@needs_21
def test_clean_stack_on_terraform_1_5_7_flags_use_lockfile(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = _run(capsys, str(EXAMPLES / "clean-stack"), "--terraform", "1.5.7")
    assert code == 1
    assert [f["code"] for f in doc["findings"] if f["severity"] == "error"] == ["SYN001"]  # type: ignore
