"""Which folder a CI command runs in: ``cd`` and ``working-directory`` read literally, else unknown."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from compat.mentions.workdir import ROOT, Cwd, command_at, line_commands, literal_folder, package_scope


@pytest.mark.parametrize(
    ("written", "folder"),
    [("main", "main"), ("./main/", "main"), ("'apps/main'", "apps/main"), ("main/..", ".")],
)
def test_a_literal_folder_is_followed(written: str, folder: str) -> None:
    assert literal_folder(written) == PurePosixPath(folder)


@pytest.mark.parametrize("written", ["${{ matrix.dir }}", "$APP", "~/app", "/srv/app", "..", "a b", "", "-"])
def test_a_folder_built_at_run_time_or_outside_the_repository_is_unknown(written: str) -> None:
    assert literal_folder(written) is None


def _at(line: str, word: str, cwd: Cwd = ROOT) -> Cwd:
    commands, _after, _depth = line_commands(line, cwd)
    command = command_at(commands, line.index(word))
    assert command is not None
    return command.cwd


def test_cd_moves_the_rest_of_the_line_and_the_next_lines() -> None:
    line = "npm ci && cd main && cdktf deploy"
    assert _at(line, "npm") == ROOT
    assert _at(line, "cdktf") == PurePosixPath("main")
    after = line_commands(line, ROOT)[1]
    assert after == PurePosixPath("main")
    assert line_commands("cd ../other", after)[1] == PurePosixPath("other")
    assert line_commands("cd", after)[1] is None  # home
    assert line_commands("cd -", after)[1] is None  # the previous folder
    assert line_commands("(cd main && make)", ROOT)[1] == ROOT  # a subshell's cd stays in it
    assert line_commands("cd main", None)[1] is None  # relative to an unknown folder


def test_if_cd_moves_the_branch_and_an_else_or_a_failed_commands_cd_is_unknown() -> None:
    line = "if cd app; then npm i cdktf-cli@0.20.0; else npm i cdktf-cli@0.19.0; fi"
    assert _at(line, "npm i cdktf-cli@0.20") == PurePosixPath("app")
    assert _at(line, "npm i cdktf-cli@0.19") is None
    assert line_commands("if cd app; then make; fi", ROOT)[1] == PurePosixPath("app")
    assert line_commands("if [ -d app ]; then cd app; fi", ROOT)[1] is None  # maybe not run
    assert line_commands("test -d app || cd other", ROOT)[1] is None
    assert line_commands("cd app || exit 1", ROOT)[1] == PurePosixPath("app")
    # a block over several lines: its cd may not run
    _commands, cwd, depth = line_commands('if [ "$X" = a ]; then', ROOT)
    assert (cwd, depth) == (ROOT, 1)
    _commands, cwd, depth = line_commands("  cd app", cwd, depth)
    assert cwd is None
    assert line_commands("fi", ROOT, 1)[1:] == (ROOT, 0)
    assert line_commands("for d in a b; do make; done; cd app", ROOT)[1:] == (PurePosixPath("app"), 0)


@pytest.mark.parametrize(
    ("command", "folder", "job_wide"),
    [
        ("npm i -g cdktf-cli@0.20.0", ".", True),
        ("npm install --global cdktf-cli@0.20.0", ".", True),
        ("npm install --location=global cdktf-cli", ".", True),
        ("npm install --location global cdktf-cli", ".", True),
        ("sudo -E npm i -g cdktf-cli", ".", True),
        ("yarn global add cdktf-cli@0.20.0", ".", True),
        ("pnpm add -g cdktf-cli", ".", True),
        ("bun add --global cdktf-cli", ".", True),
        ("npm i cdktf-cli@0.20.0", ".", False),
        ("yarn add global-agent cdktf-cli", ".", False),  # a package named global-...
        ("npm --prefix app i cdktf-cli@0.20.0", "app", False),
        ("npm install --prefix=app cdktf-cli", "app", False),
        ("npm -C app i cdktf-cli", "app", False),
        ("pnpm -C app add cdktf-cli", "app", False),
        ("pnpm --dir app add cdktf-cli", "app", False),
        ("yarn --cwd app add cdktf-cli", "app", False),
        ("yarn --cwd=app add cdktf-cli", "app", False),
        ("npm --prefix $DIR i cdktf-cli", None, False),
        ("make install cdktf-cli", ".", False),
        ("pnpm --filter app add cdktf-cli", ".", False),  # a workspace member: below the shell's folder
    ],
)
def test_package_manager_scope(command: str, folder: str | None, job_wide: bool) -> None:
    assert package_scope(command, ROOT) == (None if folder is None else PurePosixPath(folder), job_wide)
