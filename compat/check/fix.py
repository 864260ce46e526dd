"""``--fix`` and ``--diff``: apply the text edits of fixable findings, atomically, idempotently."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from compat.check.model import Edit, Finding
from compat.project import changes as file_changes
from compat.project.changes import FileChange
from compat.python_source import read_python


def _offset(lines: list[str], line: int, column: int) -> int:
    return sum(len(text) for text in lines[: line - 1]) + column - 1


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, int]:
    """``text`` with every edit whose ``old`` text is still at its place; overlapping edits are skipped."""
    lines = text.splitlines(keepends=True)
    spans: list[tuple[int, int, str]] = []
    for edit in edits:
        if edit.line < 1 or edit.line > len(lines):
            continue
        start = _offset(lines, edit.line, edit.column)
        end = start + len(edit.old)
        if text[start:end] == edit.old:
            spans.append((start, end, edit.new))
    applied = 0
    last_start = len(text) + 1
    for start, end, new in sorted(set(spans), reverse=True):
        if end > last_start:
            continue  # overlaps an edit already applied
        text = text[:start] + new + text[end:]
        last_start = start
        applied += 1
    return text, applied


def plan(root: Path, findings: Iterable[Finding]) -> list[FileChange]:
    """The changes the fixable findings make, file by file, without writing anything."""
    by_file: dict[str, list[Edit]] = defaultdict(list)
    for finding in findings:
        for edit in finding.edits:
            by_file[edit.path].append(edit)
    changes = []
    for rel in sorted(by_file):
        path = root / rel
        if path.suffix == ".py":
            decoded = read_python(path)
            if decoded.rewritable is not None:  # compat writes UTF-8 only: its findings stay reported
                continue
        before = path.read_text(encoding="utf-8")
        after, applied = apply_edits(before, by_file[rel])
        if after != before:
            changes.append(FileChange(path, before, after, edits=applied))
    return changes


def apply(root: Path, changes: Iterable[FileChange]) -> None:
    """Write every fixed file or none; refuse if a file changed since the fixes were planned."""
    file_changes.apply(changes, root)
