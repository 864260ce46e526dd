"""The README's TypeScript example, checked with the real committed snapshot and symbol index."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ts-broken-stack"


def _indexed() -> bool:
    try:
        from compat.index import open_release_index

        return open_release_index("cdktf-cdktf-provider-aws", "19.65.1", offline=True) is not None
    except Exception:
        return False


@pytest.mark.skipif(not _indexed(), reason="no real index of 19.65.1")
def test_ts_broken_stack_shows_version_import_and_prop_findings(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(EXAMPLE), "--offline", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 1
    found = {(f["code"], f["path"], f["line"]) for f in doc["findings"]}
    assert found == {
        ("VER001", "cdktf.json", 6),
        ("VER002", "package.json", 10),
        ("IMP002", "main.ts", 5),
        ("API001", "main.ts", 13),
        ("API004", "main.ts", 23),
        ("API003", "main.ts", 24),
    }
    assert doc["resolved"]["language"] == "typescript"
    assert doc["resolved"]["lock"]["name"] == "package-lock.json"


def test_text_report_names_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(EXAMPLE), "--offline", "--select", "VER"])
    out = capsys.readouterr().out
    assert "language: TypeScript" in out and "(1 TypeScript file)" in out and "python:" not in out


def test_markdown_report_names_node_and_the_language_not_python(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(EXAMPLE), "--offline", "--select", "VER", "--format", "markdown"])
    out = capsys.readouterr().out
    header = out.splitlines()[2]
    assert header.endswith(", TypeScript") and "Python" not in out
    assert "- lock: `package-lock.json` v3 (npm; decides what installs)" in out
