"""Reusable visitors for bare names used as values (not attribute names, keywords or imports).

``vpc.Subnet`` holds the names ``vpc`` (a value) and ``Subnet`` (an attribute name);
``Foo(bucket=b)`` holds ``bucket`` (a keyword) and ``b`` (a value). Renaming a local binding
must touch only the values.
"""

from __future__ import annotations

import libcst as cst


class ValueNames:
    """Mixin for a LibCST visitor or transformer: tells value names from the other kinds."""

    def __init__(self) -> None:
        super().__init__()
        self._not_values: set[int] = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._not_values.add(id(node.attr))

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._not_values.add(id(node.keyword))

    def is_value(self, name: cst.Name) -> bool:
        """True for a name read or bound as a value (call after its parent was visited)."""
        return id(name) not in self._not_values
