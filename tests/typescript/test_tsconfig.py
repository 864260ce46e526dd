"""tsconfig.json ``paths``: read once per file version, plain JSON or JSON5, and never without bound."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.typescript import tsconfig
from compat.typescript.tsconfig import mapped_by_paths

PATHS = '{"compilerOptions": {"paths": {"@cdktf/provider-aws/lib/*": ["./.gen/providers/aws/*"]}}}'


def test_comments_and_trailing_commas_are_read(tmp_path: Path) -> None:
    (tmp_path / "tsconfig.json").write_text("// cdktf get\n" + PATHS[:-1] + ",}")
    assert mapped_by_paths(tmp_path, tmp_path, "@cdktf/provider-aws/lib/s3-bucket")
    assert not mapped_by_paths(tmp_path, tmp_path, "@cdktf/provider-google/lib/x")


def test_the_file_is_parsed_once_for_every_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tsconfig.json").write_text(PATHS)
    reads: list[str] = []
    real = tsconfig.json.loads
    monkeypatch.setattr(tsconfig.json, "loads", lambda text: reads.append(text) or real(text))
    for n in range(50):
        assert mapped_by_paths(tmp_path, tmp_path, f"@cdktf/provider-aws/lib/r{n}")
    assert len(reads) == 1
    (tmp_path / "tsconfig.json").write_text(PATHS.replace("provider-aws", "provider-google") + "\n")
    assert not mapped_by_paths(
        tmp_path, tmp_path, "@cdktf/provider-aws/lib/r0"
    )  # a changed file is read again


def test_an_oversized_tsconfig_is_not_read(tmp_path: Path) -> None:
    padding = " " * (tsconfig._MAX_BYTES + 1)
    (tmp_path / "tsconfig.json").write_text(PATHS + padding)
    assert not mapped_by_paths(tmp_path, tmp_path, "@cdktf/provider-aws/lib/s3-bucket")
