"""Which folder a CI command runs in: ``cd`` and ``working-directory`` read literally, else unknown."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from compat.mentions.workdir import ROOT, folder_at, line_folders, literal_folder


@pytest.mark.parametrize(
    ("written", "folder"),
    [("main", "main"), ("./main/", "main"), ("'apps/main'", "apps/main"), ("main/..", ".")],
)
def test_a_literal_folder_is_followed(written: str, folder: str) -> None:
    assert literal_folder(written) == PurePosixPath(folder)


@pytest.mark.parametrize("written", ["${{ matrix.dir }}", "$APP", "~/app", "/srv/app", "..", "a b", ""])
def test_a_folder_built_at_run_time_or_outside_the_repository_is_unknown(written: str) -> None:
    assert literal_folder(written) is None


def test_cd_moves_the_rest_of_the_line_and_the_next_lines() -> None:
    line = "npm ci && cd main && cdktf deploy"
    segments, after = line_folders(line, ROOT)
    assert folder_at(segments, line.index("npm")) == ROOT
    assert folder_at(segments, line.index("cdktf")) == PurePosixPath("main")
    assert after == PurePosixPath("main")
    assert line_folders("cd ../other", after)[1] == PurePosixPath("other")
    assert line_folders("cd", after)[1] is None  # home
    assert line_folders("(cd main && make)", ROOT)[1] == ROOT  # a subshell's cd stays in it
    assert line_folders("cd main", None)[1] is None  # relative to an unknown folder
