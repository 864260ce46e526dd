"""The TypeScript code reader: imports and ``new X(scope, "id", { ... })`` calls, read with tree-sitter.

tree-sitter parses a file into a concrete syntax tree (the TypeScript grammar from PyPI, no Node);
queries pick out the import declarations, the ``new`` expressions, the ``Fn.*`` calls and the
names the file declares. A construct call's third argument is read only when it is an object
literal, and lazily: the file keeps its keys (:class:`Props`); the values are read from the nodes, as
far as a rule asks, while the tree is alive (:class:`ObjectView`, in the ``visit`` of
:func:`parse_source`). A value that is no literal (a variable, a call, a spread) is not judged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import tree_sitter

#: files larger than this are not parsed (a note says so); generated code is skipped before that
MAX_BYTES = 4_000_000


class ImportedName(NamedTuple):
    name: str  # the exported name (``AwsProvider``, ``ec2``, ``default``)
    local: str  # the binding in this file (``AwsProvider`` or its ``as`` alias)
    line: int
    column: int


class TsImport(NamedTuple):
    """``import { a, b as c } from "spec"`` / ``import * as ns from "spec"`` / ``import d from "spec"``."""

    specifier: str
    line: int  # 1-based line of the specifier string
    column: int  # 1-based
    names: tuple[ImportedName, ...]
    namespace: str | None  # ``import * as ns``: the local name of the whole module
    type_only: bool  # ``import type {...}``: erased, never loaded


class Opaque(NamedTuple):
    """A value that is no literal: a variable, a call, a template, a spread. Nothing is said about it."""

    line: int


class PropKey(NamedTuple):
    """One key of a construct call's props literal, as the file keeps it once its tree is gone."""

    key: str
    line: int
    column: int


class Props(NamedTuple):
    """The props of a construct call when they are an object literal: its own keys (the values are
    read, while the tree is alive, through :class:`ObjectView`)."""

    keys: tuple[PropKey, ...]
    line: int
    column: int
    spread: bool  # ``...rest`` (or a computed key, a method) inside: keys may come from elsewhere


class NewCall(NamedTuple):
    """``new a.b.C(scope, "id", { ... })``: the callee as a dotted path, and the props literal."""

    callee: tuple[str, ...]  # ("aws", "s3Bucket", "S3Bucket") or ("S3Bucket",)
    line: int
    column: int
    arguments: int  # how many arguments were passed
    props: Props | Opaque | None  # the props argument (third; second of a backend); None: none


class FnCall(NamedTuple):
    """``Fn.name(...)`` on an object bound by an import (``Fn`` from cdktf / cdktn)."""

    receiver: str
    name: str
    line: int
    column: int


class TsFile(NamedTuple):
    path: Path
    rel: str
    imports: tuple[TsImport, ...]
    calls: tuple[NewCall, ...]
    fn_calls: tuple[FnCall, ...]
    declared: frozenset[str]  # imported names the file declares again (a class, variable, parameter)
    error: bool  # the parser recovered from a syntax error somewhere


class _Kinds(NamedTuple):
    """The grammar's node kinds the reader compares, as sets of ids (``Node.kind_id``: an int, where
    ``Node.type`` makes a string), and the field ids it reads."""

    new_keyword: frozenset[int]
    import_keyword: frozenset[int]
    new_expression: frozenset[int]
    import_statement: frozenset[int]
    import_clause: frozenset[int]
    namespace_import: frozenset[int]
    named_imports: frozenset[int]
    import_specifier: frozenset[int]
    type_keyword: frozenset[int]
    identifier: frozenset[int]
    property_identifier: frozenset[int]
    member_expression: frozenset[int]
    call_expression: frozenset[int]
    string: frozenset[int]
    string_fragment: frozenset[int]
    comment: frozenset[int]
    pair: frozenset[int]
    colon: frozenset[int]
    shorthand: frozenset[int]
    spread_element: frozenset[int]
    object: frozenset[int]
    array: frozenset[int]
    wrapper: frozenset[int]
    key: int
    value: int
    source: int
    name: int
    alias: int
    constructor: int
    arguments: int
    object_field: int
    property_field: int
    function: int


