"""A project's facts as a move would leave them: ``migrate`` checks the moved code with the check's own
rules against the releases the move picks (:mod:`compat.migrations.target_api`), not the installed ones.

Only a move reads this module (the engine imports it when asked for a moved view)."""

from __future__ import annotations

from collections.abc import Mapping

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.check.model import PinFact, Resolved
from compat.check.project import Loaded
from compat.families import Family
from compat.pep503 import canonical
from compat.record import Record


class MovedReleases(Record):
    """The releases a move installs: its family, core and AWS bindings (None: as installed) and every
    other prebuilt package (canonical PyPI name -> version); ``renames``: the new PyPI name of each
    package that changes name (old canonical name -> new)."""

    family: Family
    core: Resolved | None
    bindings: Resolved | None
    others: Mapping[str, Version]
    renames: Mapping[str, str]


def _picked(name: str, version: Version, pin: PinFact | None) -> Resolved:
    return Resolved(name=name, version=version, how=f"{name} {version}, picked by the move", pin=pin)


def _pinned(pin: PinFact, name: str, version: Version) -> PinFact:
    return pin._replace(name=name, specifier=SpecifierSet(f"=={version}"), exact=version)


def as_moved(loaded: Loaded, moved: MovedReleases) -> Loaded:
    """``loaded`` with the installed releases of ``moved``: each prebuilt package renamed and pinned at its
    pick (a package of the other family with no pick is gone; one the move adds, such as a local binding
    turned prebuilt, is pinned at the first manifest), the AWS bindings and the core at the move's."""
    facts = loaded.facts
    aws = canonical(moved.bindings.name) if moved.bindings is not None else None
    pins: list[PinFact] = []
    for pin in facts.prebuilt_pins:
        name = moved.renames.get(pin.name, pin.name)
        version = moved.others.get(canonical(name))
        if version is not None and canonical(name) != aws:
            pins.append(_pinned(pin, name, version))
        elif moved.family is facts.family and canonical(name) != aws:
            pins.append(pin)
    named = {canonical(p.name) for p in pins}
    where = facts.manifests[0] if facts.manifests else ""
    blank = PinFact(name="", specifier=SpecifierSet(), path=where, line=0, locked=False, exact=None)
    pins.extend(
        _pinned(blank, name, version)
        for name, version in moved.others.items()
        if name not in named and name != aws
    )
    picked = {canonical(p.name) for p in pins if p.exact is not None}
    providers = tuple(_picked(p.name, p.exact, p) for p in pins if p.exact is not None) + tuple(
        r for r in loaded.providers if moved.family is facts.family and canonical(r.name) not in picked
    )
    return loaded._replace(
        facts=facts._replace(
            family=moved.family,
            prebuilt_pins=tuple(pins),
            declared=facts.declared | picked | ({aws} if aws else set()),
        ),
        bindings=moved.bindings or loaded.bindings,
        core=moved.core or loaded.core,
        providers=providers,
    )
