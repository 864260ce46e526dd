"""Bad input in a TypeScript project: one line and exit 2, or the file read as far as it goes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compat.cli import main


def _project(root: Path, files: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "cdktf.json").write_text(json.dumps({"language": "typescript", "app": "npx ts-node main.ts"}))
    for name, content in files.items():
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


DEPS = '{"dependencies": {"cdktf": "^0.20.0"}}'


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"package.json": "{"}, "package.json: not valid JSON"),
        ({"package.json": "[" * 100_000}, "package.json: JSON nested too deeply"),
        ({"package.json": '{"dependencies": {"cdktf": 3}}'}, 'entry "cdktf" must be a string'),
        (
            {"package.json": DEPS, "package-lock.json": '{"packages": ' + "[" * 50_000},
            "package-lock.json: not a readable",
        ),
        (
            {"package.json": DEPS, "pnpm-lock.yaml": "importers: [\n"},
            "pnpm-lock.yaml: not a readable lock file",
        ),
        (
            {"package.json": DEPS, "yarn.lock": b'"cdktf@^0.20.0":\n  version "\xff"\n'},
            "yarn.lock: not UTF-8 text",
        ),
        ({"package.json": DEPS, "bun.lock": '{"lockfileVersion": 1, "packages": {'}, "bun.lock: not a"),
        ({"package.json": DEPS, "bun.lock": '["cdktf@0.20.0"]'}, "bun.lock: not a lock file"),
        # pyjson5's own str() is a tuple's repr: the line says the reader's sentence
        (
            {"package.json": DEPS, "bun.lock": b"\x00\x01garbage"},
            "bun.lock: not a readable lock file (Expected b'JSON5Value' near 1, found U+0000)",
        ),
    ],
)
def test_bad_manifest_or_lock_is_one_line_exit_2(
    tmp_path: Path, files: dict[str, str | bytes], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _project(tmp_path / "app", files)
    assert main(["check", str(root), "--offline"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and len(captured.err.strip().splitlines()) == 1 and message in captured.err


def test_hostile_sources_are_read_as_far_as_they_go(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = (
        'import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n'
        'new S3Bucket(this, "a", ' + "{a: " * 5000 + "1" + "}" * 5000 + ");\n"
    )
    root = _project(
        tmp_path / "app",
        {
            "package.json": DEPS,
            "main.ts": deep,
            "noise.ts": bytes(range(256)) * 400,
            "arrays.ts": "new A(this, 'a', " + "[" * 5000 + "]" * 5000 + ");\n",
        },
    )
    code = main(["check", str(root), "--offline", "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code in (0, 1) and doc["summary"]["files"] == 3


def test_billion_laughs_lock_is_not_expanded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laughs = (
        "lockfileVersion: '9.0'\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    )
    root = _project(tmp_path / "app", {"package.json": DEPS, "pnpm-lock.yaml": laughs})
    assert main(["check", str(root), "--offline"]) == 0