def _kinds(language: tree_sitter.Language) -> _Kinds:
    ids: dict[tuple[str, bool], set[int]] = {}
    for kind in range(language.node_kind_count):
        name = language.node_kind_for_id(kind)
        if name is not None:
            ids.setdefault((name, language.node_kind_is_named(kind)), set()).add(kind)

    def named(*names: str) -> frozenset[int]:
        return frozenset(k for n in names for k in ids.get((n, True), ()))

    def anonymous(name: str) -> frozenset[int]:
        return frozenset(ids.get((name, False), ()))

    def field(name: str) -> int:
        found = language.field_id_for_name(name)
        assert found is not None, name
        return found

    return _Kinds(
        new_keyword=anonymous("new"),
        import_keyword=anonymous("import"),
        new_expression=named("new_expression"),
        import_statement=named("import_statement"),
        import_clause=named("import_clause"),
        namespace_import=named("namespace_import"),
        named_imports=named("named_imports"),
        import_specifier=named("import_specifier"),
        type_keyword=anonymous("type"),
        identifier=named("identifier"),
        property_identifier=named("property_identifier"),
        member_expression=named("member_expression"),
        call_expression=named("call_expression"),
        string=named("string"),
        string_fragment=named("string_fragment"),
        comment=named("comment"),
        pair=named("pair"),
        colon=anonymous(":"),
        shorthand=named("shorthand_property_identifier"),
        spread_element=named("spread_element"),
        object=named("object"),
        array=named("array"),
        wrapper=named(*_WRAPPERS),
        key=field("key"),
        value=field("value"),
        source=field("source"),
        name=field("name"),
        alias=field("alias"),
        constructor=field("constructor"),
        arguments=field("arguments"),
        object_field=field("object"),
        property_field=field("property"),
        function=field("function"),
    )


_DECLARING = frozenset(
    {b"class", b"function", b"const", b"let", b"var", b"interface", b"type", b"enum", b"namespace"}
)
_MODIFIERS = frozenset({b"public", b"private", b"protected", b"readonly"})
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
    if last not in _WORD_BYTES:  # no keyword before it: only a parameter, after ``(`` or ``,``
        return last in (b"(", b",") and code[end : end + 64].lstrip()[:1] in (b"?", b":", b",", b")", b"=")
    word = _last_word(before)
    while word in _MODIFIERS:
        before = before[: len(before) - len(word)].rstrip()
        word = _last_word(before)
    if word:  # a declaring keyword, or a word that makes this no declaration
        return word in _DECLARING
    after = code[end : end + 64].lstrip()
    return before[-1:] in (b"(", b",") and after[:1] in (b"?", b":", b",", b")", b"=")


