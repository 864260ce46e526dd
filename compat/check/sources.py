"""The project's Python files (found by :mod:`compat.project.files`) read once, parsed once with ``ast``.

Reading (:func:`read`) and parsing (:func:`parse`) are separate steps: a check reads every file up
front (its texts are small) and parses one file at a time, so the project's trees, together many
times the size of its text, are never all alive at once.

A file is parsed with the grammar of the project's Python: an older one through ``ast``'s
``feature_version`` (a ``match`` statement in a Python 3.9 project does not parse), a newer one than
the interpreter compat runs on is not a syntax error when LibCST's parser for that version accepts
the file (a Python 3.12 f-string under Python 3.11): such a file gets a note and is not checked.
"""

from __future__ import annotations

import ast
import os
import symtable
import sys
import warnings
from pathlib import Path

from compat.parse_guard import parse_fails_cleanly, parser_gave_up, too_complex_for_ast, too_large_for_ast
from compat.python_source import decode_python
from compat.record import Record
from compat.versions.python import ProjectPython

#: (major, minor) of a Python grammar.
Grammar = tuple[int, int]
#: The grammar compat itself parses with, and the oldest ``ast.parse(feature_version=...)`` takes.
RUNNING: Grammar = (sys.version_info.major, sys.version_info.minor)
_OLDEST_FEATURE_VERSION: Grammar = (3, 7)


class SourceText(Record):
    """A Python file as read, not parsed yet."""

    path: Path
    rel: str  # relative to the project root, POSIX separators
    text: str  # "" when the file cannot be read
    error: SyntaxError | None = None  # why it cannot be read (not UTF-8)


class SourceFile(Record):
    path: Path
    rel: str  # relative to the project root, POSIX separators
    text: str
    tree: ast.Module | None  # None when the file does not parse
    error: SyntaxError | None = None
    note: str | None = None  # why a file without a tree and without an error was not checked


def grammar(python: ProjectPython | None) -> Grammar | None:
    """The grammar of the one Python the project declares (``"3.12"`` -> ``(3, 12)``).

    None when the project admits several minors or names none: the file is then parsed with the
    running interpreter's grammar, and LibCST decides before anything is called a syntax error.
    """
    version = python.exact if python is not None else None
    if version is None:
        return None
    return (version.major, version.minor)


def load(root: Path, path: Path, python: Grammar | None = None) -> SourceFile:
    """Read and parse one file with the grammar of ``python``, the project's (None: not known)."""
    return parse(read(root, path), python)


def read(root: Path, path: Path) -> SourceText:
    """Read one file, decoded as Python decodes it (a PEP 263 ``coding`` line, a byte order mark)."""
    rel = _relative(root, path)
    try:
        return SourceText(path, rel, decode_python(_read_bytes(path)).text)
    except OSError as error:
        return SourceText(path, rel, "", SyntaxError(f"cannot read: {error.strerror or error}"))
    except SyntaxError as error:
        return SourceText(path, rel, "", error)


def _relative(root: Path, path: Path) -> str:
    """``path.relative_to(root).as_posix()``, by slicing the strings where that is the same (on POSIX,
    ``path`` below ``root``): a check asks it twice per file."""
    full, base = str(path), str(root)
    if os.sep == "/" and full.startswith(base) and full[len(base) : len(base) + 1] == "/" and base != "/":
        return full[len(base) + 1 :]
    return path.relative_to(root).as_posix()


