"""npm versions and ranges, with npm's own semantics (``node-semver``, a port of the npm ``semver`` package).

The one place compat reads npm semver: package.json ranges, packument peer ranges and engines, and
cdktn's ``targetVersions`` (which cdktn validates with ``semver.subset``).

npm ranges are not PEP 440: ``^0.8.1`` admits 0.8.x only, ``*`` and ``>=1.0.0`` admit no
pre-release, ``1.2.3 - 2.3.4`` is a hyphen range, ``||`` joins alternatives. Every case in
``tests/typescript/fixtures/npm_semver_7.8.6_cases.json`` (answers of npm's semver 7.8.6) is
answered alike. A dependency that is no registry range (``workspace:``, ``file:``, ``npm:``
aliases, git and tarball URLs, dist-tags such as ``latest``) is no :class:`NpmRange`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import ModuleType
from typing import Protocol

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.patterns import LazyPattern
from compat.record import Record
from compat.versions.hashicorp import parse_constraint


def final_release(text: str) -> Version | None:
    """The final release an npm version text names (``25.5.0``), as PEP 440 spells it the same; None for
    a pre-release (``0.23.0-pre.17``) or text PEP 440 would respell."""
    try:
        version = Version(text)
    except InvalidVersion:
        return None
    return None if version.is_prerelease or str(version) != text else version


def _npm() -> ModuleType:
    """node-semver, imported on first use: a check that reads no npm range never pays its ~10 ms."""
    import importlib

    return importlib.import_module("nodesemver")


#: what the port raises on text it cannot read
_PORT_ERRORS = (ValueError, TypeError, IndexError, AttributeError)
_LOWER_BOUND = LazyPattern(r"^\s*>=\s*v?(\d+\.\d+\.\d+)\s*$")

#: longer than any real range: the port's regular expressions are not fed unbounded text
_MAX_RANGE = 256


class NpmVersion(Record):
    """A version as npm orders it (``1.2.3-beta.1``); ``text`` is the normalised form."""

    text: str

    @classmethod
    def parse(cls, text: str) -> NpmVersion | None:
        if not isinstance(text, str) or len(text) > _MAX_RANGE:
            return None
        try:
            valid = _npm().valid(text.strip(), loose=False)
        except _PORT_ERRORS:
            return None
        return cls(str(valid.version)) if valid else None

    @property
    def prerelease(self) -> bool:
        return "-" in self.text.split("+", 1)[0]

    def __str__(self) -> str:
        return self.text


class NpmRange(Record):
    """A registry range as written (``^0.20.0``), and npm's normalised form (``>=0.20.0 <0.21.0-0``)."""

    text: str
    normalised: str

    @classmethod
    def parse(cls, text: str) -> NpmRange | None:
        """The range npm reads in ``text``, or None for any other kind of dependency specifier."""
        if not isinstance(text, str) or len(text) > _MAX_RANGE:
            return None
        try:
            normalised = _npm().valid_range(text, loose=False)
        except _PORT_ERRORS:
            return None
        return cls(text, normalised) if isinstance(normalised, str) else None

    def admits(self, version: NpmVersion | str) -> bool:
        """npm's ``satisfies``: a pre-release only where a comparator names the same major.minor.patch."""
        try:
            return bool(_npm().satisfies(str(version), self.text, loose=False))
        except _PORT_ERRORS:
            return False

    def newest(self, versions: Iterable[str]) -> str | None:
        """npm's ``maxSatisfying``: the newest of ``versions`` this range admits."""
        candidates = [v for v in versions if NpmVersion.parse(v) is not None]
        try:
            found = _npm().max_satisfying(candidates, self.text, loose=False)
        except _PORT_ERRORS:
            return None
        return found if isinstance(found, str) else None

    def admitted(self, versions: Iterable[str]) -> list[str]:
        """Every one of ``versions`` this range admits (npm's ``satisfies``), newest first by npm's order.

        A range of release comparators only (what :meth:`as_pep440` translates: ``^14.13.1``) admits no
        pre-release and the same releases as its PEP 440 twin, so it is decided by ``packaging`` over the
        final releases (a provider package lists some 800 versions; the port's ``satisfies`` costs ~0.4 ms a
        call); any other range asks the port version by version."""
        texts = list(dict.fromkeys(versions))
        specifier = self.as_pep440()
        if specifier is not None:
            finals = {version: text for text in texts if (version := final_release(text)) is not None}
            kept = SpecifierSet(specifier).filter(finals)
            return [finals[version] for version in sorted(kept, reverse=True)]
        import functools

        port = _npm()
        found = [text for text in texts if NpmVersion.parse(text) is not None and self.admits(text)]
        return sorted(found, key=functools.cmp_to_key(lambda a, b: port.compare(b, a, False)))

    @property
    def exact(self) -> NpmVersion | None:
        """The one version an exact specifier (``1.2.3``, ``=1.2.3``, ``v1.2.3``) names, else None."""
        single = self.normalised.lstrip("=")
        return NpmVersion.parse(single) if single and " " not in single and single[0].isdigit() else None

    def as_pep440(self) -> str | None:
        """The range as a PEP 440 specifier when both say the same (``^0.20.0`` -> ``>=0.20.0,<0.21.0``).

        Only a single comparator set of release versions translates: None for ``||`` alternatives and
        pre-release comparators (npm's ``<0.21.0-0``, "below every 0.21.0 pre-release", is PEP 440's
        ``<0.21.0``).
        """
        if "||" in self.normalised:
            return None
        parts = []
        for comparator in self.normalised.split():
            if comparator == "*":  # any release
                continue
            match = re.fullmatch(r"(>=|<=|>|<|=)?(\d+\.\d+\.\d+)(-0)?", comparator)
            if match is None:
                return None
            operator, version, below_prereleases = match.groups()
            if below_prereleases and operator != "<":
                return None
            parts.append(f"{'==' if operator in (None, '=') else operator}{version}")
        return ",".join(parts)

    def lowest(self) -> list[Version]:
        """The lowest version of each comparator set (``>=1.5.7 || ^1.9`` -> 1.5.7, 1.9.0)."""
        out = []
        for comparators in _npm().make_range(self.text, False).set:
            bound = Version("0.0.0")
            for comparator in comparators:
                if comparator.semver is _npm().ANY or comparator.operator in ("<", "<="):
                    continue
                semver = comparator.semver
                bound = max(bound, Version(f"{semver.major}.{semver.minor}.{semver.patch}"))
            out.append(bound)
        return out

    def may_meet(self, other: NpmRange) -> bool:
        """Whether some version could satisfy both ranges: a comparator set of each whose version
        intervals overlap. npm's pre-release rule only narrows a set and is not applied, so False is
        certain (``^0.16.0`` and ``^0.20.5`` never meet); True for text the port cannot read."""
        try:
            mine = [_interval(comparators) for comparators in _npm().make_range(self.text, False).set]
            theirs = [_interval(comparators) for comparators in _npm().make_range(other.text, False).set]
            return any(_overlap(a, b) for a in mine for b in theirs)
        except _PORT_ERRORS:
            return True

    @classmethod
    def from_pep440(cls, specifier: SpecifierSet) -> NpmRange | None:
        """The npm range of a PEP 440 specifier of ordered comparisons (``<0.17.0,>=0.16.0`` ->
        ``>=0.16.0 <0.17.0``: a Requires-Dist on the core); None for any other operator."""
        parts = []
        for spec in sorted(specifier, key=lambda spec: (spec.operator.startswith("<"), str(spec))):
            if spec.operator not in (">=", ">", "<=", "<", "==") or "*" in spec.version:
                return None
            parts.append(f"{'' if spec.operator == '==' else spec.operator}{spec.version}")
        return cls.parse(" ".join(parts) or "*")

    def __str__(self) -> str:
        return self.text


