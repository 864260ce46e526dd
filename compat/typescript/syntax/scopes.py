"""Where an imported name is shadowed: the scopes of the bindings that declare it again, read from the tree.

A TypeScript name refers to the import everywhere except inside a scope where a binding declares it
again: a parameter (``function f(Fn) {...}``, ``(Fn) => ...``, ``catch (Fn)``), a variable (``const``,
``let``, destructuring patterns included: its block; ``var``: its function), a function, class,
interface, type, enum or namespace declaration (its block), an ``import X = ...`` alias, or the name of a
function or class expression (itself only). A use of the name anywhere else (``use(Fn)``, ``x: Fn``)
declares nothing.

Only names the text scan (:func:`compat.typescript.syntax.declarations.declarations`) says may be
declared again are looked up, so a file that declares none of its imported names again costs nothing
here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from compat.typescript.syntax.declarations import occurrences

if TYPE_CHECKING:
    import tree_sitter

#: the nodes a name is written as where it may be declared
_NAMES = frozenset({"identifier", "type_identifier", "shorthand_property_identifier_pattern"})
#: destructuring patterns a declared name may sit in (``const { a, b: [c] } = x``)
_PATTERNS = frozenset(
    {
        "object_pattern",
        "array_pattern",
        "pair_pattern",
        "rest_pattern",
        "assignment_pattern",
        "object_assignment_pattern",
    }
)
#: the nodes that open a block scope (``let``, ``const``, ``class``, ``function`` in a block)
_BLOCKS = frozenset(
    {"statement_block", "program", "for_statement", "for_in_statement", "switch_body", "class_static_block"}
)
#: the nodes that open a function scope (``var``, parameters)
_FUNCTIONS = frozenset(
    {
        "function_declaration",
        "function_expression",
        "generator_function_declaration",
        "generator_function",
        "arrow_function",
        "method_definition",
        "class_static_block",
        "program",
    }
)
#: declarations whose ``name`` is bound in the enclosing block
_DECLARATIONS = frozenset(
    {
        "function_declaration",
        "generator_function_declaration",
        "function_signature",
        "class_declaration",
        "abstract_class_declaration",
        "interface_declaration",
        "type_alias_declaration",
        "enum_declaration",
        "internal_module",
        "module",
    }
)
#: expressions whose ``name`` is bound inside themselves only
_NAMED_EXPRESSIONS = frozenset({"function_expression", "generator_function", "class"})

Span = tuple[int, int]


def _enclosing(node: tree_sitter.Node, kinds: frozenset[str]) -> Span:
    """The byte range of the nearest ancestor of ``node`` (itself excluded) of one of ``kinds``."""
    parent = node.parent
    while parent is not None:
        if parent.type in kinds:
            return parent.byte_range
        node, parent = parent, parent.parent
    return node.byte_range  # the root


def _is_field(parent: tree_sitter.Node, field: str, child: tree_sitter.Node) -> bool:
    found = parent.child_by_field_name(field)
    return found is not None and found.byte_range == child.byte_range and found.type == child.type


def binding_scope(name: tree_sitter.Node) -> Span | None:
    """The byte range where the name ``name`` (an identifier node) binds, when it is a binding; None for
    a use (a reference, a property, an argument)."""
    child = name
    parent = name.parent
    while parent is not None and parent.type in _PATTERNS:
        kind = parent.type
        if kind == "pair_pattern" and not _is_field(parent, "value", child):
            return None  # the key of ``{ key: local }`` names a property
        if kind in ("assignment_pattern", "object_assignment_pattern") and not _is_field(
            parent, "left", child
        ):
            return None  # a default value is a use
        child, parent = parent, parent.parent
    if parent is None:
        return None
    kind = parent.type
    if kind == "variable_declarator":
        if not _is_field(parent, "name", child):
            return None
        declaration = parent.parent
        if declaration is not None and declaration.type == "variable_declaration":  # ``var``
            return _enclosing(declaration, _FUNCTIONS)
        return _enclosing(parent, _BLOCKS)
    if kind in ("required_parameter", "optional_parameter"):
        if not _is_field(parent, "pattern", child):
            return None
        return _enclosing(parent, _FUNCTIONS)
    if kind == "arrow_function" or kind == "catch_clause":
        return parent.byte_range if _is_field(parent, "parameter", child) else None
    if kind == "for_in_statement":
        declared = parent.child_by_field_name("kind")
        if declared is None or not _is_field(parent, "left", child):
            return None  # ``for (x of xs)`` assigns, declares nothing
        return _enclosing(parent, _FUNCTIONS) if declared.type == "var" else parent.byte_range
    if kind in _DECLARATIONS:
        return _enclosing(parent, _BLOCKS) if _is_field(parent, "name", child) else None
    if kind in _NAMED_EXPRESSIONS:
        return parent.byte_range if _is_field(parent, "name", child) else None
    if kind == "import_alias":  # ``import X = a.b``: its first name
        first = parent.named_child(0)
        return (
            _enclosing(parent, _BLOCKS)
            if first is not None and first.byte_range == child.byte_range
            else None
        )
    return None


def shadowing(tree: tree_sitter.Tree, code: bytes, names: Iterable[str]) -> dict[str, list[Span]]:
    """The scopes where each of ``names`` is declared again (names declared nowhere are left out).
    ``code``: the file's text with its import statements blanked (their clauses bind the imports)."""
    root = tree.root_node
    found: dict[str, list[Span]] = {}
    for name in names:
        size = len(name.encode())
        for at in occurrences(code, name):
            node = root.named_descendant_for_byte_range(at, at + size)
            if node is None or node.type not in _NAMES or node.byte_range != (at, at + size):
                continue
            scope = binding_scope(node)
            if scope is not None:
                found.setdefault(name, []).append(scope)
    return found


def shadowed_at(scopes: dict[str, list[Span]], name: str, at: int) -> bool:
    """Whether ``name`` at byte ``at`` is inside a scope that declares it again."""
    return any(start <= at < end for start, end in scopes.get(name, ()))
