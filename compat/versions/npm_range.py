"""npm semver ranges, as cdktn reads ``targetVersions`` (node-semver, the Python port of npm's ``semver``).

cdktn 0.24 validates each function and provider feature it uses against the declared targets with
``semver.subset(target, supported)``; every supported range in its tables is a lower bound
(``>=1.9.0``), so a target is a subset exactly when each of its comparator sets starts at or above
that bound (:func:`starts_at_or_above`). HashiCorp constraints are converted with
:func:`from_hashicorp` (cdktn rejects ``~>``, which npm would read as ``~``).
"""

from __future__ import annotations

import re

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.versions.hashicorp import parse_constraint

_LOWER_BOUND = re.compile(r"^\s*>=\s*v?(\d+\.\d+\.\d+)\s*$")


def valid(range_text: str) -> bool:
    """Whether cdktn accepts ``range_text`` as a target (a valid npm range without ``~>``)."""
    import nodesemver

    if "~>" in range_text:
        return False
    try:
        return nodesemver.valid_range(range_text, False) is not None
    except (ValueError, TypeError, AttributeError, IndexError):
        return False


def lowest(range_text: str) -> list[Version]:
    """The lowest version of each comparator set of an npm range (``>=1.5.7 || ^1.9`` -> 1.5.7, 1.9.0)."""
    import nodesemver

    parsed = nodesemver.make_range(range_text, False)
    out = []
    for comparators in parsed.set:
        bound = Version("0.0.0")
        for comparator in comparators:
            if comparator.semver is nodesemver.ANY or comparator.operator in ("<", "<="):
                continue
            semver = comparator.semver
            candidate = Version(f"{semver.major}.{semver.minor}.{semver.patch}")
            bound = max(bound, candidate)
        out.append(bound)
    return out


def starts_at_or_above(range_text: str, supported: str) -> bool | None:
    """``semver.subset(range_text, supported)`` for a lower-bound ``supported`` (``>=1.9.0``).

    None when ``supported`` is not a plain lower bound or ``range_text`` cannot be read: no verdict.
    """
    match = _LOWER_BOUND.match(supported)
    if match is None or not valid(range_text):
        return None
    floor = Version(match.group(1))
    try:
        return all(low >= floor for low in lowest(range_text))
    except (ValueError, TypeError, AttributeError, IndexError, InvalidVersion):
        return None


def from_hashicorp(constraint: str) -> str:
    """A HashiCorp constraint as an npm range: ``~> 1.9`` -> ``>=1.9.0 <2.0.0``, ``= 1.9.5`` -> ``1.9.5``.

    ``!=`` has no npm form: :class:`CompatError`.
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
