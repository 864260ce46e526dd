"""The CLI (Terraform or OpenTofu) a project's mise files pin, read as mise reads them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from compat.versions import detect_terraform


def _cli(project: Path, env: dict[str, str] | None = None) -> Any:
    return detect_terraform(project, environ=env or {}, which=lambda _name: None)


def _write(project: Path, name: str, text: str) -> None:
    (project / name).parent.mkdir(parents=True, exist_ok=True)
    (project / name).write_text(text)


@pytest.mark.parametrize(
    ("name", "text", "cli", "version"),
    [
        ("mise.toml", '[tools]\nterraform = "1.7.5"\n', "terraform", "1.7.5"),
        (".mise.toml", "[tools]\nopentofu = '1.8.8'\n", "opentofu", "1.8.8"),
        (".config/mise.toml", 'tools.terraform = ["1.9.8", "1.5.7"]\n', "terraform", "1.9.8"),
        ("mise/config.toml", '[tools]\nterraform = { version = "1.6.2" }\n', "terraform", "1.6.2"),
        (".config/mise/config.toml", '[tools]\n"aqua:opentofu/opentofu" = "1.9.0"\n', "opentofu", "1.9.0"),
        ("mise.local.toml", '[tools]\nterraform = """1.7.5"""\n', "terraform", "1.7.5"),
        (".tool-versions", "terraform 1.7.4\n", "terraform", "1.7.4"),
    ],
)
def test_each_file_and_value_form(tmp_path: Path, name: str, text: str, cli: str, version: str) -> None:
    _write(tmp_path, name, text)
    found = _cli(tmp_path)
    assert (found.cli, found.version, Path(found.source)) == (cli, Version(version), tmp_path / name)


@pytest.mark.parametrize(
    ("written", "version"),
    [("1.9", "1.9.8"), ("prefix:1.9", "1.9.8"), ("v1.7", "1.7.5")],
)
def test_a_fuzzy_version_is_the_newest_release_it_matches(tmp_path: Path, written: str, version: str) -> None:
    # mise installs the newest 1.9.x; compat's release list (data/cli_releases.json) says which that is
    _write(tmp_path, "mise.toml", f'[tools]\nterraform = "{written}"\n')
    found = _cli(tmp_path)
    assert found.version == Version(version)
    assert any("mise installs the newest release it matches" in note for note in found.notes)


@pytest.mark.parametrize("written", ["latest", "1", "ref:main", "path:/opt/tf", "system", "sub-1:latest"])
def test_what_mise_decides_when_it_installs_is_no_version(tmp_path: Path, written: str) -> None:
    _write(tmp_path, "mise.toml", f'[tools]\nopentofu = "{written}"\n')
    _write(tmp_path, ".tool-versions", "opentofu 1.6.0\n")  # overridden by mise.toml
    unknown: list[str] = []
    found = detect_terraform(tmp_path, environ={}, which=lambda _name: None, unknown=unknown)
    assert found is None
    assert any(f"{written!r}: OpenTofu, at a version mise decides" in note for note in unknown)


def test_a_value_with_no_version_string_is_said_so(tmp_path: Path) -> None:
    _write(tmp_path, "mise.toml", "[tools]\nterraform = { version = 3 }\n")
    unknown: list[str] = []
    assert detect_terraform(tmp_path, environ={}, which=lambda _name: None, unknown=unknown) is None
    assert any("says terraform with no version string: Terraform" in note for note in unknown)


def test_the_cli_stays_fixed_when_its_version_is_not_decided(tmp_path: Path) -> None:
    _write(tmp_path, "mise.toml", '[tools]\nopentofu = "latest"\n')
    found = detect_terraform(
        tmp_path,
        environ={},
        which=lambda name: "/bin/tofu" if name == "tofu" else "/bin/terraform",
        run=lambda *a, **k: type("R", (), {"stdout": '{"terraform_version": "1.10.1"}', "returncode": 0})(),
    )
    assert found is not None and found.cli == "opentofu"


def test_precedence_in_a_folder_and_between_folders(tmp_path: Path) -> None:
    project = tmp_path / "infra"
    project.mkdir()
    _write(project, ".tool-versions", "terraform 1.5.7\n")
    _write(project, ".config/mise/config.toml", '[tools]\nterraform = "1.6.0"\n')
    assert _cli(project).version == Version("1.6.0")  # any mise config file outranks .tool-versions
    _write(project, "mise.toml", '[tools]\nterraform = "1.7.0"\n')
    assert _cli(project).version == Version("1.7.0")
    _write(project, "mise.local.toml", '[tools]\nterraform = "1.8.0"\n')
    assert _cli(project).version == Version("1.8.0")
    _write(tmp_path, ".mise.local.toml", '[tools]\nterraform = "1.9.0"\n')  # a farther folder loses
    assert _cli(project).version == Version("1.8.0")
    _write(project, ".terraform-version", "1.4.0\n")  # tfenv's own file is read first, as before
    assert _cli(project).version == Version("1.4.0")


def test_a_file_naming_no_cli_passes_to_the_next(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    _write(project, "mise.toml", '[tools]\nnode = "22"\n')
    _write(tmp_path, "mise.toml", '[tools]\nterraform = "1.9.8"\n')
    assert _cli(project).version == Version("1.9.8")


def test_an_environment_file_counts_only_when_selected(tmp_path: Path) -> None:
    _write(tmp_path, "mise.toml", '[tools]\nterraform = "1.7.5"\n')
    _write(tmp_path, "mise.production.toml", '[tools]\nterraform = "1.9.8"\n')
    found = _cli(tmp_path)
    assert found.version == Version("1.7.5")
    said = "mise.production.toml names terraform '1.9.8'"
    assert any(said in n and "not selected" in n for n in found.notes)
    found = _cli(tmp_path, {"MISE_ENV": "production"})
    assert (found.version, Path(found.source).name) == (Version("1.9.8"), "mise.production.toml")
    assert any("selected by env MISE_ENV" in n for n in found.notes)


def test_the_last_environment_wins_and_local_files_outrank_their_own(tmp_path: Path) -> None:
    _write(tmp_path, "mise.ci.toml", '[tools]\nterraform = "1.6.0"\n')
    _write(tmp_path, "mise.test.toml", '[tools]\nterraform = "1.7.0"\n')
    _write(tmp_path, ".config/mise.test.local.toml", '[tools]\nterraform = "1.8.0"\n')
    assert _cli(tmp_path, {"MISE_ENV": "test,ci"}).version == Version("1.6.0")
    assert _cli(tmp_path, {"MISE_ENV": "ci,test"}).version == Version("1.8.0")


def test_miserc_selects_an_environment(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    _write(project, "mise.toml", '[tools]\nterraform = "1.7.5"\n')
    _write(project, "mise.staging.toml", '[tools]\nterraform = "1.9.8"\n')
    _write(tmp_path, ".miserc.toml", 'env = ["staging"]\n')
    found = _cli(project)
    assert found.version == Version("1.9.8")
    assert any(".miserc.toml" in n for n in found.notes)
    assert _cli(project, {"MISE_ENV": "other"}).version == Version("1.7.5")  # the variable wins


def test_an_environment_name_with_a_path_is_no_environment(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    _write(project, "mise.toml", '[tools]\nterraform = "1.7.5"\n')
    _write(tmp_path, "x.toml", '[tools]\nterraform = "1.9.8"\n')  # outside p
    (project / "mise.").mkdir()  # "mise.{env}.toml" with env "/../../x" is p/mise./../../x.toml
    _write(project, ".miserc.toml", 'env = ["/../../x"]\n')
    assert _cli(project).version == Version("1.7.5")


def test_the_mise_variable_overrides_every_file(tmp_path: Path) -> None:
    _write(tmp_path, "mise.toml", '[tools]\nterraform = "1.7.5"\n')
    found = _cli(tmp_path, {"MISE_TERRAFORM_VERSION": "1.9.8"})
    assert (found.version, found.source) == (Version("1.9.8"), "env MISE_TERRAFORM_VERSION")


def test_a_file_naming_both_clis_is_read_as_terraform(tmp_path: Path) -> None:
    _write(tmp_path, "mise.toml", '[tools]\nopentofu = "1.8.8"\nterraform = "1.9.8"\n')
    found = _cli(tmp_path)
    assert (found.cli, found.version) == ("terraform", Version("1.9.8"))
    assert any("are pinned" in n and "assumed Terraform" in n for n in found.notes)
    found = _cli(tmp_path, {"TERRAFORM_BINARY_NAME": "tofu"})
    assert (found.cli, found.version) == ("opentofu", Version("1.8.8"))


def test_a_broken_mise_file_is_skipped_with_a_note(tmp_path: Path) -> None:
    _write(tmp_path, "mise.toml", "[tools\nterraform = 1\n")
    _write(tmp_path, ".tool-versions", "terraform 1.7.4\n")
    found = _cli(tmp_path)
    assert found.version == Version("1.7.4")
    assert any("not valid TOML" in n for n in found.notes)


def test_mise_merges_the_files_each_cli_from_its_own_nearest_pin(tmp_path: Path) -> None:
    # mise.toml installs OpenTofu, .tool-versions Terraform: mise puts both on PATH; cdktf runs terraform
    _write(tmp_path, "mise.toml", '[tools]\nopentofu = "latest"\n')
    _write(tmp_path, ".tool-versions", "terraform 1.5.7\n")
    found = _cli(tmp_path)
    assert (found.cli, found.version) == ("terraform", Version("1.5.7"))


def test_mise_env_names_the_binary_cdktf_runs(tmp_path: Path) -> None:
    _write(tmp_path, "mise.toml", '[env]\nTERRAFORM_BINARY_NAME = "tofu"\n[tools]\nterraform = "1.9.8"\n')
    _write(tmp_path, ".tool-versions", "opentofu 1.8.8\n")
    found = _cli(tmp_path)
    assert (found.cli, found.version) == ("opentofu", Version("1.8.8"))
    assert any("[env] TERRAFORM_BINARY_NAME='tofu'" in n for n in found.notes)
    found = _cli(tmp_path, {"TERRAFORM_BINARY_NAME": "terraform"})  # the environment wins
    assert (found.cli, found.version) == ("terraform", Version("1.9.8"))


def test_a_pin_limited_to_other_platforms_is_no_source_on_linux(tmp_path: Path) -> None:
    # mise on Linux (where CI runs) skips an entry whose os option excludes Linux; the nearest file's
    # entries replace a farther file's whole, so the farther .tool-versions is not read either
    _write(tmp_path, "mise.toml", '[tools]\nterraform = { version = "1.9.8", os = ["macos", "windows"] }\n')
    _write(tmp_path, ".tool-versions", "terraform 1.5.7\n")
    unknown: list[str] = []
    found = detect_terraform(tmp_path, environ={}, which=lambda _name: None, unknown=unknown)
    assert found is None
    said = "linux/x64 (assumed, where CI runs)"
    assert any("limited by mise's os option" in n and said in n for n in unknown)


def test_the_other_cli_stays_a_source_when_one_is_limited_to_macos(tmp_path: Path) -> None:
    text = '[tools]\nterraform = { version = "1.9.8", os = "darwin" }\nopentofu = "1.8.8"\n'
    _write(tmp_path, "mise.toml", text)
    found = _cli(tmp_path)
    assert (found.cli, found.version) == ("opentofu", Version("1.8.8"))
    assert not any("are pinned" in n for n in found.notes)


@pytest.mark.parametrize(
    ("value", "version"),
    [
        ('[{ version = "1.9.8", os = ["macos"] }, "1.8.5"]', "1.8.5"),
        ('{ version = "1.9.8", os = ["linux", "macos"] }', "1.9.8"),
        ('{ version = "1.9.8", os = ["linux/amd64"] }', "1.9.8"),
        ('[{ version = "1.9.8", os = ["linux/arm64"] }, { version = "1.7.5", os = "linux" }]', "1.7.5"),
    ],
)
def test_mise_uses_the_first_entry_admitting_linux(tmp_path: Path, value: str, version: str) -> None:
    _write(tmp_path, "mise.toml", f"[tools]\nterraform = {value}\n")
    found = _cli(tmp_path)
    assert (found.cli, found.version) == ("terraform", Version(version))


def test_a_passed_over_entry_is_said(tmp_path: Path) -> None:
    _write(tmp_path, "mise.toml", '[tools]\nterraform = [{ version = "1.9.8", os = ["macos"] }, "1.8.5"]\n')
    found = _cli(tmp_path)
    assert any("'1.9.8' (os = ['macos']) passed over" in n and "mise uses '1.8.5'" in n for n in found.notes)


@pytest.mark.parametrize("value", ['{ version = "1.9.8", os = [] }', '{ version = "1.9.8", os = 3 }'])
def test_an_os_option_admitting_nothing_is_no_source(tmp_path: Path, value: str) -> None:
    # mise: an empty list matches no platform; a value that is no string or list is read as none
    _write(tmp_path, "mise.toml", f"[tools]\nterraform = {value}\n")
    assert _cli(tmp_path) is None
