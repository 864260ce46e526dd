"""The provider fields of a release from the npm package inside the wheel's jsii tarball.

Used only for releases whose provider version neither npm nor the README in METADATA gives
(cdktf 1.0.40 ... 12.0.7). Newer releases
carry ``cdktf.provider`` in ``package/package.json``; older ones (up to 7.x) only state it in the
generated JavaScript: ``terraformGeneratorMetadata: {providerName: 'aws', providerVersion: '4.11.0',
providerVersionConstraint: '~> 4.0'}``, which is read from the first ``package/lib/**.js`` having it.

The tarball (``<module>/_jsii/*.jsii.tgz``, ~37-46 MB
compressed) holds a ~130 MB ``package/.jsii`` before ``package/package.json``, so it is streamed
through gzip and :mod:`tarfile` in stream mode: every byte passes once, none is kept.
"""

from __future__ import annotations

import io
import json
import re
import tarfile
from collections.abc import Iterator
from typing import Any

from compat.errors import RegistryError
from compat.registry.wheel import RemoteWheel


class _IterReader(io.RawIOBase):
    """A read-only file object over an iterator of byte blocks."""

    def __init__(self, blocks: Iterator[bytes]) -> None:
        self._blocks = blocks
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            try:
                self._pending = next(self._blocks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def jsii_tarball_name(members: list[str]) -> str:
    names = [n for n in members if "/_jsii/" in n and n.endswith(".tgz")]
    if len(names) != 1:
        raise RegistryError(f"expected one _jsii/*.tgz member, found {len(names)}")
    return names[0]


_GENERATOR = re.compile(
    rb"terraformGeneratorMetadata:\s*\{\s*providerName:\s*'([^']*)'"
    rb"(?:,\s*providerVersion:\s*'([^']*)')?(?:,\s*providerVersionConstraint:\s*'([^']*)')?"
)
_JS_SCAN_LIMIT = 200  # generated .js files looked at for the generator metadata
_ENTRY_LIMIT = 64 << 20  # a package.json or generated .js file read whole (real ones: under 1 MB)


def generator_metadata(source: bytes) -> dict[str, str] | None:
    """``terraformGeneratorMetadata`` of a generated JavaScript file, if it has one."""
    match = _GENERATOR.search(source)
    if match is None:
        return None
    keys = ("providerName", "providerVersion", "providerVersionConstraint")
    return {k: v.decode() for k, v in zip(keys, match.groups(), strict=True) if v is not None}


def read_package_json(wheel: RemoteWheel) -> dict[str, Any]:
    """``package/package.json`` of the wheel's jsii tarball, streamed.

    The generator metadata of the generated JavaScript, when found, is added under the key
    ``"terraformGeneratorMetadata"``.
    """
    name = jsii_tarball_name(list(wheel.members()))
    blocks = wheel.stream(name)
    document: dict[str, Any] | None = None
    metadata: dict[str, str] | None = None
    scanned = 0
    try:
        raw = io.BufferedReader(_IterReader(blocks), buffer_size=1 << 20)
        with tarfile.open(fileobj=raw, mode="r|gz") as tar:
            for entry in tar:
                if entry.size > _ENTRY_LIMIT:
                    continue  # declared larger than any file compat reads: never inflated
                wants_js = metadata is None and scanned < _JS_SCAN_LIMIT
                if wants_js and entry.name.startswith("package/lib/") and entry.name.endswith(".js"):
                    scanned += 1
                    handle = tar.extractfile(entry)
                    metadata = generator_metadata(handle.read()) if handle else None
                elif entry.name == "package/package.json":
                    handle = tar.extractfile(entry)
                    document = _json_object(handle.read() if handle else b"", wheel.url)
                if document is not None and (metadata is not None or scanned >= _JS_SCAN_LIMIT):
                    break
    except (tarfile.TarError, EOFError, OSError) as error:
        raise RegistryError(f"{wheel.url}: cannot read the jsii tarball: {error}") from error
    finally:
        close = getattr(blocks, "close", None)
        if close:
            close()
    if document is None:
        raise RegistryError(f"{wheel.url}: the jsii tarball has no package/package.json")
    if metadata is not None:
        document["terraformGeneratorMetadata"] = metadata
    return document


def _json_object(raw: bytes, url: str) -> dict[str, Any]:
    try:
        document = json.loads(raw)
    except (ValueError, RecursionError) as error:
        raise RegistryError(f"{url}: package.json is not JSON") from error
    if not isinstance(document, dict):
        raise RegistryError(f"{url}: package.json is not an object")
    return document
