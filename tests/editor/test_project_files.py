"""The files whose change makes the language server check the whole project again."""

from pathlib import Path

import pytest

from compat.server.session import is_project_file


@pytest.mark.parametrize(
    "name", [".envrc", "mise.toml", ".tool-versions", ".terraform-version", "cdktf.json"]
)
def test_a_cli_source_is_a_project_file(name: str) -> None:
    # the CLI (and so the feature rules) comes from these: a change must re-check every file
    assert is_project_file(Path("/repo") / name)


def test_a_source_file_is_not() -> None:
    assert not is_project_file(Path("/repo/main.py"))


@pytest.mark.parametrize("name", ["package-lock.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock"])
def test_a_lock_compat_reads_is_a_project_file(name: str) -> None:
    # the lock decides what installs: a change must re-check every file against the new versions
    assert is_project_file(Path("/repo") / name)