def _declarations(code: bytes, names: Iterable[str]) -> frozenset[str]:
    """Which of ``names`` (the file's imported bindings) the file declares again somewhere: a class,
    function, variable, parameter or type of that name. Read from the text (import clauses blanked),
    so a name in a comment or string may count too: that only ever makes compat say less.

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
                (code[at - 1 : at] not in _WORD_BYTES or at == 0)
                and code[end : end + 1] not in _WORD_BYTES
                and _declared_at(code, at, end)
            ):
                found.add(name)
                break
            at = code.find(word, end)
    return frozenset(found)


@cache
def _language(tsx: bool) -> tree_sitter.Language:
    import tree_sitter
    import tree_sitter_typescript

    return tree_sitter.Language(
        tree_sitter_typescript.language_tsx() if tsx else tree_sitter_typescript.language_typescript()
    )


@cache
def _parser(tsx: bool) -> tuple[tree_sitter.Parser, _Kinds]:
    import tree_sitter

    language = _language(tsx)
    return tree_sitter.Parser(language), _kinds(language)


class _Source:
    """One parsed file: its bytes and the kinds of its grammar, for the readers below."""

    __slots__ = ("code", "kinds")

    def __init__(self, code: bytes, kinds: _Kinds) -> None:
        self.code = code
        self.kinds = kinds

    def text(self, node: tree_sitter.Node) -> str:
        return self.code[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def string_value(self, node: tree_sitter.Node) -> str | None:
        """The value of a string literal without escapes in it; None for anything else."""
        kinds = self.kinds
        if node.kind_id not in kinds.string:
            return None
        parts = [c for c in node.named_children if c.kind_id not in kinds.comment]
        if not parts:
            return ""
        if len(parts) == 1 and parts[0].kind_id in kinds.string_fragment:
            return self.text(parts[0])
        return None


def _pos(node: tree_sitter.Node) -> tuple[int, int]:
    row, column = node.start_point
    return row + 1, column + 1


def _import(read: _Source, node: tree_sitter.Node) -> TsImport | None:
    kinds = read.kinds
    source = node.child_by_field_id(kinds.source)
    specifier = read.string_value(source) if source is not None else None
    if source is None or specifier is None:
        return None
    type_only = any(c.kind_id in kinds.type_keyword for c in node.children)
    names: list[ImportedName] = []
    namespace = None
    clause = next((c for c in node.named_children if c.kind_id in kinds.import_clause), None)
    for part in clause.named_children if clause is not None else ():
        kind = part.kind_id
        if kind in kinds.identifier:  # default import
            names.append(ImportedName("default", read.text(part), *_pos(part)))
        elif kind in kinds.namespace_import:
            ident = next((c for c in part.named_children if c.kind_id in kinds.identifier), None)
            namespace = read.text(ident) if ident is not None else None
        elif kind in kinds.named_imports:
            for spec in part.named_children:
                if spec.kind_id not in kinds.import_specifier or any(
                    c.kind_id in kinds.type_keyword for c in spec.children
                ):
                    continue
                name_node = spec.child_by_field_id(kinds.name)
                if name_node is None:
                    continue
                name = (
                    read.string_value(name_node)
                    if name_node.kind_id in kinds.string
                    else read.text(name_node)
                )
                if name is None:
                    continue
                alias = spec.child_by_field_id(kinds.alias)
                local = read.text(alias) if alias is not None else name
                names.append(ImportedName(name, local, *_pos(name_node)))
    line, column = _pos(source)
    return TsImport(
        specifier=specifier,
        line=line,
        column=column,
        names=tuple(names),
        namespace=namespace,
        type_only=type_only,
    )


class _ImportShape(NamedTuple):
    """An import read once, its places relative to the statement's start: ``(rows below, column)``,
    the column counted from the statement's column on its first row."""

    item: TsImport
    places: tuple[tuple[int, int], ...]  # the specifier's, then each name's


#: each grammar's import statements by their text (a project's files repeat the same few dozen)
_IMPORT_SHAPES: dict[int, dict[bytes, _ImportShape | None]] = {}


def _relative(row0: int, col0: int, line: int, column: int) -> tuple[int, int]:
    rows = line - 1 - row0
    return rows, column - 1 - col0 if rows == 0 else column - 1


def _import_at(read: _Source, node: tree_sitter.Node) -> TsImport | None:
    """:func:`_import`, read once per text of the statement: a statement without errors in it parses
    the same wherever it stands, so only its places move."""
    if node.has_error:
        return _import(read, node)
    text = read.code[node.start_byte : node.end_byte]
    shapes = _IMPORT_SHAPES.setdefault(id(read.kinds), {})
    row0, col0 = node.start_point
    if text not in shapes:
        item = _import(read, node)
        if len(shapes) > 4096:
            shapes.clear()
        shapes[text] = (
            None
            if item is None
            else _ImportShape(
                item,
                (
                    _relative(row0, col0, item.line, item.column),
                    *(_relative(row0, col0, n.line, n.column) for n in item.names),
                ),
            )
        )
        return item
    shape = shapes[text]
    if shape is None:
        return None

    item = shape.item
    places = shape.places
    rows, column = places[0]
    names = []
    for at, name in enumerate(item.names, 1):
        name_rows, name_column = places[at]
        names.append(
            ImportedName(
                name.name,
                name.local,
                row0 + name_rows + 1,
                (col0 + name_column if name_rows == 0 else name_column) + 1,
            )
        )
    return TsImport(
        item.specifier,
        row0 + rows + 1,
        (col0 + column if rows == 0 else column) + 1,
        tuple(names),
        item.namespace,
        item.type_only,
    )


