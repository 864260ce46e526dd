"""The runtimes' searches from a project up share one listing of each folder (``FolderNames``)."""

from __future__ import annotations

import collections
import os
from pathlib import Path

import pytest
from packaging.version import Version

from compat.project.runtimes import detect_runtimes
from compat.versions.detect import FolderNames


def test_each_folder_is_listed_once_by_the_cli_node_and_mise_searches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "repo" / "stack"
    project.mkdir(parents=True)
    (project / "mise.toml").write_text('[tools]\nnode = "22.12.0"\n')
    (tmp_path / "repo" / ".terraform-version").write_text("1.9.8\n")
    listed: collections.Counter[str] = collections.Counter()
    real = os.listdir

    def listdir(path: str | os.PathLike[str] = ".") -> list[str]:
        listed[str(path)] += 1
        return real(path)

    monkeypatch.setattr(os, "listdir", listdir)
    found = detect_runtimes(
        project, terraform=None, opentofu=None, python=None, environ={}, with_python=False, with_node=True
    )
    assert found.cli is not None and found.cli.version == Version("1.9.8")
    assert found.node is not None and found.node.version == Version("22.12.0")
    assert listed, "the searches list the folders they look in"
    assert max(listed.values()) == 1, listed


def test_a_folder_that_cannot_be_listed_is_asked_name_by_name(tmp_path: Path) -> None:
    (tmp_path / ".nvmrc").write_text("22\n")
    folders = FolderNames()
    assert folders.is_file(tmp_path, ".nvmrc")
    assert not folders.is_file(tmp_path, ".node-version")
    assert folders.names(tmp_path / "missing") is None
    assert not folders.is_file(tmp_path / "missing", ".nvmrc")
    assert folders.up(tmp_path)[0] == tmp_path.resolve()
