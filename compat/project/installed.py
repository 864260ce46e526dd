"""The installed set: the version of each package the project's installer puts in place, and how compat knows.

A lock says it (its main section, else Pipfile.lock's ``develop``). Without one, compat resolves as
pip would: every manifest constraint of a package at once, the prebuilt bindings and their core
jointly (the bindings' own core requirement included), skipping releases whose Requires-Python the
project's Python rules out; another prebuilt package's range then gets the newest release whose core
requirement takes the core so settled, as pip's resolver would pick it. What rests on that is an
assumption, and each note says so.
A package installed from a local path, file, URL or VCS checkout (:attr:`Pin.source`) is installed
but has no registry version: it is never looked up as a release.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.families import FAMILIES, Family
from compat.project.model import Installed, LockFile, Manifest, Pin, canonical
from compat.providers import provider_package
from compat.record import Record
from compat.versions.python import ProjectPython

if TYPE_CHECKING:
    from compat.snapshot import BindingRelease, CoreRelease, Snapshot


class _Wanted(Record):
    """Every manifest mention of one package (all of them constrain what pip installs)."""

    pins: tuple[Pin[SpecifierSet], ...]  # manifest order: the first is where the package is named first

    @property
    def package(self) -> str:
        return self.pins[0].package

    @property
    def specifier(self) -> SpecifierSet:
        joined = SpecifierSet()
        for pin in self.pins:
            joined &= pin.specifier
        return joined

    @property
    def exact(self) -> Pin[SpecifierSet] | None:
        return next((p for p in self.pins if p.exact), None)

    @property
    def direct(self) -> Pin[SpecifierSet] | None:
        """The mention that installs the package from a path, file, URL or VCS (pip takes it as is)."""
        return next((p for p in self.pins if p.source), None)

    @property
    def shown(self) -> str:
        """``cdktf '~=0.20' at Pipfile:3`` for each mention (a requirements line shows its specifier)."""

        def text(pin: Pin[SpecifierSet]) -> str:
            return (str(pin.specifier) if pin.kind == "requirements" else pin.raw) or "*"

        return " and ".join(f"{p.name_as_written} {text(p)!r} at {p.location}" for p in self.pins)


def _runs_on(release: BindingRelease | CoreRelease, python: ProjectPython | None) -> bool:
    return python is None or not release.requires_python or python.installable(release.python_specifier)


def _candidates(
    snapshot: Snapshot, package: str, specifier: SpecifierSet, python: ProjectPython | None
) -> list[Version] | None:
    """The releases pip could pick for ``specifier``, newest first (None: the snapshot has none)."""
    releases: Sequence[BindingRelease | CoreRelease] = snapshot.bindings(package) or snapshot.cores(package)
    if not releases:
        return None
    usable = [r.version for r in releases if not r.yanked and _runs_on(r, python)]
    return sorted(specifier.filter(usable), reverse=True)


def _python_note(snapshot: Snapshot, want: _Wanted, chosen: Version, python: ProjectPython | None) -> str:
    """Say so when the project's Python made pip skip newer releases."""
    if python is None or not python.declared:
        return ""
    usable = set(_candidates(snapshot, want.package, want.specifier, python) or [])
    admitted = _candidates(snapshot, want.package, want.specifier, None) or []
    if not any(v > chosen and v not in usable for v in admitted):
        return ""
    return f" (newer releases need a Python that {python.raw!r} from {python.source} rules out)"


def _from_source(pin: Pin[SpecifierSet]) -> Installed:
    labelled = f", labelled {pin.raw.lstrip('=')}" if pin.raw.strip("=* ") else ""
    note = (
        f"{pin.name_as_written} is installed from {pin.source} ({pin.location}{labelled}), not as a "
        "registry release: its version is unknown, so no check that needs one looks it up"
    )
    return Installed(pin.package, None, "source", pin, note)


def _locked(lock: LockFile[SpecifierSet] | None) -> dict[str, Installed]:
    installed: dict[str, Installed] = {}
    for package, pin in (lock.installed() if lock else {}).items():
        if pin.source:
            installed[package] = _from_source(pin)
        elif pin.exact:
            where = f"{pin.name_as_written} {pin.exact} from {pin.location}"
            installed[package] = Installed(package, pin.exact, "lock", pin, where)
    return installed


