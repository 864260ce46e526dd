"""The TypeScript code reader: imports and ``new X(scope, "id", { ... })`` calls, read with tree-sitter.

tree-sitter parses a file into a concrete syntax tree (the TypeScript grammar from PyPI, no Node);
queries pick out the import declarations, the ``new`` expressions, the ``Fn.*`` calls and the
names the file declares. A construct call's third argument is kept only when it is an object
literal; inside it, a value that is no literal (a variable, a call, a spread) is :data:`OPAQUE`,
about which the rules say nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
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


class LiteralKey(NamedTuple):
    key: str
    line: int
    column: int
    value: LiteralValue


class LiteralObject(NamedTuple):
    keys: tuple[LiteralKey, ...]
    line: int
    column: int
    spread: bool  # ``...rest`` inside: keys may come from elsewhere


class LiteralArray(NamedTuple):
    items: tuple[LiteralValue, ...]
    line: int
    column: int
    spread: bool


class Scalar(NamedTuple):
    """A string, number, boolean or null literal (or a template without substitutions)."""

    line: int


LiteralValue = LiteralObject | LiteralArray | Scalar | Opaque


class NewCall(NamedTuple):
    """``new a.b.C(scope, "id", { ... })``: the callee as a dotted path, and the props literal."""

    callee: tuple[str, ...]  # ("aws", "s3Bucket", "S3Bucket") or ("S3Bucket",)
    line: int
    column: int
    arguments: int  # how many arguments were passed
    props: LiteralObject | Opaque | None  # None: no third argument


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
    declared: frozenset[str]  # names the file declares itself (classes, functions, variables, params)
    error: bool  # the parser recovered from a syntax error somewhere


_QUERY = """
(import_statement) @import
(new_expression) @new
(call_expression
  function: (member_expression object: (identifier) @fn_object property: (property_identifier) @fn_name))
