"""A damaged or unusable cache never stops a command: validated, discarded, one warning, go on."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import responses

import compat.snapshot as snapshot_module
from compat.cache import SafeCache, open_disk_cache
from compat.cli import main
from compat.errors import RegistryError
from compat.index import open_release_index
from compat.migrations.catalogue import resolution_cache
from compat.registry.http import HttpClient
from tests.conftest import FIXTURES

URL = "https://registry.example.org/doc.json"


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(snapshot_module, "_loaded", None)
    monkeypatch.setattr("compat.notice._warned", set())
    return Path(os.environ["COMPAT_CACHE_DIR"])


@pytest.mark.parametrize(
    "overlay",
    ["[1]", '{"schema": 1, "packages": {"cdktf": {"kind": "core", "releases": [[1]]}}}', "{", "null"],
    ids=["a list", "a row that is a list", "truncated", "null"],
)
def test_a_release_cache_of_the_wrong_shape_is_ignored_with_one_warning(
    cache: Path, tmp_path: Path, overlay: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "releases.json").write_text(overlay)
    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "projects" / "requirements", root)
    assert main(["pin", str(root), "--dry-run", "--terraform", "1.9.0", "--python", "3.11"]) == 0
    err = capsys.readouterr().err
    assert err.count("warning: ignored the release cache") == 1 and "internal error" not in err


def test_a_garbage_cache_index_does_not_hide_the_embedded_one(
    cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "index.sqlite").write_bytes(b"garbage" * 100)
    index = open_release_index("cdktf-cdktf-provider-aws", "21.22.1", offline=True)
    assert index.version == "21.22.1"
    assert "ignored the damaged cache file" in capsys.readouterr().err
    assert (cache / "index.sqlite").exists()  # offline: ignored, not touched


def test_a_garbage_resolution_cache_is_replaced(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (cache / "migrations").mkdir(parents=True)
    (cache / "migrations" / "cache.db").write_bytes(b"garbage" * 100)
    store = resolution_cache()
    assert store is not None
    store["k"] = "v"
    assert store.get("k") == "v"
    assert "ignored the damaged cache file" in capsys.readouterr().err


def test_a_cache_that_fails_mid_run_is_switched_off(capsys: pytest.CaptureFixture[str]) -> None:
    class Failing:
        def get(self, key: Any, default: Any = None) -> Any:
            raise sqlite3.DatabaseError("database disk image is malformed")

        def set(self, key: Any, value: Any) -> None:
            raise OSError(28, "No space left on device")

    store = SafeCache(Failing(), Path("/cache"))
    store["a"] = 1
    assert store.get("a") is None and store.get("b", 2) == 2
    assert capsys.readouterr().err.count("warning") == 1


def test_a_cache_directory_that_is_a_file_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("compat.notice._warned", set())
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("COMPAT_CACHE_DIR", str(blocker))
    assert open_disk_cache("http") is None
    assert "going on without" in capsys.readouterr().err


@responses.activate
def test_a_cached_answer_of_the_wrong_shape_is_not_served() -> None:
    class Memory(dict[str, Any]):
        def set(self, key: str, value: Any) -> None:
            self[key] = value

    def must_have_name(body: Any) -> None:
        if not isinstance(body, dict) or "name" not in body:
            raise RegistryError("unexpected document")

    store = Memory({"json:" + URL: (9e99, ["poisoned"])})
    responses.get(URL, json={"name": "fresh"})
    fresh = HttpClient(cache=store, retries=0).get_json(URL, ttl=60, validate=must_have_name)
    assert fresh == {"name": "fresh"}
    with pytest.raises(RegistryError):
        HttpClient(cache=Memory({"json:" + URL: (9e99, [1])}), offline=True).get_json(
            URL, ttl=60, validate=must_have_name
        )


def test_migrate_offline_in_diff_mode_writes_nothing_not_even_a_cache(cache: Path, tmp_path: Path) -> None:
    root = tmp_path / "aws20"
    shutil.copytree(FIXTURES / "migrations" / "aws20", root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert main(["migrate", str(root), "--to", "21.22.1", "--offline"]) in (0, 1)
    assert not cache.exists() or not any(cache.rglob("*"))
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_an_unusable_cache_directory_means_no_index_not_a_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from compat.errors import CompatError

    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("COMPAT_CACHE_DIR", str(blocker))  # XDG_CACHE_HOME naming a file, say
    monkeypatch.setattr("compat.index.build.wheel_urls", lambda http, package: {"99.0.0": "https://x/w.whl"})
    with pytest.raises(CompatError, match="could not be indexed"):
        open_release_index("cdktf-cdktf-provider-aws", "99.0.0", offline=False)