class _Comparator(Protocol):
    """One comparator of node-semver's (``>=0.16.0``): its operator and version (``ANY`` for ``*``)."""

    operator: str | None
    semver: object


#: a version bound of an interval: (version or None for unbounded, inclusive); a plain tuple, not a record
#: (this module is on every check's path, and a record's string annotations cost at import)
_Bound = tuple[str | None, bool]


def _interval(comparators: Iterable[_Comparator]) -> tuple[_Bound, _Bound]:
    """The (lowest, highest) versions one comparator set of node-semver's admits."""
    npm = _npm()
    low: _Bound = (None, False)
    high: _Bound = (None, False)
    for comparator in comparators:
        if comparator.semver is npm.ANY:
            continue
        version, operator = str(comparator.semver), comparator.operator or "="
        if operator in (">", ">=", "="):
            low = _tighter(low, (version, operator != ">"), 1)
        if operator in ("<", "<=", "="):
            high = _tighter(high, (version, operator != "<"), -1)
    return low, high


def _tighter(kept: _Bound, bound: _Bound, direction: int) -> _Bound:
    """The stricter of two lower (``direction`` 1) or upper (-1) bounds."""
    if bound[0] is None:
        return kept
    if kept[0] is None:
        return bound
    order = _npm().compare(bound[0], kept[0], False) * direction
    return bound if order > 0 or (order == 0 and not bound[1]) else kept


