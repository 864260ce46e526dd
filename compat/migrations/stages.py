"""The staged move to cdktn: one hop per core minor, each a consistent set, the smallest first.

A hop is the newest stable core release of one minor of the target family with the AWS bindings
release built for the AWS provider nearest the project's current one among those that admit that
core and the project's Python (``cdktn-provider-aws`` 21.23.0-22.1.0 still require ``cdktf``; the
first built for ``cdktn`` is 23.0.0). Each hop says what changes against the project as it is:
core, AWS bindings and provider, constructs, Python, Node.js and CLI floors, and the behaviour
changes whose source is a real package. A hop no release of which fits the project's Python is
kept, with the runtime that blocks it. Every fact is read from the snapshot (``data/releases.json``)
and ``data/runtimes.json``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.families import Family
from compat.record import Record
from compat.snapshot import BindingRelease, CoreRelease, NpmRelease, Snapshot

if TYPE_CHECKING:
    from compat.runtimes import Runtimes
from compat.versions.python import ProjectPython, admits


class Hop(Record):
    core: CoreRelease
    bindings: BindingRelease | None  # None: the project has no prebuilt AWS bindings, or none fits
    changes: tuple[str, ...]  # one line per thing that changes, against the project as it is
    blocked: str | None = None  # the runtime that rules this hop out ("Python 3.9: ...")
    narrows_python: str | None = None  # the project's range must narrow to this for the hop
    npm: bool = False  # a TypeScript project's hop: its packages are named as npm names them

    @property
    def label(self) -> str:
        return f"{self.core.package}=={self.core.version}"

    @property
    def bindings_label(self) -> str | None:
        """``cdktn-provider-aws==25.0.0`` (PyPI), ``@cdktn/provider-aws@25.5.0`` (npm); None without."""
        if self.bindings is None:
            return None
        if self.npm:
            from compat.providers import provider_package

            package = provider_package(self.bindings.package)
            return f"{package.npm if package else self.bindings.package}@{self.bindings.version}"
        return f"{self.bindings.package}=={self.bindings.version}"

    def to_json(self) -> dict[str, object]:
        return {
            "core": str(self.core.version),
            "bindings": self.bindings_label,
            "provider": str(self.bindings.provider_version)
            if self.bindings and self.bindings.provider_version
            else None,
            "changes": list(self.changes),
            "blocked": self.blocked,
            "narrows_python": self.narrows_python,
        }


def _minor(version: Version) -> tuple[int, int]:
    return version.major, version.minor


def python_fits(release_python: str | None, python: ProjectPython | None) -> bool:
    """Whether pip could install a release with this Requires-Python for the project (True when unknown)."""
    if python is None or not python.interpreters or not release_python:
        return True
    return python.installable(SpecifierSet(release_python))


def _distance(release: BindingRelease, current: Version | None) -> tuple[int, ...]:
    """Sort key: nearest AWS provider to ``current`` (not below it if possible), then lowest version."""
    provider = release.provider_version
    if provider is None or current is None:
        return (1, 0, 0, 0)
    below = provider < current
    gap = abs(
        (provider.major - current.major) * 10_000
        + (provider.minor - current.minor) * 100
        + (provider.micro - current.micro)
    )
    return (1 if below else 0, gap, 0, 0)


def nearest_release(pool: Sequence[BindingRelease], current_provider: Version | None) -> BindingRelease:
    """The smallest move: the release of ``pool`` built for the provider nearest ``current_provider``
    (not below it if possible), the lowest bindings version among equals. One rule for the AWS
    bindings of a hop and every other prebuilt provider package (:mod:`compat.migrations.providers`)."""
    return min(pool, key=lambda b: (_distance(b, current_provider), b.version))


def plan_hops(
    snapshot: Snapshot,
    family: Family,
    current: BindingRelease | None,
    python: ProjectPython | None,
    uses_bindings: bool = True,
    runtimes: object = None,
    npm: bool = False,
) -> list[Hop]:
    """One hop per core minor of ``line`` that some AWS bindings release admits, oldest first.

    ``npm``: the project installs from npm (TypeScript): ``snapshot`` is the family's npm view
    (:func:`compat.migrations.npm_view.npm_family_view`) and each hop names npm's facts."""
    cores, bindings = family_releases(snapshot, family)
    minors = sorted(
        {_minor(c.version) for c in cores if any(b.core_specifier.contains(c.version) for b in bindings)}
    )
    return [
        hop_for_core(
            max((c for c in cores if _minor(c.version) == minor), key=lambda c: c.version),
            bindings,
            current,
            python,
            uses_bindings,
            runtimes,
            snapshot,
            family,
            npm=npm,
        )
        for minor in minors
    ]


