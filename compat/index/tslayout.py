"""The TypeScript names of a release's modules, from its jsii assembly.

A TypeScript program imports a prebuilt release by folder (``@cdktf/provider-aws/lib/s3-bucket``)
or by the namespace the package root exports (``import { s3Bucket } from "@cdktf/provider-aws"``,
``import { ec2 } from ...`` in the per-service releases up to 9.x). Both come from the jsii
assembly (``package/.jsii`` in the wheel's ``_jsii/*.jsii.tgz``, the same file npm ships):
its ``submodules`` table maps each submodule (``@cdktf/provider-aws.s3Bucket``) to a
``symbolId`` ``src/<folder>/index:``, and the TypeScript folder is ``lib/<folder>``.
Replacing ``_`` by ``-`` in the Python module is *not* the rule: the folder follows the Terraform
resource name (``lib/lexv2models-bot``), the Python module the camelCase submodule name
(``lexv2_models_bot``). Releases 2.0.13 ... 2.x name their submodules without a ``symbolId``
(``@cdktf/provider-aws.APIGateway``): only their namespace is known, their folder is None.
Releases up to 2.0.12 have no submodules (one flat module).

The assembly's top-level keys are written sorted, and ``submodules`` comes before the ~130 MB
``types``: the tarball is streamed and inflated only up to the end of ``submodules``
(2-3 MB of a 40 MB tarball for the AWS bindings).

Each TypeScript module is tied to the Python module key of the same submodule (the index's key):
the Python name of a jsii submodule is the snake_case of its name, which is matched against
the release's real module keys (``APIGatewayV2`` -> ``api_gateway_v2``), never assumed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import Any, cast

from compat.errors import RegistryError
from compat.record import Record

_TOP_KEY = b'\n  "submodules": '
_TYPES_KEY = b'\n  "types": '
_READ_LIMIT = 48 << 20  # inflated .jsii bytes looked at for the submodules table
_SYMBOL = re.compile(r"src/(?P<folder>[\w.-]+(?:/[\w.-]+)*)/index:")


class TsModule(Record):
    """One submodule of a release as TypeScript sees it."""

    key: str  # the index's Python module key: "s3_bucket"
    namespace: str  # the jsii submodule name, exported by the package root: "s3Bucket"
    folder: str | None  # "lib/s3-bucket", or None when the assembly gives no symbolId


def submodules_of(assembly_head: bytes, package_name: str | None = None) -> dict[str, str | None]:
    """``submodule name -> symbolId`` of the release's own top-level submodules (direct children).

    ``assembly_head`` is the beginning of the ``.jsii`` file (at least up to the end of its
    ``submodules`` object); an assembly without one gives ``{}`` (a flat release).
    """
    at = assembly_head.find(_TOP_KEY)
    if at < 0:
        return {}
    text = assembly_head[at + len(_TOP_KEY) :].decode("utf-8", errors="replace")
    try:
        table, _ = json.JSONDecoder().raw_decode(text)
    except ValueError as error:
        raise RegistryError(f"the jsii assembly's submodules table cannot be read: {error}") from error
    if not isinstance(table, dict):
        raise RegistryError("the jsii assembly's submodules table is not an object")
    found: dict[str, str | None] = {}
    for fqn, row in table.items():
        if not isinstance(fqn, str) or "." not in fqn:
            continue
        owner, _, name = fqn.rpartition(".")
        if package_name is not None and owner != package_name:
            continue  # nested submodules (none in the prebuilt packages) are not TypeScript folders
        symbol = row.get("symbolId") if isinstance(row, dict) else None
        found[name] = symbol if isinstance(symbol, str) else None
    return found


def folder_of(symbol_id: str | None) -> str | None:
    """``"src/s3-bucket/index:"`` -> ``"lib/s3-bucket"``."""
    match = _SYMBOL.fullmatch(symbol_id or "")
    return f"lib/{match.group('folder')}" if match else None


def snake_case(name: str) -> str:
    """jsii's Python name of a submodule: ``s3Bucket``: ``s3_bucket``, ``APIGatewayV2``: ``api_gateway_v2``"""
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    text = re.sub(r"([a-z\d])([A-Z])", r"\1_\2", text)
    return text.lower()


