"""The TypeScript code reader: imports and ``new X(scope, "id", { ... })`` calls, read with tree-sitter.

tree-sitter parses a file into a concrete syntax tree (the TypeScript grammar from PyPI, no Node);
queries pick out the import declarations, the ``new`` expressions, the ``Fn.*`` calls and the
names the file declares. A construct call's third argument is kept only when it is an object
literal; inside it, a value that is no literal (a variable, a call, a spread) is :data:`OPAQUE`,
about which the rules say nothing.
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
    props: LiteralObject | Opaque | None  # the props argument (third; second of a backend); None: none


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


_QUERY = """
(import_statement) @import
(new_expression) @new
(call_expression function: (member_expression object: (identifier) property: (property_identifier)) @member)
"""


_DECLARING = frozenset(
    {b"class", b"function", b"const", b"let", b"var", b"interface", b"type", b"enum", b"namespace"}
)
_MODIFIERS = frozenset({b"public", b"private", b"protected", b"readonly"})
_WORD = re.compile(rb"[A-Za-z0-9_$]+$")


def _declared_at(code: bytes, at: int, end: int) -> bool:
    """Whether the name at ``code[at:end]`` is being declared: after a declaring keyword, or a parameter."""
    before = code[max(0, at - 96) : at].rstrip()
    word = _WORD.search(before[-32:])
    while word is not None and word.group() in _MODIFIERS:
        before = before[: len(before) - len(word.group())].rstrip()
        word = _WORD.search(before[-32:])
    if word is not None and word.group() in _DECLARING:
        return True
    after = code[end : end + 64].lstrip()
    return before[-1:] in (b"(", b",") and after[:1] in (b"?", b":", b",", b")", b"=")


def _declarations(code: bytes, names: Iterable[str]) -> frozenset[str]:
    """Which of ``names`` (the file's imported bindings) the file declares again somewhere: a class,
    function, variable, parameter or type of that name. Read from the text (import clauses blanked),
    so a name in a comment or string may count too: that only ever makes compat say less."""
    found = set()
    for name in names:
        word = name.encode()
        at = code.find(word)
        while at >= 0:
            end = at + len(word)
            whole = (
                at == 0 or not code[at - 1 : at].isalnum() and code[at - 1 : at] not in (b"_", b"$")
            ) and (not code[end : end + 1].isalnum() and code[end : end + 1] not in (b"_", b"$"))
            if whole and _declared_at(code, at, end):
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


_WRAPPERS = frozenset({"parenthesized_expression", "non_null_expression"})
_CASTS = frozenset({"as_expression", "satisfies_expression", "type_assertion"})


#: literals nested deeper than this are not read (real props nest a few levels; a generated or hostile
#: file nesting thousands deep would exhaust the interpreter's stack): the rest is :class:`Opaque`
MAX_DEPTH = 64


def _literal(node: tree_sitter.Node, depth: int = 0) -> LiteralValue:
    kind = node.type
    if depth > MAX_DEPTH:
        return Opaque(node.start_point[0] + 1)
    if kind in _SCALARS:
        return Scalar(node.start_point[0] + 1)
    while kind in _WRAPPERS:
        inner = node.named_children
        if not inner:
            return Opaque(node.start_point[0] + 1)
        node = inner[0]
        kind = node.type
    row, col = node.start_point
    if kind == "object":
        return _object(node, row + 1, col + 1, depth)
    if kind == "array":
        items: list[LiteralValue] = []
        spread = False
        for child in node.named_children:
            child_kind = child.type
            if child_kind == "comment":
                continue
            if child_kind == "spread_element":
                spread = True
                continue
            items.append(_literal(child, depth + 1))
        return LiteralArray(tuple(items), row + 1, col + 1, spread)
    if kind in _SCALARS or (
        kind == "template_string" and not any(c.type == "template_substitution" for c in node.named_children)
    ):
        return Scalar(row + 1)
    return Opaque(row + 1)  # a variable, a call, a cast (the author vouches for the shape): nothing said


def _object(node: tree_sitter.Node, line: int, column: int, depth: int) -> LiteralObject:
    keys: list[LiteralKey] = []
    spread = False
    for child in node.named_children:
        child_kind = child.type
        if child_kind == "pair":
            key_node = child.child_by_field_name("key")
            value = child.child_by_field_name("value")
            if key_node is None or value is None:
                spread = True
                continue
            key_kind = key_node.type
            if key_kind == "property_identifier":
                key: str | None = _text(key_node)
            elif key_kind == "string":
                key = _string_value(key_node)
            else:  # computed or numeric keys: not a literal name
                key = None
            if key is None:
                spread = True
                continue
            row, col = key_node.start_point
            keys.append(LiteralKey(key, row + 1, col + 1, _literal(value, depth + 1)))
        elif child_kind == "shorthand_property_identifier":
            row, col = child.start_point
            keys.append(LiteralKey(_text(child), row + 1, col + 1, Opaque(row + 1)))
        elif child_kind != "comment":  # spread_element, method_definition, ...
            spread = True
    return LiteralObject(tuple(keys), line, column, spread)


def _new_call(node: tree_sitter.Node, read: set[str]) -> NewCall | None:
    constructor = node.child_by_field_name("constructor")
    arguments = node.child_by_field_name("arguments")
    if constructor is None:
        return None
    callee = _callee(constructor)
    if callee is None:
        return None
    args = [c for c in arguments.named_children if c.type != "comment"] if arguments is not None else []
    props: LiteralObject | Opaque | None = None
    # a construct takes (scope, id, props); a backend (scope, props)
    at = 2 if len(args) >= 3 else 1 if len(args) == 2 and args[1].type == "object" else None
    if at is not None and callee[0] in read:
        value = _literal(args[at])
        props = value if isinstance(value, LiteralObject) else Opaque(value.line)
    elif at is not None:
        props = Opaque(args[at].start_point[0] + 1)  # not a construct compat reads: not converted
    line, column = _pos(node)
    return NewCall(callee=callee, line=line, column=column, arguments=len(args), props=props)


def parse_source(path: Path, rel: str, source: bytes, wanted: Callable[[str], bool] | None = None) -> TsFile:
    """Read one TypeScript file's imports, construct calls and ``Fn`` calls.

    ``wanted(specifier)``: whether the props of constructs imported from ``specifier`` are read;
    a call of anything else keeps :class:`Opaque` props (default: every call's props are read).
    """
    import tree_sitter

    parser, query = _parser(path.suffix in (".tsx", ".jsx"))
    tree = parser.parse(source)
    captures = tree_sitter.QueryCursor(query).captures(tree.root_node)
    imports = [found for node in captures.get("import", ()) if (found := _import(node)) is not None]
    locals_of: dict[str, str] = {}
    for item in imports:
        for name in item.names:
            locals_of[name.local] = item.specifier
        if item.namespace:
            locals_of[item.namespace] = item.specifier
    code = bytearray(source)
    for node in captures.get("import", ()):  # the import clauses name the bindings, not declare them again
        code[node.start_byte : node.end_byte] = b" " * (node.end_byte - node.start_byte)
    declared = _declarations(bytes(code), locals_of)
    read = {
        local
        for local, spec in locals_of.items()
        if local not in declared and (wanted is None or wanted(spec))
    }
    calls = [call for node in captures.get("new", ()) if (call := _new_call(node, read)) is not None]
    fn_locals = {n.local for i in imports for n in i.names if n.name == "Fn"} - declared
    fn_calls = []
    for node in captures.get("member", ()) if fn_locals else ():
        receiver = node.child_by_field_name("object")
        member = node.child_by_field_name("property")
        if receiver is not None and member is not None and _text(receiver) in fn_locals:
            row, col = receiver.start_point
            fn_calls.append(FnCall(_text(receiver), _text(member), row + 1, col + 1))
    order = lambda item: (item.line, item.column)  # noqa: E731 - captures come grouped by name
    return TsFile(
        path=path,
        rel=rel,
        imports=tuple(sorted(imports, key=order)),
        calls=tuple(sorted(calls, key=order)),
        fn_calls=tuple(sorted(fn_calls, key=order)),
        declared=declared,
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


class SpecifierSpan(NamedTuple):
    """The module specifier of one ``import ... from "spec"`` / ``export ... from "spec"``, with the
    byte span of its text between the quotes (rewriting it keeps the quotes and every other byte)."""

    specifier: str
    start: int  # byte offset of the first character inside the quotes
    end: int  # byte offset of the closing quote
    line: int  # 1-based
    statement: TsImport | None  # the import it belongs to (None: an ``export ... from``)


def specifier_spans(path: Path, source: bytes) -> tuple[SpecifierSpan, ...]:
    """Every module specifier of the file's top-level (and ``declare module``) imports and re-exports.

    A specifier with escapes in it (never one a package manager resolves) is not returned.
    """
    parser, _ = _parser(path.suffix in (".tsx", ".jsx"))
    tree = parser.parse(source)
    found: list[SpecifierSpan] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        for child in node.named_children:
            kind = child.type
            if kind in ("import_statement", "export_statement"):
                literal = child.child_by_field_name("source")
                value = _string_value(literal) if literal is not None else None
                if literal is None or value is None:
                    continue
                statement = _import(child) if kind == "import_statement" else None
                found.append(
                    SpecifierSpan(
                        value,
                        literal.start_byte + 1,
                        literal.end_byte - 1,
                        literal.start_point[0] + 1,
                        statement,
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
            identifiers.add(_text(node))
        if kind == "import_specifier":
            name = node.child_by_field_name("name")
            alias = node.child_by_field_name("alias")
            bound = alias if alias is not None else name
            if bound is not None and _text(bound) == local and name is not None:
                imported.append(NameSpan(name.start_byte, bound.end_byte, name.start_point[0] + 1, None))
            identifiers.update(_text(c) for c in node.named_children)
            continue
        if kind in ("member_expression", "nested_type_identifier"):
            head = node.child_by_field_name("object" if kind == "member_expression" else "module")
            tail = node.child_by_field_name("property" if kind == "member_expression" else "name")
            if head is not None and tail is not None and head.type == "identifier" and _text(head) == local:
                members.append(NameSpan(node.start_byte, node.end_byte, node.start_point[0] + 1, _text(tail)))
                identifiers.add(_text(tail))
                continue
        if (
            kind in ("identifier", "type_identifier", "shorthand_property_identifier")
            and _text(node) == local
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
