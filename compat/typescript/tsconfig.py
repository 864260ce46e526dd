"""``compilerOptions.paths`` of a project's tsconfig.json: bare specifiers TypeScript maps to local files.

cdktf's own documentation example (and projects copying it) import ``@cdktf/provider-aws/lib/s3-bucket``
while ``paths`` maps ``@cdktf/provider-aws/lib/*`` to the bindings ``cdktf get`` wrote under ``.gen/``:
such an import needs no installed package. tsconfig.json is JSON with comments and trailing commas, read
with pyjson5. The config is the nearest tsconfig.json at or above the importing file (up to the
repository root); a ``paths`` of its own replaces an extended one (TypeScript's rule), and only a relative
``extends`` is followed: a package's config is not on disk before an install.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

FILENAME = "tsconfig.json"
_MAX_EXTENDS = 5
#: a tsconfig.json past this size is not read (a hand-written one is a few KB, and the repository is
#: untrusted)
_MAX_BYTES = 256_000


def _read(config: Path) -> dict[str, object] | None:
    """The document of ``config``, parsed once per version of the file (its mtime and size): every
    import of a project asks about the same one or two files."""
    try:
        status = config.stat()
    except OSError:
        return None
    if status.st_size > _MAX_BYTES:
        return None
    return _parse(config, (status.st_mtime_ns, status.st_size))


@functools.lru_cache(maxsize=64)
def _parse(config: Path, stamp: tuple[int, int]) -> dict[str, object] | None:
    try:
        text = config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    try:
        document = json.loads(text)  # most tsconfig.json files are plain JSON: the fast parser first
    except (ValueError, RecursionError):
        import pyjson5  # comments and trailing commas; only such a tsconfig.json pays for it

        try:
            document = pyjson5.loads(text)
        except (pyjson5.Json5Exception, ValueError, RecursionError):
            return None
    return document if isinstance(document, dict) else None


def path_patterns(config: Path, depth: int = 0) -> tuple[str, ...]:
    """The ``paths`` keys in force for ``config`` (its own, else the relative ``extends`` chain's)."""
    document = _read(config)
    if document is None or depth > _MAX_EXTENDS:
        return ()
    options = document.get("compilerOptions")
    paths = options.get("paths") if isinstance(options, dict) else None
    if isinstance(paths, dict):
        return tuple(key for key in paths if isinstance(key, str))
    extends = document.get("extends")
    if isinstance(extends, str) and extends.startswith("."):
        parent = (config.parent / extends).resolve()
        if parent.suffix != ".json":
            parent = parent.with_name(parent.name + ".json") if not parent.is_dir() else parent / FILENAME
        if parent.is_file():
            return path_patterns(parent, depth + 1)
    return ()


def _matches(specifier: str, pattern: str) -> bool:
    prefix, star, suffix = pattern.partition("*")
    if not star:
        return specifier == pattern
    return (
        len(specifier) >= len(prefix) + len(suffix)
        and specifier.startswith(prefix)
        and specifier.endswith(suffix)
    )


def mapped_by_paths(folder: Path, ceiling: Path, specifier: str) -> bool:
    """Whether the tsconfig.json governing files of ``folder`` maps ``specifier`` through ``paths``."""
    for candidate in (folder, *folder.parents):
        config = candidate / FILENAME
        if config.is_file():
            return any(_matches(specifier, pattern) for pattern in path_patterns(config))
        if candidate == ceiling:
            break
    return False
