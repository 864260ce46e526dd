"""A TypeScript cdktf project: its package.json, the lock that decides what installs, its source files.

The manifest is the nearest ``package.json`` at or above the folder of ``cdktf.json`` (up to the
repository root), as npm finds it when ``cdktf synth`` runs the app. The lock is the nearest npm,
pnpm, Yarn or bun (``bun.lock``) lock at or above that folder whose workspace holds it (each of them
keeps one lock at the workspace root): a lock in the same folder always, one above only when it records
this member (npm ``packages``, pnpm ``importers``, bun ``workspaces``) or the root package.json's
``workspaces`` name it.
A folder above whose ``workspaces`` (or pnpm-workspace.yaml) names the project's folder is its
workspace root, and its lock wins over a stray lock in the member's folder: the installers install a
member from the root's lock (and write one there when it has none, so the member's is never read).

Several locks in one folder (a leftover ``package-lock.json`` next to the ``yarn.lock`` CI uses): the
``packageManager`` field of that folder's package.json (corepack) names the installer; without it the
lock that installs every declared dependency inside its range is taken (the other is stale), in the
order npm, pnpm, Yarn, bun on a tie, with a note saying so. bun's binary ``bun.lockb`` is not read: a
project with only that lock is named as such, its versions read from the package.json ranges.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Sequence
from pathlib import Path

from compat.errors import CompatError
from compat.project.files import MAX_BYTES, repository_root, walk
from compat.project.formats.npm_locks import LOCK_FILES, LockedPackage, NpmLock, read_lock
from compat.project.formats.package_json import FILENAME, NpmDependency, PackageJson, read_package_json
from compat.record import Record

SOURCE_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")


class InstalledNpm(Record):
    """The version of a package that installs, and what decided it."""

    name: str
    #: None: neither the lock nor an exact pin says, and no release npm would pick for the range is known
    version: str | None
    declared: NpmDependency | None  # the package.json entry
    locked: LockedPackage | None  # the lock entry it comes from
    how: str  # "lock", "exact", "range", "undeclared"
    #: for a version assumed from a range (:attr:`assumed`): every release compat knows the range admits,
    #: newest first (:class:`AssumedVersion`)
    admitted: tuple[str, ...] = ()

    @property
    def certain(self) -> bool:
        return self.how in ("lock", "exact")

    @property
    def assumed(self) -> bool:
        """Whether the version is compat's reading of a range no lock settles: what npm would install."""
        return self.how == "range" and self.version is not None


class AssumedVersion(Record):
    """The release ``npm install`` would pick today for a prebuilt package's range that no lock settles
    (:func:`compat.typescript.assumed.with_assumed_versions`): an assumption, said as one."""

    name: str  # npm name
    version: str  # npm's text
    admitted: tuple[str, ...]  # every release compat knows the range admits, newest first


class TsProject(Record):
    root: Path
    ceiling: Path  # the repository root (or the project's folder outside a repository)
    manifest: PackageJson | None
    lock: NpmLock | None
    member: str  # the manifest's folder relative to the lock's folder (POSIX, "" when the same)
    notes: tuple[str, ...]
    #: the prebuilt packages whose version is assumed from their range (no lock entry, no exact pin)
    assumed: tuple[AssumedVersion, ...] = ()

    def overridden(self) -> frozenset[str]:
        """The names the install's root package.json overrides (npm, yarn and pnpm read overrides there
        only: a workspace member's own are ignored), every range on them rewritten, peer ranges included."""
        if self.manifest is None:
            return frozenset()
        if not self.member or self.lock is None:
            return self.manifest.overridden
        try:
            return read_package_json(self.lock.path.parent / FILENAME).overridden
        except CompatError:
            return frozenset()  # no readable root manifest: nothing known to be overridden

    def installed(self, name: str) -> InstalledNpm:
        declared = self.manifest.declared(name) if self.manifest else None
        if self.lock is not None:
            locked = self.lock.installed(name, self.member, declared.spec if declared else None)
            if locked is not None:
                return InstalledNpm(name, locked.version, declared, locked, "lock")
        if declared is None:
            return InstalledNpm(name, None, None, None, "undeclared")
        spec = declared.range
        exact = spec.exact if spec is not None else None
        if exact is not None:
            return InstalledNpm(name, exact.text, declared, None, "exact")
        pick = next((found for found in self.assumed if found.name == name), None)
        if pick is not None:
            return InstalledNpm(name, pick.version, declared, None, "range", pick.admitted)
        return InstalledNpm(name, None, declared, None, "range")


