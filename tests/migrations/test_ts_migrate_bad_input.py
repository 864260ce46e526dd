"""``migrate --to cdktn`` of a TypeScript project with bad input: one line and exit 2 with nothing written,
or a per-file item naming the file it could not move (left byte for byte); a package.json npm reads (past a
UTF-8 byte order mark) is moved, the mark kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.cli import main

PACKAGE = {"name": "app", "dependencies": {"cdktf": "0.20.8", "constructs": "^10.3.0"}}
MAIN_TS = 'import { App } from "cdktf";\nnew App().synth();\n'


def _project(root: Path, files: dict[str, bytes]) -> Path:
    root.mkdir()
    (root / ".git").mkdir()
    (root / "cdktf.json").write_text(json.dumps({"language": "typescript", "app": "npx ts-node main.ts"}))
    (root / "package.json").write_text(json.dumps(PACKAGE, indent=2) + "\n")
    (root / "main.ts").write_text(MAIN_TS)
    for name, content in files.items():
        (root / name).write_bytes(content)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"package.json": b'{"dependencies": {"cdktf": "0.20.8",,}'}, "package.json: not valid JSON"),
        ({"package.json": bytes(range(256))}, "package.json: not UTF-8 text"),
        ({"package.json": b'{"dependencies": ["cdktf"]}'}, '"dependencies" must be an object'),
        ({"package-lock.json": bytes(range(256)) * 8}, "package-lock.json: not UTF-8 text"),
        ({"package-lock.json": b"hello, lock"}, "package-lock.json: not a readable lock file"),
        ({"package-lock.json": b"[]"}, "package-lock.json: not a lock file"),
        ({"pnpm-lock.yaml": b"importers: [\n"}, "pnpm-lock.yaml: not a readable lock file"),
        ({"yarn.lock": b'"cdktf@0.20.8":\n  version "\xff"\n'}, "yarn.lock: not UTF-8 text"),
    ],
)
@pytest.mark.parametrize("write", [False, True])
def test_a_bad_manifest_or_lock_is_one_line_exit_2_and_nothing_written(
    tmp_path: Path, files: dict[str, bytes], message: str, write: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "app", files)
    before = _files(root)
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", *(["--write"] if write else [])]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1 and message in captured.err
    assert "Traceback" not in captured.err and _files(root) == before


def test_a_binary_source_naming_cdktf_is_an_item_and_left_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = b'\xff\xfeimport { App } from "cdktf";\x00\x80' + bytes(range(256))
    root = _project(tmp_path / "app", {"lib.ts": binary, "noise.ts": bytes(range(256)) * 4})
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", "--format", "json"]) == 1
    plan = json.loads(capsys.readouterr().out)
    assert [(u["path"], u["line"]) for u in plan["unresolved"]] == [("lib.ts", 1)]
    assert "not UTF-8" in plan["unresolved"][0]["reason"]
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", "--write"]) == 1
    capsys.readouterr()
    assert (root / "lib.ts").read_bytes() == binary
    assert (root / "main.ts").read_text() == MAIN_TS.replace('"cdktf"', '"cdktn"')


def test_a_package_json_with_a_byte_order_mark_is_moved_and_keeps_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """npm reads package.json past a UTF-8 byte order mark (json-parse-even-better-errors strips it)."""
    root = _project(tmp_path / "app", {})
    text = (root / "package.json").read_text()
    (root / "package.json").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert main(["migrate", str(root), "--to", "cdktn", "--offline", "--write"]) == 0
    capsys.readouterr()
    moved = (root / "package.json").read_bytes()
    assert moved.startswith(b"\xef\xbb\xbf")
    assert json.loads(moved[3:])["dependencies"] == {"cdktn": "0.22.1", "constructs": "^10.3.0"}
