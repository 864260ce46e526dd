"""Valid project input the owning tools accept: compat reads it as they do, never aborting on it.

A PEP 263 ``coding`` line, a UTF-8 byte order mark in cdktf.json, a Pipfile or a version file, a
tofuenv ``latest:^1.10`` and a non-UTF-8 ``.nvmrc`` in a folder above the project.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from compat.cli import main
from compat.versions.cli import detect_terraform
from compat.versions.node import detect_node

BOM = b"\xef\xbb\xbf"
APP = '{"language": "python", "app": "python3 main.py"}'


def _project(root: Path, files: dict[str, bytes | str]) -> Path:
    (root / ".git").mkdir(parents=True)
    for rel, content in {"cdktf.json": APP, "main.py": "import cdktf\n", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return root


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    code = main(["check", str(root), "--offline", "--format", "json"])
    out, err = capsys.readouterr()
    assert "error:" not in err and "Traceback" not in err, err
    return code, json.loads(out)


def _codes(report: dict[str, object]) -> list[str]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return [f["code"] for f in findings]


def test_a_latin1_source_file_is_read_as_python_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = b'# -*- coding: latin-1 -*-\nimport cdktf\nNAME = "caf\xe9"\n'
    root = _project(tmp_path / "p", {"stack.py": latin})
    code, report = _check(root, capsys)
    assert code == 0 and "SRC001" not in _codes(report)


def test_a_source_file_python_cannot_decode_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", {"stack.py": b'import cdktf\n\n\nNAME = "caf\xe9"\n'})
    code, report = _check(root, capsys)
    assert code == 1 and _codes(report) == ["SRC001"]


def test_migrate_leaves_a_latin1_file_to_the_user_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = b'# -*- coding: latin-1 -*-\nfrom cdktf import App\nNAME = "caf\xe9"\n'
    root = _project(tmp_path / "p", {"stack.py": latin, "requirements.txt": "cdktf==0.20.11\n"})
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", "--write"]) == 1
    err = capsys.readouterr().err
    assert "stack.py:1: <file>: the file is in iso-8859-1" in err and "1 unresolved" in err
    assert (root / "stack.py").read_bytes() == latin
    assert (root / "requirements.txt").read_text() == "cdktn==0.22.1\n"  # the smallest move off cdktf


@pytest.mark.parametrize("manifest", ["cdktf.json", "Pipfile"])
def test_a_byte_order_mark_in_cdktf_json_or_the_pipfile_is_read_past_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], manifest: str
) -> None:
    files: dict[str, bytes | str] = {"Pipfile": '[packages]\ncdktf = "==0.20.11"\n'}
    files[manifest] = BOM + (APP if manifest == "cdktf.json" else str(files["Pipfile"])).encode()
    root = _project(tmp_path / "p", files)
    code, report = _check(root, capsys)
    assert code == 0, report
    assert main(["pin", str(root), "--terraform", "1.5.7", "--python", "3.11"]) == 0
    capsys.readouterr()
    assert (root / manifest).read_bytes().startswith(BOM)
    assert "cdktf-cdktf-provider-aws" in (root / "Pipfile").read_text(encoding="utf-8-sig")


def test_a_non_utf8_nvmrc_above_the_project_is_a_note(tmp_path: Path) -> None:
    (tmp_path / ".nvmrc").write_bytes(b"v\xff20\n")
    project = tmp_path / "p"
    project.mkdir()
    found, notes = detect_node(project, which=lambda _: None)
    assert found is None and "not a Node.js version: skipped" in notes[0]


def test_a_byte_order_mark_in_nvmrc_is_read_past(tmp_path: Path) -> None:
    (tmp_path / ".nvmrc").write_bytes(BOM + b"20.11.1\n")
    found, _ = detect_node(tmp_path, which=lambda _: None)
    assert found is not None and str(found.version) == "20.11.1"


def test_a_byte_order_mark_in_opentofu_version_is_read_past(tmp_path: Path) -> None:
    (tmp_path / ".opentofu-version").write_bytes(BOM + b"1.10.0\r\n")
    found = detect_terraform(tmp_path, environ={}, which=lambda _: None)
    assert found is not None and (found.cli, str(found.version)) == ("opentofu", "1.10.0")


def test_tofuenv_latest_regex_fixes_the_cli_but_not_the_version(tmp_path: Path) -> None:
    (tmp_path / ".opentofu-version").write_text("latest:^1.10\n")
    asked: list[str] = []

    def which(name: str) -> str | None:
        asked.append(name)
        return None

    unknown: list[str] = []
    assert detect_terraform(tmp_path, environ={}, which=which, unknown=unknown) is None
    assert asked == ["tofu"]  # terraform on PATH is not this project's CLI
    assert "'latest:^1.10': OpenTofu" in unknown[0]


def test_an_opentofu_project_gets_no_terraform_error_from_a_latest_version_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "terraform"
    fake.write_text('#!/bin/sh\necho \'{"terraform_version": "1.5.7"}\'\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    stack = (
        "from cdktf import App, TerraformStack\n"
        "class S(TerraformStack):\n"
        "    def __init__(self, scope, id):\n"
        "        super().__init__(scope, id)\n"
        "        self.add_override('terraform.encryption', {'key_provider': {}})\n"
    )
    root = _project(tmp_path / "p", {".opentofu-version": "latest:^1.10\n", "main.py": stack})
    code, report = _check(root, capsys)
    assert "SYN002" not in _codes(report) and code == 0
    assert any("latest:^1.10" in note for note in report["notes"])  # type: ignore[union-attr]


def _linked_out(tmp_path: Path) -> Path:
    """A project whose lib/ links to a folder beside it, outside its repository."""
    shared = tmp_path / "shared"
    shared.mkdir()
    for index in range(5):
        (shared / f"m{index}.py").write_text("from cdktf import App\n")
    root = _project(tmp_path / "p", {"requirements.txt": "cdktf==0.20.11\n"})
    (root / "lib").symlink_to(shared, target_is_directory=True)
    return root


def test_check_names_a_folder_linked_out_of_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _linked_out(tmp_path)
    code, report = _check(root, capsys)
    assert code == 0
    notes = report["notes"]
    assert isinstance(notes, list)
    assert any(note.startswith("lib/: links to ") and "outside the project" in note for note in notes)


def test_migrate_lists_a_folder_linked_out_of_the_project_as_unresolved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _linked_out(tmp_path)
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", "--write"]) == 1
    err = capsys.readouterr().err
    assert "1 unresolved" in err and "lib/:1: <folder>: links to" in err
    assert (tmp_path / "shared" / "m0.py").read_text() == "from cdktf import App\n"


def test_a_gitignored_cdktf_json_pointed_at_is_still_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "p", {".gitignore": "cdktf.json\n", "requirements.txt": "cdktf==0.20.11\n"})
    code, report = _check(root, capsys)
    assert code == 0 and report["project"] == str(root)
