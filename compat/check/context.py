"""Everything a rule may consult, gathered once per run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from compat.check.model import Environment, Severity
from compat.check.shared import Memo
from compat.index.model import ReleaseIndex
from compat.lines import LINES, Line
from compat.snapshot import BindingRelease, CoreRelease, Snapshot, TerraformFeature

if TYPE_CHECKING:
    from compat.check.local_bindings import LocalUsage
    from compat.check.project import PinFact, ProjectFacts


class Standing(NamedTuple):
    """How a finding about a resolved version is reported: its severity and what it rests on."""

    severity: Severity | None  # None: the rule's own
    caveat: str  # appended to the message: the assumption it rests on ("" for a locked or exact version)


class Resolved(NamedTuple):
    """The version of a package the project installs, and how it was decided.

    ``assumed``: the version is compat's reading of a range without a lock (the newest release the
    installer would pick today), not a lock or an exact pin; ``admitted`` then lists every release
    it could pick, newest first.
    """

    name: str
    version: str
    how: str  # one sentence from the project model: "cdktf-cdktf-provider-aws pinned at Pipfile:3"
    pin: PinFact | None
    assumed: bool = False
    admitted: tuple[str, ...] = ()

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version, "how": self.how}

    def standing(self, holds: Callable[[str], bool]) -> Standing | None:
        """How a problem of this version is reported; ``holds(version)`` says whether a release has it.

        A locked or exact version: as the rule says. An assumed one: not at all when some release
        the installer could pick instead is free of the problem (the finding would rest only on
        compat's guess), else a warning that says what was assumed.
        """
        if not self.assumed:
            return Standing(None, "")
        if any(not holds(version) for version in self.admitted if version != self.version):
            return None
        pin = self.pin
        where = f"{self.name}{pin.specifier or ' *'} at {pin.path}:{pin.line}" if pin else self.how
        caveat = (f" (assumed: no lock pins it; {self.version} is what the installer would pick today for "
                  f"{where}, and every release it could pick has the same problem)")
        return Standing("warning", caveat)


@dataclass
class CheckContext:
    facts: ProjectFacts
    environment: Environment
    line: Line
    bindings: Resolved | None
    core: Resolved | None
    snapshot: Snapshot | None
    index: ReleaseIndex | None
    features: list[TerraformFeature]
    #: the index of the newest release of the line (for "newer than the pinned release"), loaded lazily
    newest_index: Callable[[], ReleaseIndex | None] = field(default=lambda: None)
    shared: Memo = field(default_factory=Memo)  # per-run results rules share (see compat.check.shared)
    local: LocalUsage | None = None  # imports of the bindings `cdktf get` generates (None: not scanned)
    #: the release the code is checked against when no manifest declares the bindings (an assumption)
    inferred: Resolved | None = None
    #: every other prebuilt package the project installs whose version is known (``google``, ``random`` ...)
    providers: tuple[Resolved, ...] = ()
    imported: frozenset[str] = frozenset()  # the top-level modules the project's code imports

    @property
    def package_module(self) -> str:
        return self.line.module

    @property
    def other_line(self) -> Line:
        return next(line for name, line in LINES.items() if name != self.line.name)

    def binding_release(self) -> BindingRelease | None:
        if self.snapshot is None or self.bindings is None:
            return None
        return self.snapshot.binding(self.bindings.name, self.bindings.version)

    def core_release(self) -> CoreRelease | None:
        if self.snapshot is None or self.core is None:
            return None
        return self.snapshot.core(self.core.name, self.core.version)

    def qualified(self, module: str, name: str | None = None) -> str:
        dotted = f"{self.package_module}.{module}" if module else self.package_module
        return f"{dotted}.{name}" if name else dotted

    def terraform_file(self) -> str:
        """The project file the Terraform version came from (``.terraform-version``), else ``""``."""
        source = self.environment.terraform_source or ""
        return source if source and (self.facts.root / source).is_file() else ""

    def release_label(self) -> str:
        if self.bindings is None and self.inferred is not None:
            return f"{self.inferred.name} {self.inferred.version} (inferred: not declared)"
        if self.bindings is None:
            return self.line.bindings
        return f"{self.bindings.name} {self.bindings.version}"
