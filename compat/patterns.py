"""``LazyPattern``: a regular expression compiled the first time it is used, not when its module is imported.

``re.compile`` parses and compiles a pattern in Python, 0.3-3 M instructions each; a small check imports
some 60 patterns of which it uses a dozen (the requirements-file grammar for a Pipfile project, the
HashiCorp constraint grammar for a project without a ``required_version`` ...). A module-level pattern
that a run may not need is a ``LazyPattern``: it offers the methods of ``re.Pattern`` that compat calls,
each compiling the pattern on its first call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator


class LazyPattern:
    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._source, self._flags)
        return compiled

    @property
    def pattern(self) -> str:
        return self._source

    def match(self, string: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(string, pos)

    def fullmatch(self, string: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos)

    def search(self, string: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.search(string, pos)

    def finditer(self, string: str, pos: int = 0) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos)

    def findall(self, string: str, pos: int = 0) -> list[str]:
        """The matches (of a pattern with at most one group: its text)."""
        return self.compiled.findall(string, pos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        """The pieces between matches (of a pattern without groups)."""
        return self.compiled.split(string, maxsplit)
