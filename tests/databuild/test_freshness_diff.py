"""The age of the release data (``data status``, check's notes) and ``compat data diff``."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from compat.cli import main
from compat.databuild.diff import diff_snapshots, render_markdown
from compat.databuild.freshness import age_days, staleness
from compat.snapshot import parse_snapshot

NOW = datetime(2026, 12, 7, tzinfo=timezone.utc)


def _binding(version: str, provider: str) -> dict[str, object]:
    return {
        "version": version,
        "uploaded": "",
        "provider_source": "registry.terraform.io/hashicorp/aws",
        "provider_version": provider,
        "provider_version_from": "npm",
        "core_requirement": "cdktf<0.22,>=0.21",
        "constructs_requirement": None,
        "requires_python": "~=3.9",
        "yanked": False,
        "deprecated": False,
    }


def _document(
    built_at: str, versions: dict[str, str], features: list[dict[str, object]]
) -> dict[str, object]:
    return {
        "schema": 1,
        "built_at": built_at,
        "features": features,
        "packages": {
            "cdktf-cdktf-provider-aws": {
                "kind": "bindings",
                "releases": [_binding(v, p) for v, p in versions.items()],
            }
        },
    }


FEATURE = {
    "key": "import_block",
    "description": "import blocks",
    "min_terraform": "1.5.0",
    "removed_in": None,
    "provider_min": None,
    "source": "https://example.invalid/CHANGELOG.md",
}


def test_age_and_the_one_sentence_past_the_limit() -> None:
    assert age_days("2026-11-28T09:14:30Z", NOW) == 8
    assert age_days("test", NOW) is None
    assert staleness("2026-11-28T09:14:30Z", 30, NOW) is None
    said = staleness("2026-10-01T00:00:00Z", 30, NOW)
    assert said is not None and "67 days old" in said and "compat data refresh" in said


def test_a_refresh_makes_the_data_as_new_as_the_refresh() -> None:
    from compat.snapshot import merge

    base = parse_snapshot(_document("2026-10-01T00:00:00Z", {"21.22.1": "6.25.0"}, []))
    newer = parse_snapshot(_document("2026-12-06T00:00:00Z", {"21.23.0": "6.26.0"}, []))
    assert merge(base, newer).data_date == "2026-12-06T00:00:00Z"
    assert staleness(merge(base, newer).data_date, 30, NOW) is None


def test_diff_names_new_releases_with_their_provider_and_new_feature_rows() -> None:
    old = parse_snapshot(_document("2026-11-01T00:00:00Z", {"21.22.1": "6.25.0"}, []))
    new = parse_snapshot(
        _document("2026-11-28T00:00:00Z", {"21.22.1": "6.25.0", "21.23.0": "6.26.0"}, [FEATURE])
    )
    text = render_markdown(diff_snapshots(old, new))
    assert "1 new release(s) in 1 package(s), 1 new feature row(s)" in text
    assert "- added 21.23.0 (provider 6.26.0, cdktf<0.22,>=0.21, Python ~=3.9)" in text
    assert "- import_block: Terraform >= 1.5.0, OpenTofu not known" in text
    assert render_markdown(diff_snapshots(new, new)).startswith("No change")


def test_data_diff_and_status_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import compat.snapshot
    from compat.paths import data_dir

    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(_document("2026-11-01T00:00:00Z", {"21.22.1": "6.25.0"}, [])))
    new.write_text(json.dumps(_document("2026-11-28T00:00:00Z", {"21.23.0": "6.26.0"}, [])))
    assert main(["data", "diff", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "- added 21.23.0" in out and "- removed 21.22.1" in out
    # the embedded snapshot is the old one (the committed data may be built today: age 0)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "releases.json").write_text(old.read_text())
    monkeypatch.setenv("COMPAT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(compat.snapshot, "_loaded", None)
    data_dir.cache_clear()
    try:
        assert main(["data", "status", "--max-age", "0", "--format", "json"]) == 0
    finally:
        data_dir.cache_clear()
    report = json.loads(capsys.readouterr().out)
    assert isinstance(report["embedded"]["age_days"], int) and report["max_age_days"] == 0
    assert "days old" in report["too_old"]


def test_the_refresh_workflow_runs_commands_compat_has(capsys: pytest.CaptureFixture[str]) -> None:
    import re

    workflow = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "refresh.yml"
    text = workflow.read_text(encoding="utf-8")
    assert "schedule:" in text and "create-pull-request" in text
    commands = {tuple(m.group(1).split()) for m in re.finditer(r"\bcompat (data \w+)", text)}
    assert {("data", "refresh"), ("data", "build"), ("data", "diff")} <= commands
    for command in commands:
        assert main([*command, "--help"]) == 0, command
    capsys.readouterr()
