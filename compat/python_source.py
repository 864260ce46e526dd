"""A Python file's text, decoded as Python decodes it (PEP 263, PEP 3120).

A ``# -*- coding: latin-1 -*-`` line or a UTF-8 byte order mark decides the encoding, as
:func:`tokenize.detect_encoding` reads them; without either the file is UTF-8. Every reader of a
project's Python files (check, migrate) goes through :func:`decode_python`, so a file Python runs is
never refused as "not UTF-8". compat writes UTF-8 only: a rewrite of a file in another encoding is
left to the user (:data:`UTF8`).
"""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

from compat.record import Record

#: the encodings compat writes back byte for byte: UTF-8, without a byte order mark
UTF8 = frozenset({"utf-8"})


class PythonText(Record):
    text: str
    encoding: str  # as tokenize names it: "utf-8", "utf-8-sig", "iso-8859-1", ...

    @property
    def rewritable(self) -> str | None:
        """Why compat must not write this file back (None: it may): it writes UTF-8 only."""
        if self.encoding in UTF8:
            return None
        return (
            f"the file is in {self.encoding} (its coding line or byte order mark); compat writes "
            "UTF-8 only: not rewritten"
        )


def read_python(path: Path) -> PythonText:
    """The file at ``path`` decoded as Python would; OSError, or SyntaxError when it cannot be."""
    return decode_python(path.read_bytes())


def decode_python(data: bytes) -> PythonText:
    """``data`` decoded as Python would; SyntaxError (Python's own message) when it cannot be."""
    if not data.startswith(b"\xef\xbb\xbf"):  # no byte order mark: UTF-8 unless a coding line says not
        first = data.find(b"\n")
        second = data.find(b"\n", first + 1) if first >= 0 else -1
        if b"coding" not in (data[: second + 1] if second >= 0 else data):
            # ``detect_encoding`` reads a coding line in the first two lines only: without the word
            # there it answers UTF-8, after decoding those lines as such (so a decoding error is left
            # to it, for its own message)
            try:
                return PythonText(data.decode("utf-8"), "utf-8")
            except UnicodeDecodeError:
                pass
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return PythonText(data.decode(encoding), encoding)
    except SyntaxError:
        raise
    except (UnicodeDecodeError, LookupError) as error:
        raise SyntaxError(f"cannot be decoded as Python does: {error}") from error
