"""What ``cdktf get`` generates for a cdktf.json, and which of it a project's code imports.

``cdktf get`` writes one Python package per ``terraformProviders`` and ``terraformModules`` entry
into ``codeMakerOutput`` (the Python template sets ``"imports"``; the CLI default is ``.gen``).
The package names follow hashicorp/terraform-cdk (read at tags v0.8.0, v0.20.0 and main):

- ``packages/@cdktf/commons/src/config.ts`` (``@cdktf/provider-generator/lib/config.ts`` before
  0.15): ``TerraformProviderConstraint`` takes the last ``/`` part of the address before ``@``
  (``hashicorp/aws@~>4.0`` -> ``aws``) or an object's ``name``; ``TerraformModuleConstraint``
  reads a registry source ``ns/name/provider[//sub/dir]`` (``isRegistryModule``: 3 or 4 parts, not
  local, not github.com / bitbucket.org) into ``name``, ``namespace`` and
  ``fqn = source.replace("//", "/")`` with dots as ``-``; local (``./x``) and other sources
  (git, http, ...) lose their prefix, protocol, host, query and ``.git``/``.hg``/``.zip``.
  An object entry has ``fqn = name``.
- ``construct-maker-target.ts`` ``srcMakName`` for Python, handed to jsii-srcmak as the module
  name (dots become folders): a provider's ``name`` with ``/`` -> ``.`` and ``-`` -> ``_``; a
  module's ``fqn`` likewise from cdktf 0.20 (commit 767f5c9), before 0.20 its ``namespace``
  (``terraform_aws_modules.aws``) or, without one, its ``name``. But ``cdktf get``
  (``cdktf-cli/src/bin/cmds/handlers.ts``, ``cli-core/src/lib/get.ts``) wraps the already parsed
  constraint in ``new TerraformModuleConstraint(c)`` once more, and an object gets ``fqn = name``:
  from 0.20 a module is generated under its ``name`` (``terraform-aws-modules/vpc/aws@2.77.0`` ->
  ``imports.vpc``, as the official ``examples/python/aws`` imports it since commit e9a40ac).

All spellings are kept as candidates (CLI >= 0.20, CLI < 0.20, the library's own ``fqn``), so an
import is recognised whichever CLI generated it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.version import Version

from compat.families import FAMILIES, Family
from compat.project.model import DEFAULT_OUTPUT, CdktfConfig
from compat.project.model import Generated as Generated  # re-exported: the callers' old home
from compat.project.model import LocalBindings as LocalBindings
from compat.record import Record
from compat.statements import statements

if TYPE_CHECKING:  # only the stand-in choice needs them, and its callers have them loaded
    from compat.snapshot import BindingRelease, Snapshot
    from compat.versions.hashicorp import HashiConstraint


class LocalImport(Record):
    """One import of the local bindings package (``from imports.aws.vpc import Vpc``)."""

    path: str  # relative to the project root
    line: int
    column: int  # 1-based, of the dotted name
    dotted: str  # below the package: "aws.vpc"
    entry: Generated | None  # None: no cdktf.json entry generates it
    names: tuple[str, ...] = ()  # ``from imports.random import Integer, Password``: the names imported


class LocalUsage(Record):
    """The project's local bindings and every import of them."""

    bindings: LocalBindings
    imports: tuple[LocalImport, ...]
    present: frozenset[str]  # top-level names that exist under codeMakerOutput in the checkout
    prebuilt_imported: bool  # some file names the prebuilt bindings' module

    def of(self, entry: Generated | None) -> list[LocalImport]:
        return [i for i in self.imports if entry is not None and i.entry == entry]

    def of_provider(self, position: int) -> list[LocalImport]:
        """Imports of what the ``position``-th terraformProviders entry generates."""
        return self.of(self.bindings.provider(position))

    def local_only(self, position: int) -> bool:
        """The code imports that provider's generated bindings and never the prebuilt package."""
        return bool(self.of_provider(position)) and not self.prebuilt_imported

    def where(self, position: int) -> str:
        """``main.py:5`` of the first import of that provider's bindings, else ``""``."""
        found = self.of_provider(position)
        return f"{found[0].path}:{found[0].line}" if found else ""