#: the installer a ``packageManager`` field names for each lock file name
_INSTALLER = {
    "npm-shrinkwrap.json": "npm",
    "package-lock.json": "npm",
    "pnpm-lock.yaml": "pnpm",
    "yarn.lock": "yarn",
    "bun.lock": "bun",
}


def _locks_in(folder: Path) -> list[tuple[Path, str | None]]:
    return [(folder / name, _INSTALLER.get(name)) for name in LOCK_FILES if (folder / name).is_file()]


#: locks of an installer compat does not read (bun's binary lock, written before bun 1.2)
UNREAD_LOCK_FILES = ("bun.lockb",)


def _unread_lock(start: Path, ceiling: Path) -> Path | None:
    """The nearest lock compat cannot read at or above ``start`` (so "no lock file" is not said of it)."""
    for folder in _above(start, ceiling):
        for name in UNREAD_LOCK_FILES:
            if (folder / name).is_file():
                return folder / name
    return None


def _drift(lock: NpmLock, manifest: PackageJson, member: str) -> int:
    """How many of the manifest's dependencies the lock does not install inside their declared range."""
    missed = 0
    for dependency in manifest.dependencies:
        spec = dependency.range
        if spec is None:
            continue
        locked = lock.installed(dependency.name, member, dependency.spec)
        if locked is None or not spec.admits(locked.version):
            missed += 1
    return missed


def _manager(folder: Path) -> str | None:
    """The installer ``packageManager`` names in the folder's package.json (``yarn@4.1.0`` -> ``yarn``)."""
    package = folder / FILENAME
    if not package.is_file():
        return None
    try:
        named = read_package_json(package).package_manager
    except Exception:  # noqa: BLE001 - an unreadable manifest names no installer
        return None
    return named.split("@", 1)[0].strip() if named else None


def _choose_lock(folder: Path, manifest: PackageJson, member: str, notes: list[str]) -> NpmLock | None:
    """The lock of ``folder`` that decides what installs (see the module docstring)."""
    found = _locks_in(folder)
    if len(found) <= 1:
        return read_lock(found[0][0]) if found else None
    manager = _manager(folder)
    named = [path for path, kind in found if manager and kind == manager]
    if named:
        notes.append(f"{folder.name}: several locks; {named[0].name} decides (packageManager {manager})")
        return read_lock(named[0])
    locks: list[NpmLock] = []
    for path, _ in found:
        try:
            locks.append(read_lock(path))
        except CompatError:
            continue  # an unreadable second lock decides nothing; the readable one is taken
    if not locks:
        return read_lock(found[0][0])  # the first one's problem is the one to report
    chosen = min(locks, key=lambda lock: _drift(lock, manifest, member))  # stable: LOCK_FILES order on a tie
    others = ", ".join(lock.path.name for lock in locks if lock is not chosen)
    notes.append(
        f"several locks ({chosen.path.name}, {others}) and no packageManager: {chosen.path.name} taken "
        "(assumed: the one that installs what package.json declares; the other is stale)"
    )
    return chosen


def _workspace_root(member_folder: Path, ceiling: Path) -> tuple[Path, str] | None:
    """The nearest folder above whose workspaces name ``member_folder``, with the member's path in it."""
    for folder in _above(member_folder.parent, ceiling):
        rel = member_folder.relative_to(folder).as_posix()
        if _member_of(rel, _workspace_globs(folder)):
            return folder, rel
    return None