def layout(submodules: Mapping[str, str | None], keys: Iterable[str]) -> tuple[list[TsModule], list[str]]:
    """The TypeScript modules of a release whose Python module keys are ``keys``.

    Returns ``(modules, unmatched submodule names)``: a submodule is tied to the key equal to its
    snake_case, else to the one key equal to it once underscores and case are ignored.
    """
    available = set(keys)
    loose: dict[str, list[str]] = {}
    for key in available:
        loose.setdefault(key.replace("_", "").lower(), []).append(key)
    modules: list[TsModule] = []
    unmatched: list[str] = []
    for name, symbol in sorted(submodules.items()):
        key = snake_case(name)
        if key not in available:
            candidates = loose.get(name.lower(), [])
            if len(candidates) != 1:
                unmatched.append(name)
                continue
            key = candidates[0]
        modules.append(TsModule(key=key, namespace=name, folder=folder_of(symbol)))
    return modules, unmatched


def read_assembly_head(blocks: Iterable[bytes], source: str) -> tuple[bytes, str | None]:
    """The beginning of ``package/.jsii`` from a streamed ``.jsii.tgz`` (up to its ``types``) and
    the package name from ``package/package.json`` when it comes first (it does not: None then)."""
    import io
    import tarfile  # only a build streams a tarball: a check never pays for the import

    from compat.databuild.jsii import _IterReader

    raw = io.BufferedReader(_IterReader(iter(blocks)), buffer_size=1 << 20)
    try:
        with tarfile.open(fileobj=raw, mode="r|gz") as tar:
            for entry in tar:
                if entry.name != "package/.jsii":
                    continue
                handle = tar.extractfile(entry)
                if handle is None:
                    break
                head = b""
                while len(head) < _READ_LIMIT:
                    chunk = handle.read(1 << 20)
                    if not chunk:
                        break
                    head += chunk
                    if head.find(_TYPES_KEY, max(0, len(head) - len(chunk) - 16)) >= 0:
                        break
                return head, _assembly_name(head)
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise RegistryError(f"{source}: cannot read the jsii tarball: {error}") from error
    raise RegistryError(f"{source}: the jsii tarball has no package/.jsii")


def _assembly_name(head: bytes) -> str | None:
    match = re.search(rb'\n  "name": "([^"]+)"', head)
    return match.group(1).decode() if match else None


def encode_layout(modules: Iterable[TsModule], keys: Iterable[str]) -> dict[str, Any]:
    """The stored form, given the release's module keys: the keys without a TypeScript module
    (``n``: the root, a flat release's only module) and only the names that differ from the usual
    ones (``x``; usual: namespace = camelCase of the key, folder = ``lib/`` + the key with ``-``
    for ``_``), so a release of 2,400 modules is a few dozen entries."""
    from compat.index.store import _camel

    exceptions: dict[str, list[Any]] = {}
    seen: set[str] = set()
    for module in modules:
        seen.add(module.key)
        namespace: str | int = 0 if module.namespace == _camel(module.key) else module.namespace
        folder: str | int | None = 0 if module.folder == _usual_folder(module.key) else module.folder
        if namespace != 0 or folder != 0:
            exceptions[module.key] = [namespace, folder]
    return {"n": sorted(set(keys) - seen), "x": dict(sorted(exceptions.items()))}


def decode_layout(doc: Mapping[str, Any], keys: Iterable[str]) -> dict[str, TsModule]:
    """``key -> TsModule`` of a release whose module keys are ``keys``, from :func:`encode_layout`."""
    without = set(doc.get("n", ()))
    exceptions = doc.get("x", {})
    return {key: _decode_one(key, exceptions) for key in keys if key not in without}


#: a key whose namespace or folder another key could also spell: ``-`` or ``/`` (folders), an
#: upper-case letter or a ``_`` not followed by a lower-case one (namespaces)
_IRREGULAR_KEY = re.compile(r"[-/A-Z]|_(?![a-z])")
_UPPER = re.compile(r"[A-Z]")


