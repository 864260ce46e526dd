"""The Python a project runs on, as the tool that owns the file naming it reads it.

Tools read the same words differently. pipenv's ``python_version = "3"`` admits any Python 3 and
pipenv then runs ONE interpreter; pip, too, installs for the one interpreter it runs in. uv and
Poetry lock for EVERY Python that ``requires-python`` admits, so a dependency that needs 3.9 fails
to lock under ``>=3.8`` (uv looks only at the lower bounds of a dependency's Requires-Python,
Poetry at the whole range). :class:`ProjectPython` keeps those facts together so that
"does this project's Python exclude that release?" has one answer everywhere.
"""

from __future__ import annotations

from typing import Literal

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.record import Record

#: Python minors considered, lowest first, when a range must become a list of interpreters.
PYTHON_MINORS = tuple(Version(f"3.{m}") for m in range(6, 15))

#: ``one``: the installer runs one interpreter the project admits (pip, pipenv, a ``.python-version``);
#: ``lowest``: it locks for every admitted Python but reads only lower bounds (uv, PDM);
#: ``every``: it locks for every admitted Python, upper bounds included (Poetry).
PythonResolution = Literal["one", "lowest", "every"]


def probes(python: Version) -> tuple[Version, ...]:
    """The interpreters one entry stands for: itself when it names a patch, else an early and a late patch."""
    if len(python.release) > 2:
        return (python,)
    return (python, Version(f"{python.major}.{python.minor}.99"))


def admits(requires: SpecifierSet, python: Version) -> bool:
    """True when ``requires`` admits some interpreter ``python`` stands for (``3.8`` -> any 3.8.x)."""
    return any(requires.contains(p, prereleases=True) for p in probes(python))


def minors_in(specifier: SpecifierSet) -> tuple[Version, ...]:
    """The known Python 3 minors a range admits, lowest first (``>=3.12`` -> 3.12, 3.13, 3.14)."""
    return tuple(v for v in PYTHON_MINORS if admits(specifier, v))


def _span(pythons: tuple[Version, ...]) -> str:
    return str(pythons[0]) if len(pythons) == 1 else f"{pythons[0]} to {pythons[-1]}"


class ProjectPython(Record):
    """The interpreters a project may run with, how its installer uses them, and where that is written.

    ``interpreters`` is empty when nothing in the project says (then ``version`` is the interpreter
    running compat: a guess, never a basis for an error). ``version`` is the one Python to choose
    releases for where one is needed (``pin``, ``why``, ``matrix``).
    """

    interpreters: tuple[Version, ...]  # one per admitted minor (or the exact patch), lowest first
    resolution: PythonResolution
    tool: str  # whose reading applies: "pipenv", "pip", "uv", "Poetry", "PDM", "pyenv", "--python"
    source: str  # where it is written: "Pipfile [requires] python_version", "the running interpreter"
    raw: str  # the text as written ("3", ">=3.8")
    version: Version | None
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.raw

    @property
    def declared(self) -> bool:
        """False when the project names no Python (``version`` is then only the running interpreter)."""
        return bool(self.interpreters)

    @property
    def exact(self) -> Version | None:
        """The interpreter when the project admits exactly one Python (a minor or a patch)."""
        return self.interpreters[0] if len(self.interpreters) == 1 else None

    def excluded_by(self, requires: SpecifierSet) -> Version | None:
        """The Python this project installs or locks for that ``requires`` rules out, or None.

        None whenever that is not certain: nothing declared, or one interpreter of a range that
        ``requires`` partly admits (pipenv's ``"3"`` may well run 3.12).
        """
        if not self.interpreters:
            return None
        outside = [p for p in self.interpreters if not admits(requires, p)]
        if not outside:
            return None
        if self.resolution == "one":
            return outside[0] if len(outside) == len(self.interpreters) else None
        if self.resolution == "lowest":
            return outside[0] if outside[0] == self.interpreters[0] else None
        return outside[0]

    def installable(self, requires: SpecifierSet) -> bool:
        """Whether the installer could pick a release with this Requires-Python (pip skips the rest)."""
        return self.excluded_by(requires) is None

    def explain(self, excluded: Version) -> str:
        """Why ``excluded`` is a Python this project really uses: one clause naming tool and source."""
        if self.exact is not None:
            return f"{self.tool} runs Python {self.exact} ({self.source})"
        if self.resolution == "one":
            return (
                f"{self.tool} runs one Python that {self.raw!r} admits ({self.source}), and none of "
                f"{_span(self.interpreters)} is supported"
            )
        return (
            f"{self.tool} resolves for every Python that {self.raw!r} admits ({self.source}), "
            f"including {excluded}"
        )
