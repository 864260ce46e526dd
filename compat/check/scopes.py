"""What a name is bound to at a point of the walk, with Python's scoping read from ``symtable``.

The walk keeps, per scope, the bindings it has seen so far in source order (flow). Python's rules
decide which scope a name belongs to: a function's parameters, loop and ``with`` targets and every
name assigned anywhere in its body are local throughout it, comprehensions have their own scope, a
class body is invisible from its methods, ``global`` and ``nonlocal`` move a name out. So in
``def f(rds): return rds.username`` the ``rds`` read is the parameter, never the imported module.

The stdlib ``symtable`` gives those rules; it costs about as much as parsing the file again, so a
file is first walked without it (``exact=False``), where source order and Python's rules agree:
parameters and targets are bound as they are met. Wherever they could disagree (a name read in a
function and bound in it later, ``global``/``nonlocal``, a class inside a function, a walrus in a
comprehension), :class:`NeedsSymtable` is raised and the file is walked again with ``exact=True``,
where every scope asks ``symtable`` (and falls back to the flow if ``symtable`` rejects the file).
"""

from __future__ import annotations

import symtable
import warnings
from collections.abc import Iterable
from typing import Literal

#: What the walk knows about a name: ("module", key), ("class", key, name) or ("var", key, name).
Binding = tuple[str, ...]
Kind = Literal["module", "class", "function", "comprehension"]


class NeedsSymtable(Exception):
    """The walk in source order may differ from Python's scoping here: walk again with ``exact``."""


class _Frame:
    """One scope of the walk (a plain class: a dataclass would compile its methods when a check starts).

    ``key``: the symtable name, line and index among same-keyed siblings; ``names``: None where a name
    is bound to something else; ``read_through``: names read here and found further out (flow); ``outer``:
    the scope a free name of this one comes from, the next function out, else the module (None for the
    module: ``_enclosing_function`` of it, kept, as the flow's lookups climb through it)."""

    __slots__ = (
        "children", "counts", "key", "kind", "names", "outer", "parent", "read_through", "resolved", "table",
    )  # fmt: skip

    def __init__(
        self,
        kind: Kind,
        parent: _Frame | None,
        key: tuple[str, int, int] = ("top", 0, 0),
        outer: _Frame | None = None,
    ) -> None:
        self.kind = kind
        self.parent = parent
        self.key = key
        self.names: dict[str, Binding | None] = {}
        self.read_through: set[str] = set()
        self.counts: dict[tuple[str, int], int] = {}
        self.table: symtable.SymbolTable | None = None
        self.resolved = False
        self.children: dict[tuple[str, int], list[symtable.SymbolTable]] | None = None
        self.outer = outer


