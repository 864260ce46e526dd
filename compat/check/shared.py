"""Results several rules share, computed once per run or per file, under typed keys.

A rule module that computes something other rules also need declares it as a :class:`Shared`
value next to the function that computes it; :class:`Memo` (one per run on the context, one per
file on its facts) holds what was computed. The key is the declaration itself, so a reader finds
every user with grep and the type of the result travels with the key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


class Shared(Generic[T]):
    """The declaration of one shared result (``what`` it is, for a reader and a repr)."""

    __slots__ = ("what",)

    def __init__(self, what: str) -> None:
        self.what = what

    def __repr__(self) -> str:
        return f"Shared({self.what!r})"


class Memo:
    """The shared results computed so far for one subject (a run, a file)."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[Shared[Any], Any] = {}

    def get(self, key: Shared[T], compute: Callable[[], T]) -> T:
        """The result of ``key``, computed by ``compute`` the first time it is asked for."""
        if key not in self._values:
            self._values[key] = compute()
        return cast("T", self._values[key])
