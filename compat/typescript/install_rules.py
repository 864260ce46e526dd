"""Version rules about what a clean install of a TypeScript project gets: the lock against package.json
(VER006), a package the code imports but nothing declares (VER014), Node.js below ``engines.node``
(VER011), and backend options and write-only arguments the CLI does not accept (SYN001, SYN002).

Each states what decided it. Node.js counts only when the project names it (``--node``, ``.nvmrc``,
``.node-version``, ``.tool-versions``): the ``node`` on this machine's PATH says nothing of the CI's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

from packaging.version import Version

from compat.check.model import Finding
from compat.families import CORES
from compat.project.formats.package_json import FILENAME, read_package_json
from compat.providers import provider_package
from compat.snapshot import TerraformFeature
from compat.typescript.codes import rule
from compat.typescript.project import TsProject
from compat.typescript.reader import Props, TsFile
from compat.typescript.tsconfig import mapped_by_paths
from compat.versions.cli_names import Cli
from compat.versions.detect import Detected
from compat.versions.npm_semver import NpmRange

IMP003 = rule("IMP003")
VER006 = rule("VER006")
VER011 = rule("VER011")
VER014 = rule("VER014")
SYN001 = rule("SYN001")
SYN002 = rule("SYN002")

#: the packages whose versions compat reasons about: the cores, constructs and every prebuilt provider
_CORE_PACKAGES = (*CORES, "constructs")


@cache
def _interesting(name: str) -> bool:
    return name in _CORE_PACKAGES or provider_package(name) is not None


@cache
def _prebuilt(name: str) -> bool:
    """Whether ``name`` denotes a prebuilt package; asked once per import specifier in a run (the same
    few recur in every stack file)."""
    return provider_package(name) is not None


def _rel(root: Path, path: Path) -> str:
    import os

    return Path(os.path.relpath(path, root)).as_posix()


def lock_drift(project: TsProject) -> Iterator[Finding]:
    """A locked version outside the package.json range: ``npm ci`` / ``--frozen-lockfile`` refuse."""
    manifest, lock = project.manifest, project.lock
    if manifest is None or lock is None:
        return
    for dependency in manifest.dependencies:
        if (
            not dependency.installs
            or not _interesting(dependency.name)
            or dependency.name in manifest.overrides
        ):
            continue
        recorded = lock.recorded_specifier(dependency.name, project.member)
        if recorded is None and lock.kind == "pnpm" and lock.specifiers.get(project.member):
            yield VER006.finding(
                _rel(project.root, manifest.path),
                dependency.line,
                0,
                f'{dependency.name} "{dependency.spec}" in {manifest.path.name} has no entry in '
                f"{lock.path.name}, which records every specifier of this package.json: pnpm install "
                "--frozen-lockfile (the default in CI) fails with ERR_PNPM_OUTDATED_LOCKFILE; pnpm install "
                "rewrites the lock",
                symbol=dependency.name,
            )
            continue
        if (
            lock.kind == "npm"
            and lock.version in ("2", "3")
            and not lock.installed(dependency.name, project.member)
        ):
            yield VER006.finding(
                _rel(project.root, manifest.path),
                dependency.line,
                0,
                f'{dependency.name} "{dependency.spec}" in {manifest.path.name} is missing from '
                f'{lock.path.name}: npm ci fails (package.json and the lock are not in sync, "Missing: '
                f'{dependency.name}"); npm install rewrites the lock',
                symbol=dependency.name,
            )
            continue
        if recorded is not None and recorded != dependency.spec:
            yield VER006.finding(
                _rel(project.root, manifest.path),
                dependency.line,
                0,
                f'{dependency.name} "{dependency.spec}" in {manifest.path.name}, but {lock.path.name} '
                f'was made from "{recorded}": pnpm install --frozen-lockfile (the default in CI) fails with '
                "ERR_PNPM_OUTDATED_LOCKFILE; pnpm install rewrites the lock",
                symbol=dependency.name,
            )
            continue
        if lock.has_other_descriptor(dependency.name, dependency.spec):
            yield VER006.finding(
                _rel(project.root, manifest.path),
                dependency.line,
                0,
                f'{dependency.name} "{dependency.spec}" in {manifest.path.name} has no entry in '
                f"{lock.path.name}, which locks other ranges of it: yarn install --frozen-lockfile fails, "
                "yarn install rewrites the lock",
                symbol=dependency.name,
                severity="warning",
            )
            continue
        spec = dependency.range
        locked = lock.installed(dependency.name, project.member, dependency.spec)
        if spec is None or locked is None or spec.admits(locked.version):
            continue
        yield VER006.finding(
            _rel(project.root, manifest.path),
            dependency.line,
            0,
            f'{dependency.name} "{dependency.spec}" in {manifest.path.name}, but {lock.path.name} installs '
            f"{locked.version}: the lock is out of date ({lock.install_command} rewrites it; "
            "a frozen install fails)",
            symbol=dependency.name,
        )


def _declared_above(project: TsProject, name: str) -> bool:
    """Whether a package.json between the project and the repository root declares ``name``."""
    folder = project.root
    while True:
        candidate = folder / FILENAME
        if candidate.is_file():
            try:
                if read_package_json(candidate).declared(name) is not None:
                    return True
            except Exception:  # noqa: BLE001 - an unreadable manifest declares nothing
                pass
        if folder == project.ceiling or folder.parent == folder:
            return False
        folder = folder.parent


def _project_family(project: TsProject) -> tuple[str, str] | None:
    """(family, what decided it) when exactly one core is installed or declared."""
    found = [(core, project.installed(core)) for core in CORES]
    known = [(core, i) for core, i in found if i.how != "undeclared"]
    if len(known) != 1:
        return None
    core, installed = known[0]
    return (
        core,
        f"{core} {installed.version or installed.declared.spec if installed.declared else ''}".strip(),
    )


def _other_family_name(name: str, family_of: tuple[str, str] | None) -> tuple[str, str, str, str] | None:
    """For an import of the other family's core or prebuilt package: (its family, the project's family, what
    decided it, the name to import instead)."""
    if family_of is None:
        return None
    mine, decided = family_of
    package = provider_package(name)
    theirs = name if name in CORES else package.family.name if package is not None else None
    if theirs is None or theirs == mine:
        return None
    instead = mine if name in CORES else f"@{mine}/provider-{package.provider}" if package else mine
    return theirs, mine, decided, instead


def undeclared(project: TsProject, files: list[TsFile]) -> Iterator[Finding]:
    """An import of a core or prebuilt package that no package.json declares and no lock installs."""
    if project.manifest is None:
        return
    first: dict[str, tuple[TsFile, int, int]] = {}
    for file in files:
        for item in file.imports:
            if item.type_only:
                continue
            parts = item.specifier.split("/")
            name = "/".join(parts[:2]) if item.specifier.startswith("@") else parts[0]
            if not _interesting(name) or name == "constructs" or name in first:
                continue
            if mapped_by_paths(file.path.parent, project.ceiling, item.specifier):
                continue  # tsconfig paths send it to local files (.gen bindings): no package needed
            first[name] = (file, item.line, item.column)
    family_of = _project_family(project)
    for name, (file, line, column) in sorted(first.items()):
        if project.installed(name).how != "undeclared" or _declared_above(project, name):
            continue
        other = _other_family_name(name, family_of)
        if other is not None:
            yield IMP003.finding(
                file.rel,
                line,
                column,
                f"'{name}' is the {other[0]} package, but this is a {other[1]} project ({other[2]}) and "
                f"nothing installs '{name}': import from '{other[3]}' (TS2307)",
                symbol=name,
            )
            continue
        certain = project.lock is not None
        how = (
            f"nor does {project.lock.path.name} install it"
            if project.lock is not None
            else "and there is no lock to show it arrives with another package (assumed missing)"
        )
        yield VER014.finding(
            file.rel,
            line,
            column,
            f"'{name}' is imported, but no package.json up to the repository root declares it, {how}",
            symbol=name,
            severity=None if certain else "warning",
        )


def node_below_floor(project: TsProject, node: Detected | None, engines: dict[str, str]) -> Iterator[Finding]:
    """``engines.node`` of an installed core or prebuilt release that the project's Node.js is outside."""
    from compat.versions.node import newest_in

    if node is None or node.source.endswith("--version'") or project.manifest is None:
        return
    version = node.version
    probe = version if len(version.release) >= 3 else Version(str(newest_in(version)) + ".dev0")
    text = ".".join(str(part) for part in version.release) + (".0" * (3 - len(version.release)))
    for name, floor in sorted(engines.items()):
        spec = NpmRange.parse(floor)
        if spec is None or spec.admits(text) or (probe != version and spec.admits(_below(probe))):
            continue
        declared = project.manifest.declared(name)
        yield VER011.finding(
            _rel(project.root, project.manifest.path),
            declared.line if declared else 0,
            0,
            f"{name} needs Node.js {floor} (engines.node), but the project runs Node.js {node.raw} "
            f"({node.source})",
            symbol=name,
        )