class Scopes:
    def __init__(self, text: str, exact: bool = False) -> None:
        self.text = text
        self.exact = exact
        self.module = _Frame("module", None)
        self.current = self.module
        self.bound: set[str] = set()  # names ever bound to something the walk tracks

    # frames ------------------------------------------------------------------------------------
    def enter(self, kind: Kind, name: str, line: int) -> None:
        """A function, ``lambda``, comprehension or class body starts.

        ``name`` is the one ``symtable`` gives the scope: the ``def``/``class`` name, ``lambda``,
        ``listcomp``, ``setcomp``, ``dictcomp`` or ``genexpr``.
        """
        parent = self.current
        outer = _enclosing_function(parent, True)
        if kind == "class" and not self.exact and outer.parent is not None:
            raise NeedsSymtable  # its names may be the function's (free) or the module's
        index = parent.counts.get((name, line), 0)
        parent.counts[(name, line)] = index + 1
        self.current = _Frame(kind, parent, (name, line, index), outer=outer)

    def exit(self) -> None:
        assert self.current.parent is not None
        self.current = self.current.parent

    # names -------------------------------------------------------------------------------------
    def lookup(self, name: str) -> Binding | None:
        frame = self.current
        if frame.kind == "module":
            return frame.names.get(name)
        if name not in self.bound:
            return None
        if not self.exact:  # the flow: bound in this function already, else further out
            while frame.parent is not None and name not in frame.names:
                if frame.kind == "class":
                    frame = self.module
                    break
                frame.read_through.add(name)
                frame = frame.outer or self.module  # (only the module has no ``outer``)
            return frame.names.get(name)
        return self._owner(frame, name, load=True).names.get(name)

    def bind(self, name: str, binding: Binding | None) -> None:
        """``name`` is bound here; None when to something the walk does not track."""
        if binding is None and name not in self.bound:
            return  # nothing it could hide
        frame = self.current
        if frame.kind != "module":
            if self.exact:
                frame = self._owner(frame, name, load=False)
            elif name in frame.read_through:
                raise NeedsSymtable  # read here before: local throughout, not what was read
        frame.names[name] = binding
        if binding is not None:
            self.bound.add(name)

    def bind_walrus(self, name: str) -> None:
        """``name := ...``: inside a comprehension it binds in the function around it."""
        if self.current.kind == "comprehension" and not self.exact and name in self.bound:
            raise NeedsSymtable
        self.bind(name, None)

    def declare(self, names: Iterable[str]) -> None:
        """``global`` or ``nonlocal`` names."""
        if not self.exact and any(name in self.bound for name in names):
            raise NeedsSymtable

    def _owner(self, frame: _Frame, name: str, load: bool) -> _Frame:
        """The frame whose binding of ``name`` a read (``load``) or a write in ``frame`` uses."""
        while frame.parent is not None:
            table = self._table(frame) if self.exact else None
            if table is None:  # symtable rejects the file, or (on writes) the flow
                if frame.kind == "class":
                    return frame if not load or name in frame.names else self.module
                if not load or name in frame.names:
                    return frame
                frame.read_through.add(name)
                frame = _enclosing_function(frame)
                continue
            symbol = _symbol(table, name)
            if symbol is not None and symbol.is_declared_global():
                return self.module
            if frame.kind == "class":
                if symbol is not None and symbol.is_free():  # nonlocal, or a name of the function around
                    frame = _enclosing_function(frame)
                    continue
                # a class body runs top to bottom: its own name once bound there, else the global one
                return frame if not load or name in frame.names else self.module
            if symbol is None or symbol.is_global():
                return self.module
            if symbol.is_free():
                frame = _enclosing_function(frame)
                continue
            return frame  # local: a parameter, a target or assigned anywhere in the body
        return frame

    # symtable ----------------------------------------------------------------------------------
    def _table(self, frame: _Frame) -> symtable.SymbolTable | None:
        if frame.resolved:
            return frame.table
        frame.resolved = True
        if frame.parent is None:
            try:
                with warnings.catch_warnings():  # the project's invalid escapes are not compat's to report
                    warnings.simplefilter("ignore")
                    frame.table = symtable.symtable(self.text.removeprefix("\ufeff"), "<file>", "exec")
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                frame.table = None
            return frame.table
        parent = self._table(frame.parent)
        if parent is not None:
            if frame.parent.children is None:
                frame.parent.children = _children(parent)
            name, line, index = frame.key
            found = frame.parent.children.get((name, line), [])
            frame.table = found[index] if index < len(found) else None
        return frame.table


def _symbol(table: symtable.SymbolTable, name: str) -> symtable.Symbol | None:
    try:
        return table.lookup(name)
    except KeyError:
        return None


def _enclosing_function(frame: _Frame, inclusive: bool = False) -> _Frame:
    """The scope a free name of ``frame`` comes from: the next function out, else the module."""
    outer = frame if inclusive else frame.parent
    assert outer is not None
    while outer.parent is not None and outer.kind == "class":
        outer = outer.parent
    return outer


def _children(table: symtable.SymbolTable) -> dict[tuple[str, int], list[symtable.SymbolTable]]:
    """The function and class scopes directly inside ``table`` by (name, line), in source order.

    The scopes Python 3.12+ adds around generics and annotations are looked through.
    """
    found: dict[tuple[str, int], list[symtable.SymbolTable]] = {}
    pending = list(table.get_children())
    while pending:
        child = pending.pop(0)
        if child.get_type() in ("function", "class"):
            found.setdefault((child.get_name(), child.get_lineno()), []).append(child)
        else:
            pending[:0] = child.get_children()
    return found
