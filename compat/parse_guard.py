"""A cheap look at a Python file before a parser sees it: too large, or nested too deeply?

LibCST's native parser overflows the C stack (SIGSEGV, nothing printed) on about 1,300 nested
parentheses, and LibCST raises RecursionError on about 320 chained operators (``-`` x 320,
``not`` x 320, a 320-term ``+`` chain, 320 adjacent strings) or 140 nested lists; CPython's own
parser gives up (MemoryError, RecursionError: cleanly) on about 3,000 unary operators, 745 nested
``lambda`` defaults or 199 brackets holding 500 operators. :func:`too_complex` (LibCST) estimates
the depth of the syntax tree from the tokens alone (brackets, operators, keywords that nest),
without building it, and says why a file must not be handed to the parser;
:func:`too_complex_for_ast` says it for ``ast.parse`` exactly (the estimate, then the parser itself
on a file the estimate cannot clear).

The estimate is per statement (:func:`statements`: the logical lines, found by one scan of
brackets, strings and comments): a statement whose quick bound is within the limit is not
tokenized, so a long file of shallow statements costs one C pass and the structure scan, and the
tokenizing follows the deepest statements only.

A parser's memory grows with the file's tokens, not its bytes: CPython's ``ast`` peaks at up to
about 1 KB a token (a million one-letter statements, 1 MB of text, take 0.9 GB), LibCST with the
metadata a rewrite needs at about 4 KB. A file with more tokens than :data:`AST_MAX_TOKENS` (check)
or :data:`LIBCST_MAX_TOKENS` (migrate) is not parsed, so one file never takes a run past ~500 MB.
Tokens are counted by the same scan, strings as one token, only when the file has more characters
than the bound (a token holds at least one).

The nesting estimate never undercounts: each bracket counts ``BRACKET_WEIGHT`` levels, each operator
(or trailer, or adjacent string) one level, and a comma or the end of a statement closes what
it separated (a ``lambda``'s parameters are one level until its ``:``); the replacement fields of
an f-string count as bracketed expressions where the string stands.
"""

from __future__ import annotations

import ast
import re
import sys
import threading
import warnings
from collections.abc import Iterator
from functools import cache

MAX_CHARS = 4_000_000  # a hand-written Python file is far smaller; generated code is skipped
BRACKET_WEIGHT = 3  # syntax-tree levels (parser frames) one bracket costs, measured against LibCST
LIBCST_LIMIT = 200  # LibCST fails from about 320 levels (migrate)
#: the deepest statement estimate (check) within which ``ast.parse`` never fails for nesting: its
#: stack of 6,000 rule calls takes a bracket level in about 27 and an estimate level in at most 10
AST_LIMIT = 300
#: the most tokens a file may have to be parsed: ~400 MB at CPython's peak (about 2 MB of cdktf code)
AST_MAX_TOKENS = 400_000
#: the same for LibCST (migrate): ~400 MB at about 4 KB a token (about 500 KB of cdktf code)
LIBCST_MAX_TOKENS = 100_000

_STRING = r"""(?P<string>(?:[rRbBuUfF]{1,2})?(?:\'\'\'[\s\S]*?(?:\'\'\'|\Z)|\"\"\"[\s\S]*?(?:\"\"\"|\Z)
        |'(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?))"""
_COMMENT = r"(?P<comment>\#[^\n]*)"
#: the tokens :func:`nesting` and :func:`tokens` scan (compiled by :func:`_token_scan` on first use)
_TOKENS = rf"""
    {_STRING}
    |{_COMMENT}
    |(?P<continuation>\\\r?\n)
    |(?P<open>[(\[{{])
    |(?P<close>[)\]}}])
    |(?P<comma>,)
    |(?P<end>[;\n])
    |(?P<dot>\.(?!\.\.))
    |(?P<colon>:(?!=))
    |(?P<op>\*\*|//|<<|>>|==|!=|<=|>=|\.\.\.|[-+*/%@&|^~<>])
    |(?P<word>\b(?:not|and|or|if|lambda|await|is|in)\b)
    |(?P<name>[^\W\d]\w*|\d[\w.]*)
    """


@cache
def _token_scan() -> re.Pattern[str]:
    """:data:`_TOKENS` compiled, on first use: a check hands an ordinary file to the parser without
    scanning it (only one past the size bound, or one the parser gave up on, is scanned), and
    compiling the scans at import was ~1 % of a small check."""
    return re.compile(_TOKENS, re.VERBOSE)


