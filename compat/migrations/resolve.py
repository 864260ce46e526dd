"""What is symbol X of release A in release B: one comparison of two indexes.

Matching order, most to least certain:

1. same module, same name;
2. constructs: the Terraform type (``TF_RESOURCE_TYPE``), data sources kept apart from resources;
3. structs: the struct path (owner's Terraform type + the chain of block parameters), which survives
   the renames the generator does when names collide (the ``A`` suffix);
4. the name alone, when exactly one module of B exports it as a class of the same kind.

A name release A itself lacks is read by intent, as ``check`` suggests: the construct of A whose
Terraform type the name spells (``s3_bucket_versioning.S3BucketVersioning`` is
``S3BucketVersioningA``), in the same module when A has that module. It never falls back to a
same-named class of another kind or module (``s3_bucket.S3BucketVersioning`` is a struct).

Anything else is removed, with the documented replacement when the provider gives one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, MutableMapping

from packaging.version import Version

from compat import __version__
from compat.families import family_of_package
from compat.index.cached import CachedIndex
from compat.index.model import ClassInfo, Param, ReleaseIndex, construct_positionals
from compat.index.naming import tf_type_guesses
from compat.migrations.model import Change, Release, Symbol, SymbolResolution
from compat.migrations.replacements import documented

#: bump when the cached form (or the answer) of a SymbolResolution changes
CACHE_SCHEMA = 6  # 4: Release.version is a Version; 5: a documented replacement type's class named;
# 6: a construct's positional parameter renamed (``id_`` <-> ``id``)

_BLOCKS = ("block_single", "block_list")


def join(module: str, name: str) -> str:
    return f"{module}.{name}" if module else name


def release_of(index: ReleaseIndex) -> Release:
    return _release(index.package, index.version)


@functools.cache
def _release(package: str, version: str) -> Release:
    """The index's version text, parsed once per release."""
    return Release(package, Version(version))


def is_data_source(module: str, name: str, tf_type: str | None = None) -> bool:
    """Whether ``module.name`` is a data source's class.

    The generator names a data source ``Data`` + the Terraform type in Pascal case (``DataAwsVpc``,
    ``DataKubernetesNamespace`` for ``kubernetes_namespace``) in a ``data_<type>`` module from the
    per-resource layout on; a resource of the same type is ``Namespace``. With the type known, the
    provider's own prefix decides (a resource may start with ``Data``: azurerm ``DataFactory``).
    """
    if name.startswith("DataAws") or module.startswith("data_"):
        return True
    if tf_type:
        provider = tf_type.split("_", 1)[0]
        return name.startswith("Data" + provider[:1].upper() + provider[1:])
    return False


