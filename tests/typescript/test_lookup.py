"""Both ways of looking up the places a keyword or an imported ``Fn`` occurs (from the root, or with the
forward-moving cursor past the budget) read the same: strings, comments, templates, shadowing, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.typescript.reader import ObjectView, PropsOf, TsFile, parse_source
from compat.typescript.syntax import lookup

SOURCE = b"""import { Fn as F, S3Backend } from "cdktf";
import * as aws from "@cdktf/provider-aws";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
const s = "new S3Bucket(this, 'x', { a: 1 })"; // new S3Bucket(this, "y", {}) and F.join()
/* import { X } from "cdktf"; new X() */
const t = `${new S3Bucket(this, "t", { bucket: "b", "quoted": 1, [k]: 2, ...rest })}`;
new new aws.s3Bucket.S3Bucket(this, "double", { bucket: F.join(",", [F.upper("a")]) });
new S3Bucket(this, "nested", { versioning: { enabled: true }, lifecycleRule: [{ id: "x" }, ...more] });
F /* c */ .join(",", []); F
  .lookup(x, "k");
xF.join(); F.x; F?.join(",", []); F!.join(",", []); Fx.join();
new S3Backend(this, { bucket: "b", useLockfile: true, key });
new S3Bucket(this, "broken", { bucket: "b", , a: });
new.target; const newer = 1; renew(); new S3Bucket
import { Late } from "cdktf";
"""


def _deep(view: object) -> object:
    if isinstance(view, ObjectView):
        return [(k, _deep(view.value(at))) for at, k in enumerate(view.keys)]
    return None


def _read(budget: int, monkeypatch: pytest.MonkeyPatch) -> tuple[TsFile, list[object]]:
    monkeypatch.setattr(lookup, "DIRECT_BUDGET", budget)
    seen: list[object] = []

    def visit(file: TsFile, props_of: PropsOf) -> None:
        seen.extend(_deep(props_of(call)) for call in file.calls)

    return parse_source(Path("main.ts"), "main.ts", SOURCE, visit=visit), seen


def test_from_the_root_and_with_the_cursor_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    direct = _read(1 << 40, monkeypatch)
    cursor = _read(0, monkeypatch)
    assert direct == cursor
    file = direct[0]
    assert [c.line for c in file.calls] == [6, 7, 8, 12, 13, 14]
    assert [(c.name, c.line) for c in file.fn_calls] == [
        ("join", 7),
        ("upper", 7),
        ("join", 9),
        ("lookup", 9),
        ("join", 11),
    ]
    assert [i.specifier for i in file.imports] == [
        "cdktf",
        "@cdktf/provider-aws",
        "@cdktf/provider-aws/lib/s3-bucket",
        "cdktf",
    ]


def test_the_budget_is_hits_times_bytes() -> None:
    assert lookup.looked_up_directly(b"x" * 4096, lookup.DIRECT_BUDGET // 4096)
    assert not lookup.looked_up_directly(b"x" * 4096, lookup.DIRECT_BUDGET // 4096 + 1)
