"""Finding nodes by their text: each place a word occurs is looked up in the tree with one cursor that
moves forward through the file, so no other part of the tree is visited."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tree_sitter


def leaves_at(tree: tree_sitter.Tree, offsets: Iterable[int]) -> Iterator[tree_sitter.TreeCursor]:
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
NEW_KEYWORD = re.compile(rb"new\b")
IMPORT_KEYWORD = re.compile(rb"import\b")


#: up to this many hits x bytes of the file, each hit is looked up from the root in one C call
#: (``named_descendant_for_byte_range``, about twice as fast as moving the cursor in Python); that call
#: scans the children of every level it passes, so many hits in a long list would cost hits x siblings:
#: past it, every hit is looked up with the forward-moving cursor of :func:`leaves_at`
DIRECT_BUDGET = 1 << 22


def looked_up_directly(code: bytes, hits: int) -> bool:
    """Whether ``hits`` places of ``code`` are each looked up from the root (see :data:`DIRECT_BUDGET`)."""
    return hits * len(code) <= DIRECT_BUDGET


def started_by(
    tree: tree_sitter.Tree,
    code: bytes,
    keyword: re.Pattern[bytes],
    token: frozenset[int],
    kind: frozenset[int],
) -> list[tree_sitter.Node]:
    """The nodes of ``kind`` that begin with the ``token`` the text ``keyword`` spells, found by that
    text: each place it occurs is looked up in the tree (a string or comment holding it is no token of
    the kind), and no other part of the tree is visited.

    Looked up from the root, a place is a node of ``kind`` when the smallest named node holding the
    keyword's text is one that starts there: the keyword token is unnamed, so a node of ``kind`` that
    starts with it is the smallest named node holding it (a string, a comment or an error holding the
    text is a smaller one)."""
    spans = [hit.span() for hit in keyword.finditer(code)]
    found = []
    if looked_up_directly(code, len(spans)):
        root = tree.root_node
        for start, end in spans:
            node = root.named_descendant_for_byte_range(start, end)
            if node is not None and node.kind_id in kind and node.start_byte == start:
                found.append(node)
        return found
    for cursor in leaves_at(tree, (start for start, _ in spans)):
        leaf = cursor.node
        if leaf is None or leaf.kind_id not in token or not cursor.goto_parent():
            continue
        node = cursor.node
        if node is not None and node.kind_id in kind and node.start_byte == leaf.start_byte:
            found.append(node)
    return found
