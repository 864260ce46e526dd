"""The keyed packing of a package's release rows: every release decodes as from the older packing, and a
lookup finds the same rows."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path
from typing import Any

import pytest
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_version
from packaging.version import Version

from compat.databuild.build import repack_releases
from compat.errors import CompatError
from compat.packed_rows import PACKED, PACKED_KEYED, pack_release_rows, pack_rows, unpack_rows
from compat.snapshot import Snapshot, _canonical_key, _version_key, parse_snapshot

DATA = Path(__file__).resolve().parents[2] / "data" / "releases.json"
PACKING = ("encoding", "fields", "rows")


def _committed() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return document


def _with_older_packing(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with every package's rows packed as builds before the keys packed them."""
    packages = {
        name: {**{k: v for k, v in entry.items() if k not in PACKING}, **pack_rows(unpack_rows(entry))}
        for name, entry in document["packages"].items()
    }
    return {**document, "packages": packages}


def test_every_pypi_package_of_the_committed_snapshot_is_packed_with_keys() -> None:
    entries = _committed()["packages"].values()
    assert entries and all(entry["encoding"] == PACKED_KEYED for entry in entries)


def test_every_release_decodes_and_is_found_as_from_the_older_packing() -> None:
    """Both packings of the committed snapshot: the same lists, and each release (by every spelling a
    check may ask with) looked up in a package not parsed yet is the same row, as are the newest
    accepted releases and the final-release answers."""
    document = _committed()
    keyed, older = parse_snapshot(document), parse_snapshot(_with_older_packing(document))
    fresh_keyed, fresh_older = parse_snapshot(document), parse_snapshot(_with_older_packing(document))
    count = 0
    for attr in ("bindings_by_package", "cores_by_package"):
        for package in getattr(older, attr):
            listed = getattr(older, attr)[package]
            assert getattr(keyed, attr)[package] == listed, package
            count += len(listed)
            for release in listed:
                version = release.version
                padded = Version(f"{version}.0") if str(version) == version.base_version else version
                for asked in (version, padded):
                    found = getattr(fresh_keyed, attr).release(package, asked)
                    assert found == getattr(fresh_older, attr).release(package, asked), (package, asked)
                    assert found is not None and found.version == asked
            assert getattr(fresh_keyed, attr).release(package, Version("9999.1")) is None
            for accept in (lambda r: True, lambda r: not r.yanked, lambda r: r.version.major == 0):
                assert _newest(fresh_keyed, attr, package, accept) == _newest(
                    fresh_older, attr, package, accept
                )
    for spec in (">=0.20", "<0.1", "==0.21.0rc1", ">=99"):
        wanted = SpecifierSet(spec).contains
        assert parse_snapshot(document).cores_by_package.any_final(
            "cdktf", wanted
        ) == older.cores_by_package.any_final("cdktf", wanted)
    assert count > 20_000


def _newest(snapshot: Snapshot, attr: str, package: str, accept: Any) -> object:
    return next((r for r in getattr(snapshot, attr).newest_first(package) if accept(r)), None)


def test_the_key_a_lookup_computes_is_the_key_the_build_wrote() -> None:
    """A check keys the wanted version by :func:`_version_key` (its parts, as :func:`_canonical_key`
    reads packaging's text of it); the build by ``packaging.utils.canonicalize_version``: the same text
    for every version of the snapshot."""
    texts = {row["version"] for entry in _committed()["packages"].values() for row in unpack_rows(entry)}
    texts |= {
        "1.0.0",
        "1.0",
        "1",
        "0.0",
        "1.0.post0",
        "1.0a1.post2.dev3",
        "1.0rc1",
        "01.0",
        "1.0-1",
        "1.0.0.0.0",
    }
    for text in texts:
        key = _canonical_key(str(Version(text)))
        assert key is not None and "".join(key) == canonicalize_version(text), text
        assert _version_key(Version(text)) == key, text


def test_the_rows_are_sorted_by_version_and_keyed() -> None:
    rows = [{"version": v, "n": i} for i, v in enumerate(["1.0", "0.10.0", "0.9.0", "1.0.0", "0.9.0rc1"])]
    entry = pack_release_rows(rows)
    assert [row["n"] for row in unpack_rows(entry)] == [4, 2, 1, 0, 3]  # equal versions keep their order
    text = zlib.decompress(base64.b64decode(entry["rows"])).decode()
    assert text.split("\n")[0] == "0.9rc1 0.9 0.10 1 1"
    assert pack_release_rows([])["fields"] == [] and unpack_rows(pack_release_rows([])) == []


def _keyed(text: str) -> dict[str, Any]:
    blob = base64.b64encode(zlib.compress(text.encode())).decode()
    return {"kind": "core", "encoding": PACKED_KEYED, "fields": ["version"], "rows": blob}


@pytest.mark.parametrize(
    "text",
    ['0.9 0.10\n["0.9.0"]', '0.9\n["0.9.0","x"]', "0.9\n[9]", "0.9\nnot json", '0.9\n{"version":"0.9"}'],
)
def test_a_damaged_keyed_entry_is_one_clear_error_on_lookup(text: str) -> None:
    snapshot = parse_snapshot({"schema": 1, "packages": {"cdktf": _keyed(text)}})
    with pytest.raises(CompatError, match="snapshot is malformed"):
        snapshot.core("cdktf", "0.9")
    with pytest.raises(CompatError, match="snapshot is malformed"):
        snapshot.cores("cdktf")


def test_repack_rewrites_only_the_packing(tmp_path: Path) -> None:
    """``compat data build --repack-only`` over a snapshot of the older packing: the same document with
    the keyed packing, the same releases."""
    document = _committed()
    target = tmp_path / "releases.json"
    older = _with_older_packing(document)
    assert all(entry["encoding"] == PACKED for entry in older["packages"].values())
    target.write_text(json.dumps(older, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert repack_releases(target) == len(document["packages"])
    assert target.read_bytes() == DATA.read_bytes()  # the committed file is what the build writes


def test_a_package_without_releases_is_looked_up_as_empty() -> None:
    """A refresh overlay keeps packages with no newer release: packed with no field at all."""
    snapshot = parse_snapshot({"schema": 1, "packages": {"cdktf": {"kind": "core", **pack_release_rows([])}}})
    assert snapshot.core("cdktf", "0.9") is None
    assert not snapshot.cores_by_package.any_final("cdktf", lambda version: True)
    assert list(snapshot.cores_by_package.newest_first("cdktf")) == []
    assert snapshot.cores("cdktf") == []