def _workspace_globs(folder: Path) -> tuple[str, ...]:
    globs: tuple[str, ...] = ()
    package = folder / FILENAME
    if package.is_file():
        try:
            globs = read_package_json(package).workspaces
        except Exception:  # noqa: BLE001 - an unreadable root manifest names no members
            globs = ()
    pnpm = folder / "pnpm-workspace.yaml"
    if pnpm.is_file():
        import yaml

        try:
            document = yaml.safe_load(pnpm.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            document = None
        if isinstance(document, dict) and isinstance(document.get("packages"), list):
            globs += tuple(g for g in document["packages"] if isinstance(g, str))
    return globs


def _member_of(member: str, globs: tuple[str, ...]) -> bool:
    return any(
        fnmatch.fnmatch(member, g.rstrip("/").removeprefix("./"))
        or fnmatch.fnmatch(member, g.rstrip("/").removeprefix("./").replace("/**", "/*"))
        for g in globs
        if not g.startswith("!")
    )


def _above(start: Path, ceiling: Path) -> Iterator[Path]:
    for folder in (start, *start.parents):
        yield folder
        if folder == ceiling:
            return


def _readable(path: Path) -> PackageJson | None:
    try:
        return read_package_json(path)
    except CompatError:
        return None  # no readable root manifest: nothing to say of its overrides


def _shown(path: Path, ceiling: Path) -> str:
    """``path`` as a note names it: relative to the repository root (the ceiling), else in full."""
    try:
        return path.relative_to(ceiling).as_posix()
    except ValueError:
        return str(path)


def _override_note(manifest: PackageJson, ceiling: Path) -> str:
    """One line naming what of the install root's override fields compat skipped (the rest is read)."""
    shown = _shown(manifest.path, ceiling)
    return (
        f"{shown}: malformed overrides skipped ({'; '.join(manifest.override_problems)}): "
        "versions are read as if they were not written"
    )


def load_ts_project(root: Path) -> TsProject:
    """Read the project at ``root`` (the folder of cdktf.json): manifest and lock, nothing else."""
    root = root.resolve()
    ceiling = repository_root(root) or root
    notes: list[str] = []
    manifest_path = next((f / FILENAME for f in _above(root, ceiling) if (f / FILENAME).is_file()), None)
    manifest = read_package_json(manifest_path) if manifest_path is not None else None
    if manifest is None:
        notes.append("no package.json at or above the project: versions unknown, version rules skipped")
    lock: NpmLock | None = None
    member = ""
    workspace = (
        _workspace_root(manifest_path.parent, ceiling)
        if manifest_path is not None and manifest_path.parent != ceiling
        else None
    )
    if manifest is not None and workspace is not None:
        lock, member = _choose_lock(workspace[0], manifest, workspace[1], notes), workspace[1]
    elif manifest_path is not None and manifest is not None:
        for folder in _above(manifest_path.parent, ceiling):
            if not _locks_in(folder):
                continue
            rel = manifest_path.parent.relative_to(folder).as_posix()
            rel = "" if rel == "." else rel
            candidate = _choose_lock(folder, manifest, rel, notes)
            if candidate is not None and (
                not rel or rel in candidate.importers or _member_of(rel, _workspace_globs(folder))
            ):
                lock, member = candidate, rel
            break
    if manifest is not None and lock is None:
        unread = _unread_lock(manifest.path.parent, ceiling)
        notes.append(
            f"{_shown(unread, ceiling)}: bun's binary lock, which compat does not read (it reads npm, Yarn, "
            "pnpm and bun.lock text locks; bun install --save-text-lockfile writes one): versions are what "
            "the package.json ranges admit (assumed: at most warnings)"
            if unread is not None
            else "no lock file: versions are what the package.json ranges admit (assumed: at most warnings)"
        )
    install_root = manifest if not member or lock is None else _readable(lock.path.parent / FILENAME)
    if install_root is not None and install_root.override_problems:
        notes.append(_override_note(install_root, ceiling))
    return TsProject(
        root=root, ceiling=ceiling, manifest=manifest, lock=lock, member=member, notes=tuple(notes)
    )


def source_files(root: Path, code_maker_output: str) -> Iterator[Path]:
    """The project's TypeScript files: not generated (codeMakerOutput, .d.ts), vendored or ignored."""
    return (path for path, _ in sized_source_files(root, code_maker_output))


def sized_source_files(
    root: Path, code_maker_output: str, exclude: Sequence[str] = ()
) -> Iterator[tuple[Path, int]]:
    """:func:`source_files` with the size of each (``exclude``: more paths relative to ``root`` the
    project's settings leave out)."""
    for directory, entries in walk(root, (code_maker_output.strip("./") or ".gen", *exclude)):
        for entry in entries:
            name = entry.name
            if (
                name.endswith(SOURCE_SUFFIXES)
                and not name.endswith((".d.ts", ".d.mts", ".d.cts"))
                and entry.is_file()
            ):
                try:
                    size = entry.stat().st_size
                except OSError:
                    continue
                if size <= MAX_BYTES:
                    yield directory / name, size