def _python(name: str) -> str:
    return name.replace("/", ".").replace("-", "_")


def provider_name(raw: object) -> str | None:
    """The Python package of one ``terraformProviders`` entry (``kreuzwerker/docker@~>3`` -> ``docker``)."""
    if isinstance(raw, dict):
        name = raw.get("name")
        return _python(name.strip()) if isinstance(name, str) and name.strip() else None
    if isinstance(raw, str):
        address = raw.split("@")[0].strip()
        last = address.split("/")[-1].strip()
        return _python(last) if last else None
    return None


def _is_registry(source: str) -> bool:
    parts = source.split("/")
    if source.startswith(".") or not 3 <= len(parts) <= 4:
        return False
    if "github.com" in source or "bitbucket.org" in source:
        return False
    return len(parts) == 3 or "." in parts[0]


def _split_sub(name: str, namespace: str | None, sub: str | None) -> tuple[str, str | None]:
    """``//sub/dir``: the module is named after the last part, its namespace grows by the rest."""
    if sub is None:
        return name, namespace
    parts = sub.split("/")
    inner = parts.pop() or name
    grown = f"{namespace}/{name}/{'/'.join(parts)}" if namespace else f"{name}/{'/'.join(parts)}"
    return inner, grown


def _strip_source(item: str) -> str:
    """A go-getter source without prefix, protocol, host, port, query and archive suffix."""
    text = re.sub(r"^[a-zA-Z0-9]*::", "", item)
    text = re.sub(r"^[a-zA-Z]*://", "", text)
    text = text.split(":")[-1]
    text = re.sub(r"^\d*", "", text)
    host = re.search(r"[^/]*\.[^/]*/(.*)", text)
    if host:
        text = host.group(1)
    text = re.sub(r"\?.*$", "", text)
    return re.sub(r"\.git|\.hg|\.zip", "", text, count=1)


def _module_parts(raw: str) -> tuple[str, str | None, str]:
    """``(name, namespace, fqn)`` of a string module source, as ``TerraformModuleConstraint`` reads it."""
    local = re.match(r"^(\./|\.\./|\.\\\\|\.\.\\\\)(.*)", raw)
    if local:
        fqn = local.group(2)
        parts = fqn.split("/")
        return parts[-1], parts[-2] if len(parts) > 1 else None, fqn
    source = raw.split("@")[0]
    main, _, sub = source.partition("//")
    if _is_registry(main):
        parts = main.split("/")
        name, namespace = _split_sub(parts[-2], f"{parts[-3]}/{parts[-1]}", sub or None)
        return name, namespace, source.replace("//", "/", 1).replace(".", "-")
    text = _strip_source(raw)
    main, _, sub = text.partition("//")
    parts = main.split("/")
    name, namespace = _split_sub(parts[-1], parts[-2] if len(parts) > 1 else None, sub or None)
    return name, namespace, text.replace("//", "/", 1)


def module_names(raw: object) -> tuple[str, ...]:
    """The Python packages one ``terraformModules`` entry becomes: CLI >= 0.20, CLI < 0.20, ``fqn``."""
    if isinstance(raw, dict):
        name, namespace = raw.get("name"), raw.get("namespace")
        if not isinstance(name, str) or not name:
            return ()
        fqn = name
    elif isinstance(raw, str) and raw.strip():
        name, namespace, fqn = _module_parts(raw.strip())
        if not name:
            return ()
    else:
        return ()
    older = _python(namespace) if isinstance(namespace, str) and namespace else name.replace("-", "")
    return tuple(dict.fromkeys((_python(name), older, _python(fqn))))


