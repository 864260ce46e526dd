"""What a writer is asked to put in: a package and its PEP 440 specifier, plus how to spell it."""

from __future__ import annotations

from dataclasses import dataclass

from packaging.specifiers import Specifier, SpecifierSet
from packaging.version import Version

from compat.project.model import canonical

_ORDER = {">=": 0, ">": 1, "~=": 2, "==": 3, "===": 4, "!=": 5, "<=": 6, "<": 7}


@dataclass(frozen=True)
class WantedPin:
    """``package`` should be pinned to ``specifier`` (``==21.22.1``, ``>=10.4.2,<11.0.0``)."""

    package: str
    specifier: SpecifierSet

    @classmethod
    def of(cls, package: str, specifier: str | SpecifierSet) -> WantedPin:
        return cls(
            canonical(package), specifier if isinstance(specifier, SpecifierSet) else SpecifierSet(specifier)
        )

    @property
    def text(self) -> str:
        """PEP 440 text with lower bounds first (``>=10.4.2,<11.0.0``), as people write it."""
        return ",".join(str(s) for s in sorted(self.specifier, key=_key))

    @property
    def exact(self) -> Version | None:
        specs = list(self.specifier)
        if len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version:
            return Version(specs[0].version)
        return None

    def poetry_text(self) -> str:
        """Poetry spelling: a bare version for ``==``, else the PEP 440 text (Poetry reads both)."""
        exact = self.exact
        return str(exact) if exact is not None else self.text

    def satisfied_by(self, existing: SpecifierSet) -> bool:
        """True when ``existing`` needs no edit: the same set, or an exact pin the wanted set admits."""
        if existing == self.specifier:
            return True
        specs = list(existing)
        if len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version:
            return self.specifier.contains(Version(specs[0].version), prereleases=True)
        return False


def _key(spec: Specifier) -> tuple[int, str]:
    return (_ORDER.get(spec.operator, 9), spec.version)
