"""Byte spans of a TypeScript file for rewriting it: the module specifiers of its imports and
re-exports, and every use of one imported name (``compat migrate``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from compat.record import Record
from compat.typescript.syntax.grammar import Source, parser_for
from compat.typescript.syntax.imports import read_import
from compat.typescript.syntax.records import TsImport

if TYPE_CHECKING:
    import tree_sitter


class NamedList(Record):
    """The ``{ a, type b as c }`` of an ``import { ... } from "spec"`` that has nothing else in its
    clause (no default import beside it) and no comment inside the braces, by byte spans: what a
    writer needs to split the statement into one per module, each keeping the statement's own text."""

    statement: tuple[int, int]  # the whole statement (its ``;`` included when written)
    opening: int  # just after ``{``
    closing: int  # at ``}``
    items: tuple[tuple[str, int, int], ...]  # each specifier: exported name, start, end (``type`` included)


class SpecifierSpan(Record):
    """The module specifier of one ``import ... from "spec"`` / ``export ... from "spec"``, with the
    byte span of its text between the quotes (rewriting it keeps the quotes and every other byte)."""

    specifier: str
    start: int  # byte offset of the first character inside the quotes
    end: int  # byte offset of the closing quote
    line: int  # 1-based
    statement: TsImport | None  # the import it belongs to (None: an ``export ... from``)
    named: NamedList | None = None  # its ``{ ... }`` list, when a writer may split the statement


def _named_list(read: Source, node: tree_sitter.Node) -> NamedList | None:
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
    parser, kinds = parser_for(path.suffix in (".tsx", ".jsx"))
    tree = parser.parse(source)
    read = Source(source, kinds)
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
                statement = read_import(read, child) if kind == "import_statement" else None
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


class NameSpan(Record):
    """A byte span of the file: an identifier, or ``ns.Member`` (``member`` set) in value or type position."""

    start: int
    end: int
    line: int  # 1-based
    member: str | None  # the member named through a namespace (``Instance`` of ``ec2.Instance``)


class NamespaceUses(Record):
    """How a file uses one imported local name (``ec2`` of ``import { ec2 } from "..."``)."""

    imported: tuple[NameSpan, ...]  # the name in the import statement(s)
    members: tuple[NameSpan, ...]  # ``ec2.X`` (value: member expression; type: nested type identifier)
    references: tuple[NameSpan, ...]  # the bare name read as a value or a type (``new X(...)``, ``: X``)
    other: tuple[NameSpan, ...]  # the name bound again (a parameter, a variable) or a shorthand ``{ X }``
    identifiers: frozenset[str]  # every identifier of the file (for choosing a free name)


def namespace_uses(path: Path, source: bytes, local: str) -> NamespaceUses:
    """Every use of ``local`` in the file, split into import names, ``local.X`` and the rest."""
    parser, _ = parser_for(path.suffix in (".tsx", ".jsx"))
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


class MemberPath(Record):
    """``ns.first.second`` of a namespace import (``aws.s3.S3Bucket``), in value or type position."""

    line: int  # 1-based
    first: str  # ``s3``
    second: str  # ``S3Bucket``
    first_span: tuple[int, int]  # the bytes of ``first`` (whatever is between the dots is kept)
    second_span: tuple[int, int]


class MemberPaths(Record):
    """The two-level uses of a namespace import's local name, and how many uses are anything else."""

    paths: tuple[MemberPath, ...]
    singles: tuple[tuple[int, str], ...]  # ``ns.X`` with nothing after (``aws.AwsProvider``): line, X
    others: int  # the bare name (passed on, bound again), besides its ``* as ns`` in the import


def _two_level(source: bytes, node: tree_sitter.Node, local: str) -> MemberPath | None:
    """``local.first.second`` when ``node`` is one (a member expression or a nested type name)."""
    if node.type == "member_expression":
        inner, tail = node.child_by_field_name("object"), node.child_by_field_name("property")
        inner_kind = "member_expression"
    elif node.type == "nested_type_identifier":
        inner, tail = node.child_by_field_name("module"), node.child_by_field_name("name")
        inner_kind = "nested_identifier"
    else:
        return None
    if inner is None or tail is None or inner.type != inner_kind:
        return None
    head, first = inner.child_by_field_name("object"), inner.child_by_field_name("property")
    if head is None or first is None or head.type != "identifier" or _text_of(source, head) != local:
        return None
    return MemberPath(
        line=node.start_point[0] + 1,
        first=_text_of(source, first),
        second=_text_of(source, tail),
        first_span=(first.start_byte, first.end_byte),
        second_span=(tail.start_byte, tail.end_byte),
    )


def member_paths(path: Path, source: bytes, local: str) -> MemberPaths:
    """Every use of the namespace import ``local`` (``import * as local from "..."``): the ``local.a.b``
    paths, the count of ``local.a`` uses and of every other use of the name (a function's parameter of
    the same name, the name passed on: a writer then leaves the file as it is)."""
    parser, _ = parser_for(path.suffix in (".tsx", ".jsx"))
    tree = parser.parse(source)
    paths: list[MemberPath] = []
    singles: list[tuple[int, str]] = []
    others = 0
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        found = _two_level(source, node, local)
        if found is not None:
            paths.append(found)
            continue
        kind = node.type
        if kind in ("member_expression", "nested_identifier", "nested_type_identifier"):
            head = node.child_by_field_name("module" if kind == "nested_type_identifier" else "object")
            tail = node.child_by_field_name("name" if kind == "nested_type_identifier" else "property")
            if head is not None and head.type == "identifier" and _text_of(source, head) == local:
                singles.append((node.start_point[0] + 1, _text_of(source, tail) if tail is not None else ""))
                continue
        if kind == "namespace_import":
            continue  # the ``* as local`` of an import
        if kind in ("identifier", "type_identifier", "shorthand_property_identifier") and (
            _text_of(source, node) == local
        ):
            others += 1
        stack.extend(node.children)
    return MemberPaths(
        paths=tuple(sorted(paths, key=lambda p: p.first_span)), singles=tuple(sorted(singles)), others=others
    )
