"""What a writer is asked to put in: a package and its range (PEP 440 or npm), plus how to spell it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic

from packaging.specifiers import Specifier, SpecifierSet
from packaging.version import Version

from compat.project.model import R, canonical
from compat.versions.npm_semver import NpmRange

_ORDER = {">=": 0, ">": 1, "~=": 2, "==": 3, "===": 4, "!=": 5, "<=": 6, "<": 7}


@dataclass(frozen=True)
class WantedPin(Generic[R]):
    """``package`` should be pinned to ``specifier`` (``==21.22.1``, ``>=10.4.2,<11.0.0``; for npm the
    exact version, which package.json gets in the range style the project writes)."""

    package: str
    specifier: R

    @staticmethod
    def of(package: str, specifier: str | SpecifierSet) -> WantedPin[SpecifierSet]:
        return WantedPin(
            canonical(package), specifier if isinstance(specifier, SpecifierSet) else SpecifierSet(specifier)
        )

    @staticmethod
    def npm(package: str, version: str) -> WantedPin[NpmRange]:
        """``package`` (an npm name, as written) at exactly ``version``."""
        exact = NpmRange.parse(version)
        if exact is None or exact.exact is None:
            raise ValueError(f"{package}: {version!r} is not an npm version")
        return WantedPin(package, exact)

    @property
    def text(self: WantedPin[SpecifierSet]) -> str:
        """PEP 440 text with lower bounds first (``>=10.4.2,<11.0.0``), as people write it."""
        return ",".join(str(s) for s in sorted(self.specifier, key=_key))

    @property
    def exact(self: WantedPin[SpecifierSet]) -> Version | None:
        specs = list(self.specifier)
        if len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version:
            return Version(specs[0].version)
        return None

    def poetry_text(self: WantedPin[SpecifierSet]) -> str:
        """Poetry spelling: a bare version for ``==``, else the PEP 440 text (Poetry reads both)."""
        exact = self.exact
        return str(exact) if exact is not None else self.text

    def satisfied_by(self: WantedPin[SpecifierSet], existing: SpecifierSet) -> bool:
        """True when ``existing`` needs no edit: the same set, or an exact pin the wanted set admits."""
        if existing == self.specifier:
            return True
        specs = list(existing)
        if len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version:
            return self.specifier.contains(Version(specs[0].version), prereleases=True)
        return False


def _key(spec: Specifier) -> tuple[int, str]:
    return (_ORDER.get(spec.operator, 9), spec.version)
