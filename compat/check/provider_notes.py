"""Notes for the prebuilt packages ``check`` does not verify the code against (all but the AWS bindings).

The import and api rules read the symbol index of the line's AWS bindings only. Every other
prebuilt package the project installs gets one note, never silence: whether its release is in
the symbol index, and the command that indexes it (``compat index show`` indexes a release into
the user cache on first use, then ``compat index show|params|find`` answer offline).
"""

from __future__ import annotations

from collections.abc import Iterable

from compat.errors import CompatError
from compat.lines import Line
from compat.providers import provider_package


def _indexed(package: str, version: str) -> bool:
    from compat.index.api import indexed_versions

    try:
        return version in indexed_versions(package)
    except CompatError:
        return False


def unchecked_provider_notes(pins: Iterable[tuple[str, str | None, str]], line: Line) -> list[str]:
    """One note per prebuilt package other than ``line``'s AWS bindings: ``(name, exact, where)``."""
    notes: list[str] = []
    seen: set[str] = set()
    for name, exact, where in pins:
        package = provider_package(name)
        if package is None or package.pypi == line.bindings or name in seen:
            continue
        seen.add(name)
        head = f"{name} {exact} ({where})" if exact else f"{name} ({where}, not pinned exactly)"
        release = f"{name}=={exact}" if exact else f"{name}==<the version you install>"
        if exact and _indexed(name, exact):
            tail = f"its release is indexed: 'compat index params {release} <module>.<Class>' shows a class"
        else:
            tail = (f"its release is not in the symbol index: 'compat index show {release}' indexes it "
                    "(once, with the network), then 'compat index params' shows its classes offline")
        notes.append(f"{head}: its imports and calls are not checked (check verifies the AWS bindings only); "
                     f"{tail}")
    return notes
