"""TERRAFORM_BINARY_NAME as a direnv ``.envrc`` exports it, read as data (never run)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from compat.versions import detect_terraform
from compat.versions.direnv import envrc_setting

TOOLS = "opentofu 1.8.8\nterraform 1.10.3\n"  # therealvio/cdktofu-example's .tool-versions


def _project(tmp_path: Path, envrc: str | bytes, tools: str = TOOLS) -> Path:
    (tmp_path / ".tool-versions").write_text(tools)
    if isinstance(envrc, bytes):
        (tmp_path / ".envrc").write_bytes(envrc)
    else:
        (tmp_path / ".envrc").write_text(envrc)
    project = tmp_path / "src"
    project.mkdir()
    return project


def _cli(project: Path, env: dict[str, str] | None = None) -> Any:
    return detect_terraform(project, environ=env or {}, which=lambda _name: None)


def test_the_envrc_of_cdktofu_example_names_opentofu(tmp_path: Path) -> None:
    envrc = "#!/bin/bash\n\n# Override the Terraform binary\nexport TERRAFORM_BINARY_NAME=tofu"
    found = _cli(_project(tmp_path, envrc))
    assert (found.cli, found.version) == ("opentofu", Version("1.8.8"))
    said = ".envrc:4 (direnv, assumed allowed with 'direnv allow' where cdktf runs) TERRAFORM_BINARY_NAME"
    assert any(said in n and "the CLI is OpenTofu" in n for n in found.notes)
    assert not any("assumed Terraform" in n for n in found.notes)
    # the environment compat runs in still wins
    (tmp_path / "b").mkdir()
    found = _cli(_project(tmp_path / "b", envrc), {"TERRAFORM_BINARY_NAME": "terraform"})
    assert found.cli == "terraform"


@pytest.mark.parametrize(
    "envrc",
    [
        'export TERRAFORM_BINARY_NAME="tofu"\n',
        "export TERRAFORM_BINARY_NAME='tofu'  # OpenTofu\n",
        "export A=1 TERRAFORM_BINARY_NAME=tofu B='x y'\n",
        "TERRAFORM_BINARY_NAME=tofu\nexport TERRAFORM_BINARY_NAME\n",
        "set -a\nTERRAFORM_BINARY_NAME=tofu\n",
        "export TERRAFORM_BINARY_NAME=terraform\nexport TERRAFORM_BINARY_NAME=\\\n/usr/local/bin/tofu\n",
        "use mise\nlayout node\nexport TERRAFORM_BINARY_NAME=tofu\nPATH_add bin\n",
        "source_env ../shared\nexport TERRAFORM_BINARY_NAME=tofu\n",  # the literal comes after: it wins
    ],
)
def test_plain_literal_exports_are_read(tmp_path: Path, envrc: str) -> None:
    assert _cli(_project(tmp_path, envrc)).cli == "opentofu"


@pytest.mark.parametrize(
    ("envrc", "said"),
    [
        ("export TERRAFORM_BINARY_NAME=$(command -v tofu)\n", "a value built when the shell runs it"),
        ('export TERRAFORM_BINARY_NAME="${TF_BIN:-tofu}"\n', "a value built when the shell runs it"),
        ("export TERRAFORM_BINARY_NAME=`which tofu`\n", "a value built when the shell runs it"),
        ("if has tofu; then\n  export TERRAFORM_BINARY_NAME=tofu\nfi\n", "under a condition"),
        ("has tofu && export TERRAFORM_BINARY_NAME=tofu\n", "under a condition"),
        ("case $OS in\n  linux) export TERRAFORM_BINARY_NAME=tofu;;\nesac\n", "under a condition"),
        ("f() {\n  export TERRAFORM_BINARY_NAME=tofu\n}\n", "under a condition"),
        ("export TERRAFORM_BINARY_NAME=tofu\nsource_env .envrc.local\n", "runs source_env, which may set"),
        ("export TERRAFORM_BINARY_NAME=tofu\ndotenv\n", "runs dotenv, which may set"),
        ("TERRAFORM_BINARY_NAME=tofu\n", "without exporting it"),
    ],
)
def test_what_is_not_plain_is_said_and_not_read(tmp_path: Path, envrc: str, said: str) -> None:
    found = _cli(_project(tmp_path, envrc))
    # not read: both CLIs stay possible, Terraform assumed as before, and the note says why
    assert found.cli == "terraform"
    assert any(said in n for n in found.notes), found.notes


def test_only_the_nearest_envrc_applies_unless_it_sources_up(tmp_path: Path) -> None:
    project = _project(tmp_path, "export TERRAFORM_BINARY_NAME=tofu\n")
    (project / ".envrc").write_text("export AWS_PROFILE=dev\n")
    assert _cli(project).cli == "terraform"  # direnv loads src/.envrc only
    (project / ".envrc").write_text("source_up\nexport AWS_PROFILE=dev\n")
    assert _cli(project).cli == "opentofu"
    (project / ".envrc").write_text("source_up\nunset TERRAFORM_BINARY_NAME\n")
    assert _cli(project).cli == "terraform"


def test_a_sourced_up_cycle_and_a_missing_parent_are_no_error(tmp_path: Path) -> None:
    project = _project(tmp_path, "source_up\nexport TERRAFORM_BINARY_NAME=tofu\n")
    (project / ".envrc").write_text("source_up_if_exists\n")
    assert _cli(project).cli == "opentofu"


@pytest.mark.parametrize(
    ("envrc", "said"),
    [
        (b"\x7fELF\x00\x01export TERRAFORM_BINARY_NAME=tofu", "a binary file"),
        (b"export TERRAFORM_BINARY_NAME=tofu\xff\xfe\n", "not UTF-8 text"),
        (b"export TERRAFORM_BINARY_NAME='tofu\n", "never closed"),
        (b"export TERRAFORM_BINARY_NAME=$(tofu\n", "never closed"),
        (b"# " + b"x" * 300_000 + b"\nexport TERRAFORM_BINARY_NAME=tofu\n", "larger than 256 KiB"),
    ],
)
def test_bad_files_are_a_note_never_a_traceback(tmp_path: Path, envrc: bytes, said: str) -> None:
    found = _cli(_project(tmp_path, envrc))
    assert found.cli == "terraform"
    assert any(said in n and "not read" in n for n in found.notes), found.notes


def test_mise_env_and_a_disagreeing_envrc(tmp_path: Path) -> None:
    project = _project(tmp_path, "export TERRAFORM_BINARY_NAME=tofu\n")
    (tmp_path / "mise.toml").write_text('[env]\nTERRAFORM_BINARY_NAME = "terraform"\n')
    found = _cli(project)
    assert found.cli == "terraform"
    assert any("order of the two shell hooks; assumed mise's" in n for n in found.notes)


def test_a_folder_named_envrc_and_no_envrc(tmp_path: Path) -> None:
    (tmp_path / ".envrc").mkdir()
    assert envrc_setting(tmp_path, "TERRAFORM_BINARY_NAME", []) is None


def test_a_loader_with_no_literal_before_it_says_nothing(tmp_path: Path) -> None:
    # nix-direnv's usual .envrc: nothing names the variable; the loader is not followed and not noted
    envrc = 'if ! has nix_direnv_version; then\n  source_url "https://x/direnvrc" "sha256-x"\nfi\nuse flake\n'
    notes: list[str] = []
    assert envrc_setting(_project(tmp_path, envrc), "TERRAFORM_BINARY_NAME", notes) is None
    assert notes == []
