"""Imports and construct props of prebuilt provider packages, checked against the symbol index.

The index is keyed by the Python twin of each release (the same jsii build publishes both). A TS
path ``@cdktf/provider-aws/lib/<folder>`` is one jsii submodule; its Python module is the snake_case
of the submodule's name, and the folder follows the Terraform resource name, so neither is the
other with ``-`` turned into ``_`` (``lib/lexv2models-bot`` is ``lexv2_models_bot``). Both spell
the same letters and digits in the same order, so a module is matched on those alone, and only
when exactly one module matches. The root import exposes the submodules as namespaces
(``s3Bucket``, or ``ec2`` in the namespaced releases <= 9.x). Props are the jsii property names
(``Param.js_name``), the Python keywords' camelCase.

Only what is certain is reported: an import path or name the release does not have, a key that is
no property of the construct's config or of a nested block's struct, an object where the release
wants an array of blocks or the reverse. Spreads, variables, calls and casts are never judged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from compat.check.model import Finding, Severity
from compat.index.model import ClassInfo, Param, ReleaseIndex
from compat.index.tslayout import TsModule, has_folders
from compat.record import Record
from compat.typescript.codes import rule
from compat.typescript.reader import ArrayView, NewCall, ObjectView, PropsOf, TsFile, TsImport

if TYPE_CHECKING:
    from compat.index.typescript import TsRelease

IMP001 = rule("IMP001")
IMP002 = rule("IMP002")
API001 = rule("API001")
API003 = rule("API003")
API004 = rule("API004")
API008 = rule("API008")

_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def _key(name: str) -> str:
    return _NOT_ALNUM.sub("", name.lower())


def camel(snake: str) -> str:
    head, *rest = snake.rstrip("_").split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class PrebuiltRelease(Record):
    """One installed prebuilt package and its index, with how sure compat is of the version."""

    npm: str  # "@cdktf/provider-aws"
    version: str
    release_index: ReleaseIndex
    layout: Mapping[str, TsModule] | None  # the release's TypeScript layout, when the index holds it
    certain: bool  # from the lock or an exact pin; else the newest a range admits (findings: warnings)
    decided: str  # what decided the version, for messages ("yarn.lock")


class _Modules:
    """The release's modules as TypeScript names them.

    With the TypeScript layout the index build read from the release's jsii assembly
    (:class:`compat.index.typescript.TsRelease`: folder and namespace of every submodule), a path or
    namespace is looked up there. An index without a layout (built before it was read) falls back to
    matching the letters and digits of the names (``lexv2models-bot`` and ``lexv2_models_bot`` spell the
    same), only in the per-resource layout and only when exactly one module matches.
    """

    def __init__(self, index: ReleaseIndex, layout: Mapping[str, TsModule] | None) -> None:
        from compat.index.typescript import TsRelease

        # a flat release has no folders to judge
        self.ts = TsRelease(index, layout) if has_folders(layout) else None
        self._index = index
        self._paths: dict[str, tuple[str | None, bool]] = {}  # a project imports the same few paths

    @cached_property
    def by_key(self) -> dict[str, str | None]:
        """Module by the letters and digits of its name (None: two modules spell the same), read only
        without the layout (a release of 2,000 modules costs a few milliseconds per run)."""
        by_key: dict[str, str | None] = {}
        for module in self._index.modules():
            if module:
                key = _key(module)
                by_key[key] = None if key in by_key else module
        return by_key

    @cached_property
    def resource_layout(self) -> bool:
        """Whether the root exports only namespaces (per-resource layout); read without the layout only."""
        root = self._index.exports("") or frozenset()
        return bool(root) and not any(name[:1].isupper() for name in root)

    def path(self, sub: str) -> tuple[str | None, bool]:
        """(module, judged) of a deep import path (``lib/s3-bucket``): judged False means say nothing."""
        found = self._paths.get(sub)
        if found is None:
            found = self._paths[sub] = self._path(sub)
        return found

    def _path(self, sub: str) -> tuple[str | None, bool]:
        if self.ts is not None:
            found = self.ts.containing_module(sub)
            return found, True
        path = sub.removesuffix("/index")
        if not path.startswith("lib/") or "/" in path[4:] or not self.resource_layout:
            return None, False  # a deep path of another layout, without the release's own layout
        found = self.by_key.get(_key(path[4:]))
        return found, found is not None or _key(path[4:]) not in self.by_key

    def namespace(self, name: str) -> str | None:
        if self.ts is not None:
            return self.ts.namespace(name)
        return self.by_key.get(_key(name))

    def known(self, name: str) -> bool:
        """Whether ``name`` could be a namespace of the root (with the layout: is one)."""
        if self.ts is not None:
            return self.ts.namespace(name) is not None
        return _key(name) in self.by_key


class _Binding(Record):
    """What a local name of the file stands for: a module namespace, or a class of a module."""

    release: PrebuiltRelease
    modules: _Modules
    module: str | None  # None: the package root (``import * as aws``)
    name: str | None  # the class, or None for a namespace


def _split(specifier: str, packages: Mapping[str, PrebuiltRelease]) -> tuple[PrebuiltRelease, str] | None:
    for npm, release in packages.items():
        if specifier == npm:
            return release, ""
        if specifier.startswith(npm + "/"):
            return release, specifier[len(npm) + 1 :]
    return None


def _severity(release: PrebuiltRelease) -> Severity | None:
    return None if release.certain else "warning"


def _where(release: PrebuiltRelease) -> str:
    assumed = "" if release.certain else "; assumed: the newest the range admits, no lock"
    return f"{release.npm} {release.version} ({release.decided}{assumed})"


def _name_missing(
    file: TsFile,
    release: PrebuiltRelease,
    place: tuple[int, int],
    name: str,
    owner: str,
    symbol: str,
    *,
    hint: str = "",
    suggestion: str | None = None,
    error: str = "TS2305",
) -> Finding:
    """IMP002: ``name`` is not exported by ``owner`` (an import's specifier, or a namespace of the
    package a construct call reads it from) in the release; ``error`` is the compiler's code."""
    return IMP002.finding(
        file.rel,
        place[0],
        place[1],
        f"'{name}' is not exported by {owner} in {_where(release)}{hint} ({error})",
        symbol=symbol,
        suggestion=suggestion,
        severity=_severity(release),
    )


