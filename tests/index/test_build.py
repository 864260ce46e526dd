"""The build pipeline end to end, hermetic: a wheel assembled from recorded modules, served by Range."""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import sqlite3
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import responses

from compat.errors import CompatError
from compat.index.api import SqliteReleaseIndex
from compat.index.build import build, module_key
from compat.index.store import IndexStore, decode_class, encode_class
from compat.registry.http import HttpClient

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "index"
PKG = "cdktf-cdktf-provider-aws"
TOP = "cdktf_cdktf_provider_aws"
JSON_URL = f"https://pypi.org/pypi/{PKG}/json"


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


TARBALL = f"{TOP}/_jsii/provider-aws@9.0.52.jsii.tgz"


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def _jsii_tarball(keys: list[str]) -> bytes:
    """A jsii tarball shaped like the real ones: ``package/.jsii`` with its ``submodules`` table
    (one per module key) before 6 MB of incompressible ``types``, then ``package/package.json``."""
    submodules = {
        f"@cdktf/provider-aws.{_camel(k)}": {"symbolId": f"src/{k.replace('_', '-')}/index:"}
        for k in keys
        if k
    }
    head = json.dumps({"name": "@cdktf/provider-aws", "submodules": submodules}, indent=2)[:-2]
    padding = random.Random(0).randbytes(3 << 20).hex()
    assembly = f'{head},\n  "types": {{"x": "{padding}"}}\n}}'.encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in (("package/.jsii", assembly), ("package/package.json", b"{}")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _wheel(modules: dict[str, bytes]) -> bytes:
    """A wheel laid out like the real ones, with a 3.5 MB jsii tarball (6 MB of ``.jsii`` inflated)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{TOP}/_jsii/__init__.py", b"__jsii_assembly__ = None\n")
        archive.writestr(TARBALL, _jsii_tarball(list(modules)), compress_type=zipfile.ZIP_STORED)
        for key, data in modules.items():
            archive.writestr(f"{TOP}/{key + '/' if key else ''}__init__.py", data)
        archive.writestr("cdktf_cdktf_provider_aws-0.dist-info/METADATA", b"Name: cdktf-cdktf-provider-aws\n")
    return buffer.getvalue()


RELEASES = {
    "9.0.52": {
        "": _fixture("cdktf-9.0.52-root.py.txt"),
        "s3": _fixture("cdktf-9.0.52-s3.py.txt"),
        "dynamodb": _fixture("cdktf-9.0.52-dynamodb.py.txt"),
    },
    "12.0.0": {
        "s3": _fixture("cdktf-9.0.52-s3.py.txt"),
        "route53_record": _fixture("cdktf-12.0.0-route53_record.py.txt"),
    },
    "12.0.1": {
        "s3": _fixture("cdktf-9.0.52-s3.py.txt"),
        "route53_record": _fixture("cdktf-12.0.1-route53_record.py.txt"),
    },
}


class RangeServer:
    """Serves the wheels with HTTP Range, recording every range asked for."""

    def __init__(self, rsps: responses.RequestsMock) -> None:
        self.blobs = {f"https://pypi.org/{v}.whl": _wheel(m) for v, m in RELEASES.items()}
        self.ranges: list[tuple[str, int, int]] = []  # member reads (not the central directory tail)
        listing = {
            "info": {"name": PKG},
            "releases": {
                v: [
                    {
                        "filename": f"cdktf_cdktf_provider_aws-{v}-py3-none-any.whl",
                        "url": f"/{v}.whl",  # relative, as the PyPI mirror of this machine answers
                        "packagetype": "bdist_wheel",
                        "upload_time_iso_8601": "2023-01-01T00:00:00.000000Z",
                    }
                ]
                for v in RELEASES
            },
        }
        rsps.add(responses.GET, JSON_URL, json=listing)
        for url in self.blobs:
            rsps.add_callback(responses.GET, url, callback=self._serve)

    def _serve(self, request: Any) -> tuple[int, dict[str, str], bytes]:
        blob = self.blobs[request.url]
        match = re.fullmatch(r"bytes=(-?\d+)(?:-(\d+))?", request.headers["Range"])
        assert match
        if match.group(1).startswith("-"):
            start, end = max(0, len(blob) + int(match.group(1))), len(blob) - 1
        else:
            start, end = int(match.group(1)), min(int(match.group(2)), len(blob) - 1)
            self.ranges.append((request.url, start, end))
        return 206, {"Content-Range": f"bytes {start}-{end}/{len(blob)}"}, blob[start : end + 1]

    def tarball_size(self, url: str) -> int:
        with zipfile.ZipFile(io.BytesIO(self.blobs[url])) as archive:
            return archive.getinfo(TARBALL).compress_size

    def tarball_bytes_read(self) -> int:
        """How many bytes of the tarball member the member reads fetched."""
        total = 0
        for url, start, end in self.ranges:
            with zipfile.ZipFile(io.BytesIO(self.blobs[url])) as archive:
                info = archive.getinfo(TARBALL)
            lo = info.header_offset
            hi = lo + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size - 1
            total += max(0, min(end, hi) - max(start, lo))
        return total


@pytest.fixture
def built(tmp_path: Path) -> Iterator[tuple[Path, RangeServer, Any]]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        server = RangeServer(rsps)
        lines: list[str] = []
        path = tmp_path / "index.sqlite"
        report = build(path, [(PKG, v) for v in RELEASES], jobs=1, http=HttpClient(), progress=lines.append)
        yield path, server, report


def _open(path: Path, version: str) -> SqliteReleaseIndex:
    store = IndexStore(path)
    record = store.release(PKG, version)
    assert record is not None
    return SqliteReleaseIndex(store, record)


def test_build_reads_only_changed_modules(built: tuple[Path, RangeServer, Any]) -> None:
    _, server, report = built
    assert report.releases == 3 and not report.failed
    # 9.0.52: 3 modules; 12.0.0: route53_record only (s3 has the same CRC and size); 12.0.1: route53_record
    assert report.members_total == 3 + 2 + 2
    assert report.members_read == 3 + 1 + 1
    assert server.ranges, "members were read by Range"
    # the jsii tarball is streamed once per release, for the TypeScript layout (the stream stops at the
    # end of the assembly's submodules table: test_tslayout), never for the Python modules
    size = server.tarball_size(next(iter(server.blobs)))
    assert sum(1 for url, start, end in server.ranges if end - start > size // 2) == 3
    store = IndexStore(built[0])
    assert store.ts_layout(PKG, "12.0.1") == {"n": [], "x": {}}  # the usual folders: lib/route53-record
    layout = _open(built[0], "12.0.1").ts_layout()
    assert layout is not None and layout["route53_record"].folder == "lib/route53-record"
    assert layout["route53_record"].namespace == "route53Record"
    assert set(_open(built[0], "9.0.52").ts_layout() or {}) == {"s3", "dynamodb"}  # the root is no submodule


def test_lookups(built: tuple[Path, RangeServer, Any]) -> None:
    path, _, _ = built
    index = _open(path, "9.0.52")
    assert index.modules() == ["", "dynamodb", "s3"]
    assert "AwsProvider" in (index.exports("") or ())
    assert index.exports("nope") is None
    assert index.modules_exporting("S3BucketVersioningA") == ["s3"]
    assert index.classes_for_tf_type("aws_dynamodb_table") == [("dynamodb", "DynamodbTable")]
    info = index.class_info("dynamodb", "DynamodbTable")
    assert info is not None and info.params["point_in_time_recovery"].shape == "block_single"
    assert index.class_info("s3", "Missing") is None

    old, new = _open(path, "12.0.0"), _open(path, "12.0.1")

    def shape(index: SqliteReleaseIndex) -> str:
        info = index.class_info("route53_record", "Route53Record")
        assert info is not None
        return info.params["failover_routing_policy"].shape

    assert (shape(old), shape(new)) == ("block_list", "block_single")
    assert old.modules() == ["route53_record", "s3"]


def test_the_tf_type_table_answers_as_the_modules_do(built: tuple[Path, RangeServer, Any]) -> None:
    path, _, _ = built
    store = IndexStore(path)
    assert store.tf_types_current()
    index = _open(path, "9.0.52")
    manifest = index._record.manifest
    ids = manifest.values()
    assert store.tf_type_modules("aws_dynamodb_table", ids) == {"DynamodbTable": [manifest["dynamodb"]]}
    assert store.tf_type_modules("aws_nothing", ids) == {}
    assert store.tf_type_modules("aws_dynamodb_table", [10**6]) is None  # a module newer than the table
    scanned = {tf for module in index.modules() for tf in store.module(manifest[module]).tf_types.values()}
    for tf_type in scanned:
        found = index.classes_for_tf_type(tf_type)
        store_without = _open(path, "9.0.52")
        store_without._store.tf_type_modules = lambda *_: None  # type: ignore[method-assign]
        assert found == store_without.classes_for_tf_type(tf_type) != []


def test_keys_sharing_one_module_row_each_answer_a_tf_type(built: tuple[Path, RangeServer, Any]) -> None:
    """The manifest inverted by module id keeps every key of an id (two keys of one module row)."""
    path, _, _ = built
    index = _open(path, "9.0.52")
    manifest = dict(index._record.manifest)
    index._record = index._record._replace(manifest={**manifest, "dynamodb_v2": manifest["dynamodb"]})
    assert index.classes_for_tf_type("aws_dynamodb_table") == [
        ("dynamodb", "DynamodbTable"),
        ("dynamodb_v2", "DynamodbTable"),
    ]


def test_identical_classes_are_stored_once(built: tuple[Path, RangeServer, Any]) -> None:
    path, _, _ = built
    db = sqlite3.connect(path)
    versions = [(r[0]) for r in db.execute("SELECT version FROM releases")]
    assert sorted(versions) == ["12.0.0", "12.0.1", "9.0.52"]
    store = IndexStore(path)
    a = _open(path, "9.0.52")._record.manifest["s3"]
    b = _open(path, "12.0.1")._record.manifest["s3"]
    assert a == b  # the same module row serves both releases
    names = [decode_class(store._unpack(bytes(r[0]))).name for r in db.execute("SELECT data FROM classes")]
    assert len(names) == len(set(names)) + 2  # only Route53Record and its Config differ between 12.0.0/12.0.1


def test_find_ranges(built: tuple[Path, RangeServer, Any]) -> None:
    path, _, _ = built
    store = IndexStore(path)
    assert store.names("S3BucketVersioningA") == [(PKG, "s3", "9.0.52", "12.0.1")]
    assert store.names("Route53Record") == [(PKG, "route53_record", "12.0.0", "12.0.1")]
    assert store.names("DynamodbTable") == [(PKG, "dynamodb", "9.0.52", "9.0.52")]
    assert store.names("NoSuchName") == []


def test_build_resumes(built: tuple[Path, RangeServer, Any]) -> None:
    path, _, _ = built
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        RangeServer(rsps)
        again = build(path, [(PKG, v) for v in RELEASES], jobs=1, http=HttpClient(), progress=lambda _: None)
    assert (again.releases, again.skipped) == (0, 3)


def test_unknown_version_is_one_clear_error(tmp_path: Path) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        RangeServer(rsps)
        with pytest.raises(CompatError, match=r"99\.0\.0 has no wheel on PyPI"):
            build(
                tmp_path / "i.sqlite", [(PKG, "99.0.0")], jobs=1, http=HttpClient(), progress=lambda _: None
            )


def test_not_an_index_file(tmp_path: Path) -> None:
    bogus = tmp_path / "index.sqlite"
    bogus.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(CompatError, match="not a symbol index"):
        IndexStore(bogus)


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (f"{TOP}/__init__.py", ""),
        (f"{TOP}/s3_bucket_versioning/__init__.py", "s3_bucket_versioning"),
        (f"{TOP}/_jsii/__init__.py", None),
        (f"{TOP}/py.typed", None),
        ("other/__init__.py", None),
    ],
)
def test_module_key(path: str, key: str | None) -> None:
    assert module_key(path, TOP) == key


def test_class_encoding_round_trip() -> None:
    from compat.index.reader import read_module

    info = read_module((FIXTURES / "cdktf-21.22.1-data_aws_availability_zones.py.txt").read_text())
    for cls in info.classes.values():
        if cls.kind != "other":
            assert decode_class(encode_class(cls)) == cls


def test_release_newer_than_the_snapshot_is_indexed_on_demand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from compat.index import api

    monkeypatch.setattr(api, "embedded_index_path", lambda: tmp_path / "no-snapshot" / "index.sqlite")
    with pytest.raises(CompatError, match="not in the symbol index"):
        api.open_release_index(PKG, "12.0.1", offline=True)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        RangeServer(rsps)
        index = api.open_release_index(PKG, "12.0.1", offline=False)
    assert index.modules() == ["route53_record", "s3"]
    assert api.cache_index_path().is_file()
    # from now on it answers offline, from the cache, and find() sees it
    again = api.open_release_index(PKG, "12.0.1", offline=True)
    assert again.modules_exporting("Route53Record") == ["route53_record"]
    assert api.indexed_versions(PKG) == ["12.0.1"]
    assert [(h.module, h.first_version) for h in api.find("Route53Record")] == [("route53_record", "12.0.1")]


@pytest.mark.network
def test_live_build_of_one_small_release(tmp_path: Path) -> None:
    report = build(tmp_path / "index.sqlite", [(PKG, "1.0.40")], jobs=1, progress=lambda _: None)
    assert report.releases == 1 and report.members_read == 1
    assert report.bytes_read < 5_000_000  # the 5.8 MB wheel minus most of its jsii tarball
    index = _open(tmp_path / "index.sqlite", "1.0.40")
    info = index.class_info("", "DynamodbTable")
    assert info is not None and info.params["point_in_time_recovery"].shape == "block_list"


def test_an_index_replaced_since_the_last_build_is_rebuilt_from_the_wheels(
    built: tuple[Path, RangeServer, Any], tmp_path: Path
) -> None:
    """A checkout or merge that replaces the index file must not leave the member cache pointing at
    module ids of the old file ("module blob N is missing")."""
    path, _, _ = built
    other = tmp_path / "other.sqlite"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        RangeServer(rsps)
        build(other, [(PKG, list(RELEASES)[-1])], jobs=1, http=HttpClient(), progress=lambda _: None)
    shutil.copyfile(other, path)  # the index at this path is now another file, with other module ids
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        RangeServer(rsps)
        again = build(path, [(PKG, v) for v in RELEASES], jobs=1, http=HttpClient(), progress=lambda _: None)
    assert not again.failed and again.releases == 2
    for version in RELEASES:
        index = _open(path, version)
        assert all(index.exports(m) is not None for m in index.modules())
