"""The TypeScript grammar of tree-sitter as the reader uses it: the parser of each dialect (``.ts``,
``.tsx``), the node kinds and fields compared by id, and a parsed file's text (:class:`Source`)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from compat.record import Record

if TYPE_CHECKING:
    import tree_sitter

#: the nodes that only wrap an expression: read through (``(x)``, ``x!``)
_WRAPPERS = frozenset({"parenthesized_expression", "non_null_expression"})


class Kinds(Record):
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


def kinds_of(language: tree_sitter.Language) -> Kinds:
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

    return Kinds(
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


@cache
def _language(tsx: bool) -> tree_sitter.Language:
    import tree_sitter
    import tree_sitter_typescript

    return tree_sitter.Language(
        tree_sitter_typescript.language_tsx() if tsx else tree_sitter_typescript.language_typescript()
    )


@cache
def parser_for(tsx: bool) -> tuple[tree_sitter.Parser, Kinds]:
    """The parser of ``.ts`` files (``tsx``: of ``.tsx`` / ``.jsx``) and its grammar's kinds, made once."""
    import tree_sitter

    language = _language(tsx)
    return tree_sitter.Parser(language), kinds_of(language)


class Source:
    """One parsed file: its bytes and the kinds of its grammar, as every reader of the file takes it."""

    __slots__ = ("ascii", "clean", "code", "kinds")

    def __init__(self, code: bytes, kinds: Kinds, clean: bool = False) -> None:
        self.code = code
        self.kinds = kinds
        self.clean = clean  # the parser recovered no error anywhere: no node need be asked ``has_error``
        #: the text of a file that is all ASCII (most are), where a byte offset is a character offset:
        #: a name is cut from it as a ``str`` at once (None: decode each from the bytes)
        self.ascii = code.decode("ascii") if code.isascii() else None

    def text(self, node: tree_sitter.Node) -> str:
        return self.cut(node.start_byte, node.end_byte)

    def cut(self, start: int, end: int) -> str:
        """The text between two byte offsets."""
        if self.ascii is not None:
            return self.ascii[start:end]
        return self.code[start:end].decode("utf-8", "replace")

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


def position(node: tree_sitter.Node) -> tuple[int, int]:
    """Where ``node`` starts: 1-based line and column (a column counts bytes)."""
    row, column = node.start_point
    return row + 1, column + 1