class SymbolChecker:
    """Imports and constructor props of one project's files against its installed prebuilt releases."""

    def __init__(self, packages: Mapping[str, PrebuiltRelease]) -> None:
        self.packages: dict[str, PrebuiltRelease] = {}
        self.modules: dict[str, _Modules] = {}
        self._splits: dict[str, tuple[PrebuiltRelease, str] | None] = {}  # by specifier, as _split
        self._clean = CleanBlocks()
        #: the bindings of an import that had no finding, by what it imports (a project's files repeat
        #: the same import statements; a binding holds no place)
        self._bound: dict[tuple[object, ...], tuple[tuple[str, _Binding], ...]] = {}
        for release in packages.values():
            self.add(release)

    def add(self, release: PrebuiltRelease) -> None:
        """Check the imports of ``release.npm`` too (against its index)."""
        from compat.index.cached import CachedIndex

        cached = release._replace(release_index=CachedIndex(release.release_index))
        self.packages[release.npm] = cached
        self.modules[release.npm] = _Modules(cached.release_index, cached.layout)
        self._splits.clear()

    def _import(
        self,
        file: TsFile,
        item: TsImport,
        bindings: dict[str, _Binding],
        unknown: dict[str, tuple[Finding, _Binding]],
    ) -> Iterator[Finding]:
        """The findings of one import statement; what it binds is added to ``bindings``, and each
        lowercase name the root lacks (a namespace of another layout) to ``unknown`` by its local name,
        with its finding, which the classes the file reads through it complete (:func:`_named_homes`)."""
        splits = self._splits  # a project's files import the same few specifiers
        if item.specifier in splits:
            found = splits[item.specifier]
        else:
            found = splits[item.specifier] = _split(item.specifier, self.packages)
        if found is None or item.type_only:
            return
        release, sub = found
        modules = self.modules[release.npm]
        index = release.release_index
        if sub:
            module, judged = modules.path(sub)
            if module is None:
                if judged:
                    yield IMP001.finding(
                        file.rel,
                        item.line,
                        item.column,
                        f"'{item.specifier}' does not exist in {_where(release)}: no folder "
                        f"'{sub.removesuffix('/index')}' (TS2307)",
                        symbol=item.specifier,
                        severity=_severity(release),
                    )
                return
            exports = index.exports(module) or frozenset()
            if item.namespace:
                bindings[item.namespace] = _Binding(release, modules, module, None)
            for name in item.names:
                if name.name in exports:
                    bindings[name.local] = _Binding(release, modules, module, name.name)
                    continue
                suggestion = f"{name.name}A" if f"{name.name}A" in exports else None
                hint = f"; the class there is {suggestion}" if suggestion else ""
                yield _name_missing(
                    file,
                    release,
                    (name.line, name.column),
                    name.name,
                    f"'{item.specifier}'",
                    f"{item.specifier}.{name.name}",
                    hint=hint,
                    suggestion=suggestion,
                )
            return
        if item.namespace:
            bindings[item.namespace] = _Binding(release, modules, None, None)
        root = index.exports("") or frozenset()
        for name in item.names:
            module = modules.namespace(name.name)
            if name.name in root and name.name[:1].isupper():
                bindings[name.local] = _Binding(release, modules, "", name.name)
            elif module is not None and name.name[:1].islower():
                bindings[name.local] = _Binding(release, modules, module, None)
            elif not modules.known(name.name) and name.name not in root:
                missing = _name_missing(
                    file,
                    release,
                    (name.line, name.column),
                    name.name,
                    f"'{item.specifier}'",
                    f"{item.specifier}.{name.name}",
                )
                if name.name[:1].islower():
                    unknown[name.local] = (missing, _Binding(release, modules, None, None))
                yield missing

    def check(self, file: TsFile, props_of: PropsOf) -> list[Finding]:
        """The file's findings; ``props_of`` reads a call's props from the file's live tree (see
        :func:`compat.typescript.reader.parse_source`): only the calls of known constructs are read."""
        findings: list[Finding] = []
        bindings: dict[str, _Binding] = {}
        unknown: dict[str, tuple[Finding, _Binding]] = {}  # namespaces the root lacks, by local name
        bound = self._bound
        for item in file.imports:
            key = (item.specifier, item.namespace, item.type_only, *[(n.name, n.local) for n in item.names])
            known = bound.get(key)
            if known is not None:
                bindings.update(known)
                continue
            before = len(findings)
            added: dict[str, _Binding] = {}
            findings.extend(self._import(file, item, added, unknown))
            bindings.update(added)
            if len(findings) == before:
                if len(bound) > 4096:
                    bound.clear()
                bound[key] = tuple(added.items())
        read_through: dict[str, list[str]] = {}  # the classes a missing namespace is read for
        for call in file.calls:
            resolved = self._resolve(call.callee, bindings)
            if resolved is None and len(call.callee) == 2 and call.callee[0] in unknown:
                read_through.setdefault(call.callee[0], []).append(call.callee[1])
                continue
            if resolved is None:
                no_namespace = _namespace_missing(file, call, bindings.get(call.callee[0]))
                if no_namespace is not None:
                    findings.append(no_namespace)
                continue
            binding, module, name = resolved
            info = binding.release.release_index.class_info(module, name)
            if info is None and binding.name is None:
                missing = _member_missing(file, call, binding, module, name)
                if missing is not None:
                    findings.append(missing)
            if info is None or info.kind != "construct" or call.props is None:
                continue
            props = props_of(call)
            if props is None:
                continue
            _props(findings, file, binding.release, module, info, props, self._clean)
        for local, names in read_through.items():
            missing, root = unknown[local]
            named = _named_homes(missing, root, local, names)
            if named is not missing:
                findings[findings.index(missing)] = named
        return findings

    @staticmethod
    def _resolve(
        callee: tuple[str, ...], bindings: Mapping[str, _Binding]
    ) -> tuple[_Binding, str, str] | None:
        binding = bindings.get(callee[0])
        if binding is None:
            return None
        rest = callee[1:]
        if binding.name is not None:
            return (binding, binding.module or "", binding.name) if not rest else None
        if binding.module is not None:
            return (binding, binding.module, rest[0]) if len(rest) == 1 else None
        if len(rest) == 1 and rest[0][:1].isupper():  # aws.AwsProvider in the namespaced layout
            return binding, "", rest[0]
        if len(rest) == 2:
            module = binding.modules.namespace(rest[0])
            return (binding, module, rest[1]) if module is not None else None
        return None


