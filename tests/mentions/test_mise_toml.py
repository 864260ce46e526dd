"""The Node.js version of a mise config file as a mention, at the exact span of its characters."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from compat.mentions import scan_repository
from compat.mentions.mise_toml import mise_mentions


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ('[tools]\nnode = "22.18"  # pinned\npython = "3.12"\n', "22.18"),
        ("[env]\nA = '1'\n[tools]\n'node' = ['20', '18']\n", "20"),
        ('tools.nodejs = { version = "v20.1.0", x = 1 }\n', "v20.1.0"),
        ("[tools]\nnode = '''20'''\n", "20"),
    ],
)
def test_the_span_is_the_version_as_written(text: str, version: str) -> None:
    (found,) = mise_mentions(Path("mise.toml"), text)
    assert found.version == version
    assert found.version_span is not None
    assert text[found.version_span.start : found.version_span.end] == version


@pytest.mark.parametrize("text", ['[tools]\nterraform = "1.9.0"\n', "[tools\n", "[tools]\nnode = 20\n"])
def test_no_node_no_mention(text: str) -> None:
    assert list(mise_mentions(Path("mise.toml"), text)) == []


def test_the_scan_reads_mise_files_in_subfolders_and_no_other_toml(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".config").mkdir()
    (tmp_path / ".config" / "mise.toml").write_text('[tools]\nnode = "20"\n')
    (tmp_path / "pyproject.toml").write_text('[tools]\nnode = "18"\n')
    found = scan_repository(tmp_path).mentions
    assert [(m.path.relative_to(tmp_path).as_posix(), m.version) for m in found] == [
        (".config/mise.toml", "20")
    ]