def _package(folder: str) -> str:
    dotted = folder.replace("\\", "/").strip("/").removeprefix("./").replace("/", ".")
    return dotted if all(part.isidentifier() for part in dotted.split(".")) else ""


def local_bindings(config: CdktfConfig) -> LocalBindings:
    """What ``cdktf get`` generates for ``config``: one entry per provider and module."""
    folder = (config.code_maker_output or DEFAULT_OUTPUT).strip() or DEFAULT_OUTPUT
    entries: list[Generated] = []
    for provider in config.providers:
        name = provider_name(provider.raw)
        if name:
            entries.append(Generated("provider", (name,), provider.requirement.raw, provider.position))
    for index, raw in enumerate(config.modules):
        names = module_names(raw)
        if names:
            written = raw if isinstance(raw, str) else str(raw.get("source") or raw.get("name"))
            entries.append(Generated("module", names, written, index))
    return LocalBindings(folder, _package(folder), tuple(entries))


def _imports(tree: ast.Module, package: str) -> Iterator[tuple[int, int, str, tuple[str, ...]]]:
    """``(line, 0-based column, dotted below package, names imported from it)`` of every import of
    ``package``'s contents."""
    prefix = package + "."
    for node in statements(tree):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if node.module == package:
                for alias in node.names:
                    if alias.name != "*":
                        yield alias.lineno, alias.col_offset, alias.name, ()
            elif node.module.startswith(prefix):
                names = tuple(alias.name for alias in node.names if alias.name != "*")
                yield node.lineno, node.col_offset, node.module[len(prefix) :], names
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(prefix):
                    yield alias.lineno, alias.col_offset, alias.name[len(prefix) :], ()


def _column(line_text: str, byte_col: int, dotted: str) -> int:
    found = line_text.find(dotted)
    if found >= 0:
        return found + 1
    return len(line_text.encode("utf-8")[:byte_col].decode("utf-8", "replace")) + 1


def scan_imports(rel: str, text: str, tree: ast.Module, bindings: LocalBindings) -> list[LocalImport]:
    """The imports of ``bindings.package`` in one parsed file, each with the entry generating it."""
    if not bindings.package or bindings.package not in text:
        return []
    lines = text.split("\n")
    found = []
    for line, col, dotted, names in _imports(tree, bindings.package):
        full = f"{bindings.package}.{dotted}"
        column = _column(lines[line - 1] if 0 < line <= len(lines) else "", col, full)
        found.append(LocalImport(rel, line, column, dotted, bindings.entry_for(dotted), names))
    return sorted(found, key=lambda i: (i.line, i.column))


class Unscanned(Record):
    """A file that imports the generated package but could not be analysed, and why."""

    path: Path
    line: int
    reason: str
    parses: bool = True  # False: Python itself rejects the file (a rewrite of it cannot be written)


def scan_files(root: Path, files: Iterable[Path], bindings: LocalBindings) -> list[LocalImport]:
    """:func:`scan_imports` over ``files``; unreadable or unparsable files are left to other checks."""
    return scan_files_reporting(root, files, bindings)[0]


def scan_files_reporting(
    root: Path, files: Iterable[Path], bindings: LocalBindings
) -> tuple[list[LocalImport], list[Unscanned]]:
    """:func:`scan_files`, with the files that import ``bindings.package`` but were not analysed.

    A file nested deeper than CPython's parser survives is not parsed at all (:mod:`compat.parse_guard`).
    """
    from compat.parse_guard import too_complex_for_ast
    from compat.python_source import read_python

    found: list[LocalImport] = []
    unscanned: list[Unscanned] = []
    if not bindings.package:
        return found, unscanned
    imports = re.compile(rf"\b(?:from|import)\s+{re.escape(bindings.package)}\b")
    for path in files:
        try:
            text = read_python(path).text  # as Python decodes it (a coding line, a byte order mark)
        except (OSError, SyntaxError):
            continue
        if bindings.package not in text:
            continue
        reason = too_complex_for_ast(text)
        line = 1
        parses = True
        if reason is None:
            try:
                tree = ast.parse(text)
            except SyntaxError as error:
                reason, line, parses = f"cannot parse: {error.msg}", error.lineno or 1, False
            except (ValueError, RecursionError, MemoryError):
                reason = "cannot parse: nested too deeply or too large"
            else:
                found.extend(scan_imports(path.relative_to(root).as_posix(), text, tree, bindings))
                continue
        if imports.search(text):
            what = f"imports the 'cdktf get' bindings ({bindings.package})"
            unscanned.append(Unscanned(path, line, f"{what} but {reason}", parses))
    return found, unscanned