def _member_missing(file: TsFile, call: NewCall, binding: _Binding, module: str, name: str) -> Finding | None:
    """IMP002 for ``new vpc.Subnet(...)`` when the namespace ``vpc`` of the release exists and lacks
    ``Subnet`` (tsc: TS2339), with where the release has the class instead, when the index knows.

    Said only where the index is sure of the namespace: the release's TypeScript layout (its
    folders and namespaces, read from its jsii assembly) names the module and the module's exports
    were read. Without the layout a namespace is matched by the letters of its name, and a
    release without folders (flat, or 2.x) may group its classes otherwise: nothing is said.
    """
    ts = binding.modules.ts
    release = binding.release
    exports = release.release_index.exports(module)
    # a lowercase name may be a function TypeScript has and Python does not (``vpcToTerraform``)
    if ts is None or not exports or name in exports or not name[:1].isupper():
        return None
    namespace = ""  # the package root
    if module:
        found = ts.ts_module(module)
        if found is None:
            return None
        namespace = found.namespace
    owner = f"namespace '{namespace}' of '{release.npm}'" if namespace else f"the root of '{release.npm}'"
    hint, suggestion = _moved(release, ts, module, name)
    return _name_missing(
        file,
        release,
        (call.line, call.column),
        name,
        owner,
        ".".join(part for part in (release.npm, namespace, name) if part),
        hint=hint,
        suggestion=suggestion,
        error="TS2339",
    )


