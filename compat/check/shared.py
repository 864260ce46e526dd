"""Results several rules share, computed once per run or per file, under typed keys.

A rule module that computes something other rules also need declares it as a :class:`Shared`
value next to the function that computes it; :class:`Memo` (one per run on the context, one per
file on its facts) holds what was computed. The key is the declaration itself, so a reader finds
every user with grep and the type of the result travels with the key.

The memo only stores: the module that owns a result asks whether it is there and computes it itself
(``memo[KEY] if KEY in memo else memo.keep(KEY, compute())``, or ``memo.get(KEY)`` first where a
result is never None), so the memo never calls back up into a rule, and a run's walk never goes back
into a module it left (``bench/data_walk.py``).

A per-run value that the file rules add to as they go, for a project rule to judge at the end
(VER014's import sites, IMP003's imports of either family), is declared :class:`Gathered`, with how
two of them merge: a parallel check (:mod:`compat.check.parallel`) gathers one per run of files in
each worker and merges them in file order, so the project rules see what the serial loop gathers.
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


class Gathered(Shared[T]):
    """A per-run result the file rules add to; ``merge(into, more)`` adds what a later run of files
    gathered (in file order) to what the earlier ones did."""

    __slots__ = ("merge", "number")

    def __init__(self, what: str, merge: Callable[[T, T], None]) -> None:
        super().__init__(what)
        self.merge = merge
        self.number = len(GATHERED)  # its name across processes: the key object itself is not sent
        GATHERED.append(self)


#: Every :class:`Gathered` declaration, in the order the rule modules declare them.
GATHERED: list[Gathered[Any]] = []


class Memo:
    """The shared results computed so far for one subject (a run, a file)."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[Shared[Any], Any] = {}

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def __getitem__(self, key: Shared[T]) -> T:
        return cast("T", self._values[key])

    def get(self, key: Shared[T]) -> T | None:
        """The result of ``key``, None when there is none yet (one call where ``in`` and ``[]`` are two)."""
        return cast("T | None", self._values.get(key))

    def keep(self, key: Shared[T], value: T) -> T:
        """Store ``value`` as the result of ``key``; returns it."""
        self._values[key] = value
        return value

    def setdefault(self, key: Shared[T], empty: T) -> T:
        """The result of ``key``, ``empty`` stored first when there is none (a container rules add to)."""
        return cast("T", self._values.setdefault(key, empty))

    def take_gathered(self) -> list[tuple[int, object]]:
        """The :class:`Gathered` values (by number), removed: the next run of files starts empty. The
        engine merges them into the parent's memo with each declaration's ``merge``
        (:func:`compat.check.engine.merge_gathered`)."""
        taken = [(key.number, self._values.pop(key)) for key in GATHERED if key in self._values]
        return taken
