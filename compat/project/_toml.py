"""Parsing TOML once, with one clear error line naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compat.errors import CompatError

#: a UTF-8 byte order mark, as a decoded text starts with it: pip, pipenv, Poetry and the cdktf CLI
#: read past it, so compat does too (and an edit keeps it)
BOM = "\ufeff"


def split_bom(text: str) -> tuple[str, str]:
    """``(bom, body)``: the byte order mark ``text`` starts with ("" when none) and the rest."""
    return (BOM, text[1:]) if text.startswith(BOM) else ("", text)


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CompatError(f"{path}: not UTF-8 text") from error
    except OSError as error:
        raise CompatError(f"cannot read {path}: {error.strerror or error}") from error


def load_toml(path: Path, text: str) -> dict[str, Any]:
    """The plain data of ``text`` (for reading a manifest; :func:`parse_toml` keeps the format for
    an edit); malformed -> CompatError naming ``path``."""
    import tomllib

    try:
        document: dict[str, Any] = tomllib.loads(split_bom(text)[1])
    except tomllib.TOMLDecodeError as error:
        raise CompatError(f"{path}: not valid TOML ({error})") from error
    return document


def parse_toml(path: Path, text: str) -> Any:
    """The tomlkit document (format-keeping) of ``text``; malformed -> CompatError naming ``path``."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return tomlkit.parse(split_bom(text)[1])
    except TOMLKitError as error:
        raise CompatError(f"{path}: not valid TOML ({error})") from error


def first_line(error: BaseException) -> str:
    """The first line of an exception message (packaging's carry a caret diagram below)."""
    return (str(error).splitlines() or [""])[0]
