"""Import declarations of a TypeScript file, read from their nodes; each statement's text read once
(:func:`import_at`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from compat.record import Record
from compat.typescript.syntax.grammar import Source, position
from compat.typescript.syntax.records import ImportedName, TsImport

if TYPE_CHECKING:
    import tree_sitter


def read_import(read: Source, node: tree_sitter.Node) -> TsImport | None:
    """The import statement ``node`` (None: its specifier is no plain string)."""
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
            names.append(ImportedName("default", read.text(part), *position(part)))
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
                names.append(ImportedName(name, local, *position(name_node)))
    line, column = position(source)
    return TsImport(
        specifier=specifier,
        line=line,
        column=column,
        names=tuple(names),
        namespace=namespace,
        type_only=type_only,
    )


class _ImportShape(Record):
    """An import read once, its places relative to the statement's start: ``(rows below, column)``,
    the column counted from the statement's column on its first row."""

    item: TsImport
    places: tuple[tuple[int, int], ...]  # the specifier's, then each name's
    start: tuple[int, int]  # the statement's (row, column) where ``item`` was read


#: each grammar's import statements by their text (a project's files repeat the same few dozen)
_IMPORT_SHAPES: dict[int, dict[bytes, _ImportShape | None]] = {}


def _relative(row0: int, col0: int, line: int, column: int) -> tuple[int, int]:
    rows = line - 1 - row0
    return rows, column - 1 - col0 if rows == 0 else column - 1


def import_at(read: Source, node: tree_sitter.Node) -> TsImport | None:
    """:func:`read_import`, read once per text of the statement: a statement without errors in it parses
    the same wherever it stands, so only its places move."""
    if not read.clean and node.has_error:
        return read_import(read, node)
    text = read.code[node.start_byte : node.end_byte]
    shapes = _IMPORT_SHAPES.setdefault(id(read.kinds), {})
    row0, col0 = node.start_point
    if text not in shapes:
        item = read_import(read, node)
        if len(shapes) > 4096:
            shapes.clear()
        shapes[text] = (
            None
            if item is None
            else _ImportShape(
                item=item,
                places=(
                    _relative(row0, col0, item.line, item.column),
                    *(_relative(row0, col0, n.line, n.column) for n in item.names),
                ),
                start=(row0, col0),
            )
        )
        return item
    shape = shapes[text]
    if shape is None:
        return None
    if shape.start == (row0, col0):  # the same statement at the same place: the same reading
        return shape.item

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