def family_releases(snapshot: Snapshot, family: Family) -> tuple[list[CoreRelease], list[BindingRelease]]:
    """The stable cores of ``line`` and the AWS bindings built for them."""
    cores = [c for c in snapshot.cores(family.core) if not c.yanked and not c.version.is_prerelease]
    bindings = [
        b
        for b in snapshot.bindings(family.bindings)
        if not b.yanked and not b.version.is_prerelease and b.core_name == family.core
    ]
    return cores, bindings


def hop_for_core(
    core: CoreRelease,
    bindings: Sequence[BindingRelease],
    current: BindingRelease | None,
    python: ProjectPython | None,
    uses_bindings: bool,
    runtimes: object,
    snapshot: Snapshot,
    family: Family,
    newest: bool = False,
    npm: bool = False,
) -> Hop:
    """The hop to ``core``: the bindings nearest the current AWS provider (``newest``: the newest)."""
    admitted = [b for b in bindings if b.core_specifier.contains(core.version)]
    fitting = [b for b in admitted if python_fits(b.requires_python, python)]
    current_provider = current.provider_version if current else None
    pool = fitting or admitted
    chosen: BindingRelease | None = None
    if pool:
        chosen = max(pool, key=lambda b: b.version) if newest else nearest_release(pool, current_provider)
    blocked = narrows = None
    if not python_fits(core.requires_python, python) or (uses_bindings and admitted and not fitting):
        needs = chosen.requires_python if uses_bindings and chosen and not fitting else core.requires_python
        blocked, narrows = python_blocker(python, needs), narrowed_python(python, needs)
    if uses_bindings and chosen is None:
        blocked = f"no {family.bindings} release admits {family.core} {core.version}"
    used = chosen if uses_bindings else None
    from compat.runtimes import Runtimes

    known = runtimes if isinstance(runtimes, Runtimes) else None
    if npm:
        changes = tuple(_npm_changes(snapshot, family, core, used, current, known))
    else:
        changes = tuple(_changes(family, core, used, current, known))
    return Hop(core=core, bindings=used, changes=changes, blocked=blocked, narrows_python=narrows, npm=npm)


def python_blocker(python: ProjectPython | None, needs: str | None) -> str:
    """``needs Python <needs>; <why the project's Python is outside it>`` (one wording for every move)."""
    if python is None or not needs:
        return f"needs Python {needs}"
    excluded = python.excluded_by(SpecifierSet(needs))
    why = python.explain(excluded) if excluded else f"the project says {python.raw}"
    return f"needs Python {needs}; {why}"


def narrowed_python(python: ProjectPython | None, needs: str | None) -> str | None:
    """The project's Python range narrowed to what the hop needs (None when nothing is left)."""
    if python is None or not needs or not python.interpreters:
        return None
    kept = [p for p in python.interpreters if admits(SpecifierSet(needs), p)]
    return f">={kept[0]}" if kept else None


def _changes(
    family: Family,
    core: CoreRelease,
    chosen: BindingRelease | None,
    current: BindingRelease | None,
    runtimes: Runtimes | None,
) -> list[str]:
    out = [f"core: {family.core} {core.version} (Requires-Python {core.requires_python or 'any'})"]
    if chosen is not None:
        before = (
            f" (from {current.package} {current.version}, AWS {current.provider_version})" if current else ""
        )
        out.append(
            f"AWS bindings: {chosen.package} {chosen.version}, AWS provider {chosen.provider_version}"
            f"{before}; Requires-Python {chosen.requires_python or 'any'}"
        )
        change = _provider_change(current, chosen) if current is not None else None
        if change:
            out.append(change)
        if current is not None and chosen.constructs_requirement != current.constructs_requirement:
            out.append(f"constructs: {current.constructs_requirement} -> {chosen.constructs_requirement}")
    if core.node_min:
        out.append(f"Node.js >= {core.node_min} ({family.core}-cli {core.version} engines.node)")
    elif chosen is not None and chosen.engines_node:
        out.append(f"Node.js {chosen.engines_node} ({family.npm} {chosen.version} engines.node)")
    return out + _cli_changes(core, runtimes)


def _cli_changes(core: CoreRelease, runtimes: Runtimes | None) -> list[str]:
    """What a hop to ``core`` changes for the CLI, whichever registry the project installs from."""
    out = [f"the CLI warns below Terraform {core.terraform_min}"] if core.terraform_min else []
    validation = _validation_change(core, runtimes)
    return [*out, validation] if validation else out


