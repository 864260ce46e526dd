"""The imported names a TypeScript file may declare again (a class, function, variable, parameter or
type of the same name), read from the text: the quick test before the tree is asked where
(:mod:`compat.typescript.syntax.scopes`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

_DECLARING = frozenset(
    {b"class", b"function", b"const", b"let", b"var", b"interface", b"type", b"enum", b"namespace"}
)
_MODIFIERS = frozenset({b"public", b"private", b"protected", b"readonly"})
#: what a parameter or a destructured name (``(a, b?: T)``, ``{ a, b }``, ``[a = 1]``) stands between
_OPENERS = frozenset({b"(", b",", b"{", b"["})
_CLOSERS = frozenset({b"?", b":", b",", b")", b"=", b"}", b"]"})
_WORD_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$"
_WORD_BYTES = frozenset(bytes([c]) for c in _WORD_CHARS)


def _last_word(text: bytes) -> bytes:
    """The word ``text`` ends with, at most its last 32 bytes (b"": none)."""
    tail = text[-32:]
    return tail[len(tail.rstrip(_WORD_CHARS)) :]


def _declared_at(code: bytes, at: int, end: int) -> bool:
    """Whether the name at ``code[at:end]`` is being declared: after a declaring keyword, or a parameter."""
    before = code[max(0, at - 96) : at].rstrip()
    last = before[-1:]
    if code[end : end + 64].lstrip()[:2] == b"=>":  # the one parameter of an arrow function
        return True
    if last not in _WORD_BYTES:  # no keyword before it: a parameter or a destructured name
        return last in _OPENERS and code[end : end + 64].lstrip()[:1] in _CLOSERS
    word = _last_word(before)
    while word in _MODIFIERS:
        before = before[: len(before) - len(word)].rstrip()
        word = _last_word(before)
    if word:  # a declaring keyword, or a word that makes this no declaration
        return word in _DECLARING
    after = code[end : end + 64].lstrip()
    return before[-1:] in _OPENERS and after[:1] in _CLOSERS


def occurrences(code: bytes, name: str) -> Iterator[int]:
    """Each byte offset where ``name`` occurs in ``code`` as a whole word."""
    word = name.encode()
    size = len(word)
    at = code.find(word)
    while at >= 0:
        end = at + size
        if (code[at - 1 : at] not in _WORD_BYTES or at == 0) and code[end : end + 1] not in _WORD_BYTES:
            yield at
        at = code.find(word, end)


def declarations(code: bytes, names: Iterable[str]) -> frozenset[str]:
    """Which of ``names`` (the file's imported bindings) the file may declare again somewhere: a class,
    function, variable, parameter or type of that name. Read from the text (import clauses blanked): a
    name after a declaring keyword, or between ``(`` / ``,`` and what ends a parameter. A name in a
    comment, a string or a call's arguments (``use(Fn)``) passes too: the tree decides where a name is
    declared (:func:`compat.typescript.syntax.scopes.shadowing`), only for the names this returns.

    Each name is found with ``bytes.find`` (one regular expression of all the names is slower: it
    cannot skip ahead as ``find`` does)."""
    found = set()
    for name in names:
        word = name.encode()
        size = len(word)
        at = code.find(word)
        while at >= 0:
            end = at + size
            if (
                code[at - 4 : at] != b"new "  # the commonest use (``new`` declares nothing): no other test
                and (code[at - 1 : at] not in _WORD_BYTES or at == 0)
                and code[end : end + 1] not in _WORD_BYTES
                and _declared_at(code, at, end)
            ):
                found.add(name)
                break
            at = code.find(word, end)
    return frozenset(found)
