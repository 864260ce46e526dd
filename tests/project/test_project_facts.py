"""The project model carries every fact a command needs: nothing downstream reads a project file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

from packaging.version import Version

from compat.project import load_project
from compat.project.formats import PYPI_LOCK_FORMATS, PYPI_MANIFEST_FORMATS, lock_format, manifest_format
from compat.project.formats.npm_locks import NPM_LOCK_FORMATS
from compat.project.formats.package_json import NPM_MANIFEST_FORMATS
from compat.project.model import NpmLockKind, NpmManifestKind, PypiLockKind, PypiManifestKind


def _write(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_every_kind_has_exactly_one_format_and_every_lock_its_command() -> None:
    assert sorted(f.kind for f in PYPI_MANIFEST_FORMATS) == sorted(get_args(PypiManifestKind))
    assert sorted(f.kind for f in NPM_MANIFEST_FORMATS) == sorted(get_args(NpmManifestKind))
    assert sorted(lock.kind for lock in PYPI_LOCK_FORMATS) == sorted(get_args(PypiLockKind))
    assert sorted(lock.kind for lock in NPM_LOCK_FORMATS) == sorted(get_args(NpmLockKind))
    kinds = [*get_args(PypiManifestKind), *get_args(NpmManifestKind)]
    assert [manifest_format(k).kind for k in kinds] == kinds
    assert {lock.kind: lock.command for lock in (*PYPI_LOCK_FORMATS, *NPM_LOCK_FORMATS)} == {
        "pipfile.lock": "pipenv lock",
        "poetry.lock": "poetry lock",
        "uv.lock": "uv lock",
        "npm": "npm install",
        "pnpm": "pnpm install",
        "yarn": "yarn install",
        "yarn-berry": "yarn install",
        "bun": "bun install",
    }
    assert lock_format("uv.lock").filename == "uv.lock"
    assert manifest_format("package.json").locks == NPM_LOCK_FORMATS


def test_the_lock_names_every_package_it_installs_also_those_without_a_version(tmp_path: Path) -> None:
    lock = {
        "_meta": {},
        "default": {"cdktf": {"version": "==0.21.0"}, "mylib": {"path": "."}, "odd": {"editable": False}},
        "develop": {},
    }
    root = _write(tmp_path, {"Pipfile": '[packages]\ncdktf = "==0.21.0"\n', "Pipfile.lock": json.dumps(lock)})
    project = load_project(root, use_snapshot=False, terraform="1.9.0")
    assert project.lock is not None
    assert project.lock.names == {"cdktf", "mylib", "odd"}
    assert {p.package for p in project.lock.pins} == {"cdktf", "mylib"}


def test_resolution_settings_come_from_the_files_the_installer_owns(tmp_path: Path) -> None:
    pip = load_project(
        _write(tmp_path / "pip", {"requirements.txt": "--pre\n-r base.txt\ncdktf\n"}),
        use_snapshot=False,
        terraform="1.9.0",
    )
    assert pip.settings.installer == "pip" and pip.settings.prereleases
    assert pip.manifests[0].includes == ("base.txt",)
    pipenv = load_project(
        _write(
            tmp_path / "pipenv", {"Pipfile": '[pipenv]\nallow_prereleases = true\n[packages]\ncdktf = "*"\n'}
        ),
        use_snapshot=False,
        terraform="1.9.0",
    )
    assert pipenv.settings.installer == "pipenv" and pipenv.settings.prereleases
    poetry = load_project(
        _write(
            tmp_path / "poetry",
            {"pyproject.toml": '[tool.poetry.dependencies]\ncdktf = "^0.21"\n', "poetry.lock": ""},
        ),
        use_snapshot=False,
        terraform="1.9.0",
    )
    assert poetry.settings.installer == "Poetry" and not poetry.settings.prereleases
    # --pre in another requirements file than requirements.txt is not read as the project's setting
    other = load_project(
        _write(tmp_path / "other", {"requirements-dev.txt": "--pre\ncdktf\n"}),
        use_snapshot=False,
        terraform="1.9.0",
    )
    assert not other.settings.prereleases


def test_language_generated_bindings_and_node_are_part_of_the_project(tmp_path: Path) -> None:
    config = {
        "language": "typescript",
        "app": "npx ts-node main.ts",
        "codeMakerOutput": ".gen",
        "terraformProviders": ["hashicorp/aws@~> 5.0"],
    }
    root = _write(tmp_path / "ts", {"cdktf.json": json.dumps(config)})
    project = load_project(root, use_snapshot=False, terraform="1.9.0")
    assert project.language == "typescript"
    assert project.generated is not None and project.generated.folder == ".gen"
    assert [e.name for e in project.generated.entries] == ["aws"]
    assert project.node is None  # Node.js is detected only when asked for
    asked = load_project(root, use_snapshot=False, terraform="1.9.0", node="20.11.1", with_node=True)
    assert asked.node is not None and asked.node.version == Version("20.11.1")
    plain = load_project(
        _write(tmp_path / "py", {"requirements.txt": "cdktf\n"}), use_snapshot=False, terraform="1.9.0"
    )
    assert plain.language == "python" and plain.generated is None
