"""mise's config files as the project's Node.js, in mise's own order of precedence."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.versions.node import detect_node


def _node(project: Path) -> tuple[str | None, str | None, tuple[str, ...]]:
    found, notes = detect_node(project, which=lambda name: None)
    return (
        (found.raw, Path(found.source).relative_to(project.parent).as_posix(), notes)
        if found
        else (None, None, notes)
    )


@pytest.mark.parametrize(
    ("name", "text", "raw"),
    [
        ("mise.toml", '[tools]\nnode = "22.18"\n', "22.18"),
        (".mise.toml", "[tools]\nnodejs = '20'\n", "20"),
        (".config/mise.toml", '[tools]\n"core:node" = "22.19.0"\n', "22.19.0"),
        ("mise/config.toml", 'tools.node = ["24", "22"]\n', "24"),  # the first is the default
        (".config/mise/config.toml", '[tools]\nnode = { version = "prefix:22" }\n', "22"),
    ],
)
def test_each_mise_file_name_and_value_form_is_read(tmp_path: Path, name: str, text: str, raw: str) -> None:
    project = tmp_path / "p"
    (project / name).parent.mkdir(parents=True, exist_ok=True)
    (project / name).write_text(text)
    assert _node(project) == (raw, f"p/{name}", ())


def test_mise_precedence_in_one_folder_and_between_folders(tmp_path: Path) -> None:
    project = tmp_path / "p"
    (project / ".config").mkdir(parents=True)
    (project / ".config" / "mise.toml").write_text('[tools]\nnode = "18"\n')
    (project / ".tool-versions").write_text("nodejs 16.0.0\n")
    assert _node(project)[:2] == ("18", "p/.config/mise.toml")  # mise's files outrank .tool-versions
    (project / "mise.toml").write_text('[tools]\nnode = "20"\n')
    assert _node(project)[:2] == ("20", "p/mise.toml")
    (project / ".mise.toml").write_text('[tools]\nnode = "22"\n')
    assert _node(project)[:2] == ("22", "p/.mise.toml")
    (tmp_path / "mise.toml").write_text('[tools]\nnode = "24"\n')  # a farther folder loses
    assert _node(project)[:2] == ("22", "p/.mise.toml")
    (project / ".nvmrc").write_text("21\n")  # nvm's own file is read first, as before
    assert _node(project)[:2] == ("21", "p/.nvmrc")


def test_a_mise_file_without_node_passes_to_the_next_source(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "mise.toml").write_text('[tools]\nterraform = "1.9.0"\n')
    (project / ".tool-versions").write_text("node 20.11.0\n")  # mise's name of the tool
    assert _node(project)[:2] == ("20.11.0", "p/.tool-versions")


@pytest.mark.parametrize("value", ["lts", "latest", "ref:main", "system"])
def test_a_version_mise_resolves_itself_is_skipped_with_a_note(tmp_path: Path, value: str) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "mise.toml").write_text(f'[tools]\nnode = "{value}"\n')
    raw, _, notes = _node(project)
    assert raw is None
    assert len(notes) == 1 and f"{value!r}, not a Node.js version: skipped" in notes[0]


def test_a_mise_file_that_is_not_toml_is_no_error(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "mise.toml").write_text("[tools\nnode = 20\n")
    (project / ".tool-versions").write_text("nodejs 20.11.0\n")
    assert _node(project)[:2] == ("20.11.0", "p/.tool-versions")


def test_a_mise_file_nested_too_deeply_is_skipped_with_a_note(tmp_path: Path) -> None:
    # tomllib reads nested arrays recursively: thousands of levels raise RecursionError, not a decode error
    project = tmp_path / "p"
    project.mkdir()
    (project / "mise.toml").write_text("[tools]\nnode = " + "[" * 100_000 + "]" * 100_000 + "\n")
    (project / ".tool-versions").write_text("nodejs 20.11.0\n")
    assert _node(project)[:2] == ("20.11.0", "p/.tool-versions")
    found, _ = detect_node(project, which=lambda name: None)
    assert found is not None and any("nested too deeply to read: skipped" in note for note in found.notes)


def test_node_reads_the_selected_environment_file_and_notes_an_unselected_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "mise.toml").write_text('[tools]\nnode = "20"\n')
    (project / "mise.ci.toml").write_text('[tools]\nnode = "22"\n')
    monkeypatch.delenv("MISE_ENV", raising=False)
    raw, source, notes = _node(project)
    assert (raw, source) == ("20", "p/mise.toml")
    assert any("mise.ci.toml names node '22'" in note and "not selected" in note for note in notes)
    monkeypatch.setenv("MISE_ENV", "ci")
    assert _node(project)[:2] == ("22", "p/mise.ci.toml")


def test_a_node_pin_for_macos_only_is_no_source_on_linux(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    (project / "mise.toml").write_text('[tools]\nnode = { version = "22.1.0", os = ["macos"] }\n')
    found, notes = detect_node(project, which=lambda name: None)
    assert found is None
    assert any("limited by mise's os option" in note for note in notes)
