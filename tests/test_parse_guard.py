"""Files nested too deeply for a parser are reported, never handed to it (LibCST crashes on them)."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from compat.check.sources import load
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext
from compat.parse_guard import (
    AST_LIMIT,
    LIBCST_LIMIT,
    MAX_CHARS,
    ceiling,
    nesting,
    quick_ceiling,
    too_complex,
)
from tests.migrations.fakes import new_release, old_release

P = "cdktf_cdktf_provider_aws"
HEAD = f"from {P}.s3 import S3Bucket\nS3Bucket(None, 'b')\n"
HOSTILE = {
    "brackets": "x = " + "(" * 1500 + "1" + ")" * 1500 + "\n",
    "minus": "x = " + "-" * 100_000 + "1\n",
    "not": "x = " + "not " * 50_000 + "1\n",
    "plus": "x = " + "+".join(["1"] * 500) + "\n",
    "lists": "x = " + "[" * 140 + "]" * 140 + "\n",
    "attributes": "x = a" + ".b" * 330 + "\n",
    "strings": "x = " + " ".join(['"a"'] * 330) + "\n",
}
FINE = {
    "flat table": "x = [" + ", ".join(["(a.b.c + 1, 'x')"] * 3000) + "]\n",
    "builder": "x = a" + ".b()" * 50 + "\n",
    "sum of calls": "x = (" + " + ".join(f"_s{i}()" for i in range(82)) + ")\n",
    "brackets in strings": "x = '((((((((((((((((((((((((((((((((((((('\n" * 100,
    "nesting in comments": "# " + "(" * 5000 + "\nx = 1\n",
}


def _ctx() -> RewriteContext:
    return RewriteContext(Resolver(old_release(), new_release()), P, P, path="m.py")


@pytest.mark.parametrize("name", sorted(FINE))
def test_real_code_is_not_refused(name: str) -> None:
    assert too_complex(FINE[name]) is None


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_nesting_is_estimated_above_the_limit(name: str) -> None:
    assert nesting(HOSTILE[name]) > LIBCST_LIMIT


def test_hostile_nesting_is_reported_not_parsed_in_migrate() -> None:
    """In a child process: on the old code LibCST dies with SIGSEGV or RecursionError."""
    script = (
        "from tests.test_parse_guard import HEAD, HOSTILE, _ctx\n"
        "from compat.migrations.rewrite import rewrite_source\n"
        "for name, body in sorted(HOSTILE.items()):\n"
        "    result = rewrite_source(HEAD + body, _ctx())\n"
        "    assert not result.changed\n"
        "    (unresolved,) = result.unresolved\n"
        "    print(name, unresolved.path, unresolved.reason)\n"
    )
    repo = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-c", script]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-300:]
    lines = done.stdout.splitlines()
    assert len(lines) == len(HOSTILE) and all(" m.py nested too deeply" in line for line in lines)


@pytest.mark.parametrize("name", ["minus", "not"])
def test_check_reports_a_file_the_python_parser_cannot_take(tmp_path: Path, name: str) -> None:
    path = tmp_path / "deep.py"
    path.write_text(HOSTILE[name])
    source = load(tmp_path, path)
    assert source.tree is None and source.error is not None
    assert "nested too deeply" in str(source.error.msg) and str(AST_LIMIT) in str(source.error.msg)


def test_a_huge_file_is_refused() -> None:
    assert "larger than" in (too_complex("x = 1\n" * (MAX_CHARS // 6 + 1)) or "")


def test_the_quick_ceiling_is_never_below_the_estimate() -> None:
    pieces = [
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        "\n",
        ";",
        ".",
        "...",
        "a",
        "f(",
        "'s'",
        '"t"',
        "-",
        "**",
        "==",
        "not ",
        " and ",
        " or ",
        " if ",
        "lambda ",
        " in ",
        " is ",
        "# c\n",
        "x.y",
        "1.5",
    ]
    rng = random.Random(13)
    texts = [*HOSTILE.values(), *FINE.values(), HEAD, Path(__file__).read_text()]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 400))) for _ in range(2000)]
    for text in texts:
        assert nesting(text) <= ceiling(text), text[:80]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x = 1\n",
        "not not not a and b or c if d else lambda: await e is f in g\n",
        "(" * 50 + ")" * 50,
        "a.b.c[0]{1}" * 30,
        "é = 'ü' + ß\n",
        "if a in b: pass\n" * 40,
    ],
)
def test_the_quick_ceiling_is_a_bound_above_the_ceiling(text: str) -> None:
    """too_complex trusts either bound to skip the tokens: the quick one must never undercount."""
    assert quick_ceiling(text) >= ceiling(text)
