"""Packages installed from a local path, file, URL or VCS checkout: installed, but never a registry release.

A monorepo example installs ``cdktf`` from ``../../dist/python/cdktf-0.0.0-py3-none-any.whl``; the
lock entry has ``"path"`` (or ``"file"``) and maybe the wheel's own version. compat must see the
package (which line the project is on) and never look the version up as a PyPI release.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.errors import CompatError
from compat.project import load_project
from compat.project.formats import lock_format, read_manifest_file
from compat.snapshot import Snapshot

WHEEL = "../../dist/python/cdktf-0.0.0-py3-none-any.whl"


def _write(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def _lock(default: dict[str, object]) -> str:
    return json.dumps(
        {"_meta": {"requires": {"python_version": "3.11"}}, "default": default, "develop": {}}, indent=4
    )


def test_pipfile_path_entry_is_installed_from_its_source(tmp_path: Path, snapshot: Snapshot) -> None:
    root = _write(tmp_path, {"Pipfile": f'[packages]\ncdktf = {{path = "{WHEEL}"}}\n'})
    project = load_project(root, snapshot=snapshot)
    [pin] = project.pins("cdktf")
    assert pin.source == f"path {WHEEL}" and pin.exact is None
    installed = project.installed["cdktf"]
    # not "the newest release '*' admits": pip installs the wheel, whatever its version
    assert installed.how == "source" and installed.version is None
    assert "not as a registry release" in installed.note and WHEEL in installed.note


def test_pipfile_lock_path_file_and_git_entries(tmp_path: Path) -> None:
    lock = _lock(
        {
            "cdktf": {"hashes": [], "path": WHEEL, "version": "==0.0.0"},
            "cdktn": {"file": "../dist/cdktn-0.0.0-py3-none-any.whl", "hashes": []},
            "cdktf-cdktf-provider-aws": {"git": "https://github.com/x/y.git", "ref": "abc"},
            "constructs": {"hashes": [], "version": "==10.4.2"},
        }
    )
    path = _write(tmp_path, {"Pipfile.lock": lock}) / "Pipfile.lock"
    pins = {p.package: p for p in lock_format("pipfile.lock").read(path).pins}
    assert pins["cdktf"].source == f"path {WHEEL}" and pins["cdktf"].exact is None  # 0.0.0 is no release
    assert pins["cdktn"].source is not None and pins["cdktn"].source.startswith("file ")
    assert pins["cdktf-cdktf-provider-aws"].source == "git https://github.com/x/y.git"
    assert pins["constructs"].source is None and str(pins["constructs"].exact) == "10.4.2"


def test_locked_path_wheel_is_no_release_to_look_up(tmp_path: Path, snapshot: Snapshot) -> None:
    lock = _lock({"cdktf": {"hashes": [], "path": WHEEL, "version": "==0.0.0"}})
    root = _write(tmp_path, {"Pipfile": f'[packages]\ncdktf = {{path = "{WHEEL}"}}\n', "Pipfile.lock": lock})
    installed = load_project(root, snapshot=snapshot).installed["cdktf"]
    assert installed.how == "source" and installed.version is None
    assert "labelled 0.0.0" in installed.note and "Pipfile.lock:" in installed.note


def test_the_lock_names_the_family_when_it_installs_another_than_the_pipfile(
    tmp_path: Path, snapshot: Snapshot
) -> None:
    lock = _lock({"cdktn": {"file": "../dist/cdktn-0.0.0-py3-none-any.whl", "hashes": []}})
    root = _write(tmp_path, {"Pipfile": f'[packages]\ncdktf = {{path = "{WHEEL}"}}\n', "Pipfile.lock": lock})
    project = load_project(root, snapshot=snapshot)
    assert project.family.name == "cdktn"
    assert "the manifests and the lock" in project.family_source
    assert project.installed["cdktn"].how == "source"


def test_requirements_paths_urls_and_editables_name_their_package(tmp_path: Path) -> None:
    text = (
        "\n".join(
            [
                "./dist/cdktf-0.20.0-py3-none-any.whl",
                "-e git+https://github.com/x/bindings.git#egg=cdktf-cdktf-provider-aws",
                "cdktn @ file:///tmp/cdktn-0.0.0-py3-none-any.whl",
                "https://example.com/pkgs/constructs-10.4.2.tar.gz",
                "./some/local/folder",  # no name to tell: skipped
                "-r other.txt",
                "cdktf-cdktf-provider-google==16.0.0",
            ]
        )
        + "\n"
    )
    (manifest,) = read_manifest_file(_write(tmp_path, {"requirements.txt": text}) / "requirements.txt")
    found = {p.package: (p.source, p.line) for p in manifest.pins}
    assert found == {
        "cdktf": ("./dist/cdktf-0.20.0-py3-none-any.whl", 1),
        "cdktf-cdktf-provider-aws": ("git+https://github.com/x/bindings.git#egg=cdktf-cdktf-provider-aws", 2),
        "cdktn": ("file:///tmp/cdktn-0.0.0-py3-none-any.whl", 3),
        "constructs": ("https://example.com/pkgs/constructs-10.4.2.tar.gz", 4),
        "cdktf-cdktf-provider-google": (None, 7),
    }
    assert all(p.exact is None for p in manifest.pins if p.source)


def test_pyproject_direct_references_and_poetry_sources(tmp_path: Path) -> None:
    text = (
        '[project]\nname = "app"\nversion = "1"\n'
        'dependencies = ["cdktf @ git+https://github.com/x/cdktf.git", "constructs>=10"]\n'
        "[tool.poetry.dependencies]\n"
        'cdktn = {path = "../cdktn", develop = true}\n'
        'cdktn-provider-aws = {git = "https://github.com/x/aws.git", tag = "v1"}\n'
        'cdktf = "^0.20"\n'
    )
    manifests = read_manifest_file(_write(tmp_path, {"pyproject.toml": text}) / "pyproject.toml")
    pep621, poetry = manifests
    assert {p.package: p.source for p in pep621.pins} == {
        "cdktf": "git+https://github.com/x/cdktf.git",
        "constructs": None,
    }
    assert {p.package: p.source for p in poetry.pins} == {
        "cdktn": "path ../cdktn",
        "cdktn-provider-aws": "git https://github.com/x/aws.git",
        "cdktf": None,
    }


def test_poetry_lock_and_uv_lock_sources(tmp_path: Path) -> None:
    poetry = (
        '[[package]]\nname = "cdktf"\nversion = "0.0.0"\n\n[package.source]\ntype = "file"\n'
        f'url = "{WHEEL}"\n\n'
        '[[package]]\nname = "constructs"\nversion = "10.4.2"\n\n[package.source]\ntype = "legacy"\n'
        'url = "https://mirror.example/simple"\n'
    )
    pins = {
        p.package: p
        for p in lock_format("poetry.lock")
        .read(_write(tmp_path, {"poetry.lock": poetry}) / "poetry.lock")
        .pins
    }
    assert pins["cdktf"].source == f"file {WHEEL}" and pins["cdktf"].exact is None
    assert pins["constructs"].source is None  # a private index is still a registry
    uv = (
        '[[package]]\nname = "cdktf"\nsource = { path = "../dist/cdktf-0.0.0-py3-none-any.whl" }\n\n'
        '[[package]]\nname = "constructs"\nversion = "10.4.2"\n'
        'source = { registry = "https://pypi.org/simple" }\n'
    )
    uv_lock = _write(tmp_path, {"uv.lock": uv}) / "uv.lock"
    pins = {p.package: p for p in lock_format("uv.lock").read(uv_lock).pins}
    assert pins["cdktf"].source == "path ../dist/cdktf-0.0.0-py3-none-any.whl"
    assert pins["constructs"].source is None and str(pins["constructs"].exact) == "10.4.2"


def test_unreadable_pep621_entries_of_other_packages_are_skipped_with_a_note(
    tmp_path: Path, snapshot: Snapshot
) -> None:
    text = '[project]\nname = "app"\nversion = "1"\ndependencies = ["cdktf==0.20.12", 3, "==1.0"]\n'
    project = load_project(_write(tmp_path, {"pyproject.toml": text}), snapshot=snapshot)
    [manifest] = project.manifests
    assert [p.package for p in manifest.pins] == ["cdktf"]
    assert len(manifest.notes) == 2 and all("skipped (not a cdktf package)" in n for n in manifest.notes)


@pytest.mark.parametrize("dependencies", ['[["cdktf==0.20.12"]]', '"cdktf==0.20.12"', '["cdktf >= = 1"]'])
def test_an_unreadable_cdktf_entry_is_one_clear_error(
    tmp_path: Path, snapshot: Snapshot, dependencies: str
) -> None:
    text = f'[project]\nname = "app"\nversion = "1"\ndependencies = {dependencies}\n'
    with pytest.raises(CompatError) as caught:
        load_project(_write(tmp_path, {"pyproject.toml": text}), snapshot=snapshot)
    assert "pyproject.toml" in str(caught.value) and "\n" not in str(caught.value)


def test_a_pin_is_a_record_whose_exact_release_is_pypi_only(tmp_path: Path) -> None:
    """``Pin`` is a ``Record`` (a tuple; no dataclass compiled when a check starts): ``exact`` reads a
    single ``==X`` of a PyPI specifier, and is None for an npm range, whose releases npm-semver says."""
    from packaging.specifiers import SpecifierSet

    from compat.project.model import Pin
    from compat.versions.npm_semver import NpmRange

    pypi = Pin(
        package="cdktf",
        name_as_written="cdktf",
        path=tmp_path,
        line=1,
        raw="==0.21.0",
        specifier=SpecifierSet("==0.21.0"),
        kind="requirements",
        section="packages",
    )
    npm_range = NpmRange.parse("0.21.0")
    assert npm_range is not None
    npm = Pin(
        package="cdktf",
        name_as_written="cdktf",
        path=tmp_path,
        line=1,
        raw="0.21.0",
        specifier=npm_range,
        kind="package.json",
        section="dependencies",
    )
    assert str(pypi.exact) == "0.21.0" and npm.exact is None
    assert pypi._replace(source="git x").exact is None and pypi == Pin(**pypi._asdict())