def _callee(read: _Source, node: tree_sitter.Node) -> tuple[str, ...] | None:
    kinds = read.kinds
    parts: list[str] = []
    while node.kind_id in kinds.member_expression:
        prop = node.child_by_field_id(kinds.property_field)
        obj = node.child_by_field_id(kinds.object_field)
        if prop is None or obj is None or prop.kind_id not in kinds.property_identifier:
            return None
        parts.append(read.text(prop))
        node = obj
    if node.kind_id not in kinds.identifier:
        return None
    parts.append(read.text(node))
    return tuple(reversed(parts))


_WRAPPERS = frozenset({"parenthesized_expression", "non_null_expression"})


#: literals nested deeper than this are not read (real props nest a few levels; a generated or hostile
#: file nesting thousands deep would exhaust the interpreter's stack): the rest is no literal
MAX_DEPTH = 64


def _unwrapped(read: _Source, node: tree_sitter.Node, depth: int) -> ObjectView | ArrayView | None:
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


class ObjectView:
    """An object literal read from its node: its own keys now, each value only when asked for. Valid
    only while the file's tree is alive (inside the ``visit`` of :func:`parse_source`)."""

    __slots__ = ("_depth", "_pairs", "_read", "column", "keys", "line", "spread")

    def __init__(self, read: _Source, node: tree_sitter.Node, depth: int) -> None:
        kinds = read.kinds
        code = read.code
        pair = kinds.pair
        plain = None if node.has_error else _PLAIN_KEY.match
        keys: list[PropKey] = []
        pairs: list[tree_sitter.Node | None] = []  # the pair of each key (None: a shorthand)
        spread = False
        for child in node.named_children:
            child_kind = child.kind_id
            if child_kind in pair:
                found = plain(code, child.start_byte) if plain is not None else None
                if found is not None:
                    key: str | None = found.group(1).decode("ascii")
                else:
                    key = self._key(read, child)
                if key is None:
                    spread = True
                    continue
                row, col = child.start_point  # the pair starts at its key
                keys.append(PropKey(key, row + 1, col + 1))
                pairs.append(child)
            elif child_kind in kinds.shorthand:  # ``{ vpcId }``: a variable
                row, col = child.start_point
                keys.append(PropKey(read.text(child), row + 1, col + 1))
                pairs.append(None)
            elif child_kind not in kinds.comment:  # spread_element, method_definition, ...
                spread = True
        row, col = node.start_point
        self.line, self.column = row + 1, col + 1
        self.keys = tuple(keys)
        self.spread = spread
        self._pairs = pairs
        self._read = read
        self._depth = depth

    @staticmethod
    def _key(read: _Source, pair: tree_sitter.Node) -> str | None:
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

    def value(self, at: int) -> ObjectView | ArrayView | None:
        """The value of ``keys[at]`` when it is an object or array literal; None for anything else."""
        pair = self._pairs[at]
        node = pair.child_by_field_id(self._read.kinds.value) if pair is not None else None
        return None if node is None else _unwrapped(self._read, node, self._depth + 1)

    def props(self) -> Props:
        """What the file keeps of this literal once its tree is gone."""
        return Props(self.keys, self.line, self.column, self.spread)


class ArrayView:
    """An array literal read from its node (see :class:`ObjectView`)."""

    __slots__ = ("_depth", "_items", "_read", "spread")

    def __init__(self, read: _Source, node: tree_sitter.Node, depth: int) -> None:
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
            found = _unwrapped(self._read, item, self._depth + 1)
            if isinstance(found, ObjectView):
                yield found


#: reads the props of a call of the file being visited (None: they are no object literal)
PropsOf = Callable[[NewCall], ObjectView | None]


