"""``decode_python`` decodes as Python does; its UTF-8 shortcut answers exactly what ``tokenize`` would."""

from __future__ import annotations

import io
import tokenize
from pathlib import Path

import pytest

from compat.check.sources import read
from compat.python_source import decode_python


def _tokenize_decodes(data: bytes) -> tuple[str, str]:
    """What Python's own reader makes of ``data``: (text, encoding) or ("SyntaxError", message)."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding), encoding
    except SyntaxError as error:
        return "SyntaxError", str(error)
    except (UnicodeDecodeError, LookupError) as error:
        return "SyntaxError", f"cannot be decoded as Python does: {error}"


def _decodes(data: bytes) -> tuple[str, str]:
    try:
        decoded = decode_python(data)
    except SyntaxError as error:
        return "SyntaxError", str(error)
    return decoded.text, decoded.encoding


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"x = 1\n",
        "x = 'é'\n".encode(),
        b"\xef\xbb\xbfx = 1\n",  # byte order mark
        b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",  # coding line first
        b"#!/usr/bin/env python\n# coding: latin-1\nx = '\xe9'\n",  # coding line second
        b"\n\n# coding: latin-1\nx = '\xe9'\n",  # third line: not a coding line, so not UTF-8
        b"\xe9 = 1\n",  # first line not UTF-8: tokenize's own message
        b"x = 1\n\xe9 = 1\n",
        b"# coding: bogus\nx = 1\n",  # unknown encoding
        b"x = 1\r# coding: latin-1\n\xe9\n",  # a lone CR is no line end for the coding search
        b"\xef\xbb\xbf# coding: latin-1\n",  # BOM and another coding: tokenize refuses
    ],
)
def test_decode_matches_tokenize(data: bytes) -> None:
    assert _decodes(data) == _tokenize_decodes(data)


def test_read_gives_the_relative_path_and_the_text(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    path = tmp_path / "pkg" / "mod.py"
    path.write_bytes(b"# coding: latin-1\nname = '\xe9'\n")
    source = read(tmp_path, path)
    assert (source.rel, source.text, source.error) == ("pkg/mod.py", "# coding: latin-1\nname = 'é'\n", None)
    missing = read(tmp_path, tmp_path / "gone.py")
    assert missing.rel == "gone.py" and missing.text == "" and "No such file" in str(missing.error)