def _namespace_missing(file: TsFile, call: NewCall, binding: _Binding | None) -> Finding | None:
    """IMP002 for ``new aws.s3.S3Bucket(...)`` through ``import * as aws from "@cdktf/provider-aws"``
    when the root of the release exports no namespace ``s3`` (tsc: TS2339 on ``s3``): the per-service
    namespaces of the releases up to 9.x became one namespace per resource (``s3Bucket``) in 10.0, and
    the reverse for code written for a newer release. Where the release has the class is named from its
    jsii layout (``s3Bucket.S3Bucket``, ``'@cdktf/provider-aws/lib/s3-bucket'``).

    Said only of the package root bound by a literal import (``binding``: what the reader kept of the
    file's imports; a local variable, a re-export or a name bound again is no binding), and only where
    the release's TypeScript layout (its folders and namespaces, from its jsii assembly) was read: it
    lists every namespace the root exports.
    """
    if binding is None or binding.module is not None or binding.name is not None:
        return None
    rest = call.callee[1:]
    ts = binding.modules.ts
    if len(rest) != 2 or ts is None or not rest[0][:1].islower() or not rest[1][:1].isupper():
        return None
    release = binding.release
    namespace, name = rest
    if ts.namespace(namespace) is not None or namespace in (release.release_index.exports("") or ()):
        return None
    hint, suggestion = _moved(release, ts, namespace, name)
    if hint:
        hint = hint.replace("; the release has it as", f"; the release has {name} as", 1)
    return _name_missing(
        file,
        release,
        (call.line, call.column),
        namespace,
        f"the root of '{release.npm}' (no such namespace)",
        f"{release.npm}.{namespace}",
        hint=hint,
        suggestion=suggestion,
        error="TS2339",
    )