def struct_paths(
    index: ReleaseIndex, module: str, owners_named: Callable[[str], bool] | None = None
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Structs of ``module`` reachable from its constructs: ``{struct: (owner tf_type, param path)}``.

    Structs live in the module of the construct that owns them, so a breadth-first walk over the
    block parameters of the module's constructs (those ``owners_named`` accepts) finds them.
    """
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    exports = index.exports(module) or frozenset()
    for owner in sorted(exports):
        if owners_named is not None and not owners_named(owner):
            continue
        info = index.class_info(module, owner)
        if info is None or info.kind != "construct" or not info.tf_type:
            continue
        queue: list[tuple[ClassInfo, tuple[str, ...]]] = [(info, ())]
        while queue:
            current, path = queue.pop(0)
            for param in current.params.values():
                if param.struct is None or param.struct in found:
                    continue
                found[param.struct] = (info.tf_type, (*path, param.name))
                nested = index.class_info(module, param.struct)
                if nested is not None:
                    queue.append((nested, (*path, param.name)))
    return found


def owner_prefix(name: str) -> Callable[[str], bool]:
    """Owners that may hold struct ``name``: the generator names a struct after its owner
    (``S3BucketVersioningVersioningConfiguration`` under ``S3BucketVersioningA``: the owner's name
    without the collision suffix ``A`` is a prefix of the struct's)."""

    def named_like(owner: str) -> bool:
        return owner != name and name.startswith(owner.removesuffix("A"))

    return named_like


def guess_module(tf_type: str, data: bool) -> str:
    """The per-resource module name the generator uses from 10.0.0 (``aws_s3_bucket`` -> ``s3_bucket``)."""
    stem = tf_type.removeprefix("aws_")
    return f"data_aws_{stem}" if data else stem


def owners(index: ReleaseIndex, tf_type: str, data: bool) -> list[tuple[str, str]]:
    """``(module, class)`` of the constructs of ``tf_type`` (data sources apart), the usual module first."""
    guess = guess_module(tf_type, data)
    exports = index.exports(guess)
    if exports:
        quick = [
            (guess, n)
            for n in sorted(exports)
            if is_data_source(guess, n, tf_type) == data
            and (info := index.class_info(guess, n)) is not None
            and info.kind == "construct"
            and info.tf_type == tf_type
        ]
        if quick:
            return quick
    return [(m, n) for m, n in index.classes_for_tf_type(tf_type) if is_data_source(m, n, tf_type) == data]


def follow_struct_path(
    index: ReleaseIndex,
    tf_type: str,
    path: tuple[str, ...],
    data: bool,
    known_owners: list[tuple[str, str]] | None = None,
) -> Symbol | None:
    """The struct at ``path`` under the construct of ``tf_type`` in ``index``."""
    for module, owner in known_owners if known_owners is not None else owners(index, tf_type, data):
        current = index.class_info(module, owner)
        for step in path:
            param = current.params.get(step) if current else None
            if param is None or param.struct is None:
                current = None
                break
            current = index.class_info(module, param.struct)
        if current is not None:
            return Symbol(release_of(index), module, current.name)
    return None


def intended_construct(index: ReleaseIndex, module: str, name: str) -> tuple[str, str, str] | None:
    """``(module, class, tf_type)``: the construct ``module.name`` means when ``index`` lacks that name.

    The Terraform type the name spells decides (data sources kept apart): its construct in
    ``module``, else its only construct anywhere, provided no other class of the release bears the
    name (``vpc.S3BucketVersioning`` could mean the struct ``s3_bucket.S3BucketVersioning``) or
    ``module`` is named after that type.
    None: no intent.
    """
    if not name[:1].isalpha():
        return None
    data = is_data_source(module, name)
    found: set[tuple[str, str, str]] = set()
    for tf_type in tf_type_guesses(name):
        for found_module, found_name in index.classes_for_tf_type(tf_type):
            info = index.class_info(found_module, found_name)
            if (
                info is not None
                and info.kind == "construct"
                and is_data_source(found_module, found_name, tf_type) == data
            ):
                found.add((found_module, found_name, tf_type))
    home = sorted(f for f in found if f[0] == module)
    if home:
        return home[0] if len(home) == 1 else None
    if len(found) != 1:
        return None
    (only,) = found
    if guess_module(only[2], data) == module:
        return only  # the module is named after that type: s3_bucket_versioning on a 9.x pin
    rivals = [m for m in index.modules_exporting(name) if (m, name) != only[:2]]
    return None if rivals else only


def param_changes(tf_type: str | None, before: ClassInfo, after: ClassInfo) -> list[Change]:
    """Positional parameters renamed, parameters removed, required parameters added, blocks turned
    single <-> list.

    A construct's id is ``id_`` while the resource has an ``id`` argument and ``id`` once it has
    none (:func:`construct_positionals`): ``S3BucketLifecycleConfiguration`` of
    cdktf-cdktf-provider-aws 19.33.0 takes ``id_``, of cdktn-provider-aws 23.0.0 ``id``.
    """
    changes: list[Change] = [
        Change(
            "param_renamed",
            f"parameter {old} of {after.name} renamed to {new}",
            param=old,
            before=old,
            after=new,
        )
        for old, new in zip(construct_positionals(before), construct_positionals(after), strict=False)
        if old != new
    ]
    for name, old in before.params.items():
        new = after.params.get(name)
        if new is None:
            row = documented(f"{tf_type}.{name}") if tf_type else None
            changes.append(
                Change(
                    "param_removed",
                    f"parameter {name} removed from {after.name}",
                    param=name,
                    replacement=row.replacement if row else None,
                    source=row.source if row else None,
                )
            )
        elif old.shape != new.shape and (old.shape in _BLOCKS or new.shape in _BLOCKS):
            changes.append(
                Change(
                    "shape_changed",
                    f"parameter {name} changed from {_shape_word(old)} to {_shape_word(new)}",
                    param=name,
                    before=old.shape,
                    after=new.shape,
                )
            )
    for name, new in after.params.items():
        if name not in before.params and new.required:
            changes.append(
                Change("param_added", f"required parameter {name} added to {after.name}", param=name)
            )
    return changes


def _shape_word(param: Param) -> str:
    return {"block_single": "a single block", "block_list": "a list of blocks"}.get(param.shape, param.shape)


class Resolver:
    """Resolves symbols of ``source`` in ``target``; answers are memoised (and cached on disk if given)."""

    def __init__(
        self,
        source: ReleaseIndex,
        target: ReleaseIndex,
        cache: MutableMapping[object, object] | None = None,
        dater: Callable[[SymbolResolution], SymbolResolution] | None = None,
        source_known: bool = True,
    ) -> None:
        """``dater`` fills ``since`` of the changes a migration reports (removals, parameters, shapes).

        ``source_known=False``: ``source`` only stands in for a release nobody could tell (a core move
        of a project without bindings pins), so a name it lacks is still matched by name in ``target``.
        """
        # class lookups memoised per release: every file of a migration asks about the same classes
        self.source = source if isinstance(source, CachedIndex) else CachedIndex(source)
        self.source_known = source_known
        self.target = (
            self.source
            if target is source
            else target
            if isinstance(target, CachedIndex)
            else CachedIndex(target)
        )
        self.cache = cache
        self.dater = dater
        self._memo: dict[tuple[str, str], SymbolResolution] = {}
        self._module_memo: dict[str, bool] = {}
        self._paths: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}
        self._lookups: dict[str, int] = {}
        self._owner_memo: dict[tuple[str, bool], list[tuple[str, str]]] = {}

    @property
    def package_renamed(self) -> bool:
        return self.source.package != self.target.package

    def is_module(self, key: str) -> bool:
        """``key`` (relative to the package) is a module of the source or the target release."""
        return self.source.exports(key) is not None or self.target.exports(key) is not None

    def _key(self, module: str, name: str) -> tuple[object, ...]:
        return (
            "resolution",
            CACHE_SCHEMA,
            __version__,
            self.source.package,
            self.source.version,
            self.target.package,
            self.target.version,
            module,
            name,
            self.dater is not None,
        )

    def resolve(self, module: str, name: str) -> SymbolResolution:
        memo = self._memo.get((module, name))
        if memo is not None:
            return memo
        cached = self.cache.get(self._key(module, name)) if self.cache is not None else None
        result = cached if isinstance(cached, SymbolResolution) else self._resolve(module, name)
        if self.cache is not None and cached is None:
            self.cache[self._key(module, name)] = result
        self._memo[(module, name)] = result
        return result

    def module_exists(self, module: str) -> bool:
        """Whether the target release still has ``module``."""
        if module not in self._module_memo:
            self._module_memo[module] = self.target.exports(module) is not None
        return self._module_memo[module]

    def _resolve(self, module: str, name: str) -> SymbolResolution:
        source = Symbol(release_of(self.source), module, name)
        prefix: list[Change] = []
        if self.package_renamed:
            old, new = family_of_package(self.source.package), family_of_package(self.target.package)
            prefix.append(
                Change(
                    "package_renamed",
                    f"package {old.module if old else self.source.package} renamed to "
                    f"{new.module if new else self.target.package}",
                    before=self.source.package,
                    after=self.target.package,
                )
            )
        info = self.source.class_info(module, name)
        exports = self.source.exports(module)
        if info is None and (exports is None or name not in exports):
            read = self._intent(module, name, exports is not None)
            if read is not None:
                return self._read_as(source, *read)
            if exports is not None and self.source_known:  # never a same-named class elsewhere
                return SymbolResolution(source, None, (*prefix, self._removal(module, name, None)))
        target = self._match(module, name, info)
        if target is None:
            return self._dated(SymbolResolution(source, None, (*prefix, self._removal(module, name, info))))
        changes = list(prefix)
        if target.module != module:
            changes.append(
                Change(
                    "moved",
                    f"moved from module {module or '(root)'} to {target.module or '(root)'}",
                    before=module,
                    after=target.module,
                )
            )
        if target.name != name:
            how = "Terraform type" if info and info.kind == "construct" else "struct path"
            changes.append(
                Change(
                    "renamed",
                    f"renamed from {name} to {target.name} (matched by {how})",
                    before=name,
                    after=target.name,
                )
            )
        after = self.target.class_info(target.module, target.name)
        if info is not None and after is not None:
            changes.extend(param_changes(info.tf_type, info, after))
        if not changes:
            changes.append(Change("same", "unchanged"))
        return self._dated(SymbolResolution(source, target, tuple(changes)))

    def _intent(self, module: str, name: str, home: bool) -> tuple[str, str, str] | None:
        """``(module, class, why)`` of the source release that a name it lacks stands for.

        ``home``: the source release has ``module``. Then only the construct of the Terraform type
        the name spells, in that module. Otherwise (a module of another layout) the one module that
        exports the name as a class, else that construct wherever it is; but a module named after
        that Terraform type (``s3_bucket_versioning.S3BucketVersioning`` on a 9.x pin) means the construct.
        """
        where = f"{self.source.package} {self.source.version}"
        data = is_data_source(module, name)
        if not home and module not in {guess_module(t, data) for t in tf_type_guesses(name)}:
            homes = [m for m in self.source.modules_exporting(name) if self.source.class_info(m, name)]
            if len(homes) == 1:
                return (
                    homes[0],
                    name,
                    f"module {module} is unknown to {where}; read as {join(homes[0], name)}",
                )
        intent = intended_construct(self.source, module, name)
        if intent is None:
            return None
        found_module, found_name, tf_type = intent
        return (
            found_module,
            found_name,
            f"{where} has no {join(module, name)}: read as {join(found_module, found_name)}, "
            f"the construct for Terraform type {tf_type}",
        )

    def _read_as(self, source: Symbol, module: str, name: str, why: str) -> SymbolResolution:
        """``source`` (absent from its release) resolved as ``module.name`` of that release."""
        inner = self.resolve(module, name)
        read = Change("intended", why, before=source.dotted, after=join(module, name))
        rest = tuple(c for c in inner.changes if c.kind != "same")
        return SymbolResolution(source, inner.target, (read, *rest))

    def _dated(self, resolution: SymbolResolution) -> SymbolResolution:
        reported = ("removed", "param_removed", "shape_changed")
        if self.dater is None or not any(c.kind in reported for c in resolution.changes):
            return resolution
        return self.dater(resolution)

    def _match(self, module: str, name: str, info: ClassInfo | None) -> Symbol | None:
        to = release_of(self.target)
        exports = self.target.exports(module)
        if exports is not None and name in exports and self._same_kind(info, module, name):
            return Symbol(to, module, name)
        data = is_data_source(module, name, info.tf_type if info else None)
        if info is not None and info.kind == "construct" and info.tf_type:
            candidates = self._owners(info.tf_type, data)
            same_name = [c for c in candidates if c[1] == name]
            pick = same_name or candidates
            if len(pick) == 1:
                return Symbol(to, *pick[0])
        if info is not None and info.kind == "struct":
            path = self._struct_path(module, name)
            if path is not None:
                found = follow_struct_path(self.target, path[0], path[1], data, self._owners(path[0], data))
                if found is not None:
                    return found
        modules = [m for m in self.target.modules_exporting(name) if self._same_kind(info, m, name)]
        if len(modules) == 1:
            return Symbol(to, modules[0], name)
        if len(modules) > 1 and info is not None and info.tf_type:
            # several modules re-export the name: prefer the one named after the Terraform type
            wanted = info.tf_type.removeprefix("aws_")
            wanted = f"data_aws_{wanted}" if data else wanted
            if wanted in modules:
                return Symbol(to, wanted, name)
        return None

    def _same_kind(self, info: ClassInfo | None, module: str, name: str) -> bool:
        """Whether ``module.name`` of the target is a class of the kind ``info`` (any kind if unknown)."""
        after = self.target.class_info(module, name)
        return after is not None and (info is None or after.kind == info.kind)

    def _owners(self, tf_type: str, data: bool) -> list[tuple[str, str]]:
        key = (tf_type, data)
        if key not in self._owner_memo:
            self._owner_memo[key] = owners(self.target, tf_type, data)
        return self._owner_memo[key]

    def _struct_path(self, module: str, name: str) -> tuple[str, tuple[str, ...]] | None:
        """A few lookups walk only the owners named like the struct; from the fourth in a module on,
        one walk of the whole module answers them all (a sweep over a 9.x service module)."""
        if module in self._paths:
            return self._paths[module].get(name)
        self._lookups[module] = self._lookups.get(module, 0) + 1
        if self._lookups[module] <= 3 or not module:
            path = struct_paths(self.source, module, owner_prefix(name)).get(name)
            if path is not None or not module:
                return path
        self._paths[module] = struct_paths(self.source, module)
        return self._paths[module].get(name)

    def _removal(self, module: str, name: str, info: ClassInfo | None) -> Change:
        tf_type = info.tf_type if info else None
        row = documented(tf_type) if tf_type else None
        if tf_type:
            what = f"{'data source' if is_data_source(module, name, tf_type) else 'resource'} type {tf_type}"
            detail = f"{what} has no class in {self.target.package} {self.target.version}"
        elif self.source.exports(module) is None:
            detail = f"module {module} is unknown to {self.source.package} {self.source.version}"
        elif info is None and name not in (self.source.exports(module) or ()):
            detail = (
                f"{self.source.package} {self.source.version} has no {join(module, name)} and the name "
                "spells no construct of that module: fix the import by hand"
            )
        else:
            detail = f"{name} has no counterpart in {self.target.package} {self.target.version}"
        modules = self.target.modules_exporting(name)
        if len(modules) > 1:
            detail += f" (ambiguous: exported by {', '.join(modules)})"
        elif modules and info is None:
            detail += f" ({self.target.package} {self.target.version} exports {join(modules[0], name)})"
        if row is not None:
            detail += f": {row.note}"
        instead = self._replacing_class(row.replacement if row else None)
        if instead is not None:
            where = f"{self.target.package} {self.target.version}"
            detail += f"; {where} has {instead[0]}, the construct for {instead[1]}"
        return Change(
            "removed",
            detail,
            before=f"{module}.{name}" if module else name,
            after=instead[0] if instead else None,
            replacement=row.replacement if row else None,
            source=row.source if row else None,
        )

    def _replacing_class(self, replacement: str | None) -> tuple[str, str] | None:
        """``(module.Class, type)``: the one construct of the target for the Terraform type a documented
        replacement names first (``cloudflare_dns_record (...)`` -> ``dns_record.DnsRecord``)."""
        tf_type = (replacement or "").split(" ", 1)[0]
        if "_" not in tf_type:
            return None
        found = [
            (m, n) for m, n in self.target.classes_for_tf_type(tf_type) if not is_data_source(m, n, tf_type)
        ]
        return (join(*found[0]), tf_type) if len(found) == 1 else None
