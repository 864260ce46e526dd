"""Keeping a file's own layout (newlines, trailing blanks) outside the lines an edit changed.

Every editor of compat works on text read with universal newlines (``\\r\\n`` and ``\\r`` read as
``\\n``) and some re-serialise a whole document (``cdktf.json``). :func:`keep_layout` maps the
edited text back onto the bytes the file had: a line the edit left alone (equal up to trailing
blanks) is written back exactly as it was, with its own line ending; a new or changed line takes
the file's usual line ending.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_ENDING = re.compile(r"\r\n|\r|\n")
_EDITED_LINE = re.compile(r"[^\n]*\n|[^\n]+")


def normalise_newlines(text: str) -> str:
    """``text`` as Python's universal-newlines reading sees it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split(text: str) -> list[str]:
    return _LINE.findall(text)


def _body(line: str) -> str:
    return line.rstrip("\r\n")


def usual_ending(text: str) -> str:
    """The most frequent line ending of ``text`` (``\\n`` when it has none)."""
    counts = Counter(_ENDING.findall(text))
    return counts.most_common(1)[0][0] if counts else "\n"


def keep_layout(raw: str, edited: str) -> str:
    """``edited`` (universal newlines) written with ``raw``'s line endings and untouched lines.

    ``raw`` is the file as it is on disk; ``edited`` the editor's result from
    ``normalise_newlines(raw)``. Lines equal up to trailing blanks keep their bytes from ``raw``.
    """
    if normalise_newlines(raw) == edited:
        return raw
    old = _split(raw)
    new = _EDITED_LINE.findall(edited)
    newline = usual_ending(raw)
    matcher = SequenceMatcher(
        None, [_body(o).rstrip(" \t") for o in old], [_body(n).rstrip(" \t") for n in new], autojunk=False
    )
    out: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces = old[i1:i2]
            if j2 == len(new) and not new[-1].endswith("\n"):  # the edit dropped the final newline
                pieces = [*pieces[:-1], _body(pieces[-1])]
        else:
            pieces = [_body(n) + newline if n.endswith("\n") else n for n in new[j1:j2]]
        for piece in pieces:
            if out and not out[-1].endswith(("\n", "\r")):
                out[-1] += newline  # a former last line without newline is followed by more now
            out.append(piece)
    return "".join(out)