def _alone(
    want: _Wanted, snapshot: Snapshot | None, python: ProjectPython | None, why: str = ""
) -> Installed:
    """A range resolved by itself: the newest release pip could pick for every constraint on it."""
    pin = want.pins[0]
    known = _candidates(snapshot, want.package, want.specifier, python) if snapshot else None
    if snapshot is None or known is None:
        note = f"{want.shown} is a range and no lock says which version is installed"
        return Installed(want.package, None, "unresolved", pin, note)
    if not known:
        known = _candidates(snapshot, want.package, want.specifier, None) or []
        if not known:
            return Installed(want.package, None, "unresolved", pin, f"{want.shown} admits no known release")
        assert python is not None  # only the Python can have ruled out every admitted release
        why += (
            f"; none of them supports Python {python.raw!r} ({python.source}), so pip would fail "
            "to install it"
        )
    note = (
        f"{want.shown} is a range without a lock: assuming the newest release it admits, {known[0]}"
        f"{_python_note(snapshot, want, known[0], python)}{why}"
    )
    return Installed(want.package, known[0], "range", pin, note, tuple(known))


def _core_needed(snapshot: Snapshot, family: Family, version: Version) -> SpecifierSet:
    release = snapshot.binding(family.bindings, version)
    if release is None or release.core_name is None or canonical(release.core_name) != family.core:
        return SpecifierSet()
    return release.core_specifier


def _pairing(
    snapshot: Snapshot, family: Family, binding_versions: list[Version], core_versions: list[Version]
) -> tuple[list[Version], list[Version]]:
    """The bindings releases that go with some core release, and the core releases some bindings take."""
    by_need: dict[str, list[Version]] = {}
    for version in binding_versions:
        by_need.setdefault(str(_core_needed(snapshot, family, version)), []).append(version)
    bindings: list[Version] = []
    cores: set[Version] = set()
    for needed, versions in by_need.items():
        taken = [c for c in core_versions if SpecifierSet(needed).contains(c, prereleases=True)]
        if taken:
            bindings += versions
            cores.update(taken)
    return sorted(bindings, reverse=True), sorted(cores, reverse=True)


def _newest_pair(
    snapshot: Snapshot, family: Family, binding_versions: list[Version], core_versions: list[Version]
) -> tuple[Version, Version] | None:
    """The newest bindings release with the newest core it admits, as pip's resolver would settle."""
    for version in binding_versions:
        needed = _core_needed(snapshot, family, version)
        match = next((c for c in core_versions if needed.contains(c, prereleases=True)), None)
        if match is not None:
            return version, match
    return None


def _jointly(
    family: Family,
    mentions: Mapping[str, _Wanted],
    fixed: Mapping[str, Installed],
    snapshot: Snapshot | None,
    python: ProjectPython | None,
) -> dict[str, Installed]:
    """The newest bindings release, and the newest core it admits, that satisfy every constraint.

    Only the ranges among the two get a version; a lock or exact pin stays as it is. When no
    release goes with a locked one, the ranges get what a re-lock would pick (the lock's side
    then read from its manifest), so the conflict with the lock stays visible. Empty when the family's
    bindings and core are not both named or not known; each is then resolved alone.
    """
    bindings, core = family.bindings, family.core
    ranges = [p for p in (bindings, core) if p not in fixed]
    if snapshot is None or not ranges or not {bindings, core} <= {*mentions, *fixed}:
        return {}

    def options(package: str, relock: bool) -> list[Version] | None:
        entry = fixed.get(package)
        if entry is None or (relock and entry.how == "lock" and package in mentions):
            return _candidates(snapshot, package, mentions[package].specifier, python)
        return [entry.version] if entry.version else None

    binding_versions, core_versions = options(bindings, False), options(core, False)
    if not binding_versions or not core_versions:  # unknown, or nothing the Python allows: each alone
        return {}
    chosen = _newest_pair(snapshot, family, binding_versions, core_versions)
    assumption = "assuming the newest set pip would install jointly"
    # what pip could pick: the releases that pair up; none after a conflict (each range then by itself)
    paired = (
        dict(zip((bindings, core), _pairing(snapshot, family, binding_versions, core_versions), strict=True))
        if chosen
        else {}
    )
    locked = next((fixed[p] for p in (bindings, core) if p in fixed and fixed[p].how == "lock"), None)
    if chosen is None and locked is not None:
        relocked = (options(bindings, True) or [], options(core, True) or [])
        chosen = _newest_pair(snapshot, family, *relocked)
        assumption = (
            f"no release goes with the locked {locked.package} {locked.version}: assuming what "
            "a re-lock would pick"
        )
    if chosen is None:
        why = (
            f"; no {bindings} and {core} pair satisfies every constraint jointly, so pip would fail to "
            "install them"
        )
        return {p: _alone(mentions[p], snapshot, python, why) for p in ranges}
    versions = dict(zip((bindings, core), chosen, strict=True))
    both = f"{bindings} {versions[bindings]}, {core} {versions[core]}"
    resolved: dict[str, Installed] = {}
    for package in ranges:
        want, version = mentions[package], versions[package]
        note = (
            f"{want.shown} is a range and no lock says which version is installed: {assumption}: "
            f"{both}{_python_note(snapshot, want, version, python)}"
        )
        admitted = paired.get(package) or _candidates(snapshot, package, want.specifier, python) or [version]
        resolved[package] = Installed(package, version, "range", want.pins[0], note, tuple(admitted))
    return resolved


