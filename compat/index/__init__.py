"""The symbol index: modules, classes, constructor parameters and block shapes of every release."""

from compat.index.api import find, indexed_versions, open_release_index
from compat.index.model import ClassInfo, FindHit, MemoryReleaseIndex, Param, ReleaseIndex

__all__ = [
    "ClassInfo",
    "FindHit",
    "MemoryReleaseIndex",
    "Param",
    "ReleaseIndex",
    "find",
    "indexed_versions",
    "open_release_index",
]
