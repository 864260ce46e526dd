"""``new X(scope, "id", { ... })`` and ``Fn.name(...)`` calls of a TypeScript file, read from their nodes."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from compat.typescript.syntax.grammar import Source
from compat.typescript.syntax.literals import ObjectView, literal_view
from compat.typescript.syntax.lookup import leaves_at, looked_up_directly
from compat.typescript.syntax.records import FnCall, NewCall, Opaque, Props

if TYPE_CHECKING:
    import tree_sitter

#: a record built from the tuple of its fields, without its Python-level ``__new__`` (a third of the
#: cost; every ``new`` call of a file makes one)
_new = tuple.__new__


def _callee(read: Source, node: tree_sitter.Node) -> tuple[str, ...] | None:
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


def read_new_call(
    read: Source, node: tree_sitter.Node, reads: set[str], views: dict[tuple[int, int], ObjectView]
) -> NewCall | None:
    """The ``new`` expression ``node`` (None: its callee is no dotted name). Its props are read when the
    callee's first name is one of ``reads``: an object literal's view is kept in ``views`` by place."""
    kinds = read.kinds
    constructor = node.child_by_field_id(kinds.constructor)
    if constructor is None:
        return None
    if constructor.kind_id in kinds.identifier:  # ``new S3Bucket(...)``, the commonest
        start, end = constructor.byte_range
        text = read.ascii
        callee: tuple[str, ...] | None = (text[start:end] if text is not None else read.cut(start, end),)
    else:
        callee = _callee(read, constructor)
    if callee is None:
        return None
    arguments = node.child_by_field_id(kinds.arguments)
    args: list[tree_sitter.Node] | None = None  # None: every named child is an argument
    count = 0
    if arguments is not None:
        start, end = arguments.byte_range
        code = read.code
        if code.find(b"//", start, end) < 0 and code.find(b"/*", start, end) < 0:
            count = arguments.named_child_count  # no comment among them: no node asked its kind
        else:
            args = [c for c in arguments.named_children if c.kind_id not in kinds.comment]
            count = len(args)
    props: Props | Opaque | None = None
    row, col = node.start_point
    line, column = row + 1, col + 1
    # a construct takes (scope, id, props); a backend (scope, props)
    value = None
    if count >= 2 and arguments is not None:
        value = (
            args[2 if count >= 3 else 1]
            if args is not None
            else arguments.named_child(2 if count >= 3 else 1)
        )
        if count == 2 and value is not None and value.kind_id not in kinds.object:
            value = None
    if value is not None and callee[0] in reads:
        # an object literal, the commonest, made a view at once; else through parentheses and ``!``
        view = ObjectView(read, value, 0) if value.kind_id in kinds.object else literal_view(read, value, 0)
        if isinstance(view, ObjectView):
            props = view.props()
            views[line, column] = view
        else:
            props = _new(Opaque, (value.start_point[0] + 1,))
    elif value is not None:
        props = _new(Opaque, (value.start_point[0] + 1,))  # not a construct compat reads: not converted
    return _new(NewCall, (callee, line, column, count, props))  # NewCall(callee=..., line=..., ...)


@lru_cache(maxsize=256)
def _fn_pattern(names: tuple[str, ...]) -> re.Pattern[bytes]:
    """The places one of ``names`` may be the object of a member expression: the name ends there and
    what follows, past ASCII blanks, is ``.``, ``?.``, a comment or a byte of a non-ASCII character
    (a Unicode blank); every other place (an import clause, a call's argument) is no ``Fn.name``."""
    alternatives = b"|".join(re.escape(name.encode()) for name in names)
    return re.compile(rb"(?:" + alternatives + rb")(?![A-Za-z0-9_$])(?=\s*[.?/\x80-\xff])")


def read_fn_calls(
    read: Source,
    tree: tree_sitter.Tree,
    fn_locals: set[str],
    keep: Callable[[str, int], bool] | None = None,
) -> list[FnCall]:
    """``Fn.name(...)`` where ``Fn`` is one of ``fn_locals``: each place a local's name occurs is looked
    up; the identifier must be the object of a member expression that is the function of a call.
    ``keep(name, offset)``: whether the name at that byte offset is the import's (None: everywhere)."""
    kinds = read.kinds
    pattern = _fn_pattern(tuple(sorted(fn_locals)))
    spans = [hit.span() for hit in pattern.finditer(read.code)]
    if keep is not None:
        code = read.code
        spans = [
            (start, end) for start, end in spans if keep(code[start:end].decode("utf-8", "replace"), start)
        ]
    if looked_up_directly(read.code, len(spans)):
        return _fn_calls_from_root(read, tree, fn_locals, spans)
    found = []
    for cursor in leaves_at(tree, (start for start, _ in spans)):
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
            found.append(_new(FnCall, (read.text(leaf), read.text(prop), row + 1, col + 1)))
    return found


#: what follows ``Fn`` in a plain call: ``.name(`` with nothing between (a file without syntax errors)
_SIMPLE_CALL = re.compile(r"\.([A-Za-z_$][A-Za-z0-9_$]*)\(")


def _fn_calls_from_root(
    read: Source, tree: tree_sitter.Tree, fn_locals: set[str], spans: list[tuple[int, int]]
) -> list[FnCall]:
    """:func:`read_fn_calls` with each place looked up from the root (:func:`looked_up_directly`): the
    identifier there, its parent and its parent's parent, by the same tests."""
    kinds = read.kinds
    root = tree.root_node
    text = read.ascii if read.clean else None  # the plain calls are read from the text: see below
    found = []
    for start, end in spans:
        plain = _SIMPLE_CALL.match(text, end) if text is not None else None
        if plain is not None and text is not None:
            # ``Fn.name(`` as written in most stacks: the call is the smallest node holding the name up
            # to its ``(``; one that starts elsewhere (``x.Fn.a(``, ``new Fn.a(``), a string or a comment
            # holding the text is none
            call = root.named_descendant_for_byte_range(start, plain.end())
            if call is not None and call.kind_id in kinds.call_expression and call.start_byte == start:
                row, col = call.start_point
                found.append(_new(FnCall, (text[start:end], plain[1], row + 1, col + 1)))
            continue
        leaf = root.named_descendant_for_byte_range(start, end)
        if (
            leaf is None
            or leaf.kind_id not in kinds.identifier
            or leaf.start_byte != start
            or read.text(leaf) not in fn_locals
        ):
            continue
        member = leaf.parent
        if (
            member is None
            or member.kind_id not in kinds.member_expression
            or member.child_by_field_id(kinds.object_field) != leaf
        ):
            continue
        call = member.parent
        prop = member.child_by_field_id(kinds.property_field)
        if (
            call is not None
            and call.kind_id in kinds.call_expression
            and call.child_by_field_id(kinds.function) == member
            and prop is not None
            and prop.kind_id in kinds.property_identifier
        ):
            row, col = leaf.start_point
            found.append(_new(FnCall, (read.text(leaf), read.text(prop), row + 1, col + 1)))
    return found