#: a stored exception: ``[namespace, folder]``, each 0 where it is the usual one (a folder may be None)
_Names = tuple[str | int, str | int | None]


class TsLayout(Mapping[str, TsModule]):
    """:func:`decode_layout` read lazily: a check asks for the few folders and namespaces its files
    import, so only those keys are decoded (the whole table of 2,000 modules costs milliseconds).

    A folder or namespace is turned back into the one key whose usual name it is (the usual names
    are one-to-one on regular keys; a release with an irregular key is decoded whole), and the
    stored exceptions are looked up; where two keys give the same name the later key in the
    release's order wins, as in the decoded table."""

    def __init__(self, doc: Mapping[str, object], keys: Mapping[str, object]) -> None:
        self._keys = keys  # the release's module keys, in its order (the manifest)
        self._without = frozenset(cast("Iterable[str]", doc.get("n", ())))
        self._exceptions = cast("Mapping[str, _Names]", doc.get("x", {}))
        self._doc = doc

    def __getitem__(self, key: str) -> TsModule:
        if key not in self._keys or key in self._without:
            raise KeyError(key)
        return _decode_one(key, self._exceptions)

    def __iter__(self) -> Iterator[str]:
        return iter(self._decoded)

    def __len__(self) -> int:
        return len(self._decoded)

    @cached_property
    def _decoded(self) -> dict[str, TsModule]:
        return decode_layout(self._doc, self._keys)

    @cached_property
    def _regular(self) -> bool:
        return _IRREGULAR_KEY.search("\n".join(self._keys)) is None

    @cached_property
    def has_folders(self) -> bool:
        """Whether any module has a folder (a flat release, or 2.0.13 ... 2.x, has none)."""
        return any(self[key].folder for key in self._keys if key not in self._without)

    @cached_property
    def _by_folder(self) -> dict[str, str]:
        return {m.folder: m.key for m in self._decoded.values() if m.folder}

    @cached_property
    def _by_namespace(self) -> dict[str, str]:
        return {m.namespace: m.key for m in self._decoded.values()}

    def key_of_folder(self, folder: str) -> str | None:
        """The module key whose TypeScript folder is ``folder`` (``lib/s3-bucket``)."""
        if not self._regular:
            return self._by_folder.get(folder)
        usual = folder[4:].replace("/", ".").replace("-", "_") if folder.startswith("lib/") else None
        return self._last(folder, usual, 1)

    def key_of_namespace(self, name: str) -> str | None:
        """The module key whose root namespace is ``name`` (``s3Bucket``)."""
        if not self._regular:
            return self._by_namespace.get(name)
        return self._last(name, _UPPER.sub(lambda m: "_" + m.group().lower(), name), 0)

    def _last(self, name: str, usual: str | None, field: int) -> str | None:
        """The last key (in the release's order) whose name ``field`` (0: namespace, 1: folder) is
        ``name``: the key whose usual name it is, or one whose stored exception it is (a stored
        exception is ``[namespace, folder]``, a :class:`TsModule` is ``(key, namespace, folder)``)."""
        found = [key for key, names in self._exceptions.items() if names[field] == name and key in self]
        if usual is not None and usual in self and self[usual][field + 1] == name and usual not in found:
            found.append(usual)
        if len(found) > 1:
            order = {key: at for at, key in enumerate(self._keys)}
            return max(found, key=order.__getitem__)
        return found[0] if found else None


def has_folders(layout: Mapping[str, TsModule] | None) -> bool:
    """Whether any module of ``layout`` has a TypeScript folder."""
    if isinstance(layout, TsLayout):
        return layout.has_folders
    return any(m.folder for m in (layout or {}).values())


def _decode_one(key: str, exceptions: Mapping[str, _Names]) -> TsModule:
    from compat.index.store import _camel

    namespace, folder = exceptions.get(key, (0, 0))
    return TsModule(
        key,
        _camel(key) if isinstance(namespace, int) else namespace,
        _usual_folder(key) if isinstance(folder, int) else folder,
    )


def _usual_folder(key: str) -> str:
    return "lib/" + key.replace("_", "-").replace(".", "/")
