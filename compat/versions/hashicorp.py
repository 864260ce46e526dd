"""HashiCorp version constraints (``~> 5.0``, ``>= 1.2, < 2.0``), translated onto ``packaging``.

The grammar Terraform applies to ``required_providers`` and ``required_version``: operators
``=`` (or none), ``!=``, ``>``, ``>=``, ``<``, ``<=`` and ``~>`` on versions of one to three segments,
comma meaning "and". ``~>`` lets only the rightmost given segment grow: ``~> 1.2`` is
``>= 1.2, < 2.0`` and ``~> 1.2.3`` is ``>= 1.2.3, < 1.3.0`` (``~> 1`` is ``>= 1, < 2``).
A pre-release version (``1.6.0-rc1``) matches only a constraint that names it exactly with ``=``;
no inexact operator ever admits one. Missing segments are zero (``= 1.2`` is ``= 1.2.0``).
"""

from __future__ import annotations

from functools import lru_cache

from packaging.specifiers import InvalidSpecifier, Specifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.patterns import LazyPattern
from compat.record import Record

_CLAUSE = LazyPattern(r"^\s*(?P<op>~>|>=|<=|!=|=|>|<)?\s*v?(?P<version>[0-9][0-9A-Za-z.+\-]*)\s*$")
_SEGMENTS = LazyPattern(
    r"^(?P<release>[0-9]+(?:\.[0-9]+){0,2})(?P<rest>(?:-[0-9A-Za-z.\-]+)?(?:\+[0-9A-Za-z.\-]+)?)$"
)


def parse_version(text: str, *, what: str = "version") -> Version:
    """A HashiCorp/semver version (``1.5.7``, ``1.6.0-rc1``, ``v1.5.7``) as a ``packaging`` Version."""
    cleaned = text.strip().removeprefix("v")
    try:
        return Version(cleaned)
    except InvalidVersion as error:
        raise CompatError(f"invalid {what} {text!r}") from error


@lru_cache(maxsize=1024)
def _specifiers(operator: str, v: str, segments: int) -> tuple[Specifier, ...]:
    """:attr:`Clause.specifiers`, built once per clause (keyed by the version's text, which they
    show): :meth:`HashiConstraint.allows` asks for them for every release it judges."""
    if operator == "~>":
        release = (list(Version(v).release) + [0, 0])[: max(segments, 1)]
        if len(release) == 1:
            upper = f"{release[0] + 1}"
        else:  # the rightmost written segment may grow: bump the one before it
            upper = ".".join([*(str(p) for p in release[:-2]), str(release[-2] + 1), "0"])
        return (Specifier(f">={v}"), Specifier(f"<{upper}"))
    op = "==" if operator == "=" else operator
    return (Specifier(f"{op}{v}"),)


class Clause(Record):
    """One comparison: ``operator`` is one of ``= != > >= < <= ~>``; ``segments`` counts what was written."""

    operator: str
    version: Version
    segments: int
    raw: str

    @property
    def specifiers(self) -> tuple[Specifier, ...]:
        """The PEP 440 specifiers that mean the same for final releases."""
        return _specifiers(self.operator, str(self.version), self.segments)

    def __str__(self) -> str:
        return f"{self.operator} {self.raw}"


class HashiConstraint(Record):
    """A parsed constraint; ``str()`` gives the normalised text, :meth:`allows` the verdict."""

    clauses: tuple[Clause, ...]
    text: str

    @property
    def specifier(self) -> SpecifierSet:
        """The equivalent ``packaging`` SpecifierSet for final releases (empty = anything)."""
        return SpecifierSet(",".join(str(s) for c in self.clauses for s in c.specifiers))

    def allows(self, version: Version | str) -> bool:
        v = version if isinstance(version, Version) else parse_version(version)
        if v.is_prerelease:
            named = any(c.operator == "=" and c.version == v for c in self.clauses)
            others = [c for c in self.clauses if not (c.operator == "=" and c.version == v)]
            return named and all(s.contains(v, prereleases=True) for c in others for s in c.specifiers)
        return all(s.contains(v, prereleases=False) for c in self.clauses for s in c.specifiers)

    def filter(self, versions: list[Version]) -> list[Version]:
        return [v for v in versions if self.allows(v)]

    @property
    def is_any(self) -> bool:
        return not self.clauses

    def __str__(self) -> str:
        return ", ".join(str(c) for c in self.clauses)


def _clause(raw: str, whole: str) -> Clause:
    match = _CLAUSE.match(raw)
    if not match:
        raise CompatError(f"invalid version constraint {whole!r}: cannot read {raw.strip()!r}")
    op = match["op"] or "="
    text = match["version"]
    segments = _SEGMENTS.match(text)
    if not segments:
        raise CompatError(f"invalid version constraint {whole!r}: {text!r} is not a version")
    count = segments["release"].count(".") + 1
    try:
        version = Version(text)
    except InvalidVersion as error:
        raise CompatError(f"invalid version constraint {whole!r}: {text!r} is not a version") from error
    return Clause(op, version, count, text)


def parse_constraint(text: str) -> HashiConstraint:
    """Parse ``~> 5.0``, ``>= 1.2, < 2.0``, ``= 5.99.1``, ``5.99.1``; blank means any version."""
    if not isinstance(text, str):
        raise CompatError(f"invalid version constraint {text!r}: not a string")
    if not text.strip():
        return HashiConstraint((), "")
    parts = text.split(",")
    if any(not p.strip() for p in parts):
        raise CompatError(f"invalid version constraint {text!r}: empty clause")
    clauses = tuple(_clause(p, text) for p in parts)
    try:
        HashiConstraint(clauses, text).specifier  # noqa: B018 - validates the translation
    except InvalidSpecifier as error:  # pragma: no cover - every clause above is a valid specifier
        raise CompatError(f"invalid version constraint {text!r}") from error
    return HashiConstraint(clauses, text.strip())


def pessimistic(version: Version, segments: int = 2) -> str:
    """``~> MAJOR.MINOR`` (or a longer prefix) of ``version``: the constraint bindings generators use."""
    release = list(version.release) + [0] * 3
    return "~> " + ".".join(str(p) for p in release[:segments])