def _named_homes(missing: Finding, root: _Binding, namespace: str, read: list[str]) -> Finding:
    """``missing`` (IMP002 on ``import { s3 } from "@cdktf/provider-aws"``, a namespace the release's
    root lacks) with where the release has the classes the file reads through it (``new s3.S3Bucket``:
    ``s3Bucket.S3Bucket``), named from the release's jsii layout as for a namespace read through
    ``import * as``; unchanged without the layout or when no class's home is known."""
    ts = root.modules.ts
    if ts is None:
        return missing
    homes: dict[str, str] = {}
    places: list[str] = []
    for name in dict.fromkeys(n for n in read if n[:1].isupper()):
        hint, suggestion = _moved(root.release, ts, namespace, name)
        if suggestion is not None and "." in suggestion:
            homes[name] = suggestion
            places.append(hint.replace("; the release has it as ", f"{name} as ", 1))
    if not homes:
        return missing
    message, _, error = missing.message.rpartition(" (")
    return missing._replace(
        message=f"{message}; the release has {', '.join(places)} ({error}",
        suggestion="; ".join(homes.values()),
    )


def _moved(release: PrebuiltRelease, ts: TsRelease, module: str, name: str) -> tuple[str, str | None]:
    """(hint for the message, suggestion) naming where ``release`` has the class ``module`` lacks:
    the construct of the same Terraform type in the same module (``S3BucketVersioningA``), or the
    namespace and folder of the module that exports it; ("", None) when the index names none."""
    from compat.check.rules._symbols import replacement

    found = replacement(release.release_index, module, name)
    if found is None:
        return "", None
    if found.module == module:
        return f"; the class there is {found.name} ({found.reason})", found.name
    where = ts.ts_module(found.module) if found.module else None
    if where is None:
        return "", None
    folder = f" ('{release.npm}/{where.folder}')" if where.folder else ""
    return (
        f"; the release has it as {where.namespace}.{found.name}{folder}",
        f"{where.namespace}.{found.name}",
    )


#: the shapes of a param whose value compat judges
_BLOCKS = frozenset({"block_single", "block_list"})


class _Names(Record):
    """A class's params by their TypeScript (jsii) names, and the camelCase names of its meta params."""

    params: Mapping[str, Param]
    meta: frozenset[str]
    plain: frozenset[str]  # the params whose value is never read (no block): a key naming one is right


_JS_NAMES: dict[int, tuple[ClassInfo, _Names]] = {}


def _by_js(info: ClassInfo) -> _Names:
    """A class's names as TypeScript spells them, kept while the class is (a cached index hands out the
    same object for the same class, so a stack asking about it again costs one lookup)."""
    kept = _JS_NAMES.get(id(info))
    if kept is not None and kept[0] is info:
        return kept[1]
    params = {(p.js_name or camel(p.name)): p for p in info.params.values()}
    names = _Names(
        params=params,
        meta=frozenset(camel(m) for m in info.meta_params),
        plain=frozenset(name for name, p in params.items() if p.shape not in _BLOCKS),
    )
    if len(_JS_NAMES) > 4096:
        _JS_NAMES.clear()
    _JS_NAMES[id(info)] = (info, names)
    return names


class CleanBlocks:
    """The block values of one run that had no finding, by (package, module, owner class, param, text
    of the value): a stack repeats the same blocks (``ttl: { enabled: true }``), and the same text of a
    literal in a file without syntax errors parses the same, so a value seen clean is not read again.
    A value with a finding is read every time (findings carry places). At most :attr:`LIMIT` texts of
    up to 800 bytes (:meth:`~compat.typescript.syntax.literals.ObjectView.value_text`)."""

    LIMIT = 2048

    def __init__(self) -> None:
        self.seen: set[tuple[str, str, str, str, bytes]] = set()

    def remember(self, key: tuple[str, str, str, str, bytes]) -> None:
        if len(self.seen) >= self.LIMIT:
            self.seen.clear()
        self.seen.add(key)