(class_declaration name: (type_identifier) @declared)
(function_declaration name: (identifier) @declared)
(variable_declarator name: (identifier) @declared)
(required_parameter pattern: (identifier) @declared)
(optional_parameter pattern: (identifier) @declared)
"""


@cache
def _language(tsx: bool) -> tree_sitter.Language:
    import tree_sitter
    import tree_sitter_typescript

    return tree_sitter.Language(
        tree_sitter_typescript.language_tsx() if tsx else tree_sitter_typescript.language_typescript()
    )


@cache
def _parser(tsx: bool) -> tuple[tree_sitter.Parser, tree_sitter.Query]:
    import tree_sitter

    language = _language(tsx)
    return tree_sitter.Parser(language), tree_sitter.Query(language, _QUERY)


def _text(node: tree_sitter.Node) -> str:
    return node.text.decode("utf-8", "replace") if node.text is not None else ""


def _string_value(node: tree_sitter.Node) -> str | None:
    """The value of a string literal without escapes in it; None for anything else."""
    if node.type != "string":
        return None
    parts = [c for c in node.named_children if c.type != "comment"]
    if not parts:
        return ""
    if len(parts) == 1 and parts[0].type == "string_fragment":
        return _text(parts[0])
    return None


def _pos(node: tree_sitter.Node) -> tuple[int, int]:
    return node.start_point[0] + 1, node.start_point[1] + 1


def _import(node: tree_sitter.Node) -> TsImport | None:
    source = node.child_by_field_name("source")
    specifier = _string_value(source) if source is not None else None
    if source is None or specifier is None:
        return None
    type_only = any(c.type == "type" for c in node.children)
    names: list[ImportedName] = []
    namespace = None
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    for part in clause.named_children if clause is not None else ():
        if part.type == "identifier":  # default import
            names.append(ImportedName("default", _text(part), *_pos(part)))
        elif part.type == "namespace_import":
            ident = next((c for c in part.named_children if c.type == "identifier"), None)
            namespace = _text(ident) if ident is not None else None
        elif part.type == "named_imports":
            for spec in part.named_children:
                if spec.type != "import_specifier" or any(c.type == "type" for c in spec.children):
                    continue
                name_node = spec.child_by_field_name("name")
                alias = spec.child_by_field_name("alias")
                if name_node is None:
                    continue
                name = _string_value(name_node) if name_node.type == "string" else _text(name_node)
                if name is None:
                    continue
                local = _text(alias) if alias is not None else name
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


def _callee(node: tree_sitter.Node) -> tuple[str, ...] | None:
    parts: list[str] = []
    while node.type == "member_expression":
        prop = node.child_by_field_name("property")
        obj = node.child_by_field_name("object")
        if prop is None or obj is None or prop.type != "property_identifier":
            return None
        parts.append(_text(prop))
        node = obj
    if node.type != "identifier":
        return None
    parts.append(_text(node))
    return tuple(reversed(parts))


_SCALARS = frozenset({"string", "number", "true", "false", "null", "undefined"})


def _literal(node: tree_sitter.Node) -> LiteralValue:
    line, column = _pos(node)
    kind = node.type
    while kind in (
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
    ):
        if kind == "as_expression" or kind == "satisfies_expression":
            return Opaque(line)  # a cast: the author vouches for the shape, so say nothing
        inner = node.named_children[0] if node.named_children else None
        if inner is None:
            return Opaque(line)
        node, kind = inner, inner.type
    if kind in _SCALARS or (
        kind == "template_string" and not any(c.type == "template_substitution" for c in node.named_children)
    ):
        return Scalar(line)
    if kind == "object":
        keys: list[LiteralKey] = []
        spread = False
        for child in node.named_children:
            if child.type == "pair":
                key_node = child.child_by_field_name("key")
                value = child.child_by_field_name("value")
                if key_node is None or value is None:
                    spread = True
                    continue
                if key_node.type == "property_identifier":
                    key = _text(key_node)
                elif key_node.type == "string":
                    key_value = _string_value(key_node)
                    if key_value is None:
                        spread = True
                        continue
                    key = key_value
                else:  # computed or numeric keys: not a literal name
                    spread = True
                    continue
                keys.append(LiteralKey(key, *_pos(key_node), _literal(value)))
            elif child.type == "shorthand_property_identifier":
                keys.append(LiteralKey(_text(child), *_pos(child), Opaque(_pos(child)[0])))
            elif child.type == "comment":
                continue
            else:  # spread_element, method_definition, ...
                spread = True
        return LiteralObject(tuple(keys), line, column, spread)
    if kind == "array":
        items: list[LiteralValue] = []
        spread = False
        for child in node.named_children:
            if child.type == "comment":
                continue
            if child.type == "spread_element":
                spread = True
                continue
            items.append(_literal(child))
        return LiteralArray(tuple(items), line, column, spread)
    return Opaque(line)


def _new_call(node: tree_sitter.Node) -> NewCall | None:
    constructor = node.child_by_field_name("constructor")
    arguments = node.child_by_field_name("arguments")
    if constructor is None:
        return None
    callee = _callee(constructor)
    if callee is None:
        return None
    args = [c for c in arguments.named_children if c.type != "comment"] if arguments is not None else []
    props: LiteralObject | Opaque | None = None
    if len(args) >= 3:
        value = _literal(args[2])
        props = value if isinstance(value, LiteralObject) else Opaque(value.line)
    line, column = _pos(node)
    return NewCall(callee=callee, line=line, column=column, arguments=len(args), props=props)


def parse_source(path: Path, rel: str, source: bytes) -> TsFile:
    """Read one TypeScript file's imports, construct calls and ``Fn`` calls."""
    import tree_sitter

    parser, query = _parser(path.suffix in (".tsx", ".jsx"))
    tree = parser.parse(source)
    imports: list[TsImport] = []
    calls: list[NewCall] = []
    fn_calls: list[FnCall] = []
    declared: set[str] = set()
    fn_object: tree_sitter.Node | None = None
    for _, match in tree_sitter.QueryCursor(query).matches(tree.root_node):
        for capture, nodes in match.items():
            for node in nodes:
                if capture == "import":
                    found = _import(node)
                    if found is not None:
                        imports.append(found)
                elif capture == "new":
                    call = _new_call(node)
                    if call is not None:
                        calls.append(call)
                elif capture == "declared":
                    declared.add(_text(node))
                elif capture == "fn_object":
                    fn_object = node
                elif capture == "fn_name" and fn_object is not None:
                    fn_calls.append(FnCall(_text(fn_object), _text(node), *_pos(fn_object)))
                    fn_object = None
    return TsFile(
        path=path,
        rel=rel,
        imports=tuple(imports),
        calls=tuple(calls),
        fn_calls=tuple(fn_calls),
        declared=frozenset(declared),
        error=tree.root_node.has_error,
    )


def walk_literal(value: LiteralValue) -> Iterator[LiteralValue]:
    """``value`` and every literal nested in it."""
    stack = [value]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, LiteralObject):
            stack.extend(k.value for k in current.keys)
        elif isinstance(current, LiteralArray):
            stack.extend(current.items)
