"""Imports of the bindings ``cdktf get`` generates (``./.gen/providers/aws/...``): an entry in
cdktf.json for each provider (IMP004), a relative specifier (IMP001 for a bare ``.gen/...``), and the
layout of the generator's version (IMP002: from 0.13 on a provider's root exports only namespaces)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import NamedTuple

from packaging.version import Version

from compat.typescript.code import provider_folder
from compat.typescript.codes import rule
from compat.typescript.context import TsRun, decided, local_below, local_folder, version_of
from compat.typescript.project import TsProject
from compat.typescript.reader import TsFile, TsImport

IMP001 = rule("IMP001")
IMP002 = rule("IMP002")
IMP004 = rule("IMP004")


def _has_paths(root: Path, ceiling: Path) -> bool:
    """Whether a tsconfig.json at or above ``root`` sets baseUrl or paths (bare specifiers may resolve)."""
    for folder in (root, *root.parents):
        config = folder / "tsconfig.json"
        if config.is_file():
            try:
                text = config.read_text(encoding="utf-8", errors="replace")
            except OSError:
                return True
            if '"baseUrl"' in text or '"paths"' in text or '"extends"' in text:
                return True
        if folder == ceiling:
            break
    return False


class _Generator(NamedTuple):
    """The ``cdktf get`` that wrote the local bindings: its version and whether it is the CLI's own."""

    version: Version
    what: str  # "cdktf-cli 0.20.8 (package-lock.json)" or "cdktf 0.20.8 (...), standing in for the CLI"
    certain: bool


def _generator(project: TsProject) -> _Generator | None:
    for name, proxy in (("cdktf-cli", False), ("cdktn-cli", False), ("cdktf", True), ("cdktn", True)):
        installed = project.installed(name)
        version = version_of(installed.version)
        if version is None:
            continue
        stand_in = ", standing in for the CLI that runs cdktf get" if proxy else ""
        return _Generator(
            version,
            f"{name} {version} ({decided(project, installed)}{stand_in})",
            installed.certain and not proxy,
        )
    return None


def _root_layout(run: TsRun, file: TsFile, item: TsImport, generator: _Generator | None) -> None:
    """From CLI 0.13 on, a provider's root in the local bindings exports namespaces only (``s3Bucket``)."""
    if generator is None or generator.version < Version("0.13"):
        return
    for name in item.names:
        if not name.name[:1].isupper():
            continue
        run.findings.append(
            IMP002.finding(
                file.rel,
                name.line,
                name.column,
                f"'{name.name}' is not exported by '{item.specifier}': from cdktf 0.13 on, cdktf get writes "
                f"one folder per resource and the provider's root exports only namespaces "
                f"({generator.what}); import it from its own folder (TS2305)",
                symbol=f"{item.specifier}.{name.name}",
                severity=None if generator.certain else "warning",
            )
        )


def local_rules(run: TsRun) -> None:
    folder = local_folder(run)
    config = run.config
    if config is None:
        return
    providers = {provider_folder(e.raw) for e in config.providers}
    has_entries = bool(config.providers) or bool(config.modules)
    generator = _generator(run.project)
    paths = None
    for file in run.files:
        for item in file.imports:
            spec = item.specifier
            if spec == folder or spec.startswith(folder + "/"):
                if paths is None:
                    paths = _has_paths(run.root / PurePosixPath(file.rel).parent, run.project.ceiling)
                if not paths:
                    run.findings.append(
                        IMP001.finding(
                            file.rel,
                            item.line,
                            item.column,
                            f"'{spec}' is a bare specifier (no './'): Node and tsc look for a package named "
                            f"'{spec.split('/')[0]}' and fail (TS2307); no tsconfig baseUrl or paths maps it",
                            symbol=spec,
                        )
                    )
                continue
            below = local_below(run, file, spec)
            if below is None or len(below) < 2 or below[0] != "providers" or not has_entries:
                continue
            if below[1] in providers and len(below) == 2:
                _root_layout(run, file, item, generator)
            if below[1] not in providers:
                run.findings.append(
                    IMP004.finding(
                        file.rel,
                        item.line,
                        item.column,
                        f"'{spec}' imports local bindings of provider '{below[1]}', but no cdktf.json "
                        "terraformProviders entry generates them: cdktf get never writes "
                        f"{folder}/providers/{below[1]}",
                        symbol=spec,
                    )
                )