def _new_call(
    read: _Source, node: tree_sitter.Node, reads: set[str], views: dict[tuple[int, int], ObjectView]
) -> NewCall | None:
    kinds = read.kinds
    constructor = node.child_by_field_id(kinds.constructor)
    if constructor is None:
        return None
    callee = _callee(read, constructor)
    if callee is None:
        return None
    arguments = node.child_by_field_id(kinds.arguments)
    args = (
        [c for c in arguments.named_children if c.kind_id not in kinds.comment]
        if arguments is not None
        else []
    )
    props: Props | Opaque | None = None
    line, column = _pos(node)
    # a construct takes (scope, id, props); a backend (scope, props)
    at = 2 if len(args) >= 3 else 1 if len(args) == 2 and args[1].kind_id in kinds.object else None
    if at is not None and callee[0] in reads:
        view = _unwrapped(read, args[at], 0)
        if isinstance(view, ObjectView):
            props = view.props()
            views[line, column] = view
        else:
            props = Opaque(args[at].start_point[0] + 1)
    elif at is not None:
        props = Opaque(args[at].start_point[0] + 1)  # not a construct compat reads: not converted
    return NewCall(callee=callee, line=line, column=column, arguments=len(args), props=props)


def _leaves_at(tree: tree_sitter.Tree, offsets: Iterable[int]) -> Iterator[tree_sitter.TreeCursor]:
    """The cursor, on the leaf that starts at each of ``offsets`` (ascending), where one does. The caller
    may move it up (``goto_parent``: every ancestor starts at or before the leaf, so the walk goes on
    from there). (Not a ``TreeCursor.copy()``: in tree-sitter 0.26 a copy does not keep its tree
    alive, and a node read through it frees the tree too early.)

    One cursor moves forward through the tree: from the last leaf it climbs only until a node reaches
    the next offset, steps over whole siblings that end before it and descends only into the node that
    holds it, so a file costs one pass however many offsets it has (looking each up from the root would
    rescan the children of every level: quadratic in a file of many statements).
    """
    cursor = tree.walk()
    node = cursor.node
    assert node is not None
    for offset in offsets:
        while node.end_byte <= offset:
            if not cursor.goto_next_sibling() and not cursor.goto_parent():
                return
            node = cursor.node
            assert node is not None
        if node.start_byte > offset:
            continue  # between tokens: the text matched inside nothing the grammar keeps
        while node.child_count and cursor.goto_first_child_for_byte(offset) is not None:
            node = cursor.node
            assert node is not None
            if node.start_byte > offset:
                break
        if node.start_byte == offset:
            yield cursor
            node = cursor.node
            assert node is not None


#: the keywords' text (no ``\b`` before them: a pattern starting with a literal is searched for at C
#: speed, one starting with an assertion is tried at every byte); a hit inside a longer word starts no
#: leaf of its own and is dropped by the lookup
_NEW = re.compile(rb"new\b")
_IMPORT = re.compile(rb"import\b")


def _started_by(
    tree: tree_sitter.Tree,
    code: bytes,
    keyword: re.Pattern[bytes],
    token: frozenset[int],
    kind: frozenset[int],
) -> list[tree_sitter.Node]:
    """The nodes of ``kind`` that begin with the ``token`` the text ``keyword`` spells, found by that
    text: each place it occurs is looked up in the tree (a string or comment holding it is no token of
    the kind), and no other part of the tree is visited."""
    found = []
    for cursor in _leaves_at(tree, (hit.start() for hit in keyword.finditer(code))):
        leaf = cursor.node
        if leaf is None or leaf.kind_id not in token or not cursor.goto_parent():
            continue
        node = cursor.node
        if node is not None and node.kind_id in kind and node.start_byte == leaf.start_byte:
            found.append(node)
    return found


