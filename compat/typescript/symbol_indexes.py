"""The symbol indexes of the prebuilt packages a TypeScript project's code imports, loaded as the files
that import them are read: the imports-and-props check (:class:`compat.typescript.symbols.SymbolChecker`)
of each file runs while its tree is alive, with the indexes of what it imports (and every earlier file
imported) loaded first. A package without a symbol index is noted on the run (``TsRun.unindexed``: one
SRC002 finding each).
"""

from __future__ import annotations

from compat.check.config import CheckOptions
from compat.check.model import Finding
from compat.index.model import IndexLoader
from compat.providers import provider_package
from compat.typescript.context import TsRun, Unindexed, decided, prebuilt_packages
from compat.typescript.npm_facts import npm_only_release
from compat.typescript.project import InstalledNpm
from compat.typescript.reader import PropsOf, TsFile


def _release_version(installed: InstalledNpm) -> tuple[str, bool] | None:
    """The installed version and whether it is certain: the lock's or an exact pin's, else the release npm
    would install for the range (:mod:`compat.typescript.assumed`, an assumption; npm installs an npm-only
    release as any other: ``^10.0.5`` of ``@cdktf/provider-aws`` is 10.0.12, which PyPI never got)."""
    return (installed.version, installed.certain) if installed.version is not None else None


class SymbolIndexes:
    """The symbol indexes of the prebuilt packages the code imports, each loaded the first time a file
    imports its package (so each file is checked while its tree is alive); a package without a symbol
    index is noted on the run (``TsRun.unindexed``)."""

    def __init__(self, run: TsRun, options: CheckOptions, index_loader: IndexLoader) -> None:
        from compat.typescript.symbols import SymbolChecker

        self._run, self._options, self._index_loader = run, options, index_loader
        self._waiting = prebuilt_packages(run.project)  # not imported by any file read so far
        self.checker = SymbolChecker({})

    def see(self, file: TsFile) -> None:
        """Load the indexes of the packages ``file`` imports (type-only imports too)."""
        if not self._waiting or not file.imports:
            return
        for item in file.imports:
            spec = item.specifier
            for name in [n for n in self._waiting if spec == n or spec.startswith(n + "/")]:
                self._waiting.remove(name)
                self._load(name)

    def _load(self, name: str) -> None:
        from compat.typescript.symbols import PrebuiltRelease

        run, options = self._run, self._options
        package = provider_package(name)
        installed = run.project.installed(name)
        found = _release_version(installed)
        if package is None or found is None:
            return
        version, certain = found
        index = self._index_loader(package.pypi, version, options.offline)
        if index is None:
            declared = installed.declared
            line = declared.line if declared else 0
            run.unindexed[name] = Unindexed(
                name=name,
                version=version,
                pypi=package.pypi,
                line=line,
                npm_only=npm_only_release(run.snapshot, name, version) is not None,
            )
            return
        read_layout = getattr(index, "ts_layout", None)  # the on-disk index has it; a test's fake may not
        self.checker.add(
            PrebuiltRelease(
                npm=name,
                version=version,
                release_index=index,
                layout=read_layout() if callable(read_layout) else None,
                certain=certain,
                decided=decided(run.project, installed),
            )
        )

    def check(self, file: TsFile, props_of: PropsOf) -> list[Finding]:
        """``file``'s imports-and-props findings, with the indexes of what it imports loaded first."""
        self.see(file)
        return self.checker.check(file, props_of) if self.checker.packages else []
