"""Object and array literals read lazily from their nodes: an object's own keys at once, each value
only when a rule asks (valid while the file's tree is alive)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from compat.typescript.syntax.grammar import Source
from compat.typescript.syntax.records import NewCall, PropKey, Props

if TYPE_CHECKING:
    import tree_sitter

#: a record built from the tuple of its fields, without its Python-level ``__new__`` (a third of the cost)
_new = tuple.__new__


#: literals nested deeper than this are not read (real props nest a few levels; a generated or hostile
#: file nesting thousands deep would exhaust the interpreter's stack): the rest is no literal
MAX_DEPTH = 64

#: the longest value :meth:`ObjectView.value_text` tells (a longer one is read each time it occurs)
LONGEST_TEXT = 800


def literal_view(read: Source, node: tree_sitter.Node, depth: int) -> ObjectView | ArrayView | None:
    """The object or array literal ``node`` is (through parentheses and ``!``), read one level deep;
    None for anything else: a scalar, a variable, a call, a cast (the author vouches for the shape)."""
    kinds = read.kinds
    if depth > MAX_DEPTH:
        return None
    kind = node.kind_id
    while kind in kinds.wrapper:
        inner = node.named_children
        if not inner:
            return None
        node = inner[0]
        kind = node.kind_id
    if kind in kinds.object:
        return ObjectView(read, node, depth)
    if kind in kinds.array:
        return ArrayView(read, node, depth)
    return None


#: a pair's key when it is a plain ASCII name followed by its colon: read from the bytes at the pair's
#: start (the key is the pair's first child), without a node per key; anything else (a string, number or
#: computed key, a comment before the colon, a non-ASCII name) is read from the nodes
_PLAIN_KEY = re.compile(rb"([A-Za-z_$][A-Za-z0-9_$]*)[ \t\r\n]*:")
_PLAIN_KEY_TEXT = re.compile(r"([A-Za-z_$][A-Za-z0-9_$]*)[ \t\r\n]*:")


def _no_plain_key(code: object, at: int) -> None:
    """No key is read from the bytes of an object the parser recovered errors in: each from its nodes."""


class ObjectView:
    """An object literal read from its node: its own keys' names now, each key's place and each value
    only when asked for (a rule reads places only for its findings). Valid only while the file's tree is
    alive (inside the ``visit`` of :func:`parse_source`)."""

    __slots__ = ("_depth", "_keys", "_node", "_nodes", "_read", "names", "spread")

    def __init__(self, read: Source, node: tree_sitter.Node, depth: int) -> None:
        kinds = read.kinds
        code = read.code
        pair = kinds.pair
        text = read.ascii
        if not read.clean and node.has_error:
            plain: Callable[[Any, int], re.Match[Any] | None] = _no_plain_key
        elif text is not None:
            plain = _PLAIN_KEY_TEXT.match  # the name cut as a str at once
        else:
            plain = _PLAIN_KEY.match
        names: list[str] = []
        # the node of each key: its pair (which starts at the key), or a shorthand ``{ vpcId }``, whose
        # value field is none (a variable)
        nodes: list[tree_sitter.Node] = []
        spread = False
        for child in node.named_children:
            # only a pair starts with a name and its colon (a shorthand, a method, a spread or a comment
            # never does): such a child is a pair of that key, read without asking its kind
            found = plain(text if text is not None else code, child.start_byte)
            if found is not None:
                name = found[1]
                names.append(name if isinstance(name, str) else name.decode("ascii"))
                nodes.append(child)
                continue
            child_kind = child.kind_id
            if child_kind in pair:
                key = self._key(read, child)
                if key is None:
                    spread = True
                    continue
                names.append(key)
                nodes.append(child)
            elif child_kind in kinds.shorthand:
                names.append(read.text(child))
                nodes.append(child)
            elif child_kind not in kinds.comment:  # spread_element, method_definition, ...
                spread = True
        self._node = node
        self.names = tuple(names)
        self.spread = spread
        self._nodes = nodes
        self._keys: tuple[PropKey, ...] | None = None
        self._read = read
        self._depth = depth

    @property
    def line(self) -> int:
        """Where the literal starts: 1-based line (read only when asked: a nested literal never is)."""
        return self._node.start_point[0] + 1

    @property
    def column(self) -> int:
        """Where the literal starts: 1-based column (bytes)."""
        return self._node.start_point[1] + 1

    @staticmethod
    def _key(read: Source, pair: tree_sitter.Node) -> str | None:
        """The key of a pair read from its nodes: a name or a string without escapes; None for a
        computed or numeric key, or a pair the parser could not complete."""
        kinds = read.kinds
        key_node = pair.child_by_field_id(kinds.key)
        if key_node is None or pair.child_by_field_id(kinds.value) is None:
            return None
        if key_node.kind_id in kinds.property_identifier:
            return read.text(key_node)
        if key_node.kind_id in kinds.string:
            return read.string_value(key_node)
        return None

    def key(self, at: int) -> PropKey:
        """``names[at]`` with its place."""
        row, col = self._nodes[at].start_point
        return PropKey(self.names[at], row + 1, col + 1)

    @property
    def keys(self) -> tuple[PropKey, ...]:
        """Every key with its place."""
        if self._keys is None:
            points = [node.start_point for node in self._nodes]
            self._keys = tuple(
                [PropKey(name, row + 1, col + 1) for name, (row, col) in zip(self.names, points, strict=True)]
            )
        return self._keys

    def value_text(self, at: int) -> bytes | None:
        """The text of ``names[at]``'s value, when the file parsed without errors and the text is at most
        :data:`LONGEST_TEXT` bytes (None: not told; a shorthand ``{ vpcId }`` has no value)."""
        if not self._read.clean:
            return None
        node = self._nodes[at].child_by_field_id(self._read.kinds.value)
        if node is None:
            return None
        start, end = node.byte_range
        return self._read.code[start:end] if end - start <= LONGEST_TEXT else None

    def value(self, at: int) -> ObjectView | ArrayView | None:
        """The value of ``names[at]`` when it is an object or array literal; None for anything else."""
        node = self._nodes[at].child_by_field_id(self._read.kinds.value)
        return None if node is None else literal_view(self._read, node, self._depth + 1)

    def props(self) -> Props:
        """What the file keeps of this literal once its tree is gone."""
        row, column = self._node.start_point
        points = tuple([node.start_point for node in self._nodes])
        return _new(Props, (self.names, points, row + 1, column + 1, self.spread))  # Props(names=..., ...)


class ArrayView:
    """An array literal read from its node (see :class:`ObjectView`)."""

    __slots__ = ("_depth", "_items", "_read", "spread")

    def __init__(self, read: Source, node: tree_sitter.Node, depth: int) -> None:
        kinds = read.kinds
        comment, spread_element = kinds.comment, kinds.spread_element
        items = []
        spread = False
        for child in node.named_children:
            child_kind = child.kind_id
            if child_kind in spread_element:
                spread = True
            elif child_kind not in comment:
                items.append(child)
        self.spread = spread
        self._items = items
        self._read = read
        self._depth = depth

    def objects(self) -> Iterator[ObjectView]:
        """The items that are object literals."""
        for item in self._items:
            found = literal_view(self._read, item, self._depth + 1)
            if isinstance(found, ObjectView):
                yield found


#: reads the props of a call of the file being visited (None: they are no object literal)
PropsOf = Callable[[NewCall], ObjectView | None]