def _fn_calls(read: _Source, tree: tree_sitter.Tree, fn_locals: set[str]) -> list[FnCall]:
    """``Fn.name(...)`` where ``Fn`` is one of ``fn_locals``: each place a local's name occurs is looked
    up; the identifier must be the object of a member expression that is the function of a call."""
    kinds = read.kinds
    names = b"|".join(re.escape(name.encode()) for name in sorted(fn_locals))
    pattern = re.compile(rb"(?:" + names + rb")(?![A-Za-z0-9_$])")
    found = []
    for cursor in _leaves_at(tree, (hit.start() for hit in pattern.finditer(read.code))):
        leaf = cursor.node
        if (
            leaf is None
            or leaf.kind_id not in kinds.identifier
            or cursor.field_id != kinds.object_field
            or read.text(leaf) not in fn_locals
        ):
            continue
        member = cursor.node if cursor.goto_parent() else None
        if (
            member is None
            or member.kind_id not in kinds.member_expression
            or cursor.field_id != kinds.function
        ):
            continue
        call = cursor.node if cursor.goto_parent() else None
        prop = member.child_by_field_id(kinds.property_field)
        if (
            call is not None
            and call.kind_id in kinds.call_expression
            and prop is not None
            and prop.kind_id in kinds.property_identifier
        ):
            row, col = leaf.start_point
            found.append(FnCall(read.text(leaf), read.text(prop), row + 1, col + 1))
    return found


#: what every import a TypeScript rule reads spells: a core (``cdktf``, ``cdktn``) or a prebuilt
#: package (``@cdktf/provider-*``, ``@cdktn/provider-*``, and the community ``cdktf-provider-*`` names)
_CDK_TEXT = re.compile(rb"cdkt[fn]", re.IGNORECASE)


def mentions_cdk(source: bytes, local_folder: str) -> bool:
    """Whether a file can import anything a TypeScript rule reads: a core, a prebuilt package or the
    local bindings under ``local_folder`` (codeMakerOutput). A file that spells none of them is not
    parsed at all: every rule would skip it (a helper, a test, a config file)."""
    last = local_folder.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    if not last or last in (".", ".."):
        return True  # a folder no name tells apart: read every file
    return _CDK_TEXT.search(source) is not None or last.encode() in source


def unread(path: Path, rel: str) -> TsFile:
    """A file :func:`mentions_cdk` ruled out: counted as checked, with nothing in it to check."""
    return TsFile(path=path, rel=rel, imports=(), calls=(), fn_calls=(), declared=frozenset(), error=False)


def parse_source(
    path: Path,
    rel: str,
    source: bytes,
    wanted: Callable[[str], bool] | None = None,
    visit: Callable[[TsFile, PropsOf], None] | None = None,
) -> TsFile:
    """Read one TypeScript file's imports, construct calls and ``Fn`` calls.

    ``wanted(specifier)``: whether the props of constructs imported from ``specifier`` are read;
    a call of anything else keeps :class:`Opaque` props (default: every call's props are read).
    ``visit(file, props_of)`` runs while the tree is alive: ``props_of(call)`` reads a call's props
    literal from its nodes, each value only as far as the visitor asks (the file keeps only the keys).
    """
    parser, kinds = _parser(path.suffix in (".tsx", ".jsx"))
    tree = parser.parse(source)
    read = _Source(source, kinds)
    import_nodes = _started_by(tree, source, _IMPORT, kinds.import_keyword, kinds.import_statement)
    imports = [found for node in import_nodes if (found := _import_at(read, node)) is not None]
    locals_of: dict[str, str] = {}
    for item in imports:
        for name in item.names:
            locals_of[name.local] = item.specifier
        if item.namespace:
            locals_of[item.namespace] = item.specifier
    code = bytearray(source)
    for node in import_nodes:  # the import clauses name the bindings, not declare them again
        code[node.start_byte : node.end_byte] = b" " * (node.end_byte - node.start_byte)
    declared = _declarations(bytes(code), locals_of)
    reads = {
        local
        for local, spec in locals_of.items()
        if local not in declared and (wanted is None or wanted(spec))
    }
    views: dict[tuple[int, int], ObjectView] = {}
    calls = [
        call
        for node in _started_by(tree, source, _NEW, kinds.new_keyword, kinds.new_expression)
        if (call := _new_call(read, node, reads, views)) is not None
    ]
    fn_locals = {n.local for i in imports for n in i.names if n.name == "Fn"} - declared
    fn_calls = _fn_calls(read, tree, fn_locals) if fn_locals else []
    order = lambda item: (item.line, item.column)  # noqa: E731
    file = TsFile(
        path=path,
        rel=rel,
        imports=tuple(sorted(imports, key=order)),
        calls=tuple(sorted(calls, key=order)),
        fn_calls=tuple(sorted(fn_calls, key=order)),
        declared=declared,
        error=tree.root_node.has_error,
    )
    if visit is not None:
        visit(file, lambda call: views.get((call.line, call.column)))
    return file