class _Level:
    """One bracket level since its last comma: operators, and the trailer chain of each operand.

    ``weight`` is what the level itself costs: ``BRACKET_WEIGHT`` for a bracket, none for the
    statement or the parameters of a ``lambda`` (a level open until its ``:``: a comma there
    separates parameters, it does not end the default before it, which nests in the ``lambda``).
    """

    __slots__ = ("best", "operators", "trailers", "weight")

    def __init__(self, weight: int = 0) -> None:
        self.operators = self.trailers = self.best = 0
        self.weight = weight

    @property
    def depth(self) -> int:
        return self.operators + max(self.best, self.trailers)


def nesting(text: str) -> int:
    """An upper estimate of the deepest syntax-tree path of ``text`` (in operator levels).

    Operators nest (``-a``, ``a + b + c``, ``not a``); so do the trailers of one operand
    (``a.b().c[0]``, adjacent strings), but the trailers of ``f() + g()`` do not add up. The
    expressions in an f-string's replacement fields count as if bracketed where the string stands.
    A statement ends every level, so the estimate is the deepest statement's (:func:`statements`).
    """
    stack = [_Level()]
    total = deepest = weights = 0  # total: the sum of the depths of the open levels; weights: theirs
    previous = ""
    for match in _token_scan().finditer(text):
        kind = match.lastgroup or ""
        if kind in ("name", "comment", "continuation"):
            continue
        level = stack[-1]
        before = level.depth
        start = match.start()
        if kind == "open":
            if start and (text[start - 1].isalnum() or text[start - 1] in "_)]}'\""):
                level.trailers += 1  # a call or subscript wraps what it follows
            stack.append(_Level(BRACKET_WEIGHT))
            weights += BRACKET_WEIGHT
        elif kind == "close":
            while len(stack) > 1 and not stack[-1].weight:  # lambdas the bracket ends
                total -= stack.pop().depth
            if len(stack) > 1:
                closed = stack.pop()
                total -= closed.depth
                weights -= closed.weight
                previous = kind
                continue
        elif kind == "colon":
            if len(stack) > 1 and not level.weight:  # the end of a lambda's parameters
                total -= stack.pop().depth
                previous = kind
                continue
        elif kind == "end" and not weights:  # outside brackets: the statement ends every level
            del stack[1:]
            level = stack[0]
            level.operators = level.trailers = level.best = total = before = 0
        elif kind == "comma":
            level.operators = level.trailers = level.best = 0
        elif kind == "dot" or (kind == "string" and previous == "string"):
            level.trailers += 1
        elif kind in ("op", "word"):
            level.operators += 1
            level.best = max(level.best, level.trailers)
            level.trailers = 0
        total += level.depth - before
        deepest = max(deepest, total + weights)
        if kind == "string" and "{" in match.group() and _is_fstring(match.group()):
            deepest = max(deepest, total + weights + _fields_nesting(match.group()))
        elif kind == "word" and match.group() == "lambda":
            stack.append(_Level())
        previous = kind
    return deepest


def _is_fstring(token: str) -> bool:
    return "f" in token[:3].lower().split("'", 1)[0].split('"', 1)[0]


def _fields_nesting(token: str) -> int:
    """The deepest replacement field of the f-string ``token``: each field a bracket of its own."""
    quote = min((i for i in (token.find("'"), token.find('"')) if i >= 0), default=0)
    body = token[quote + 1 :]
    fields: list[str] = []
    depth = 0
    start = 0
    inner = ""  # the quote of a string inside a field
    index = 0
    while index < len(body):
        char = body[index]
        if inner:
            if char == inner:
                inner = ""
        elif depth == 0:
            if char == "{":
                if body.startswith("{", index + 1):
                    index += 1  # ``{{``: a literal brace
                else:
                    depth, start = 1, index + 1
        elif char in "'\"":
            inner = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                fields.append(body[start:index])
        index += 1
    if depth:
        fields.append(body[start:])  # an unterminated field: all of it counts
    return max((nesting("(" + field) for field in fields), default=0)


#: the structure of a file for :func:`statements`: strings and comments (skipped whole), brackets,
#: line ends. Strings as :data:`_TOKENS` reads them from their quote (a prefix changes no string's
#: extent), so that every alternative starts with its own character: twice as fast a scan.
_QUOTED = (
    r"""\'\'\'[\s\S]*?(?:\'\'\'|\Z)|\"\"\"[\s\S]*?(?:\"\"\"|\Z)"""
    r"""|'(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?"""
)
_STRUCTURE = rf"(?:{_QUOTED})|\#[^\n]*|\\\r?\n|(?P<open>[(\[{{])|(?P<close>[)\]}}])|(?P<end>\n)"


@cache
def _structure_scan() -> re.Pattern[str]:
    """:data:`_STRUCTURE` compiled, on first use (see :func:`_token_scan`)."""
    return re.compile(_STRUCTURE)


