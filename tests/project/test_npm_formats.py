"""package.json and the npm, pnpm and Yarn locks are entries of the one format registry: each reads
into the same Manifest / LockFile records as the PyPI formats, with npm ranges instead of PEP 440."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.errors import CompatError
from compat.project.formats import lock_format, manifest_format
from compat.project.formats.npm_locks import NPM_LOCK_FORMATS, read_lock
from compat.project.wanted import WantedPin
from compat.versions.npm_semver import NpmRange
from tests.typescript.test_locks import PACKAGE, PNPM_V9, YARN_BERRY, YARN_V1


def test_package_json_reads_into_pins_with_npm_ranges(tmp_path: Path) -> None:
    path = tmp_path / "package.json"
    path.write_text(
        PACKAGE.replace(
            '"constructs": "10.3.0"\n  },', '"constructs": "10.3.0",\n    "lib": "workspace:*"\n  },', 1
        )
    )
    package_json = manifest_format("package.json")
    manifest = package_json.read(package_json.parse(path))
    assert manifest is not None and manifest.kind == "package.json"
    [cdktf, peer] = manifest.find("cdktf")
    assert (cdktf.section, cdktf.line, cdktf.raw) == ("dependencies", 6, "^0.20.0")
    assert isinstance(cdktf.specifier, NpmRange) and cdktf.specifier.admits("0.20.9")
    assert not cdktf.specifier.admits("0.21.0") and cdktf.source is None
    assert peer.section == "peerDependencies"
    [lib] = manifest.find("lib")
    assert lib.source == "workspace:*" and lib.specifier.admits("1.0.0")  # installed, not a registry range


def test_npm_names_are_not_pep_503_normalised(tmp_path: Path) -> None:
    path = tmp_path / "package.json"
    path.write_text('{"dependencies": {"lodash.merge": "^4.6.2"}}')
    package_json = manifest_format("package.json")
    manifest = package_json.read(package_json.parse(path))
    assert manifest is not None
    assert [p.package for p in manifest.find("lodash.merge")] == ["lodash.merge"]
    assert manifest.find("lodash-merge") == []


@pytest.mark.parametrize(
    ("name", "text", "kind", "package", "version"),
    [
        (
            "package-lock.json",
            json.dumps({"lockfileVersion": 3, "packages": {"node_modules/cdktf": {"version": "0.20.8"}}}),
            "npm",
            "cdktf",
            "0.20.8",
        ),
        ("yarn.lock", YARN_V1, "yarn", "cdktf", "0.11.2"),
        ("yarn.lock", YARN_BERRY, "yarn-berry", "cdktf", None),
        ("pnpm-lock.yaml", PNPM_V9, "pnpm", "cdktf", "0.15.5"),
        (
            "bun.lock",
            (Path(__file__).parents[1] / "typescript/fixtures/bun_single/bun.lock").read_text(),
            "bun",
            "constructs",
            "10.8.1",
        ),
    ],
)
def test_each_npm_lock_format_reads_exact_pins(
    tmp_path: Path, name: str, text: str, kind: str, package: str, version: str | None
) -> None:
    path = tmp_path / name
    path.write_text(text)
    whole = read_lock(path)
    assert whole.kind == kind  # the format is told by name, then by text (Yarn v1 and Berry share a name)
    lock = lock_format(whole.kind).read(path)
    assert lock.kind == kind and lock.path == path
    pins = [p for p in lock.pins if p.package == package]
    assert pins, lock.pins
    for pin in pins:
        assert pin.specifier.exact is not None and pin.specifier.exact.text == pin.raw
        assert pin.line > 0
    if version is not None:
        assert version in {p.raw for p in pins}
    assert package in lock.names


def test_every_npm_lock_format_names_its_install_command() -> None:
    assert [(f.kind, f.filenames, f.command) for f in NPM_LOCK_FORMATS] == [
        ("npm", ("npm-shrinkwrap.json", "package-lock.json"), "npm install"),
        ("pnpm", ("pnpm-lock.yaml",), "pnpm install"),
        ("yarn-berry", ("yarn.lock",), "yarn install"),
        ("yarn", ("yarn.lock",), "yarn install"),
        ("bun", ("bun.lock",), "bun install"),
    ]


def test_package_json_edit_keeps_each_entrys_style_and_every_other_byte(tmp_path: Path) -> None:
    path = tmp_path / "package.json"
    text = PACKAGE.replace(
        '"constructs": "10.3.0"\n  },', '"constructs": "10.3.0",\n    "lib": "workspace:*"\n  },', 1
    )
    wanted = {
        "cdktf": WantedPin.npm("cdktf", "0.21.0"),
        "constructs": WantedPin.npm("constructs", "10.4.2"),
        "lib": WantedPin.npm("lib", "2.0.0"),
    }
    edited = manifest_format("package.json").edit(path, text, wanted, {}, ())
    expected = (
        text.replace('"cdktf": "^0.20.0"', '"cdktf": "^0.21.0"').replace(  # both sections, ^ kept
            '"constructs": "10.3.0",\n    "lib"', '"constructs": "10.4.2",\n    "lib"'
        )  # exact kept
    )
    assert edited.text == expected  # the workspace entry and the overrides stay as written


def test_package_json_edit_neither_renames_nor_adds(tmp_path: Path) -> None:
    package_json = manifest_format("package.json")
    with pytest.raises(CompatError, match="neither renames nor adds"):
        package_json.edit(tmp_path / "package.json", PACKAGE, {}, {"cdktf": "cdktn"}, ())
    with pytest.raises(ValueError, match="not an npm version"):
        WantedPin.npm("cdktf", "^0.21.0")