def _overlap(a: tuple[_Bound, _Bound], b: tuple[_Bound, _Bound]) -> bool:
    low = _tighter(a[0], b[0], 1)
    high = _tighter(a[1], b[1], -1)
    if low[0] is None or high[0] is None:
        return True
    order = _npm().compare(low[0], high[0], False)
    return order < 0 or (order == 0 and low[1] and high[1])


def newer(left: str, right: str) -> bool:
    """Whether npm orders ``left`` above ``right`` (both valid versions)."""
    return bool(_npm().gt(left, right, loose=False))


def cdktn_target(text: str) -> NpmRange | None:
    """The range cdktn accepts as a ``targetVersions`` value (a valid npm range without ``~>``), else None."""
    return None if "~>" in text else NpmRange.parse(text)


def starts_at_or_above(range_text: str, supported: str) -> bool | None:
    """``semver.subset(range_text, supported)`` for a lower-bound ``supported`` (``>=1.9.0``).

    Every supported range in cdktn's tables is a lower bound, so a target is a subset exactly when
    each of its comparator sets starts at or above it. None when ``supported`` is not a plain lower
    bound or ``range_text`` cannot be read: no verdict.
    """
    match = _LOWER_BOUND.match(supported)
    target = cdktn_target(range_text)
    if match is None or target is None:
        return None
    floor = Version(match.group(1))
    try:
        return all(low >= floor for low in target.lowest())
    except (*_PORT_ERRORS, InvalidVersion):
        return None


def from_hashicorp(constraint: str) -> str:
    """A HashiCorp constraint as an npm range: ``~> 1.9`` -> ``>=1.9.0 <2.0.0``, ``= 1.9.5`` -> ``1.9.5``.

    cdktn rejects ``~>``, which npm would read as ``~``. ``!=`` has no npm form: :class:`CompatError`.
    """
    parts = []
    for clause in parse_constraint(constraint).clauses:
        release = list(clause.version.release) + [0, 0]
        full = ".".join(str(p) for p in release[:3])
        if clause.operator == "~>":
            if clause.segments <= 2:
                parts.append(f">={full} <{release[0] + 1}.0.0")
            else:
                parts.append(f">={full} <{release[0]}.{release[1] + 1}.0")
        elif clause.operator == "=":
            parts.append(full)
        elif clause.operator == "!=":
            raise CompatError(f"{constraint!r}: '!=' has no npm semver form")
        else:
            parts.append(f"{clause.operator}{full}")
    return " ".join(parts) or "*"