def statements(text: str) -> Iterator[tuple[int, int]]:
    """The spans ``(start, end)`` of ``text``'s logical lines: each ends at a line end outside any
    bracket, string or comment (a statement of a compound one, its header, or a simple one)."""
    depth = start = 0
    for match in _structure_scan().finditer(text):
        kind = match.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            if depth:
                depth -= 1
        elif kind == "end" and not depth:
            end = match.end()
            yield start, end
            start = end
    if start < len(text):
        yield start, len(text)


def deepest_statement(text: str, limit: int) -> int:
    """:func:`nesting` of ``text`` as far as it matters against ``limit``: 0 when no statement can
    exceed ``limit``, else the estimate of the deepest statement that may.

    A statement whose bound (:func:`quick_ceiling`, or four levels a character below that) is
    within ``limit`` is not tokenized: the cost follows the statements near the limit, not the file.
    """
    if quick_ceiling(text) <= limit:
        return 0
    shortest = limit // (BRACKET_WEIGHT + 1)  # a statement this short cannot bound more than ``limit``
    deepest = 0
    for start, end in statements(text):
        if end - start > shortest:
            chunk = text[start:end]
            if quick_ceiling(chunk) > limit:
                deepest = max(deepest, nesting(chunk))
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
    return sum(1 for match in _token_scan().finditer(text) if match.lastgroup != "comment")


def _too_large(text: str, max_tokens: int) -> str | None:
    if len(text) > max_tokens and (count := tokens(text)) > max_tokens:
        return (
            f"too large to analyse within compat's memory bound (about {count:,} tokens, at most "
            f"{max_tokens:,}): not analysed"
        )
    return None


_HUGE = f"larger than {MAX_CHARS // 1_000_000} MB: not analysed"


def too_complex(text: str, limit: int = LIBCST_LIMIT, max_tokens: int = LIBCST_MAX_TOKENS) -> str | None:
    """Why ``text`` must not be parsed (``limit``: the deepest nesting the parser survives;
    ``max_tokens``: the most tokens it parses within compat's memory bound), or None.

    For LibCST (migrate), which crashes rather than fail: the estimate alone decides.
    """
    if len(text) > MAX_CHARS:
        return _HUGE
    if (depth := deepest_statement(text, limit)) > limit:
        return f"nested too deeply to analyse safely (about {depth} levels, at most {limit}): not analysed"
    return _too_large(text, max_tokens)


def too_large_for_ast(text: str, max_tokens: int = AST_MAX_TOKENS) -> str | None:
    """Why ``ast.parse`` must not be given ``text`` for its size alone, or None."""
    if len(text) > MAX_CHARS:
        return _HUGE
    return _too_large(text, max_tokens)


def parser_gave_up(text: str) -> str:
    """What to say of ``text`` when ``ast.parse`` gave up on its nesting (MemoryError, RecursionError)."""
    if (depth := deepest_statement(text, AST_LIMIT)) > AST_LIMIT:
        return (
            f"nested too deeply to analyse safely (about {depth} levels: Python's parser gives up): "
            "not analysed"
        )
    return "nested too deeply for the Python parser: not analysed"


def parse_fails_cleanly() -> bool:
    """Whether ``ast.parse`` may be handed any nesting here: CPython fails cleanly from 3.10.2 on, on
    the main thread's stack (a secondary thread's stack can be far smaller, 512 KB on macOS), so the
    estimate of :func:`too_complex_for_ast` is needed only elsewhere."""
    return sys.version_info >= (3, 10, 2) and threading.current_thread() is threading.main_thread()


def too_complex_for_ast(text: str, max_tokens: int = AST_MAX_TOKENS) -> str | None:
    """Why ``ast.parse`` must not be given ``text``, or None: exactly the files it cannot parse for
    their nesting, and those past the size and memory bounds.

    CPython's parser fails cleanly on nesting (MemoryError when its stack of 6,000 rule calls
    overflows, RecursionError past the recursion limit while it builds the tree; Python 3.9.10 and
    3.10.2 on). Every statement whose estimate is within :data:`AST_LIMIT` parses (held by
    ``tests/test_parse_guard.py``), so for nearly every file that is the whole answer; a file with a
    statement beyond it is parsed once here, within the memory bound, and refused only when the
    parser gives up on it. Where :func:`parse_fails_cleanly`, a caller that parses anyway may skip
    the estimate: :func:`too_large_for_ast` first, then :func:`parser_gave_up` when the parse fails.
    """
    if (reason := too_large_for_ast(text, max_tokens)) is not None:
        return reason
    if deepest_statement(text, AST_LIMIT) <= AST_LIMIT:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except (RecursionError, MemoryError):
        return parser_gave_up(text)
    except (SyntaxError, ValueError):
        return None  # the caller's own parse reports it
    return None
