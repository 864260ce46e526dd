"""``pyproject.toml``, which holds two manifest formats (PEP 621 and Poetry): parsed once for both.

A dependency compat cannot read (not a string, no name, a bad specifier) aborts only when it names a
cdktf package; any other is skipped with a note in :attr:`Manifest.notes`.
"""

from __future__ import annotations

from pathlib import Path

from packaging.specifiers import SpecifierSet

from compat.errors import CompatError
from compat.patterns import LazyPattern
from compat.project._toml import load_toml, read_text
from compat.project.formats.base import ManifestFormat, ManifestSource
from compat.project.model import is_cdktf_package

FILENAME = "pyproject.toml"

NAME = LazyPattern(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_WORD = LazyPattern(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def skip_or_raise(error: CompatError, name: str, notes: list[str]) -> None:
    """Re-raise ``error`` for a cdktf package; note any other unreadable entry and go on."""
    if is_cdktf_package(name):
        raise error
    notes.append(f"{error}: skipped (not a cdktf package)")


def cdktf_named(value: object) -> str:
    """A cdktf package that an unreadable value mentions (so that it must not be skipped), else ``""``."""
    return next((w for w in _WORD.findall(repr(value)) if is_cdktf_package(w)), "")


def parse_pyproject(path: Path) -> ManifestSource:
    """The text and plain document of ``path`` (``[tool]`` and ``[tool.poetry]`` must be tables)."""
    text = read_text(path)
    document = load_toml(path, text)
    tool = document.get("tool", {})
    if not isinstance(tool, dict) or not isinstance(tool.get("poetry", {}), dict):
        raise CompatError(f"{path}: [tool] and [tool.poetry] must be tables")
    return ManifestSource(path, text, document)


class PyprojectFormat(ManifestFormat[SpecifierSet]):
    """A manifest read from pyproject.toml (PEP 621, Poetry): one file, parsed once for both."""

    filename = FILENAME

    def parse(self, path: Path) -> ManifestSource:
        return parse_pyproject(path)
