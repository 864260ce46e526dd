"""A write-only argument of a provider construct, as a file's facts record it (``FileFacts.write_only``).

The module has no ``from __future__ import annotations``: the record's field types are evaluated, not
compiled from strings when the class is made (tests/test_startup.py counts those on the check path).
"""

from compat.record import Record


class WriteOnlyUse(Record):
    """A write-only argument given to a provider construct, as the code names both: ``DbInstance`` with
    ``password_wo`` (Python keyword) or ``passwordWo`` (TypeScript prop, jsii's camelCase of it)."""

    construct: str  # the class as called, e.g. "DbInstance"
    argument: str  # e.g. "password_wo" or "passwordWo"
    line: int
    column: int  # 1-based, of the keyword or prop key
