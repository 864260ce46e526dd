"""The symbol index: modules, classes, constructor parameters and block shapes of every release."""

from compat.index.model import ClassInfo, Param, ReleaseIndex

__all__ = ["ClassInfo", "Param", "ReleaseIndex"]
