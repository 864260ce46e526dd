"""``compat index show|params|find`` computed: typed answers from the symbol index, rendered by
:mod:`compat.index.index_view`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from compat.errors import CompatError
from compat.index.model import ClassInfo, FindHit
from compat.record import Record

if TYPE_CHECKING:
    from compat.index.api import SqliteReleaseIndex
    from compat.index.tslayout import TsModule
    from compat.index.typescript import TsClass, TsRelease


class ModuleListing(Record):
    """The modules of a release (all, or the one asked for) and the classes each exports."""

    package: str
    version: str
    provider_version: str | None
    modules: dict[str, list[str]]  # module key -> class names
    layout: dict[str, TsModule | None] | None  # with --typescript: each module's import path and namespace


class ClassParams(Record):
    """The keyword parameters (or struct fields) of one class, by their Python names."""

    module: str
    info: ClassInfo


class TsClassParams(Record):
    """The props of one class by their TypeScript (jsii) names, and where TypeScript imports it from."""

    module: str
    names: TsModule | None
    found: TsClass


class FindReport(Record):
    name: str
    hits: tuple[FindHit, ...]


def parse_release_spec(spec: str) -> tuple[str, str]:
    """``cdktf-cdktf-provider-aws==19.65.1`` -> (package, version); anything else is one clear error."""
    package, sep, version = spec.partition("==")
    if not sep or not package.strip() or not version.strip() or "=" in version:
        raise CompatError(
            f"bad release {spec!r}: expected <package>==<version>, e.g. cdktf-cdktf-provider-aws==19.65.1"
        )
    return package.strip(), version.strip()


def open_index(spec: str, offline: bool) -> SqliteReleaseIndex:
    from compat.index.api import open_release_index

    package, version = parse_release_spec(spec)
    return open_release_index(package, version, offline=offline)


def list_modules(index: SqliteReleaseIndex, module: str | None, typescript: bool) -> ModuleListing:
    ts = ts_release(index) if typescript else None
    if module is not None and ts is not None:
        module = ts_module_key(ts, module)
    if module is not None:
        if index.exports(module) is None:
            raise CompatError(f"{index.package}=={index.version} has no module {module!r}")
        keys = [module]
    else:
        keys = index.modules()
    return ModuleListing(
        package=index.package,
        version=index.version,
        provider_version=index.provider_version,
        modules={key: index.classes(key) for key in keys},
        layout={key: ts.ts_module(key) for key in keys} if ts is not None else None,
    )


def class_params(index: SqliteReleaseIndex, target: str, typescript: bool) -> ClassParams | TsClassParams:
    """``<module>.<Class>``'s parameters; with ``typescript``, its module may be an import path or a
    namespace."""
    module, _, name = target.rpartition(".")
    if not name:
        raise CompatError(
            f"bad class {target!r}: expected <module>.<Class>, e.g. route53_record.Route53Record"
        )
    if typescript:
        release = ts_release(index)
        key = ts_module_key(release, module)
        found = release.class_props(key, name)
        if found is None:
            raise CompatError(f"{index.package}=={index.version}: module {key!r} has no class {name!r}")
        return TsClassParams(module=key, names=release.ts_module(key), found=found)
    if index.exports(module) is None:
        raise CompatError(f"{index.package}=={index.version} has no module {module!r}")
    info = index.class_info(module, name)
    if info is None:
        raise CompatError(f"{index.package}=={index.version}: module {module!r} has no class {name!r}")
    return ClassParams(module=module, info=info)


def find_name(name: str, package: str | None) -> FindReport:
    from compat.index.api import find

    return FindReport(name=name, hits=tuple(find(name, package)))


def ts_release(index: SqliteReleaseIndex) -> TsRelease:
    from compat.index.typescript import TsRelease

    release = TsRelease(index, index.ts_layout())
    if not release.has_layout:
        raise CompatError(
            f"{index.package}=={index.version} has no TypeScript layout in the index: "
            f"rebuild it with 'compat index build {index.package}=={index.version}'"
        )
    return release


def ts_module_key(release: TsRelease, text: str) -> str:
    """A module key from a TypeScript import path (``lib/s3-bucket``), a namespace or a module key."""
    for key in (release.module(text), release.namespace(text), text):
        if key is not None and release.index.exports(key) is not None:
            return key
    raise CompatError(f"{release.index.package}=={release.index.version} has no module {text!r}")
