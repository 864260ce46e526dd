"""Poetry's dependency constraints (``^1.2``, ``~1.2.3``, ``1.2.*``, ``>=1,<2``) as PEP 440 specifiers.

``packaging`` reads only PEP 440, and Poetry's caret and tilde are not PEP 440, so this module
translates them clause by clause (the rules of https://python-poetry.org/docs/dependency-specification/);
the versions themselves are always parsed by ``packaging``.
"""

from __future__ import annotations

import re

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.patterns import LazyPattern

_OPERATOR = LazyPattern(r"^(===|==|!=|~=|<=|>=|<|>|=)")


def _release(text: str, what: str) -> tuple[Version, list[int]]:
    try:
        version = Version(text)
    except InvalidVersion as error:
        raise CompatError(f"invalid Poetry constraint {what!r}") from error
    return version, list(version.release)[: text.count(".") + 1]


def _caret(text: str, whole: str) -> str:
    version, parts = _release(text, whole)
    first = next((i for i, p in enumerate(parts) if p != 0), len(parts) - 1)
    upper = [*parts[:first], parts[first] + 1]
    return f">={version},<{'.'.join(map(str, upper))}"


def _tilde(text: str, whole: str) -> str:
    version, parts = _release(text, whole)
    upper = [parts[0] + 1] if len(parts) == 1 else [parts[0], parts[1] + 1]
    return f">={version},<{'.'.join(map(str, upper))}"


def poetry_specifier(text: str) -> SpecifierSet:
    """``^0.21.0`` -> ``>=0.21.0,<0.22``; ``*`` or blank -> any; ``||`` alternatives are refused."""
    whole = text.strip()
    if "||" in whole or " or " in whole:
        raise CompatError(f"Poetry constraint {text!r}: alternatives ('||') are not supported")
    clauses: list[str] = []
    for raw in re.split(r"\s*,\s*|\s+(?=[<>=!~^])", whole):
        clause = raw.strip()
        if clause in ("", "*"):
            continue
        if clause.startswith("^"):
            clauses.append(_caret(clause[1:].strip(), text))
        elif clause.startswith("~") and not clause.startswith("~="):
            clauses.append(_tilde(clause[1:].strip(), text))
        elif _OPERATOR.match(clause):
            op = _OPERATOR.match(clause)
            assert op is not None
            rest = clause[op.end() :].strip()
            clauses.append(("==" if op.group(1) == "=" else op.group(1)) + rest)
        else:
            clauses.append("==" + clause)
    try:
        return SpecifierSet(",".join(clauses))
    except InvalidSpecifier as error:
        raise CompatError(f"invalid Poetry constraint {text!r}") from error
