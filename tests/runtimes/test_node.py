"""Node.js: detection with its source, the release's floor (VER011) and jsii's support (VER012)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from packaging.version import Version

from compat.check.rules._node import below
from compat.check.rules.ver012_node_past_jsii_support import supported_majors
from compat.errors import CompatError
from compat.runtimes import load_runtimes
from compat.versions.node import detect_node, engines_floor
from tests.check.helpers import check, make_project


def _none(_: str) -> None:
    return None


def test_detection_order(tmp_path: Path) -> None:
    inner = tmp_path / "infra"
    inner.mkdir()
    (tmp_path / ".nvmrc").write_text("v18.19.0\n")
    (inner / ".tool-versions").write_text("nodejs 22.11.0\n")
    found, _ = detect_node(inner, which=_none)
    assert found is not None and (str(found.version), found.source) == ("18.19.0", str(tmp_path / ".nvmrc"))
    (inner / ".node-version").write_text("20\n")
    found, _ = detect_node(inner, which=_none)
    assert found is not None and found.source.endswith("infra/.node-version")
    found, _ = detect_node(inner, "22.12.0", which=_none)
    assert found is not None and found.source == "--node"


def test_an_alias_is_a_note_not_a_guess(tmp_path: Path) -> None:
    (tmp_path / ".nvmrc").write_text("lts/*\n")
    found, notes = detect_node(tmp_path, which=lambda _: "/usr/bin/node")
    assert found is None and "not a Node.js version" in notes[0]


def test_node_on_path(tmp_path: Path) -> None:
    def run(argv: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(argv, 0, "v20.11.1\n", "")

    found, _ = detect_node(tmp_path, which=lambda _: "/usr/bin/node", run=run)
    assert found is not None and str(found.version) == "20.11.1" and "--version" in found.source


def test_without_path_only_what_the_project_names_is_read(tmp_path: Path) -> None:
    """``migrate`` reads the Node.js npm picks releases on: the project's, never the one on PATH (not run)."""

    def run(argv: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        raise AssertionError("node on PATH was run")

    found, _ = detect_node(tmp_path, which=lambda _: "/usr/bin/node", run=run, on_path=False)
    assert found is None
    (tmp_path / ".nvmrc").write_text("18\n")
    found, _ = detect_node(tmp_path, which=lambda _: "/usr/bin/node", run=run, on_path=False)
    assert found is not None and str(found.version) == "18"


def test_bad_flag(tmp_path: Path) -> None:
    with pytest.raises(CompatError, match="--node"):
        detect_node(tmp_path, "twenty", which=_none)


def test_a_major_names_every_release_of_it() -> None:
    assert below(Version("16"), Version("20.9"))
    assert not below(Version("20"), Version("20.9"))  # nvm installs the newest 20.x
    assert below(Version("20.8.1"), Version("20.9"))
    assert engines_floor(">= 20.9.0") == Version("20.9.0") and engines_floor("^20 || ^22") is None


def test_jsii_support_table_comes_from_the_package() -> None:
    runtimes = load_runtimes()
    assert "@jsii/check-node" in runtimes.jsii_source
    node20 = runtimes.node_release(20)
    assert node20 is not None and node20.end_of_life == date(2026, 4, 30)
    assert supported_majors(runtimes, date(2026, 11, 28)) == [22, 24]


def _project(tmp_path: Path, nvmrc: str, core: str = "0.21.0", bindings: str = "21.22.1") -> Path:
    root = make_project(tmp_path / "p", {}, core=core, bindings=bindings)
    (root / ".nvmrc").write_text(nvmrc + "\n")
    return root


def test_node_16_on_cdktf_0_21_is_an_error_naming_the_floor(tmp_path: Path) -> None:
    result = check(_project(tmp_path, "16"), select=("VER011",))
    [finding] = result.findings
    assert (finding.severity, finding.path) == ("error", ".nvmrc")
    assert ">= 20.9" in finding.message and "from .nvmrc" in finding.message
    assert result.environment.node is not None and result.environment.node.source == ".nvmrc"


@pytest.mark.parametrize(
    ("major", "core", "bindings"), [("18", "0.20.12", "19.65.1"), ("20", "0.21.0", "21.22.1")]
)
def test_node_past_jsii_support_is_a_warning(tmp_path: Path, major: str, core: str, bindings: str) -> None:
    result = check(_project(tmp_path, major, core, bindings), select=("VER011", "VER012"))
    assert [(f.code, f.severity) for f in result.findings] == [("VER012", "warning")]
    assert "jsii" in result.findings[0].message and "check-node" in result.findings[0].message


def test_node_22_is_clean(tmp_path: Path) -> None:
    assert not check(_project(tmp_path, "22.12.0"), select=("VER011", "VER012")).findings


def test_no_node_anywhere_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda _: None)
    root = make_project(tmp_path / "p", {}, core="0.21.0", bindings="21.22.1")
    result = check(root, select=("VER011", "VER012"))
    assert not result.findings and any("no Node.js version found" in note for note in result.notes)
