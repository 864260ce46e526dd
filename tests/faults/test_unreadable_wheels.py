"""A wheel whose modules cannot be read is an index failure, never a release with no modules (issue 24, 13).

Cached empty, such a release made every import of the package an IMP001 error on every later run.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from compat.cli import main
from compat.index.api import cache_index_path
from tests.faults.server import HostileServer, body, ranged

PACKAGE = "cdktf-cdktf-provider-random"
TOP = "cdktf_cdktf_provider_random"
WHEEL = f"{TOP}-12.0.0-py3-none-any.whl"
ROOT = b"import jsii\n__all__ = ['pet']\n"


def _wheel(kind: str) -> bytes:
    buffer = io.BytesIO()
    compression = zipfile.ZIP_BZIP2 if kind == "bzip2" else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        if kind != "no modules":
            archive.writestr(f"{TOP}/__init__.py", ROOT)
            archive.writestr(f"{TOP}/pet/__init__.py", "class Pet:\n    pass\n__all__ = ['Pet']\n")
        archive.writestr(f"{TOP}-12.0.0.dist-info/METADATA", "Name: x\n")
    blob = bytearray(buffer.getvalue())
    if kind == "bad deflate":
        start = 30 + len(f"{TOP}/__init__.py")
        blob[start : start + 4] = b"\xff\xff\xff\xff"
    if kind == "name not UTF-8":
        blob = bytearray(bytes(blob).replace(f"{TOP}/pet/".encode(), f"{TOP}/p\xfft/".encode("latin-1")))
    return bytes(blob)


@pytest.fixture
def mirror(monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileServer]:
    monkeypatch.setattr("compat.notice._warned", set())  # each test is a run of its own
    row = {"filename": WHEEL, "url": "/f/w.whl", "hashes": {}, "upload-time": "2025-05-01T00:00:00Z"}
    document = {"meta": {"api-version": "1.1"}, "name": PACKAGE, "files": [row]}
    server = HostileServer({f"/simple/{PACKAGE}/": body(json.dumps(document).encode())})
    with server.running():
        monkeypatch.setenv("PIP_INDEX_URL", server.url("/simple/"))
        yield server


def _project(path: Path) -> Path:
    (path / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (path / "requirements.txt").write_text(f"cdktf==0.21.0\n{PACKAGE}==12.0.0\n")
    (path / "main.py").write_text(f"from {TOP}.pet import Pet\nfrom {TOP} import pet\n")
    return path


@pytest.mark.parametrize("kind", ["bad deflate", "bzip2", "name not UTF-8", "no modules"])
def test_an_unreadable_wheel_is_not_indexed_and_said_once(
    mirror: HostileServer, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mirror.routes["/f/w.whl"] = ranged(_wheel(kind))
    project = _project(tmp_path)
    for offline in ([], ["--offline"]):
        assert main(["check", str(project), "--format", "json", *offline]) == 0
        out, err = capsys.readouterr()
        assert "internal error" not in err
        assert [f["code"] for f in json.loads(out)["findings"]] == ["SRC002"]  # one line, no IMP001
    assert main(["index", "build", f"{PACKAGE}==12.0.0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and any(why in err for why in ("cannot be read", "corrupt", "compression"))
    import sqlite3

    if cache_index_path().is_file():
        with sqlite3.connect(cache_index_path()) as db:
            assert db.execute("SELECT count(*) FROM releases").fetchone() == (0,)


def test_a_monorepo_tries_an_unreadable_wheel_once_and_says_why_once(
    mirror: HostileServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mirror.routes["/f/w.whl"] = ranged(_wheel("name not UTF-8"))
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        _project(tmp_path / name)
    assert main(["check", str(tmp_path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert err.count("is no module path: the wheel cannot be read") == 1
    assert err.count("compat: indexing") == 1
