"""A release's manifest looked up in the text of its full manifest answers as the decoded one does."""

from __future__ import annotations

import json

from compat.index.manifest import TextManifest
from compat.index.store import IndexStore
from compat.paths import data_dir

FULL = {"": 7, "alb": 3, "alb_listener": 12, "s3_bucket": 40, "s3_bucket_acl": 41, "zz": 9}


def _text(manifest: dict[str, int]) -> bytes:
    return json.dumps({"m": manifest}, separators=(",", ":")).encode()


def test_lookups_in_the_text_are_the_decoded_mapping() -> None:
    manifest = TextManifest(_text(FULL), frozenset({"alb"}), {"s3_bucket": 99, "new": 5})
    expected = {k: v for k, v in FULL.items() if k != "alb"} | {"s3_bucket": 99, "new": 5}
    for key in [*FULL, "new", "s3", "bucket", "alb_", "lb", "", "missing"]:
        assert manifest.get(key) == expected.get(key), key
        assert (key in manifest) == (key in expected), key
    assert manifest._whole is None  # every answer above came from the text
    assert dict(manifest) == expected and len(manifest) == len(expected)


def test_a_text_laid_out_otherwise_is_decoded() -> None:
    spaced = json.dumps({"m": FULL}).encode()  # ": " separators: not searched
    manifest = TextManifest(spaced, frozenset(), {})
    assert manifest.get("alb_listener") == 12 and manifest.get("nope") is None
    assert manifest._whole is not None
    escaped = TextManifest(_text({**FULL, 'a"b': 1, "é": 2}), frozenset(), {})
    assert (escaped.get('a"b'), escaped.get("é"), escaped.get("zz")) == (1, 2, 9)


def test_the_embedded_index_answers_as_before() -> None:
    """Every module of two AWS releases (a full manifest and a difference to one) by lookup and whole."""
    store = IndexStore(data_dir() / "index.sqlite", immutable=True)
    for version in ("19.53.0", "19.65.1"):
        record = store.release("cdktf-cdktf-provider-aws", version)
        assert record is not None
        whole = dict(record.manifest)
        assert len(whole) > 1000
        fresh = IndexStore(data_dir() / "index.sqlite", immutable=True).release(
            "cdktf-cdktf-provider-aws", version
        )
        assert fresh is not None
        lookups = fresh.manifest
        assert {key: lookups.get(key) for key in whole} == whole
        assert isinstance(lookups, TextManifest) and lookups._whole is None
        assert lookups.get("no_such_module") is None