def _below(version: Version) -> str:
    """The last patch of a partial version's range, for npm: ``20.10.dev0`` -> ``20.9.999``."""
    major, minor = (list(version.release) + [0, 0])[:2]
    return f"{major}.{minor - 1}.999" if minor else f"{major - 1}.999.999"


def _snake(name: str) -> str:
    """A TypeScript prop's Terraform argument: ``useLockfile`` -> ``use_lockfile``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def cli_features(
    files: list[TsFile], cli: Cli, terraform: Version | None, features: Sequence[TerraformFeature]
) -> Iterator[Finding]:
    """Backend options and write-only arguments the project's CLI does not accept (SYN001, SYN002):
    ``new S3Backend(this, { useLockfile: true })`` and ``new CloudBackend(...)`` of either core, and
    ``*Wo`` props of prebuilt constructs, judged with the feature table the Python check uses."""
    from compat.check.features import Use, detect, document_for_path, gates, judge, source_of

    if terraform is None:
        return
    table = None
    for file in files:
        core = {n.local: n.name for i in file.imports if i.specifier in CORES for n in i.names}
        prebuilt = {
            n.local for i in file.imports if _prebuilt(i.specifier.split("/lib/")[0]) for n in i.names
        }
        prebuilt |= {i.namespace for i in file.imports if i.namespace and _prebuilt(i.specifier)}
        for call in file.calls:
            name = core.get(call.callee[0]) if len(call.callee) == 1 else None
            uses: list[tuple[Use, int, int, str]] = []
            if name == "CloudBackend":
                uses.append(
                    (Use("cloud_block", ("terraform", "cloud")), call.line, call.column, "CloudBackend")
                )
            elif isinstance(call.props, Props) and name == "S3Backend":
                for key in call.props.keys:
                    for use in detect(document_for_path(f"terraform.backend.s3.{_snake(key.key)}")):
                        uses.append((use, key.line, key.column, f"S3Backend {key.key}"))
            elif isinstance(call.props, Props) and call.callee[0] in prebuilt:
                for key in call.props.keys:
                    if key.key.endswith(("Wo", "WoVersion")):
                        use = Use("write_only_arguments", (call.callee[-1], _snake(key.key)))
                        uses.append((use, key.line, key.column, f"{call.callee[-1]} {key.key}"))
            for use, line, column, what in uses:
                table = table if table is not None else gates(features)
                gate = table.get(use.key)
                verdict = judge(gate, terraform, cli) if gate is not None else None
                if gate is None or verdict is None:
                    continue
                meta = SYN002 if verdict.removed else SYN001
                yield meta.finding(
                    file.rel,
                    line,
                    column,
                    f"{what}: {verdict.message} ({source_of(gate, cli)})",
                    symbol=use.dotted,
                    suggestion=verdict.fix or None,
                    severity="warning" if verdict.severity == "warning" else None,
                )
