"""What a read-first language's loader hands the check engine (see :mod:`compat.check.language`).

A read-first project is read whole by its language's loader, code included, because what its code
imports decides the context: :class:`ReadProject` is the project's facts, the context the rules read and
its code (:class:`ReadCode`): what each file gives the file rules, the findings the reader made while
reading, and the releases the report shows.

No ``from __future__ import annotations``: the module is on every check's path, and a record's string
annotations are compiled when its class is made (tests/test_startup.py).
"""

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

from compat.check.analysis import FileFacts
from compat.check.config import CheckOptions
from compat.check.context import CheckContext
from compat.check.model import Finding, Releases
from compat.check.project import Loaded
from compat.check.sources import SourceFile
from compat.index.model import IndexLoader
from compat.record import Record
from compat.snapshot import Snapshot


class ReadCode(Protocol):
    """A project's code as its loader read it, every file before the context was built."""

    @property
    def files_checked(self) -> int:
        """How many source files were read."""
        ...

    @property
    def found(self) -> tuple[Finding, ...]:
        """The reader's own findings, made while each file was read (imports and props against the
        symbol indexes); the engine keeps those of the selected codes."""
        ...

    def rule_inputs(self, ctx: CheckContext) -> Iterator[tuple[SourceFile, FileFacts]]:
        """What the file rules read of each file a rule can have a finding in: the file, and its facts."""
        ...

    def releases(self) -> Releases:
        """The releases the report shows: the packages, the language, the lock that decided them."""
        ...


class ReadProject(Record):
    """A read-first project as its loader hands it to the engine."""

    loaded: Loaded  # the project's facts, runtimes, installed releases and the loader's notes
    context: CheckContext  # what the rules read, built from what was read
    code: ReadCode


#: a read-first language's loader: (project root, options, snapshot, index loader, unsaved buffers by
#: absolute path) -> the project read whole
ReadFirstLoader = Callable[
    [Path, CheckOptions, Snapshot | None, IndexLoader, Mapping[Path, str]], ReadProject
]
