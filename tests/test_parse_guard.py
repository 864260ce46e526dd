"""Files nested too deeply for a parser are reported, never handed to it (LibCST crashes on them)."""

from __future__ import annotations

import ast
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compat.check.sources import load
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext
from compat.parse_guard import (
    AST_LIMIT,
    LIBCST_LIMIT,
    MAX_CHARS,
    ceiling,
    deepest_statement,
    nesting,
    quick_ceiling,
    statements,
    too_complex,
    too_complex_for_ast,
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


#: pieces of the newer syntax the estimate reads: lambda parameters, colons, f-string fields
EXTRA_PIECES = [
    "lambda x=",
    ":",
    ":=",
    "f'{",
    "}'",
    'f"{-a}"',
    "'" * 3 + "(",
    "\\\n",
    "f'{(}'",
    "lambda *, y=",
]


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
    assert "Python's parser gives up" in str(source.error.msg)


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
        *EXTRA_PIECES,
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


# -- the guard of ast.parse: exact, and per statement ------------------------------------------

#: one level of each construct that nests in CPython's parser: (prefix, suffix) around the inside
LAYERS = {
    "minus": ("-", ""),
    "not": ("not ", ""),
    "lambda": ("lambda: ", ""),
    "lambda default": ("lambda x=", ": x"),
    "lambda keyword default": ("lambda *, x=", ": x"),
    "if-else": ("a if b else ", ""),
    "power": ("2 ** ", ""),
    "plus": ("1 + ", ""),
    "paren": ("(", ")"),
    "list": ("[", "]"),
    "call": ("f(", ")"),
    "keyword": ("f(a=", ")"),
    "subscript": ("a[", "]"),
    "dict": ("{1: ", "}"),
    "comprehension": ("[a for a in ", "]"),
    "f-string field": ("f'{", "}'"),
    "attribute": ("", ".b"),
}
#: text that looks deep but is not code: the guard must not count it
NOISE = [
    "# " + "(" * 400 + "-" * 400 + "\n",
    "s = '" + "(" * 300 + "'\n",
    's = """' + "[" * 300 + "\n" + "-" * 400 + '"""\n',
    "s = f'{{" + "(" * 300 + "}}'\n",
    "s = f'" + "-" * 500 + "{a}'\n",
]


def _ast_fails(text: str) -> bool:
    """Whether ``ast.parse`` gives up on ``text`` for its nesting (at the default recursion limit)."""
    try:
        ast.parse(text)
    except (RecursionError, MemoryError):
        return True
    except SyntaxError:
        return False
    return False


def _layered(layers: list[tuple[str, int]], indent: int = 0) -> str:
    inside = "1"
    for name, count in layers:
        prefix, suffix = LAYERS[name]
        if name == "f-string field":  # a field holds no string of the same quote: one level
            count = min(count, 1)
        inside = prefix * count + inside + suffix * count
    head = "".join("    " * level + "if a:\n" for level in range(indent))
    return head + "    " * indent + "x = " + inside + "\n"


@pytest.mark.parametrize("name", sorted(LAYERS))
def test_the_ast_guard_refuses_exactly_what_ast_parse_cannot_take(name: str) -> None:
    """For each construct, from shallow to far past CPython's limits: refused iff ast.parse fails."""
    for count in (1, 10, 50, 100, 150, 199, 250, 700, 745, 746, 1000, 2000, 2990, 3000, 6000):
        text = _layered([(name, count)])
        refused = too_complex_for_ast(text) is not None
        assert refused == _ast_fails(text), (name, count)


def test_within_the_ast_limit_nothing_is_parsed_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    """A statement estimated within AST_LIMIT is passed on the estimate alone (no trial parse)."""
    calls: list[str] = []
    monkeypatch.setattr(ast, "parse", lambda text, *a, **k: calls.append(text))
    big = "".join(
        f"x{i} = S3Bucket(self, 'b{i}', bucket=f'{{p}}-{i}', tags={{'a': (1 + 2) * 3}})\n"
        for i in range(2000)
    )
    assert too_complex_for_ast(big) is None and not calls
    assert deepest_statement(big, AST_LIMIT) == 0


def test_statements_split_at_line_ends_outside_brackets_strings_and_comments() -> None:
    text = "a = (1,\n 2)\nb = '''x\n(y'''\n# (\nc = 3 \\\n + 4\nd"
    assert [text[s:e] for s, e in statements(text)] == [
        "a = (1,\n 2)\n",
        "b = '''x\n(y'''\n",
        "# (\n",
        "c = 3 \\\n + 4\n",
        "d",
    ]


def test_the_estimate_is_the_deepest_statements() -> None:
    rng = random.Random(7)
    names = sorted(LAYERS)
    for _ in range(200):
        body = "".join(
            _layered([(rng.choice(names), rng.randrange(1, 60)) for _ in range(rng.randrange(1, 4))])
            for _ in range(rng.randrange(1, 6))
        )
        body += rng.choice(NOISE)
        assert nesting(body) == max(nesting(body[s:e]) for s, e in statements(body))


layer = st.tuples(st.sampled_from(sorted(LAYERS)), st.integers(min_value=1, max_value=1200))
statement = st.tuples(st.lists(layer, min_size=1, max_size=4), st.integers(min_value=0, max_value=40))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(statement, st.sampled_from(NOISE)), min_size=1, max_size=5))
def test_the_ast_guard_lets_through_exactly_what_ast_parse_takes(
    parts: list[str | tuple[list[tuple[str, int]], int]],
) -> None:
    """Property: never lets through a file ast.parse gives up on (RecursionError, MemoryError: in a
    server that would be a lost file at best), and never refuses one it parses at the default
    recursion limit; brackets and operators in strings, f-string literals and comments count nothing."""
    text = "".join(part if isinstance(part, str) else _layered(*part) for part in parts)
    assert (too_complex_for_ast(text) is not None) == _ast_fails(text)
    if deepest_statement(text, AST_LIMIT) <= AST_LIMIT:  # passed on the estimate: it must parse
        assert not _ast_fails(text)


def test_noise_is_not_counted() -> None:
    for text in NOISE:
        assert nesting(text) <= 2 * 3, text[:40]


@pytest.mark.parametrize("count", [50, 250, 3000, 100_000])
def test_check_reports_what_the_guard_would_without_running_its_estimate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """On the main thread the check hands any nesting to ``ast.parse`` (it fails cleanly) and, when
    the parser gives up, says what :func:`too_complex_for_ast` says; elsewhere the estimate runs first."""
    import compat.parse_guard as guard
    from compat.check import sources

    text = "x = " + "-" * count + "1\n"
    (tmp_path / "m.py").write_text(text)
    expected = too_complex_for_ast(text)
    estimates: list[str] = []
    real = guard.deepest_statement
    monkeypatch.setattr(guard, "deepest_statement", lambda t, limit: estimates.append(t) or real(t, limit))
    parsed = load(tmp_path, tmp_path / "m.py")
    assert (parsed.error.msg if parsed.error else None) == expected
    assert len(estimates) == (0 if expected is None else 1)  # only for the message
    monkeypatch.setattr(sources, "parse_fails_cleanly", lambda: False)
    estimates.clear()
    elsewhere = load(tmp_path, tmp_path / "m.py")
    assert (elsewhere.error.msg if elsewhere.error else None) == expected and estimates
