"""What a manifest format and a lock format are: the one interface every format implements.

A **manifest format** (:class:`ManifestFormat`) is one way a project declares the packages it
installs (``Pipfile``, PEP 621 ``[project]``, Poetry's tables, ``requirements*.txt``; next
``package.json``). It provides, in its own module:

- ``kind``: the :data:`~compat.project.model.ManifestKind` its :class:`Manifest` values carry;
- ``filename``: the file name, or a glob (``requirements*.txt``), it is read from in a folder;
  formats sharing one file (PEP 621 and Poetry in ``pyproject.toml``) share one :meth:`parse`;
- ``rank``: where new pins go when several formats are present (the lowest present rank wins);
- ``locks``: the lock formats that lock it, in the order they are preferred;
- :meth:`parse`: the file's text and plain document, read once (bad input: one
  :class:`~compat.errors.CompatError` line naming the file);
- :meth:`read`: the :class:`Manifest` (pins with file and line) of a parsed file, or None when the
  file holds no manifest of this format;
- :meth:`edit`: the new text putting wanted pins (and renames) into the file, format kept, with the
  notes a user needs (``--hash`` values that no longer match); writes nothing.

A **lock format** (:class:`LockFormat`) is a file an installer writes to record what it installed
(``Pipfile.lock``, ``poetry.lock``, ``uv.lock``; next ``package-lock.json``, ``yarn.lock``,
``pnpm-lock.yaml``, ``bun.lock``). It provides ``kind`` (:data:`~compat.project.model.LockKind`),
``filename``, ``command`` (what a user runs to re-lock after compat edits the manifest: compat never edits a
lock) and :meth:`LockFormat.read`, the :class:`LockFile` of every package it locks.

A new format is one module defining both, plus one entry in the registry
(:mod:`compat.project.formats`); the loader and :func:`compat.project.write.plan_changes` loop
over the registry and name no format.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic

from compat.project._toml import read_text
from compat.project.model import LockFile, LockKind, Manifest, ManifestKind, R
from compat.record import Record

if TYPE_CHECKING:
    from compat.project.wanted import WantedPin


class ManifestSource(Record):
    """One manifest file as read: its text and its plain document (None for a line format)."""

    path: Path
    text: str
    document: Any


class Edited(Record):
    """A manifest's new text and the notes that go with the change."""

    text: str
    notes: tuple[str, ...] = ()


def files_named(folder: Path, filename: str) -> list[Path]:
    """The regular files in ``folder`` named ``filename`` (a file name, or a glob), in name order."""
    if any(ch in filename for ch in "*?["):
        return [p for p in sorted(folder.glob(filename)) if p.is_file()]
    path = folder / filename
    return [path] if path.is_file() else []


class LockFormat(ABC, Generic[R]):
    """A lock file format; see the module docstring for what it provides."""

    kind: ClassVar[LockKind]
    filename: ClassVar[str]
    command: ClassVar[str]

    @abstractmethod
    def read(self, path: Path) -> LockFile[R]:
        """Every package the lock at ``path`` installs, each with its line."""


class ManifestFormat(ABC, Generic[R]):
    """A manifest format; see the module docstring for what it provides."""

    kind: ClassVar[ManifestKind]
    filename: ClassVar[str]
    rank: ClassVar[int]
    #: the lock formats that lock it, preferred first (not a ClassVar: a ClassVar cannot name ``R``)
    locks: tuple[LockFormat[R], ...] = ()

    def files(self, folder: Path) -> list[Path]:
        """The files of this format in ``folder`` (regular files only), in name order."""
        return files_named(folder, self.filename)

    def parse(self, path: Path) -> ManifestSource:
        """The text of ``path`` (a line format keeps no document); TOML and JSON formats override."""
        return ManifestSource(path, read_text(path), None)

    @abstractmethod
    def read(self, source: ManifestSource) -> Manifest[R] | None:
        """The manifest ``source`` holds in this format; None when it holds none."""

    @abstractmethod
    def edit(
        self,
        path: Path,
        text: str,
        wanted: Mapping[str, WantedPin[R]],
        renames: Mapping[str, str],
        add: Sequence[WantedPin[R]],
    ) -> Edited:
        """``text`` with every pin of a ``wanted`` package set to it and every name in ``renames``
        renamed; ``add`` (packages no manifest mentions) are added as this format adds them."""