def _props(
    found: list[Finding],
    file: TsFile,
    release: PrebuiltRelease,
    module: str,
    info: ClassInfo,
    props: ObjectView,
    clean: CleanBlocks,
) -> None:
    """The findings of a construct call's props literal, added to ``found``."""
    names = _by_js(info)
    params, plain = names.params, names.plain
    for at, name in enumerate(props.names):
        if name in plain:
            continue
        param = params.get(name)
        if param is None:
            if name not in names.meta and not props.spread:
                key = props.key(at)
                found.append(
                    API001.finding(
                        file.rel,
                        key.line,
                        key.column,
                        f"'{name}' is no property of {info.name} in {_where(release)} (TS2353)",
                        symbol=f"{module}.{info.name}.{name}",
                        severity=_severity(release),
                    )
                )
            continue
        if param.shape in _BLOCKS:
            _value(found, file, release, module, info.name, param, props, at, clean)


def _value(
    found: list[Finding],
    file: TsFile,
    release: PrebuiltRelease,
    module: str,
    owner: str,
    param: Param,
    literal: ObjectView,
    at: int,
    clean: CleanBlocks,
) -> None:
    """The findings of ``literal.names[at]``, the key of ``param``, a block, added to ``found``: its value
    is read (object or array, and the keys of a block's struct, a class of ``module``); the value of
    any other param is never read. A value whose text had no finding before for the same param is not
    read again (:class:`CleanBlocks`)."""
    text = literal.value_text(at)
    key = (release.npm, module, owner, param.name, text) if text is not None else None
    if key is not None and key in clean.seen:
        return
    before = len(found)
    _block(found, file, release, module, owner, param, literal, at, clean)
    if key is not None and len(found) == before:
        clean.remember(key)


def _block(
    found: list[Finding],
    file: TsFile,
    release: PrebuiltRelease,
    module: str,
    owner: str,
    param: Param,
    literal: ObjectView,
    at: int,
    clean: CleanBlocks,
) -> None:
    """:func:`_value` of a value not known to be clean."""
    value = literal.value(at)
    if param.shape == "block_list" and isinstance(value, ObjectView):
        key, name = literal.key(at), param.js_name or camel(param.name)
        found.append(
            API004.finding(
                file.rel,
                key.line,
                key.column,
                f"'{name}' of {owner} is a list of blocks in {_where(release)}: pass [{{...}}] (TS2322)",
                symbol=f"{owner}.{name}",
                severity=_severity(release),
            )
        )
        return
    if param.shape == "block_single" and isinstance(value, ArrayView):
        key, name = literal.key(at), param.js_name or camel(param.name)
        struct = release.release_index.class_info(module, param.struct) if param.struct else None
        # a struct of optional fields only is a weak type: tsc says TS2559 (no properties in common)
        weak = struct is not None and not any(p.required for p in struct.params.values())
        found.append(
            API003.finding(
                file.rel,
                key.line,
                key.column,
                f"'{name}' of {owner} is one block in {_where(release)}: pass {{...}}, not a list "
                f"({'TS2559' if weak else 'TS2322'})",
                symbol=f"{owner}.{name}",
                severity=_severity(release),
            )
        )
        return
    if param.struct is None or value is None:
        return
    struct = release.release_index.class_info(module, param.struct)
    if struct is None or struct.kind != "struct":
        return
    items = value.objects() if isinstance(value, ArrayView) else (value,)
    struct_names = _by_js(struct)
    fields, plain = struct_names.params, struct_names.plain
    for item in items:
        for at_field, field_name in enumerate(item.names):
            if field_name in plain:
                continue
            field = fields.get(field_name)
            if field is None:
                if not item.spread:
                    field_key, name = item.key(at_field), param.js_name or camel(param.name)
                    found.append(
                        API008.finding(
                            file.rel,
                            field_key.line,
                            field_key.column,
                            f"'{field_key.key}' is no field of {struct.name} ('{name}' of {owner}) in "
                            f"{_where(release)} (TS2353)",
                            symbol=f"{struct.name}.{field_key.key}",
                            severity=_severity(release),
                        )
                    )
                continue
            if field.shape in _BLOCKS:
                _value(found, file, release, module, struct.name, field, item, at_field, clean)
