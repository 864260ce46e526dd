"""The project's ``.npmrc`` as npm's ini parser reads it, within a size limit (the file is untrusted)."""

from __future__ import annotations

from pathlib import Path

from compat.project.formats.npmrc import LIMIT, npmrc_settings


def test_settings_comments_and_sections(tmp_path: Path) -> None:
    (tmp_path / ".npmrc").write_text(
        "; a comment\n# another\nengine-strict = true\n[section]\nlegacy-peer-deps=true\nno value line\n"
    )
    assert npmrc_settings(tmp_path) == {"engine-strict": "true", "legacy-peer-deps": "true"}


def test_no_file_is_no_settings_and_only_the_first_64_kib_is_read(tmp_path: Path) -> None:
    assert npmrc_settings(tmp_path) == {}
    (tmp_path / ".npmrc").write_text("x" * LIMIT + "\nforce=true\n")
    assert npmrc_settings(tmp_path) == {}
