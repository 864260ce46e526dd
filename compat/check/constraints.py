"""HashiCorp version constraints (``~> 6.0``, ``>= 5.0, < 6.0``) as ``packaging`` objects.

Only what the ``version`` rules need: does a constraint admit a provider version.
``~> 1.2`` means ``>= 1.2, < 2.0``; ``~> 1.2.3`` means ``>= 1.2.3, < 1.3.0``; a comma means and;
pre-releases match only when named exactly.
"""

from __future__ import annotations

import re

from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

from compat.errors import CompatError

_TERM = re.compile(r"^\s*(~>|>=|<=|!=|=|>|<)?\s*v?(\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?)\s*$")


def to_specifier(constraint: str) -> SpecifierSet:
    """The PEP 440 specifier set equal to a HashiCorp constraint; CompatError when malformed."""
    specs: list[str] = []
    for term in constraint.split(","):
        match = _TERM.match(term)
        if not match:
            raise CompatError(f"{constraint!r} is not a Terraform version constraint")
        operator, text = match.group(1) or "=", match.group(2)
        try:
            version = Version(text)
        except InvalidVersion as error:
            raise CompatError(f"{constraint!r} is not a Terraform version constraint") from error
        segments = text.split("-")[0].count(".") + 1
        if operator == "~>":
            release = list(version.release) + [0] * (3 - len(version.release))
            if segments == 1:
                upper = f"{release[0] + 1}"
            elif segments == 2:
                upper = f"{release[0] + 1}.0"
            else:
                upper = f"{release[0]}.{release[1] + 1}.0"
            specs += [f">={version}", f"<{upper}"]
        elif operator == "=":
            specs.append(f"=={version}")
        else:
            specs.append(f"{operator}{version}")
    return SpecifierSet(",".join(specs))


def admits(constraint: str, version: str) -> bool:
    """Whether ``version`` satisfies ``constraint`` (pre-releases only when named exactly)."""
    candidate = Version(version)
    specifier = to_specifier(constraint)
    if candidate.is_prerelease:
        return any(s.operator == "==" and Version(s.version) == candidate for s in specifier)
    return specifier.contains(candidate, prereleases=False)
