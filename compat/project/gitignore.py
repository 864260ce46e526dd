"""One ``.gitignore`` file's patterns, matched by ``pathspec`` only for the paths they could match.

Importing and compiling ``pathspec`` costs about 10 ms, more than walking a small project, while
most of a project's paths match no pattern of the ``.gitignore`` files above them (``*.pyc``,
``.venv/``, ``cdktf.out``). :meth:`GitIgnore.decides` first asks a cheap necessary condition and
hands the path to ``pathspec`` only when a pattern might match it; ``pathspec`` alone decides.

The condition: a pattern that matches a path (or a folder above it) matches each of the path's
components with one of its own segments, so its last segment other than ``**`` matches some
component of the path, and a pattern anchored by a ``/`` at its start or middle matches the path's
first component with its first segment (unless that is ``**``). A segment is tested as a glob of
literal characters, ``*`` and ``?`` (:func:`fnmatchcase` on one component: neither crosses a ``/``),
a bracket expression or an escaped character standing for ``?`` (any one character, a superset).
A pattern the condition cannot read surely (white space, a POSIX class, ``**`` inside a segment)
may match anything: the path goes to ``pathspec``. A lone ``!`` (a negation of nothing, which git
passes over and ``pathspec`` refuses) is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec


def _glob(segment: str) -> str | None:
    """``segment`` as a glob of literal characters, ``*`` and ``?`` that matches every component the
    segment matches: a bracket expression or an escaped character becomes ``?``; None when unsure."""
    if "**" in segment or any(mark in segment for mark in ("[:", "[=", "[.")):
        return None
    glob, index = [], 0
    while index < len(segment):
        char = segment[index]
        if char == "\\":
            if index + 1 == len(segment):
                return None
            glob.append("?")
            index += 2
        elif char == "[":
            start = index + 1 + (segment[index + 1:index + 2] in ("!", "^"))
            close = segment.find("]", start + 1)  # a "]" right after "[" or "[!" is a member
            if close < 0 or "\\" in segment[start:close]:
                return None
            glob.append("?")
            index = close + 1
        else:
            glob.append(char)
            index += 1
    return "".join(glob)


def _condition(line: str) -> tuple[str | None, str] | None:
    """``(first, last)`` globs a path's components must match for ``line`` to match it (``first``
    None: any); None when the line may match anything. Blank lines and comments give ``("", "")``:
    never match."""
    if not line.strip() or line.startswith("#"):
        return "", ""
    pattern = line.rstrip(" ").removeprefix("!")
    if not pattern or not pattern.isprintable() or any(char.isspace() for char in pattern):
        return None
    segments = pattern.strip("/").split("/")
    globs = [_glob(s) for s in segments if s != "**"]
    named = [glob for glob in globs if glob]
    if not named or len(named) < len(globs):
        return None
    anchored = "/" in pattern.rstrip("/") and segments[0] != "**"
    return (named[0] if anchored else None), named[-1]


def _plain(segment: str) -> bool:
    return "*" not in segment and "?" not in segment


class _Names:
    """Segments a path component may match: exact names, ``*suffix``, ``prefix*`` and other globs."""

    __slots__ = ("exact", "globs", "prefixes", "suffixes")

    def __init__(self, segments: Sequence[str]) -> None:
        exact, suffixes, prefixes, globs = set(), [], [], []
        for segment in segments:
            if _plain(segment):
                exact.add(segment)
            elif segment.startswith("*") and _plain(segment[1:]):
                suffixes.append(segment[1:])
            elif segment.endswith("*") and _plain(segment[:-1]):
                prefixes.append(segment[:-1])
            else:
                globs.append(segment)
        self.exact, self.suffixes, self.prefixes, self.globs = frozenset(exact), tuple(suffixes), \
            tuple(prefixes), globs

    def any_of(self, parts: Sequence[str]) -> bool:
        """Whether a segment matches some component (``fnmatchcase`` with ``*`` and ``?`` only)."""
        return (not self.exact.isdisjoint(parts)
                or (bool(self.suffixes) and any(p.endswith(self.suffixes) for p in parts))
                or (bool(self.prefixes) and any(p.startswith(self.prefixes) for p in parts))
                or any(fnmatchcase(p, glob) for glob in self.globs for p in parts))


def _compile(lines: Sequence[str]) -> pathspec.GitIgnoreSpec:
    """``pathspec``'s spec of ``lines``, passing over a line it cannot read (``\\`` at the end, a
    reversed range ``[z-a]``) as git passes over a pattern it cannot use: a broken line of someone's
    ``.gitignore`` is no reason to stop a check."""
    import warnings

    import pathspec  # only when a pattern may match

    def spec(chosen: Sequence[str]) -> pathspec.GitIgnoreSpec:
        with warnings.catch_warnings():  # re's FutureWarning on "[[" is not the user's concern
            warnings.simplefilter("ignore", FutureWarning)
            return pathspec.GitIgnoreSpec.from_lines(chosen)

    def readable(line: str) -> bool:
        try:
            spec([line])
        except (ValueError, re.error):
            return False
        return True

    try:
        return spec(lines)
    except (ValueError, re.error):
        return spec([line for line in lines if readable(line)])


class GitIgnore:
    """The patterns of one ``.gitignore`` file; ``pathspec`` compiles them when a path needs it."""

    __slots__ = ("_anchored", "_anywhere", "_lines", "_spec")

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = [line for line in lines if line.rstrip(" ") != "!"]
        conditions = [c for c in map(_condition, self._lines) if c != ("", "")]
        #: None: some pattern may match any path
        self._anywhere: _Names | None = None
        self._anchored: list[tuple[str, str]] = []
        if None not in conditions:
            found = [c for c in conditions if c is not None]
            self._anywhere = _Names([last for first, last in found if first is None])
            self._anchored = [(first, last) for first, last in found if first is not None]
        self._spec: pathspec.GitIgnoreSpec | None = None

    def _may_match(self, rel: str) -> bool:
        if self._anywhere is None:
            return True
        parts = rel.rstrip("/").split("/")
        return self._anywhere.any_of(parts) or any(
            fnmatchcase(parts[0], first) and any(fnmatchcase(part, last) for part in parts)
            for first, last in self._anchored)

    def decides(self, rel: str) -> bool | None:
        """Whether the patterns ignore ``rel`` (POSIX, relative to the file's folder, ``/`` ending a
        folder): True ignored, False re-included by a ``!`` pattern, None no pattern matches it."""
        if not self._may_match(rel):
            return None
        if self._spec is None:
            self._spec = _compile(self._lines)
        decided: bool | None = self._spec.check_file(rel).include
        return decided