def resolve_installed(
    manifests: Sequence[Manifest[SpecifierSet]],
    lock: LockFile[SpecifierSet] | None,
    snapshot: Snapshot | None,
    python: ProjectPython | None = None,
) -> dict[str, Installed]:
    """The installed set: locked versions first, then exact manifest pins, then ranges resolved as pip would.

    ``python`` is the project's Python: releases it certainly rules out are skipped, as pip skips them.
    """
    installed = _locked(lock)
    mentions: dict[str, _Wanted] = {}
    for pin in (p for m in manifests for p in m.pins):
        known = mentions.get(pin.package)
        mentions[pin.package] = _Wanted((*known.pins, pin) if known else (pin,))
    for package, want in mentions.items():
        exact, direct = want.exact, want.direct
        if package not in installed and direct is not None:
            installed[package] = _from_source(direct)
        elif package not in installed and exact is not None and exact.exact is not None:
            note = f"{exact.name_as_written} pinned at {exact.location}"
            installed[package] = Installed(package, exact.exact, "exact", exact, note)
    for family in FAMILIES.values():
        installed.update(_jointly(family, mentions, dict(installed), snapshot, python))
    cores = {family.core for family in FAMILIES.values()}
    for package in sorted(mentions, key=lambda p: p not in cores):  # the cores settle first
        if package not in installed:
            installed[package] = _with_core(mentions[package], installed, snapshot, python)
    return installed


def _with_core(
    want: _Wanted, installed: Mapping[str, Installed], snapshot: Snapshot | None, python: ProjectPython | None
) -> Installed:
    """A range resolved by itself; a prebuilt package's range among the releases whose core requirement
    takes the core already settled (pip never installs a provider release beside a core it refuses:
    ``cdktf-cdktf-provider-google '*'`` beside ``cdktf ~=0.12.0`` is 2.0.46, not the newest 16.12.1)."""
    alone = _alone(want, snapshot, python)
    prebuilt = provider_package(want.package)
    core = installed.get(prebuilt.family.core) if prebuilt is not None else None
    if snapshot is None or core is None or core.version is None or alone.version is None:
        return alone
    core_version = core.version

    def takes_core(version: Version) -> bool:
        release = snapshot.binding(want.package, version)
        if (
            release is None
            or release.core_name is None
            or canonical(release.core_name) != canonical(core.package)
        ):
            return True  # nothing known against it: pip would not be stopped either
        return release.core_specifier.contains(core_version, prereleases=True)

    fitting = [v for v in alone.admitted if takes_core(v)]
    if not fitting or fitting[0] == alone.version:
        return alone
    note = (
        f"{want.shown} is a range without a lock: assuming the newest release it admits that takes "
        f"{core.package} {core_version}, {fitting[0]}, as pip would install them together"
        f"{_python_note(snapshot, want, fitting[0], python)}"
    )
    return Installed(want.package, fitting[0], "range", want.pins[0], note, tuple(fitting))