def reads_props_of(specifier: str) -> bool:
    """Whether compat reads the props of constructs imported from ``specifier``: the prebuilt provider
    packages (their props) and the cores (backend options gated by the CLI)."""
    return specifier.startswith(("@cdktf/provider-", "@cdktn/provider-")) or specifier in ("cdktf", "cdktn")


def read_source(
    path: Path, rel: str, source: bytes, wanted: Callable[[str], bool] | None = None
) -> tuple[TsFile, PropsOf]:
    """:func:`parse_source`, with the props reader handed back rather than to a visitor: the caller runs
    its per-file check on return, so the reader is never called back into (the tree lives as long as
    the ``props_of`` returned, whose views hold its nodes: drop it with the file's turn)."""
    kept: list[PropsOf] = []
    file = parse_source(path, rel, source, wanted, visit=lambda _, props_of: kept.append(props_of))
    return file, kept[0]


class NamedList(NamedTuple):
    """The ``{ a, type b as c }`` of an ``import { ... } from "spec"`` that has nothing else in its
    clause (no default import beside it) and no comment inside the braces, by byte spans: what a
    writer needs to split the statement into one per module, each keeping the statement's own text."""

    statement: tuple[int, int]  # the whole statement (its ``;`` included when written)
    opening: int  # just after ``{``
    closing: int  # at ``}``
    items: tuple[tuple[str, int, int], ...]  # each specifier: exported name, start, end (``type`` included)


class SpecifierSpan(NamedTuple):
    """The module specifier of one ``import ... from "spec"`` / ``export ... from "spec"``, with the
    byte span of its text between the quotes (rewriting it keeps the quotes and every other byte)."""

    specifier: str
    start: int  # byte offset of the first character inside the quotes
    end: int  # byte offset of the closing quote
    line: int  # 1-based
    statement: TsImport | None  # the import it belongs to (None: an ``export ... from``)
    named: NamedList | None = None  # its ``{ ... }`` list, when a writer may split the statement


def _named_list(read: _Source, node: tree_sitter.Node) -> NamedList | None:
    """The braces of an import statement whose clause is only ``{ ... }`` (see :class:`NamedList`)."""
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    if clause is None or node.has_error or len(clause.named_children) != 1:
        return None
    braces = clause.named_children[0]
    if braces.type != "named_imports":
        return None
    items: list[tuple[str, int, int]] = []
    for child in braces.named_children:
        if child.type != "import_specifier":
            return None  # a comment: which statement it belongs to is the author's to say
        name = child.child_by_field_name("name")
        text = None if name is None else read.string_value(name) if name.type == "string" else read.text(name)
        if text is None:
            return None
        items.append((text, child.start_byte, child.end_byte))
    if not items:
        return None
    return NamedList(
        (node.start_byte, node.end_byte), braces.start_byte + 1, braces.end_byte - 1, tuple(items)
    )


def specifier_spans(path: Path, source: bytes) -> tuple[SpecifierSpan, ...]:
    """Every module specifier of the file's top-level (and ``declare module``) imports and re-exports.

    A specifier with escapes in it (never one a package manager resolves) is not returned.
    """
    parser, kinds = _parser(path.suffix in (".tsx", ".jsx"))
    tree = parser.parse(source)
    read = _Source(source, kinds)
    found: list[SpecifierSpan] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        for child in node.named_children:
            kind = child.type
            if kind in ("import_statement", "export_statement"):
                literal = child.child_by_field_id(kinds.source)
                value = read.string_value(literal) if literal is not None else None
                if literal is None or value is None:
                    continue
                statement = _import(read, child) if kind == "import_statement" else None
                found.append(
                    SpecifierSpan(
                        value,
                        literal.start_byte + 1,
                        literal.end_byte - 1,
                        literal.start_point[0] + 1,
                        statement,
                        _named_list(read, child) if statement is not None else None,
                    )
                )
            elif kind in ("ambient_declaration", "module", "statement_block", "internal_module"):
                stack.append(child)
    return tuple(sorted(found, key=lambda s: s.start))


