"""The indexed layout of releases.json: one JSON document, read part by part by its index."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compat.errors import CompatError
from compat.paths import data_dir
from compat.snapshot import FILENAME, merge, parse_snapshot, read_snapshot
from compat.snapshot_layout import INDEX_KEY, IndexedDocument, dump_snapshot


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((data_dir() / FILENAME).read_text(encoding="utf-8"))
    loaded.pop(INDEX_KEY, None)
    return loaded


def _summary(snapshot: Any) -> list[object]:
    return [
        {p: snapshot.bindings(p) for p in snapshot.bindings_by_package},
        {p: snapshot.cores(p) for p in snapshot.cores_by_package},
        snapshot.features,
        snapshot.npm_entries,
        snapshot.cli_functions,
        snapshot.package_names,
        snapshot.sources,
        snapshot.built_at,
    ]


def test_the_text_is_the_plain_layout_with_one_index_line(document: dict[str, Any]) -> None:
    text = dump_snapshot(document)
    lines = text.split("\n")
    assert lines[2].startswith(' "index": {')
    plain = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    assert "\n".join(lines[:2] + lines[3:]) == plain
    decoded = json.loads(text)
    assert decoded.pop(INDEX_KEY)
    assert decoded == document and list(decoded) == list(document)


def test_the_committed_file_has_its_index() -> None:
    text = (data_dir() / FILENAME).read_text(encoding="utf-8")
    assert IndexedDocument.read(text) is not None
    document = json.loads(text)
    assert dump_snapshot(document) == text  # written by the project's own dump, index up to date


def test_read_by_index_is_the_whole_reading(tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / FILENAME
    path.write_text(dump_snapshot(document), encoding="utf-8")
    assert _summary(read_snapshot(path)) == _summary(parse_snapshot(json.loads(json.dumps(document))))


def test_a_lookup_decodes_only_the_package_it_asks_for(tmp_path: Path, document: dict[str, Any]) -> None:
    path = tmp_path / FILENAME
    path.write_text(dump_snapshot(document), encoding="utf-8")
    snapshot = read_snapshot(path)
    assert snapshot.binding("cdktf-cdktf-provider-aws", "19.65.1") is not None
    raw = snapshot.bindings_by_package._raw
    decoded = sorted(p for p, entry in raw.items() if not callable(entry))
    assert decoded == ["cdktf-cdktf-provider-aws"]
    assert (
        callable(snapshot._npm_entries) and callable(snapshot._cli_functions) and callable(snapshot._sources)
    )


def test_an_index_out_of_place_still_gives_the_right_rows(tmp_path: Path, document: dict[str, Any]) -> None:
    """A file changed after its index was written (by hand, by a merge) is read whole, never misread."""
    text = dump_snapshot(document)
    at = text.index('\n  "cdktf-cdktf-provider-acme": {')
    path = tmp_path / FILENAME
    path.write_text(text[:at] + "   " + text[at:], encoding="utf-8")  # every later offset is off by 3
    assert _summary(read_snapshot(path)) == _summary(parse_snapshot(json.loads(json.dumps(document))))


def test_a_broken_entry_is_one_clear_error_when_asked_for(tmp_path: Path, document: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(document))
    broken["packages"]["cdktf-cdktf-provider-aws"].pop("rows")
    path = tmp_path / FILENAME
    path.write_text(dump_snapshot(broken), encoding="utf-8")
    snapshot = read_snapshot(path)
    assert snapshot.core("cdktf", "0.20.12") is not None
    with pytest.raises(CompatError, match="has no releases"):
        snapshot.binding("cdktf-cdktf-provider-aws", "19.65.1")


def test_a_damaged_index_means_the_whole_reading(tmp_path: Path, document: dict[str, Any]) -> None:
    text = dump_snapshot(document).replace('"sections":{', '"sections":{"x":[-1],', 1)
    assert IndexedDocument.read(text) is None
    path = tmp_path / FILENAME
    path.write_text(text, encoding="utf-8")
    assert read_snapshot(path).binding("cdktf-cdktf-provider-aws", "19.65.1") is not None


def test_the_overlay_keeps_the_embedded_packages_undecoded(tmp_path: Path, document: dict[str, Any]) -> None:
    overlay = {**document, "packages": {"cdktf": document["packages"]["cdktf"]}}
    base_path, overlay_path = tmp_path / "base.json", tmp_path / "overlay.json"
    base_path.write_text(dump_snapshot(document), encoding="utf-8")
    overlay_path.write_text(dump_snapshot(overlay), encoding="utf-8")
    merged = merge(read_snapshot(base_path), read_snapshot(overlay_path))
    assert callable(merged.bindings_by_package._raw["cdktf-cdktf-provider-google"])
    assert merged.binding("cdktf-cdktf-provider-aws", "19.65.1") is not None
    assert merged.core("cdktf", "0.20.12") is not None
