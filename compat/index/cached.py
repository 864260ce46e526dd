"""A memoizing wrapper over a :class:`ReleaseIndex`: a stack asks about the same classes again and again
(check, per run), a migration rewrites the same classes in file after file (per release)."""

from __future__ import annotations

from compat.index.model import ClassInfo, ReleaseIndex


class CachedIndex:
    # a plain class, not a dataclass: its state is caches, and defining a dataclass costs ~1 ms of a
    # 0.1 s check (its methods are compiled from text at import)
    def __init__(self, inner: ReleaseIndex) -> None:
        self.inner = inner
        self._exports: dict[str, frozenset[str] | None] = {}
        self._classes: dict[tuple[str, str], ClassInfo | None] = {}
        self._exporting: dict[str, list[str]] = {}
        self._by_type: dict[str, list[tuple[str, str]]] = {}
        self._modules: list[str] | None = None

    @property
    def package(self) -> str:
        return self.inner.package

    @property
    def version(self) -> str:
        return self.inner.version

    @property
    def provider_version(self) -> str | None:
        return self.inner.provider_version

    def modules(self) -> list[str]:
        if self._modules is None:
            self._modules = self.inner.modules()
        return self._modules

    def exports(self, module: str) -> frozenset[str] | None:
        if module not in self._exports:
            found = self.inner.exports(module)
            self._exports[module] = frozenset(found) if found is not None else None
        return self._exports[module]

    def is_module(self, key: str) -> bool:
        """The release has the module ``key`` (the test the code analysis asks of each dotted name)."""
        return self.exports(key) is not None

    def class_info(self, module: str, name: str) -> ClassInfo | None:
        key = (module, name)
        if key not in self._classes:
            self._classes[key] = self.inner.class_info(module, name)
        return self._classes[key]

    def modules_exporting(self, name: str) -> list[str]:
        if name not in self._exporting:
            self._exporting[name] = self.inner.modules_exporting(name)
        return self._exporting[name]

    def classes_for_tf_type(self, tf_type: str) -> list[tuple[str, str]]:
        if tf_type not in self._by_type:
            self._by_type[tf_type] = self.inner.classes_for_tf_type(tf_type)
        return self._by_type[tf_type]
