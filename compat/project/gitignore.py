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
passes over and ``pathspec`` refuses) is left out. The condition costs a bounded time per path: a part
(below) with more than :data:`_MAX_GLOBS` patterns it would have to test one by one skips it (every
path goes to ``pathspec``).

``pathspec`` matches with its ``re2`` backend (``google-re2``: time linear in the path, where Python's
``re`` backtracks exponentially on ``a/**/a/**/.../b`` against a deep folder). A file is read as
consecutive parts of :data:`_CHUNK` lines, each with its own condition and specs (one RE2 automaton
holds a part, or halves of it when RE2's memory budget is exceeded); ``pathspec`` decides within a
part, and the parts' answers are joined by ``pathspec``'s own rule (the last pattern that matches the
path itself decides, else the last that matches a folder above it). So a 40,000-line ``.gitignore``
compiles only the parts some path may match, and never needs one automaton for all of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import pathspec

#: more patterns than this that need a glob test of their own: the cheap condition is not cheap, skip it
_MAX_GLOBS = 64
#: lines of a ``.gitignore`` part: its own condition, its own ``pathspec`` specs, compiled on first need
_CHUNK = 1000


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
            start = index + 1 + (segment[index + 1 : index + 2] in ("!", "^"))
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
        self.exact, self.suffixes, self.prefixes, self.globs = (
            frozenset(exact),
            tuple(suffixes),
            tuple(prefixes),
            globs,
        )

    def any_of(self, parts: Sequence[str]) -> bool:
        """Whether a segment matches some component (``fnmatchcase`` with ``*`` and ``?`` only)."""
        return (
            not self.exact.isdisjoint(parts)
            or (bool(self.suffixes) and any(p.endswith(self.suffixes) for p in parts))
            or (bool(self.prefixes) and any(p.startswith(self.prefixes) for p in parts))
            or any(fnmatchcase(p, glob) for glob in self.globs for p in parts)
        )


def _compile(lines: Sequence[str]) -> list[pathspec.GitIgnoreSpec]:
    """``pathspec``'s specs of ``lines`` in order, matched by RE2.

    Each line becomes ``pathspec``'s own regular expression (``GitIgnoreSpecPattern.pattern_to_regex``),
    compiled by RE2 rather than Python's ``re`` (a tenth of the time): into the spec's automaton, and on
    its own only when it decides a path (``pathspec``'s ``re2`` backend reads only the expression's
    text; :class:`_LazyRegex`). A line either cannot read (``\\`` at the end, a reversed range
    ``[z-a]``) is passed over as git passes over a pattern it cannot use: a broken line of someone's
    ``.gitignore`` is no reason to stop a check. The lines are one spec, or halves when one RE2
    automaton cannot hold them all within its memory budget."""
    import pathspec  # only when a pattern may match
    import re2
    from pathspec.patterns.gitignore.spec import GitIgnoreSpecPattern

    def pattern(line: str) -> GitIgnoreSpecPattern | None:
        try:
            regex, include = GitIgnoreSpecPattern.pattern_to_regex(line)
            if include is None or regex is None:
                return None
            return GitIgnoreSpecPattern(cast(Any, _LazyRegex(str(regex))), include)
        except ValueError:
            return None

    def compiles(found: GitIgnoreSpecPattern) -> bool:
        try:
            re2.compile(getattr(found.regex, "pattern", ""))
        except re2.error:
            return False
        return True

    def specs(chosen: Sequence[GitIgnoreSpecPattern], checked: bool = False) -> list[pathspec.GitIgnoreSpec]:
        try:
            return [pathspec.GitIgnoreSpec(chosen, backend="re2")]
        except re2.error:
            if not checked:  # a pattern RE2 cannot read is passed over
                return specs([found for found in chosen if compiles(found)], checked=True)
            if len(chosen) > 1:  # more than RE2's memory budget holds
                half = len(chosen) // 2
                return [*specs(chosen[:half], True), *specs(chosen[half:], True)]
            return []

    return specs([found for found in map(pattern, lines) if found is not None])


class _LazyRegex:
    """One pattern's regular expression, compiled by RE2 on its first own match (most patterns are
    only ever matched inside their spec's automaton)."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: object = None

    def _regex(self) -> Any:
        if self._compiled is None:
            import re2

            self._compiled = re2.compile(self.pattern)
        return self._compiled

    @property
    def groupindex(self) -> Mapping[str, int]:
        return cast("Mapping[str, int]", self._regex().groupindex)

    def match(self, text: str) -> object:
        return self._regex().match(text)


class _Part:
    """Consecutive lines of one ``.gitignore``, with the cheap condition and their ``pathspec`` specs."""

    __slots__ = ("_anchored", "_anywhere", "_lines", "_rooted", "_specs")

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines
        conditions = [c for c in map(_condition, lines) if c != ("", "")]
        #: None: some pattern may match any path
        self._anywhere: _Names | None = None
        #: anchored patterns by their literal first segment; the others in ``_anchored``
        self._rooted: dict[str, _Names] = {}
        self._anchored: list[tuple[str, str]] = []
        if None not in conditions:
            found = [c for c in conditions if c is not None]
            anywhere = _Names([last for first, last in found if first is None])
            rooted: dict[str, list[str]] = {}
            for first, last in found:
                if first is not None and _plain(first):
                    rooted.setdefault(first, []).append(last)
                elif first is not None:
                    self._anchored.append((first, last))
            self._rooted = {first: _Names(lasts) for first, lasts in rooted.items()}
            if len(anywhere.globs) + len(self._anchored) <= _MAX_GLOBS:
                self._anywhere = anywhere
        self._specs: list[pathspec.GitIgnoreSpec] | None = None

    def _may_match(self, rel: str) -> bool:
        if self._anywhere is None:
            return True
        parts = rel.rstrip("/").split("/")
        rooted = self._rooted.get(parts[0])
        return (
            self._anywhere.any_of(parts)
            or (rooted is not None and rooted.any_of(parts))
            or any(
                fnmatchcase(parts[0], first) and any(fnmatchcase(part, last) for part in parts)
                for first, last in self._anchored
            )
        )

    def decisions(self, rel: str) -> Iterator[tuple[bool, bool]]:
        """``(ignored, by_folder)`` of each spec whose patterns match ``rel``, the last spec first;
        ``by_folder``: the deciding pattern matched a folder above ``rel``, not ``rel`` itself."""
        if not self._may_match(rel):
            return
        if self._specs is None:
            self._specs = _compile(self._lines)
        for spec in reversed(self._specs):
            result = spec.check_file(rel)
            if result.include is not None and result.index is not None:
                yield result.include, _by_folder(spec.patterns[result.index], rel)


def _by_folder(pattern: pathspec.Pattern, rel: str) -> bool:
    """Whether ``pattern`` matches ``rel`` through a folder above it: its regular expression's one
    named group (``pathspec``'s folder mark) took part in the match."""
    regex = getattr(pattern, "regex", None)
    if regex is None:
        return False
    match = regex.match(rel)
    return match is not None and any(match.group(name) for name in regex.groupindex)


class GitIgnore:
    """The patterns of one ``.gitignore`` file; ``pathspec`` compiles them when a path needs it."""

    __slots__ = ("_parts",)

    def __init__(self, lines: Sequence[str]) -> None:
        kept = [line for line in lines if line.rstrip(" ") != "!"]
        self._parts = [_Part(kept[start : start + _CHUNK]) for start in range(0, len(kept), _CHUNK)]

    def decides(self, rel: str) -> bool | None:
        """Whether the patterns ignore ``rel`` (POSIX, relative to the file's folder, ``/`` ending a
        folder): True ignored, False re-included by a ``!`` pattern, None no pattern matches it.

        Across parts, ``pathspec``'s own rule: the last pattern matching ``rel`` itself decides, else
        the last one matching a folder above it."""
        through_folder: bool | None = None
        for part in reversed(self._parts):
            for ignored, by_folder in part.decisions(rel):
                if not by_folder:
                    return ignored
                if through_folder is None:
                    through_folder = ignored
        return through_folder
