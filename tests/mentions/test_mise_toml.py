"""The Node.js, Terraform and OpenTofu versions of a mise config file as mentions, at the exact span of
their characters."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import tomllib

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


@pytest.mark.parametrize("text", ['[tools]\npython = "3.12"\n', "[env]\nnode = '20'\n"])
def test_no_node_no_mention(text: str) -> None:
    assert list(mise_mentions(Path("mise.toml"), text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "[tools]\nnode = '''\n20'''\n",  # a multi-line string's first newline is not in the value
        '[tools]\nnode = """\n20"""\n',
        '[tools]\r\nnode = """\r\n20"""\r\n',
        '[tools]\nnode = "\\u0032\\u0030"\n',  # escapes
        '[tools]\nnode = """2\\\n  0"""\n',  # a line-ending backslash
        '\ufeff[tools]\nnode = "20"\n',
    ],
)
def test_a_value_written_with_more_than_its_characters_spans_them_all(text: str) -> None:
    (found,) = mise_mentions(Path("mise.toml"), text)
    assert found.version == "20" and found.version_span is not None and found.line == 2
    start, end = found.version_span.start, found.version_span.end
    edited = text[:start] + "22" + text[end:]
    assert tomllib.loads(edited.lstrip("\ufeff"))["tools"]["node"] == "22"
    assert edited[:start] == text[:start] and edited[start + 2 :] == text[end:]


def test_a_value_with_no_string_is_a_mention_without_a_span() -> None:
    (found,) = mise_mentions(Path("mise.toml"), "[tools]\nnode = 20\n")
    assert (found.version, found.version_span, found.line) == ("20", None, 2)


def test_a_file_that_is_not_toml_is_unreadable_not_silent(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "mise.toml").write_text("[tools\nnode = '20'\n")
    scanned = scan_repository(tmp_path)
    assert [(u.path.name, "not valid TOML" in u.reason) for u in scanned.unreadable] == [("mise.toml", True)]


def test_environment_files_are_scanned(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".config").mkdir()
    (tmp_path / "mise.ci.toml").write_text('[tools]\nnode = "20"\n')
    (tmp_path / ".config" / "mise.prod.local.toml").write_text('[tools]\nnode = "18"\n')
    found = scan_repository(tmp_path).mentions
    assert sorted(m.path.relative_to(tmp_path).as_posix() for m in found) == [
        ".config/mise.prod.local.toml",
        "mise.ci.toml",
    ]


def test_the_scan_reads_mise_files_in_subfolders_and_no_other_toml(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".config").mkdir()
    (tmp_path / ".config" / "mise.toml").write_text('[tools]\nnode = "20"\n')
    (tmp_path / "pyproject.toml").write_text('[tools]\nnode = "18"\n')
    found = scan_repository(tmp_path).mentions
    assert [(m.path.relative_to(tmp_path).as_posix(), m.version) for m in found] == [
        (".config/mise.toml", "20")
    ]


@pytest.mark.parametrize(
    ("text", "kind", "version"),
    [
        ('[tools]\nterraform = "1.9.8"\n', "terraform-version", "1.9.8"),
        ("tools.opentofu = ['1.8.8', '1.7.0']\n", "opentofu-version", "1.8.8"),
        ('[tools]\n"aqua:hashicorp/terraform" = { version = "1.5.7" }\n', "terraform-version", "1.5.7"),
        # mise on Linux (where CI runs) passes the macOS-only entry over: the pin is the second
        ('tools.terraform = [{ version = "1.9.8", os = ["macos"] }, "1.6.6"]', "terraform-version", "1.6.6"),
        ('tools.terraform = [{version = "1.9", os = "win"}, {version = "1.6"}]', "terraform-version", "1.6"),
    ],
)
def test_the_cli_pins_are_mentions_as_in_tool_versions(text: str, kind: str, version: str) -> None:
    (found,) = mise_mentions(Path("mise.toml"), text)
    assert (found.kind, found.version) == (kind, version)
    span = found.version_span
    assert span is not None and text[span.start : span.end] == version


def test_a_cli_pin_for_other_platforms_only_is_no_mention() -> None:
    text = '[tools]\nterraform = { version = "1.9.8", os = ["macos"] }\nnode = "22"\n'
    assert [m.kind for m in mise_mentions(Path("mise.toml"), text)] == ["node-version"]


def test_node_and_both_clis_in_one_file() -> None:
    text = '[tools]\nopentofu = "1.8.8"\nnode = "22.1.0"\nterraform = "1.9.8"\n'
    found = sorted((m.line, m.kind, m.version) for m in mise_mentions(Path("mise.toml"), text))
    assert found == [
        (2, "opentofu-version", "1.8.8"),
        (3, "node-version", "22.1.0"),
        (4, "terraform-version", "1.9.8"),
    ]