class NameSpan(NamedTuple):
    """A byte span of the file: an identifier, or ``ns.Member`` (``member`` set) in value or type position."""

    start: int
    end: int
    line: int  # 1-based
    member: str | None  # the member named through a namespace (``Instance`` of ``ec2.Instance``)


class NamespaceUses(NamedTuple):
    """How a file uses one imported local name (``ec2`` of ``import { ec2 } from "..."``)."""

    imported: tuple[NameSpan, ...]  # the name in the import statement(s)
    members: tuple[NameSpan, ...]  # ``ec2.X`` (value: member expression; type: nested type identifier)
    references: tuple[NameSpan, ...]  # the bare name read as a value or a type (``new X(...)``, ``: X``)
    other: tuple[NameSpan, ...]  # the name bound again (a parameter, a variable) or a shorthand ``{ X }``
    identifiers: frozenset[str]  # every identifier of the file (for choosing a free name)


def namespace_uses(path: Path, source: bytes, local: str) -> NamespaceUses:
    """Every use of ``local`` in the file, split into import names, ``local.X`` and the rest."""
    parser, _ = _parser(path.suffix in (".tsx", ".jsx"))
    tree = parser.parse(source)
    imported: list[NameSpan] = []
    members: list[NameSpan] = []
    references: list[NameSpan] = []
    other: list[NameSpan] = []
    identifiers: set[str] = set()
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind in ("identifier", "type_identifier", "property_identifier", "shorthand_property_identifier"):
            identifiers.add(_text_of(source, node))
        if kind == "import_specifier":
            name = node.child_by_field_name("name")
            alias = node.child_by_field_name("alias")
            bound = alias if alias is not None else name
            if bound is not None and _text_of(source, bound) == local and name is not None:
                imported.append(NameSpan(name.start_byte, bound.end_byte, name.start_point[0] + 1, None))
            identifiers.update(_text_of(source, c) for c in node.named_children)
            continue
        if kind in ("member_expression", "nested_type_identifier"):
            head = node.child_by_field_name("object" if kind == "member_expression" else "module")
            tail = node.child_by_field_name("property" if kind == "member_expression" else "name")
            if (
                head is not None
                and tail is not None
                and head.type == "identifier"
                and _text_of(source, head) == local
            ):
                members.append(
                    NameSpan(node.start_byte, node.end_byte, node.start_point[0] + 1, _text_of(source, tail))
                )
                identifiers.add(_text_of(source, tail))
                continue
        if (
            kind in ("identifier", "type_identifier", "shorthand_property_identifier")
            and _text_of(source, node) == local
        ):
            here = NameSpan(node.start_byte, node.end_byte, node.start_point[0] + 1, None)
            parent = node.parent
            binds = (
                parent is not None and parent.type in _BINDERS and parent.child_by_field_name("name") == node
            )
            if (
                kind == "shorthand_property_identifier"
                or binds
                or (parent is not None and parent.type in _PARAMS)
            ):
                other.append(here)
            else:
                references.append(here)
        stack.extend(node.children)
    return NamespaceUses(
        tuple(sorted(imported)),
        tuple(sorted(members)),
        tuple(sorted(references)),
        tuple(sorted(other)),
        frozenset(identifiers),
    )


#: nodes whose ``name`` field binds a new name (a use of the imported one would be shadowed)
_BINDERS = frozenset(
    {
        "variable_declarator",
        "function_declaration",
        "function_expression",
        "generator_function_declaration",
        "class_declaration",
        "class",
        "abstract_class_declaration",
        "interface_declaration",
        "type_alias_declaration",
        "enum_declaration",
        "method_definition",
        "public_field_definition",
        "type_parameter",
    }
)
#: parameter nodes: a name in them is bound, never read
_PARAMS = frozenset({"required_parameter", "optional_parameter", "rest_pattern", "formal_parameters"})


def _text_of(source: bytes, node: tree_sitter.Node) -> str:
    return source[node.start_byte : node.end_byte].decode("utf-8", "replace")
