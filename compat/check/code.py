"""How ``check`` reads a project's code: one interface per source language, chosen by the project.

The engine never names a language: it asks :func:`code_reader` for the reader of
:attr:`compat.project.Project.language` and goes through it for every step that depends on the
language. A reader (:class:`CodeReader`) provides:

- ``files``: the project's source files of that language (generated and excluded folders skipped,
  an oversized file marked rather than read);
- ``read``: one file's text, as read once (an unreadable file carries its error);
- ``imported_tops``: the top-level modules the read texts import (a cheap textual pass that decides
  the context before anything is parsed);
- ``parse``: one read file as a tree (or its syntax error, or a note why it was not checked);
- ``parses``: whether ``parse`` would give a file a tree, without building one (a file no rule reads
  and no later pass wants is only checked for syntax errors); False when unsure;
- ``analyse``: the facts of a parsed file the rules read (imports and calls of the bindings and the
  core, with line and column; :class:`compat.check.analysis.FileFacts`);
- ``local_imports``: the imports of the bindings ``cdktf get`` generates in a parsed file.

:class:`PythonCode` is the Python reader. A language without a reader is read as Python for now
(what compat has always done). The protocol is generic in what ``parse`` makes of a file
(:class:`LanguageReader`); the engine runs the readers whose parsed file is a :class:`SourceFile`
(:data:`CodeReader`). The TypeScript reader (``compat.typescript.code.TypeScriptCode``) implements the same
protocol over its own reading (the tree-sitter tree is checked while alive and never kept), and the
TypeScript loader (``compat.typescript.loader``) reads every file through it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol, TypeAlias, TypeVar

from compat.check.analysis import FileFacts, analyse
from compat.check.sources import SourceFile, SourceText, grammar, parse, parses, read
from compat.project.files import CodeFile, python_files
from compat.project.local_bindings import LocalImport, scan_parsed
from compat.project.model import LocalBindings, Project

#: an import statement's top-level module (``from cdktf import App`` -> ``cdktf``), read without parsing;
#: searched in ``"\n" + text``: a literal first character lets ``re`` skip to each line start (half the
#: time of ``^`` with ``re.MULTILINE``, which matches at the same places). From Python 3.11 the blanks are
#: matched possessively: what follows them is a letter, so giving some back never matches, and an
#: indented line is given up at once rather than once per blank (half the time again, same matches)
_IMPORT = re.compile(
    r"\n[ \t]*+(?:from|import)[ \t]++([A-Za-z_]\w*)"
    if sys.version_info >= (3, 11)
    else r"\n[ \t]*(?:from|import)[ \t]+([A-Za-z_]\w*)"
)


#: what a reader's ``parse`` makes of one file: Python's :class:`SourceFile` (text and ``ast`` tree), or
#: TypeScript's reading (``compat.typescript.code.ParsedTs``: the tree-sitter tree is checked and dropped
#: inside ``parse``, so the file is kept as what was read of it)
Parsed = TypeVar("Parsed")


class LanguageReader(Protocol[Parsed]):
    """The language-dependent steps of a check (see the module docstring), for any language."""

    language: str

    def files(self, root: Path, exclude: Sequence[str]) -> Iterator[CodeFile]: ...

    def read(self, root: Path, path: Path) -> SourceText: ...

    def imported_tops(self, sources: Iterable[SourceText]) -> frozenset[str]: ...

    def parse(self, source: SourceText) -> Parsed: ...

    def parses(self, source: SourceText) -> bool: ...

    def analyse(
        self,
        source: Parsed,
        package: str,
        core: str,
        is_module: Callable[[str], bool] | None,
        foreign: frozenset[str],
    ) -> FileFacts: ...

    def local_imports(self, root: Path, source: Parsed, bindings: LocalBindings) -> list[LocalImport]: ...


#: the readers the engine runs: a parsed file is a :class:`SourceFile` its rules and passes read
CodeReader: TypeAlias = LanguageReader[SourceFile]


class PythonCode:
    """Python code: ``ast`` with the grammar of the project's Python (see :mod:`compat.check.sources`)."""

    language = "python"

    def __init__(self, project: Project) -> None:
        self._grammar = grammar(project.python)

    def files(self, root: Path, exclude: Sequence[str]) -> Iterator[CodeFile]:
        return python_files(root, exclude)

    def read(self, root: Path, path: Path) -> SourceText:
        return read(root, path)

    def imported_tops(self, sources: Iterable[SourceText]) -> frozenset[str]:
        return frozenset(top for source in sources for top in _IMPORT.findall("\n" + source.text))

    def parse(self, source: SourceText) -> SourceFile:
        return parse(source, self._grammar)

    def parses(self, source: SourceText) -> bool:
        return parses(source, self._grammar)

    def analyse(
        self,
        source: SourceFile,
        package: str,
        core: str,
        is_module: Callable[[str], bool] | None,
        foreign: frozenset[str],
    ) -> FileFacts:
        assert source.tree is not None
        return analyse(source.tree, source.text, package, core, is_module, foreign)

    def local_imports(self, root: Path, source: SourceFile, bindings: LocalBindings) -> list[LocalImport]:
        return scan_parsed(root, source.path, source.text, source.tree, bindings)


#: source language (cdktf.json ``language``) -> its reader
CODE_READERS: dict[str, Callable[[Project], CodeReader]] = {"python": PythonCode}


def code_reader(project: Project) -> CodeReader:
    """The reader of ``project``'s language (Python for a language that has none yet)."""
    return CODE_READERS.get(project.language, PythonCode)(project)
