"""A mirror whose simple-JSON rows carry fields of the wrong type or absurd versions (issue 24, 1 and 2).

Each row becomes typed values at the edge or is left out; nothing downstream sees a string where a
size belongs. ``check`` then says the release is not indexed (an info finding), never an internal error.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compat.cli import main
from compat.registry.http import HttpClient
from compat.registry.pypi import PyPIClient
from tests.faults.server import HostileServer, body

PACKAGE = "cdktf-cdktf-provider-random"
GOOD = {
    "filename": "cdktf_cdktf_provider_random-11.0.0-py3-none-any.whl",
    "url": "/f/good.whl",
    "hashes": {"sha256": "ab" * 32},
    "size": 10,
    "upload-time": "2025-05-01T00:00:00Z",
}
WHEEL = "cdktf_cdktf_provider_random-12.0.0-py3-none-any.whl"

HOSTILE_ROWS: dict[str, dict[str, Any]] = {
    "size is text": {"size": "12abc"},
    "size is a list": {"size": [1]},
    "size is negative": {"size": -1},
    "hashes is a list": {"hashes": ["sha256"]},
    "hashes holds a number": {"hashes": {"sha256": 5}},
    "yanked is a list": {"yanked": [True]},
    "requires-python is a number": {"requires-python": 3},
    "upload-time is a number": {"upload-time": 7},
    "a 5,000-digit version": {"filename": "cdktf_cdktf_provider_random-" + "1" * 5000 + "-py3-none-any.whl"},
}


def _simple(row: dict[str, Any]) -> bytes:
    hostile = {"filename": WHEEL, "url": "/f/x.whl", "hashes": {}, "upload-time": "2025-05-01T00:00:00Z"}
    hostile.update(row)
    return json.dumps({"meta": {"api-version": "1.1"}, "name": PACKAGE, "files": [GOOD, hostile]}).encode()


class Memory(dict[str, Any]):
    def set(self, key: str, value: Any) -> None:
        self[key] = value


@pytest.fixture
def mirror() -> Iterator[HostileServer]:
    server = HostileServer({})
    with server.running():
        yield server


@pytest.mark.parametrize("row", HOSTILE_ROWS.values(), ids=HOSTILE_ROWS.keys())
def test_a_malformed_row_is_left_out_and_the_others_kept(mirror: HostileServer, row: dict[str, Any]) -> None:
    mirror.routes[f"/simple/{PACKAGE}/"] = body(_simple(row))
    project = PyPIClient(HttpClient(retries=0), index_url=mirror.url("/simple")).project(PACKAGE)
    assert [str(v) for v in project.versions] == ["11.0.0"]
    (good,) = project.releases[0].files
    assert good.size == 10 and good.sha256 == "ab" * 32


def test_a_json_api_row_of_the_wrong_type_is_left_out(mirror: HostileServer) -> None:
    row = {"filename": "x-1.0-py3-none-any.whl", "url": "/x.whl", "upload_time": "2025-01-01T00:00:00"}
    document = {
        "info": {"name": "x"},
        "releases": {
            "1.0": [{**row, "size": "12abc"}],
            "2.0": [{**row, "digests": [1]}],
            "9" * 5000: [row],
            "3.0": [row],
        },
    }
    mirror.routes["/pypi/x/json"] = body(json.dumps(document).encode())
    project = PyPIClient(HttpClient(retries=0), mirror.base).project("x")
    assert {str(r.version): len(r.files) for r in project.releases} == {"1.0": 0, "2.0": 0, "3.0": 1}


@pytest.mark.parametrize(
    "row",
    [HOSTILE_ROWS["size is text"], HOSTILE_ROWS["hashes is a list"], HOSTILE_ROWS["a 5,000-digit version"]],
    ids=["size", "hashes", "version"],
)
def test_check_falls_back_to_the_not_indexed_finding(
    mirror: HostileServer,
    row: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mirror.routes[f"/simple/{PACKAGE}/"] = body(_simple(row))
    monkeypatch.setenv("PIP_INDEX_URL", mirror.url("/simple/"))
    (tmp_path / "cdktf.json").write_text('{"language": "python", "app": "python main.py"}\n')
    (tmp_path / "requirements.txt").write_text(f"cdktf==0.21.0\n{PACKAGE}==12.0.0\n")
    (tmp_path / "main.py").write_text("from cdktf_cdktf_provider_random.pet import Pet\n")
    assert main(["check", str(tmp_path), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert "internal error" not in err
    codes = [f["code"] for f in json.loads(out)["findings"]]
    assert codes == ["SRC002"]


def test_index_build_says_there_is_no_wheel(
    mirror: HostileServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    mirror.routes[f"/simple/{PACKAGE}/"] = body(_simple(HOSTILE_ROWS["size is a list"]))
    monkeypatch.setenv("PIP_INDEX_URL", mirror.url("/simple/"))
    assert main(["index", "build", f"{PACKAGE}==12.0.0"]) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and "12.0.0 has no wheel" in err


def test_a_project_listing_more_files_than_any_real_one_is_refused_and_not_cached(
    mirror: HostileServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from compat.errors import RegistryError
    from compat.registry import pypi

    monkeypatch.setattr(pypi, "MAX_FILES", 1)
    mirror.routes[f"/simple/{PACKAGE}/"] = body(_simple({}))
    cache = Memory()
    with pytest.raises(RegistryError, match="more than 1 files"):
        PyPIClient(HttpClient(retries=0, cache=cache), index_url=mirror.url("/simple")).project(PACKAGE)
    assert cache == {}


def test_data_refresh_leaves_malformed_rows_out(
    mirror: HostileServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def simple(handler: Any) -> None:
        if not handler.path.startswith("/simple/"):
            body(b"{}", 404)(handler)
            return
        name = handler.path.split("/")[2]
        top = name.replace("-", "_")
        rows = []
        for hostile in HOSTILE_ROWS.values():
            row = {"filename": f"{top}-1.0.0-py3-none-any.whl", "url": "/f/x.whl", "upload-time": "2025"}
            row.update(hostile)
            row["filename"] = row["filename"].replace("cdktf_cdktf_provider_random", top)
            rows.append(row)
        body(json.dumps({"meta": {"api-version": "1.1"}, "name": name, "files": rows}).encode())(handler)

    mirror.routes["*"] = simple
    monkeypatch.setenv("PIP_INDEX_URL", mirror.url("/simple/"))
    monkeypatch.setenv("NPM_CONFIG_REGISTRY", mirror.base)
    assert main(["data", "refresh", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert "internal error" not in err and "no newer releases" in out
