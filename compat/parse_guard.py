"""A cheap look at a Python file before a parser sees it: too large, or nested too deeply?

LibCST's native parser overflows the C stack (SIGSEGV, nothing printed) on about 1,300 nested
parentheses, and LibCST raises RecursionError on about 320 chained operators (``-`` x 320,
``not`` x 320, a 320-term ``+`` chain, 320 adjacent strings) or 140 nested lists; CPython's own
parser gives up with MemoryError on about 6,000 unary operators. :func:`too_complex` estimates
the depth of the syntax tree from the tokens alone (brackets, operators, keywords that nest),
without building it, and says why a file must not be handed to a parser.

A parser's memory grows with the file's tokens, not its bytes: CPython's ``ast`` peaks at up to
about 1 KB a token (a million one-letter statements, 1 MB of text, take 0.9 GB), LibCST with the
metadata a rewrite needs at about 4 KB. A file with more tokens than :data:`AST_MAX_TOKENS` (check)
or :data:`LIBCST_MAX_TOKENS` (migrate) is not parsed, so one file never takes a run past ~500 MB.
Tokens are counted by the same scan, strings as one token, only when the file has more characters
than the bound (a token holds at least one).

The nesting estimate never undercounts: each bracket counts ``BRACKET_WEIGHT`` levels, each operator
(or trailer, or adjacent string) one level, and a comma or the end of a statement closes what
it separated.
"""

from __future__ import annotations

import re

MAX_CHARS = 4_000_000  # a hand-written Python file is far smaller; generated code is skipped
BRACKET_WEIGHT = 3  # syntax-tree levels (parser frames) one bracket costs, measured against LibCST
LIBCST_LIMIT = 200  # LibCST fails from about 320 levels (migrate)
AST_LIMIT = 3000  # CPython's parser fails from about 6,000 levels (check)
#: the most tokens a file may have to be parsed: ~400 MB at CPython's peak (about 2 MB of cdktf code)
AST_MAX_TOKENS = 400_000
#: the same for LibCST (migrate): ~400 MB at about 4 KB a token (about 500 KB of cdktf code)
LIBCST_MAX_TOKENS = 100_000

_TOKENS = re.compile(
    r"""
    (?P<string>(?:[rRbBuUfF]{1,2})?(?:'''[\s\S]*?(?:'''|\Z)|\"\"\"[\s\S]*?(?:\"\"\"|\Z)
        |'(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?))
    |(?P<comment>\#[^\n]*)
    |(?P<continuation>\\\r?\n)
    |(?P<open>[(\[{])
    |(?P<close>[)\]}])
    |(?P<comma>,)
    |(?P<end>[;\n])
    |(?P<dot>\.(?!\.\.))
    |(?P<op>\*\*|//|<<|>>|==|!=|<=|>=|\.\.\.|[-+*/%@&|^~<>])
    |(?P<word>\b(?:not|and|or|if|lambda|await|is|in)\b)
    |(?P<name>[^\W\d]\w*|\d[\w.]*)
    """,
    re.VERBOSE,
)


class _Level:
    """One bracket level since its last comma: operators, and the trailer chain of each operand."""

    __slots__ = ("best", "operators", "trailers")

    def __init__(self) -> None:
        self.operators = self.trailers = self.best = 0

    @property
    def depth(self) -> int:
        return self.operators + max(self.best, self.trailers)


def nesting(text: str) -> int:
    """An upper estimate of the deepest syntax-tree path of ``text`` (in operator levels).

    Operators nest (``-a``, ``a + b + c``, ``not a``); so do the trailers of one operand
    (``a.b().c[0]``, adjacent strings), but the trailers of ``f() + g()`` do not add up.
    """
    stack = [_Level()]
    total = deepest = 0  # total: the sum of the depths of the open levels
    previous = ""
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup or ""
        if kind in ("name", "comment", "continuation"):
            continue
        level = stack[-1]
        before = level.depth
        start = match.start()
        if kind == "open":
            if start and (text[start - 1].isalnum() or text[start - 1] in "_)]}'\""):
                level.trailers += 1  # a call or subscript wraps what it follows
            stack.append(_Level())
        elif kind == "close":
            if len(stack) > 1:
                total -= stack.pop().depth
                previous = kind
                continue
        elif kind == "comma" or (kind == "end" and len(stack) == 1):
            level.operators = level.trailers = level.best = 0
        elif kind == "dot" or (kind == "string" and previous == "string"):
            level.trailers += 1
        elif kind in ("op", "word"):
            level.operators += 1
            level.best = max(level.best, level.trailers)
            level.trailers = 0
        total += level.depth - before
        deepest = max(deepest, total + BRACKET_WEIGHT * (len(stack) - 1))
        previous = kind
    return deepest


#: every token that deepens :func:`nesting` other than a bracket or a keyword holds one of these
_DEEPENING = "-+*/%@&|^~<>=!.'\""
_KEYWORDS = ("not", "and", "or", "if", "lambda", "await", "is", "in")


def ceiling(text: str) -> int:
    """A bound :func:`nesting` never exceeds, counted without tokenizing: a bracket adds at most
    ``BRACKET_WEIGHT + 1`` levels, any other token at most one, and each such token holds a
    character of ``_DEEPENING`` or is a keyword (tokens never overlap, so counting overcounts)."""
    brackets = text.count("(") + text.count("[") + text.count("{")
    return (
        (BRACKET_WEIGHT + 1) * brackets + sum(map(text.count, _DEEPENING)) + sum(map(text.count, _KEYWORDS))
    )


#: the bytes :func:`quick_ceiling` does not count: all but brackets, ``_DEEPENING`` and ``a i o``
_UNCOUNTED = bytes(b for b in range(256) if chr(b) not in f"([{{{_DEEPENING}aio")


def quick_ceiling(text: str) -> int:
    """A bound above :func:`ceiling`, in one C pass: every keyword of ``_KEYWORDS`` holds an ``a``,
    ``i`` or ``o`` (tokens never overlap), so those letters stand in for the eight keyword counts."""
    data = text.encode("utf-8", "surrogatepass")
    brackets = data.count(b"(") + data.count(b"[") + data.count(b"{")
    return len(data.translate(None, _UNCOUNTED)) + BRACKET_WEIGHT * brackets


def tokens(text: str) -> int:
    """How many tokens a parser makes of ``text``, about (comments left out, a string is one)."""
    return sum(1 for match in _TOKENS.finditer(text) if match.lastgroup != "comment")


def too_complex(text: str, limit: int = LIBCST_LIMIT, max_tokens: int = LIBCST_MAX_TOKENS) -> str | None:
    """Why ``text`` must not be parsed (``limit``: the deepest nesting the parser survives;
    ``max_tokens``: the most tokens it parses within compat's memory bound), or None."""
    if len(text) > MAX_CHARS:
        return f"larger than {MAX_CHARS // 1_000_000} MB: not analysed"
    # most files: no need to walk the tokens (either bound at most ``limit``)
    if quick_ceiling(text) > limit and ceiling(text) > limit and (depth := nesting(text)) > limit:
        return f"nested too deeply to analyse safely (about {depth} levels, at most {limit}): not analysed"
    if len(text) > max_tokens and (count := tokens(text)) > max_tokens:
        return (
            f"too large to analyse within compat's memory bound (about {count:,} tokens, at most "
            f"{max_tokens:,}): not analysed"
        )
    return None