def _provider_change(current: BindingRelease, chosen: BindingRelease) -> str | None:
    if not current.provider_version or not chosen.provider_version:
        return None
    a, b = current.provider_version, chosen.provider_version
    if (a.major, a.minor) == (b.major, b.minor):
        return f"AWS provider minor kept ({a} -> {b})"
    minors = (b.minor - a.minor) if b.major == a.major else b.minor
    return f"AWS provider {a} -> {b}: {b.major - a.major} major(s), {minors} minor(s) of provider changes"


def _validation_change(core: CoreRelease, runtimes: Runtimes | None) -> str | None:
    if (
        runtimes is None
        or not runtimes.cdktn_source
        or not _is_source_release(core.version, runtimes.cdktn_source)
    ):
        return None
    supported = runtimes.cdktn_floor
    floor = ", ".join(f"{k} {v}" for k, v in supported.items()) if supported else "the defaults"
    return (
        f"synth validates functions and provider features against cdktf.json targetVersions "
        f"(default {floor}; {runtimes.cdktn_source} lib/validations/target-versions.js)"
    )


def _npm_changes(
    snapshot: Snapshot,
    family: Family,
    core: CoreRelease,
    chosen: BindingRelease | None,
    current: BindingRelease | None,
    runtimes: Runtimes | None,
) -> list[str]:
    """What a hop changes for a project installing from npm: the npm packages, their peer ranges
    (``constructs`` too) and ``engines.node``, as npm states them. A release compat's npm data does not
    list (it lists only some) is said to be absent from it, with the ranges its PyPI twin (the same
    jsii build) requires in their place, named as PyPI's; nothing is left out without a word."""
    from compat.providers import provider_package

    core_row = snapshot.npm_release(family.core, str(core.version))
    if core_row is None:
        peers = " (not in compat's npm data" + (
            f", so its constructs range is its PyPI twin's: {core.constructs_requirement})"
            if core.constructs_requirement
            else ": its peer constructs range is not known here)"
        )
    else:
        peers = f", peer constructs {core_row.peer_constructs}" if core_row.peer_constructs else ""
    out = [f"core: npm {family.core} {core.version}{peers}; CLI: npm {family.core}-cli {core.version}"]
    if chosen is not None:
        row = snapshot.npm_release(family.npm, str(chosen.version))
        source = provider_package(current.package) if current is not None else None
        before = (
            f" (from {source.npm if source else current.package} {current.version}, "
            f"AWS provider {current.provider_version or 'unknown'})"
            if current
            else ""
        )
        if row is not None:
            peer = f"; peer {family.core} {row.peer_core}" if row.peer_core else ""
        else:
            pypi = ", ".join(r for r in (chosen.core_requirement, chosen.constructs_requirement) if r)
            peer = "; not in compat's npm data" + (
                f", so its ranges are its PyPI twin's: {pypi}" if pypi else ""
            )
        out.append(
            f"AWS bindings: npm {family.npm} {chosen.version}, AWS provider {chosen.provider_version}"
            f"{before}{peer}"
        )
        if current is not None:
            change = _provider_change(current, chosen)
            if change:
                out.append(change)
            old = snapshot.npm_release(source.npm, str(current.version)) if source else None
            if _differ(current.constructs_requirement, chosen.constructs_requirement):
                out.append(
                    f"constructs (peer range): {_constructs_text(old, current)} -> "
                    f"{_constructs_text(row, chosen)}"
                )
    if core.node_min:
        out.append(f"Node.js >= {core.node_min} ({family.core}-cli {core.version} engines.node)")
    if chosen is not None and chosen.engines_node:
        out.append(f"Node.js {chosen.engines_node} ({family.npm} {chosen.version} engines.node)")
    return out + _cli_changes(core, runtimes)


def _differ(before: str | None, after: str | None) -> bool:
    """Whether two constructs requirements admit different versions (one known and one not: they may)."""
    if not after:
        return False
    if not before:
        return True
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return Requirement(before).specifier != Requirement(after).specifier
    except InvalidRequirement:
        return before != after


def _constructs_text(row: NpmRelease | None, release: BindingRelease) -> str:
    """The constructs range of ``release``: npm's peer range where compat's npm data lists the release,
    else its PyPI twin's requirement, named as such."""
    if row is not None and row.peer_constructs:
        return row.peer_constructs
    if release.constructs_requirement:
        return f"{release.constructs_requirement} (PyPI)"
    return "not known"


def _is_source_release(version: Version, source: str) -> bool:
    """Whether the tables in ``runtimes`` were read from this release of the core or an older one."""
    import re

    match = re.search(r"-(\d+\.\d+\.\d+)\.tgz", source)
    return match is not None and Version(match.group(1)) <= version


def default_hop(hops: Sequence[Hop]) -> Hop | None:
    """The smallest move: the first hop no runtime blocks (else the first)."""
    for hop in hops:
        if hop.blocked is None:
            return hop
    return hops[0] if hops else None
