"""npm version ranges, with npm's own semantics (``node-semver``, a port of the npm ``semver`` package).

npm ranges are not PEP 440: ``^0.8.1`` admits 0.8.x only, ``*`` and ``>=1.0.0`` admit no
pre-release, ``1.2.3 - 2.3.4`` is a hyphen range, ``||`` joins alternatives. Every case in
``tests/typescript/fixtures/npm_semver_7.8.6_cases.json`` (answers of npm's semver 7.8.6) is
answered alike. A dependency that is no registry range (``workspace:``, ``file:``, ``npm:``
aliases, git and tarball URLs, dist-tags such as ``latest``) is no :class:`NpmRange`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import nodesemver

#: longer than any real range: the port's regular expressions are not fed unbounded text
_MAX_RANGE = 256


class NpmVersion(NamedTuple):
    """A version as npm orders it (``1.2.3-beta.1``); ``text`` is the normalised form."""

    text: str

    @classmethod
    def parse(cls, text: str) -> NpmVersion | None:
        if not isinstance(text, str) or len(text) > _MAX_RANGE:
            return None
        try:
            valid = nodesemver.valid(text.strip(), loose=False)
        except (ValueError, TypeError, IndexError):
            return None
        return cls(str(valid.version)) if valid else None

    @property
    def prerelease(self) -> bool:
        return "-" in self.text.split("+", 1)[0]

    def __str__(self) -> str:
        return self.text


class NpmRange(NamedTuple):
    """A registry range as written (``^0.20.0``), and npm's normalised form (``>=0.20.0 <0.21.0-0``)."""

    text: str
    normalised: str

    @classmethod
    def parse(cls, text: str) -> NpmRange | None:
        """The range npm reads in ``text``, or None for any other kind of dependency specifier."""
        if not isinstance(text, str) or len(text) > _MAX_RANGE:
            return None
        try:
            normalised = nodesemver.valid_range(text, loose=False)
        except (ValueError, TypeError, IndexError):
            return None
        return cls(text, normalised) if isinstance(normalised, str) else None

    def admits(self, version: NpmVersion | str) -> bool:
        """npm's ``satisfies``: a pre-release only where a comparator names the same major.minor.patch."""
        try:
            return bool(nodesemver.satisfies(str(version), self.text, loose=False))
        except (ValueError, TypeError, IndexError):
            return False

    def newest(self, versions: Iterable[str]) -> str | None:
        """npm's ``maxSatisfying``: the newest of ``versions`` this range admits."""
        candidates = [v for v in versions if NpmVersion.parse(v) is not None]
        try:
            found = nodesemver.max_satisfying(candidates, self.text, loose=False)
        except (ValueError, TypeError, IndexError):
            return None
        return found if isinstance(found, str) else None

    @property
    def exact(self) -> NpmVersion | None:
        """The one version an exact specifier (``1.2.3``, ``=1.2.3``, ``v1.2.3``) names, else None."""
        single = self.normalised.lstrip("=")
        return NpmVersion.parse(single) if single and " " not in single and single[0].isdigit() else None

    def __str__(self) -> str:
        return self.text


def newer(left: str, right: str) -> bool:
    """Whether npm orders ``left`` above ``right`` (both valid versions)."""
    return bool(nodesemver.gt(left, right, loose=False))