def _read_bytes(path: Path) -> bytes:
    """``path.read_bytes()`` without a buffered file object (half its cost on a small file); OSError as it."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(descriptor).st_size
        data = os.read(descriptor, size + 1)  # one byte more than the size: the end is seen in one call
        if len(data) != size:  # a short read, or the file grew since: read to the end
            chunks = [data]
            while chunk := os.read(descriptor, 1 << 20):
                chunks.append(chunk)
            data = b"".join(chunks)
        return data
    finally:
        os.close(descriptor)


def parse(source: SourceText, python: Grammar | None = None) -> SourceFile:
    """Parse a file read by :func:`read` with the grammar of ``python``, the project's (None: not known)."""
    path, rel, text = source.path, source.rel, source.text
    if source.error is not None:
        return SourceFile(path, rel, text, None, source.error)
    # on a parser that fails cleanly, nesting is left to the parse itself (the estimate costs about
    # half an ``ast.parse`` on a file of a few hundred lines); its message is the guard's
    guard = too_large_for_ast if parse_fails_cleanly() else too_complex_for_ast
    if (reason := guard(text)) is not None:
        return SourceFile(path, rel, text, None, SyntaxError(reason))
    older = python is not None and python < RUNNING
    feature = max(python, _OLDEST_FEATURE_VERSION) if python is not None and older else None
    try:
        with warnings.catch_warnings():  # SyntaxWarning for the project's invalid escapes: not a finding
            warnings.simplefilter("ignore")
            # the text as decoded by :func:`read` (its coding line and byte order mark already
            # applied: ``ast`` ignores a coding line in a str)
            tree = ast.parse(text, filename=rel, feature_version=feature)
    except (RecursionError, MemoryError):  # the parser's own stack bound
        return SourceFile(path, rel, text, None, SyntaxError(parser_gave_up(text)))
    except (SyntaxError, ValueError) as error:
        syntax = error if isinstance(error, SyntaxError) else SyntaxError(str(error))
        if python is not None and older:
            syntax.msg = f"{syntax.msg} (the project's Python is {python[0]}.{python[1]})"
        elif (python is None or python > RUNNING) and _newer_grammar_accepts(text, python):
            wanted = f"Python {python[0]}.{python[1]}" if python else "a newer Python"
            return SourceFile(
                path,
                rel,
                text,
                None,
                note=(
                    f"{rel}: uses syntax of {wanted} that Python {RUNNING[0]}.{RUNNING[1]} (running compat) "
                    f"cannot parse: its imports and calls were not checked (run compat under {wanted})"
                ),
            )
        return SourceFile(path, rel, text, None, syntax)
    return SourceFile(path, rel, text, tree)


def parses(source: SourceText, python: Grammar | None = None) -> bool:
    """Whether :func:`parse` gives the file a tree, answered without building one: True only when it
    does; False when it may not (then parse it, for its error or note).

    The parse a ``symtable`` makes is ``ast.parse``'s own (same parser, same flags for a ``str``) without
    turning the C tree into Python objects: a third cheaper on a plain module. ``symtable`` refuses a
    few files ``ast`` takes (``nonlocal`` at module level, ...): False, and :func:`parse` decides. With
    an older grammar than the running one ``ast`` reads ``feature_version``, which ``symtable`` cannot.
    """
    text = source.text
    if source.error is not None or (python is not None and python < RUNNING):
        return False
    guard = too_large_for_ast if parse_fails_cleanly() else too_complex_for_ast
    if guard(text) is not None:
        return False
    try:
        with warnings.catch_warnings():  # as in ``parse``: the project's invalid escapes are no finding
            warnings.simplefilter("ignore")
            symtable.symtable(text, source.rel, "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _newer_grammar_accepts(text: str, python: Grammar | None) -> bool:
    """Whether LibCST parses ``text`` as ``python`` (with its default grammar when unknown)."""
    import libcst  # only for files the running interpreter rejects: it is slow to import

    try:
        config = (
            libcst.PartialParserConfig(python_version=f"{python[0]}.{python[1]}")
            if python is not None
            else libcst.PartialParserConfig()
        )
    except ValueError:  # a version LibCST does not know yet
        config = libcst.PartialParserConfig()
    try:
        libcst.parse_module(text, config)
    except Exception:  # noqa: BLE001 - whatever LibCST raises, it did not accept the file
        return False
    return True
