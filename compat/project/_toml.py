"""Parsing TOML once, with one clear error line naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from compat.errors import CompatError


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
        document: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CompatError(f"{path}: not valid TOML ({error})") from error
    return document


def parse_toml(path: Path, text: str) -> Any:
    """The tomlkit document (format-keeping) of ``text``; malformed -> CompatError naming ``path``."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return tomlkit.parse(text)
    except TOMLKitError as error:
        raise CompatError(f"{path}: not valid TOML ({error})") from error


def first_line(error: BaseException) -> str:
    """The first line of an exception message (packaging's carry a caret diagram below)."""
    return (str(error).splitlines() or [""])[0]