def scan_parsed(
    root: Path, path: Path, text: str, tree: ast.Module | None, bindings: LocalBindings
) -> list[LocalImport]:
    """:func:`scan_files` of one file a caller has already read (``text``, undecoded newlines) and
    parsed (``tree``, None when it did not parse): the file is read again only when its text may
    differ from what :func:`scan_files` reads (``\\r`` newlines, a byte-order mark) or it has no tree."""
    if not bindings.package or bindings.package not in text:
        return []
    if tree is None or "\r" in text or text.startswith("\ufeff"):
        return scan_files(root, [path], bindings)
    return scan_imports(path.relative_to(root).as_posix(), text, tree, bindings)


def imported_providers(root: Path, config: CdktfConfig, files: Iterable[Path]) -> dict[int, str]:
    """``terraformProviders`` index -> where the code first imports what ``cdktf get`` makes of it."""
    found: dict[int, str] = {}
    for item in scan_files(root, files, local_bindings(config)):
        if item.entry is not None and item.entry.kind == "provider":
            found.setdefault(item.entry.position, f"{item.path}:{item.line}")
    return found


class InstalledCore(Record):
    """The core library a project installs, which tells the ``cdktf get`` layout."""

    name: str
    version: Version


def resource_module(name: str) -> str:
    """The module the per-resource layout puts a class in (``StringResource`` -> ``string_resource``;
    the provider class ``RandomProvider`` -> ``provider``)."""
    if name.endswith("Provider"):
        return "provider"
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def layout_of_release(release: BindingRelease) -> str:
    if release.package != FAMILIES["cdktf"].bindings or release.version >= Version("10.0.0"):
        return "resource"
    return "service" if release.version >= Version("2.0.13") else "flat"


def layout_of_core(core: InstalledCore | None) -> str | None:
    """The module layout ``cdktf get`` of this core's CLI writes; None when the core is unknown."""
    if core is None:
        return None
    if core.name != FAMILIES["cdktf"].core:
        return "resource"
    version = core.version
    return "resource" if version >= Version("0.13") else "service" if version >= Version("0.7") else "flat"


def stand_in_release(
    snapshot: Snapshot, family: Family, constraint: HashiConstraint, core: InstalledCore | None
) -> BindingRelease | None:
    """The prebuilt release standing in for what ``cdktf get`` generates under ``constraint``: among
    the releases in the layout of the CLI (the core stands in for it), the one built for the newest
    provider the constraint admits (ties go to a release whose core range admits the core)."""
    layout = layout_of_core(core)
    core_version = core.version if core is not None else None
    for package in (family.bindings, *(other.bindings for other in FAMILIES.values() if other != family)):
        candidates = [
            r
            for r in snapshot.bindings(package)
            if not r.yanked
            and r.provider_version is not None
            and constraint.allows(r.provider_version)
            and (layout is None or layout_of_release(r) == layout)
        ]
        if candidates:

            def rank(release: BindingRelease) -> tuple[Version, bool, Version]:
                assert release.provider_version is not None
                admits = core_version is not None and release.core_specifier.contains(core_version)
                return (release.provider_version, admits, release.version)

            return max(candidates, key=rank)
    return None
