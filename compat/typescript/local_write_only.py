"""Write-only props of the constructs ``cdktf get`` generates (``./.gen/providers/aws/db-instance``).

``new DbInstance(this, "db", { passwordWo: ... })`` with ``DbInstance`` imported from the local
bindings is a write-only attribute (Terraform >= 1.11, cdktn's ``writeOnlyAttributes``) only when the
generated class has that prop. No index of generated files exists, but the prebuilt releases were made
by the same generator: the prop is looked up in the release standing in for what ``cdktf get``
generates (as for Python, :func:`compat.project.local_bindings.stand_in_release`), and a use is
reported only where that release is known:

- ``cdktf get`` generates the newest provider the cdktf.json constraint admits. The stand-in is a
  release of the provider's official prebuilt package built for the newest admitted provider the
  release data knows (older ones of the same major in turn, when that one has no symbol index
  here), in the layout of the CLI that runs ``cdktf get`` (the installed CLI, else the core);
- the provider the CLI generates may be newer than any the data knows, but never of another major:
  a constraint that admits a later major (``>= 5.0``, no constraint at all) leaves the generated
  release unknown, and nothing is said. Within a major a provider adds attributes and does not remove
  them, so a prop the stand-in has, the generated class has too;
- a prop the stand-in lacks, a class it does not hold, an entry no release stands in for (a provider
  without prebuilt packages, a CLI or core of unknown version): nothing is said (a false alarm costs
  more than a miss).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from packaging.version import Version

from compat.check.write_only import WriteOnlyUse
from compat.families import FAMILIES
from compat.index.model import IndexLoader
from compat.index.typescript import TsRelease
from compat.project.local_bindings import InstalledCore, layout_of_core, layout_of_release
from compat.project.model import ProviderEntry
from compat.providers import ProviderPackage
from compat.record import Record
from compat.typescript.context import TsRun, folder_of_bindings, local_parts, provider_folder
from compat.typescript.reader import Props, TsFile

if TYPE_CHECKING:
    from compat.snapshot import BindingRelease

#: how many releases of the newest admitted provider major are tried for a symbol index (newest first)
_TRIES = 3


class _Local(Record):
    """A name a file imports from a provider's local bindings."""

    release: TsRelease  # the release standing in for the provider's generated bindings
    below: tuple[str, ...]  # the folders below ``providers/<provider>`` (``("db-instance",)``; root: ())
    name: str | None  # the imported name; None: a namespace import (``import * as aws``)


def _admitted(run: TsRun, entry: ProviderEntry, layout: str) -> list[BindingRelease]:
    """The releases of the entry's provider's official packages built for a provider its constraint
    admits, in the CLI's ``layout``, newest provider first; empty when the constraint admits a later
    major than the newest of them (the generated release is then unknown)."""
    snapshot, requirement = run.snapshot, entry.requirement
    provider = requirement.source.rsplit("/", 1)[-1]
    if snapshot is None or not provider:
        return []
    found = [
        release
        for family in FAMILIES.values()
        for release in snapshot.bindings(ProviderPackage(family, provider).pypi)
        if not release.yanked
        and release.provider_source == requirement.source
        and release.provider_version is not None
        and requirement.constraint.allows(release.provider_version)
        and layout_of_release(release) == layout
    ]
    if not found:
        return []

    def newest_first(release: BindingRelease) -> tuple[Version, Version]:
        assert release.provider_version is not None
        return release.provider_version, release.version

    found.sort(key=newest_first, reverse=True)
    newest = found[0].provider_version
    assert newest is not None
    if requirement.constraint.allows(Version(f"{newest.major + 1}")):
        return []  # cdktf get may generate a major the data does not know
    return [r for r in found if r.provider_version is not None and r.provider_version.major == newest.major]


class LocalStandIns:
    """The releases standing in for a TypeScript project's local provider bindings (see the module
    docstring), opened the first time a file imports the provider; :meth:`write_only` reads a file."""

    def __init__(
        self, run: TsRun, core: str, generator: Version | None, index_loader: IndexLoader, offline: bool
    ) -> None:
        """``core``: the project's core package (its family's); ``generator``: the version of the CLI
        that runs ``cdktf get`` (the core's standing in for it; None: unknown, nothing is said)."""
        self._run, self._loader, self._offline = run, index_loader, offline
        config = run.config
        self._folder = folder_of_bindings((config.code_maker_output if config else None) or ".gen")
        self._entries = {provider_folder(e.raw): e for e in config.providers} if config is not None else {}
        self._layout = layout_of_core(InstalledCore(core, generator)) if generator is not None else None
        self._opened: dict[str, TsRelease | None] = {}

    def _release(self, folder: str) -> TsRelease | None:
        """The stand-in of the entry generating ``providers/<folder>`` (None: no entry, or none known)."""
        if folder in self._opened:
            return self._opened[folder]
        entry = self._entries.get(folder)
        found = None
        if entry is not None and self._layout is not None:
            for release in _admitted(self._run, entry, self._layout)[:_TRIES]:
                index = self._loader(release.package, str(release.version), self._offline)
                read_layout = getattr(index, "ts_layout", None)  # the on-disk index has it; a fake may not
                layout = read_layout() if callable(read_layout) else None
                if index is not None and layout is not None:
                    found = TsRelease(index, layout)
                    break
        self._opened[folder] = found
        return found

    def _locals(self, file: TsFile) -> dict[str, _Local]:
        """The names ``file`` imports from local provider bindings whose stand-in is known."""
        found: dict[str, _Local] = {}
        for item in file.imports:
            below = None if item.type_only else local_parts(self._folder, file.rel, item.specifier)
            if below is None or len(below) < 2 or below[0] != "providers":
                continue
            release = self._release(below[1])
            if release is None:
                continue
            for name in item.names:
                found[name.local] = _Local(release, below[2:], name.name)
            if item.namespace:
                found[item.namespace] = _Local(release, below[2:], None)
        return found

    def write_only(self, file: TsFile) -> list[WriteOnlyUse]:
        """The ``*Wo`` props of the file's local provider constructs that the stand-in's class has."""
        if not self._entries or not file.calls or not file.mentions_wo:
            return []
        bound = self._locals(file)
        if not bound:
            return []
        uses: list[WriteOnlyUse] = []
        for call in file.calls:
            local = bound.get(call.callee[0])
            if local is None or not isinstance(call.props, Props):
                continue
            keys = [key for key in call.props.keys if key.key.endswith("Wo")]
            if not keys:
                continue
            props = _class_props(local, call.callee[1:])
            uses.extend(
                WriteOnlyUse(construct=call.callee[-1], argument=key.key, line=key.line, column=key.column)
                for key in keys
                if key.key in props
            )
        return uses


def _class_props(local: _Local, rest: tuple[str, ...]) -> frozenset[str]:
    """The props of the construct ``new <local>.<rest...>`` names in the stand-in (empty: not found)."""
    path = ((local.name,) if local.name is not None else ()) + rest
    release = local.release
    if local.below:  # a resource folder (``providers/aws/db-instance``): its class, by name
        module = release.module("lib/" + "/".join(local.below))
        name = path[0] if len(path) == 1 else None
    elif len(path) == 2:  # the provider root's namespace (``dbInstance.DbInstance``)
        module, name = release.namespace(path[0]), path[1]
    else:
        return frozenset()
    found = release.class_props(module, name) if module is not None and name is not None else None
    if found is None or found.kind != "construct":
        return frozenset()
    return frozenset(found.props)
