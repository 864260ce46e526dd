"""Value objects of the rename graph and of a migration.

A :class:`Symbol` is one importable name of one release of a bindings package. A
:class:`Change` is what happened to a symbol between two releases; a :class:`SymbolResolution`
is the composed answer to "what is X of release A in release B".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from packaging.version import Version

ChangeKind = Literal[
    "same",
    "moved",  # same name, other module (the 9.x -> 10.x split)
    "renamed",  # other name, matched by Terraform type (constructs) or struct path (structs)
    "intended",  # a name the source release lacks, read as the construct of the Terraform type it spells
    "package_renamed",  # cdktf_cdktf_provider_aws -> cdktn_provider_aws, cdktf -> cdktn
    "removed",  # no counterpart in the later release
    "param_removed",
    "param_added",
    "param_renamed",  # a construct's positional parameter (``id_`` <-> ``id``, by the generator's rule)
    "shape_changed",  # single block <-> list of blocks
]


@dataclass(frozen=True, order=True)
class Release:
    """One release of a package (bindings or core): ``("cdktf-cdktf-provider-aws", Version("9.0.52"))``."""

    package: str
    version: Version

    def __str__(self) -> str:
        return f"{self.package}=={self.version}"


@dataclass(frozen=True)
class Unversioned:
    """An end of a migration that is no release: the bindings ``cdktf get`` generates (``local``),
    a core no pin names (``unknown``)."""

    package: str
    state: Literal["local", "unknown"]

    def __str__(self) -> str:
        return f"{self.package}=={self.state}"


@dataclass(frozen=True, order=True)
class Symbol:
    """A name exported by ``module`` (relative to the bindings package; ``""`` is the root)."""

    release: Release
    module: str
    name: str

    @property
    def dotted(self) -> str:
        return f"{self.module}.{self.name}" if self.module else self.name

    def __str__(self) -> str:
        return f"{self.dotted}@{self.release.version}"


@dataclass(frozen=True)
class Change:
    """One thing that happened to a symbol (or to one of its parameters) between two releases."""

    kind: ChangeKind
    detail: str  # one human line: "moved from s3 to s3_bucket_versioning"
    param: str | None = None  # for param_* and shape_changed (param_renamed: the old name)
    before: str | None = None  # old shape / old module / old name
    after: str | None = None  # new shape / new module / new name
    since: str | None = None  # first release (version) showing the change, when dated
    replacement: str | None = None  # documented replacement, e.g. 'domain = "vpc"'
    source: str | None = None  # URL documenting the replacement or removal

    @property
    def explained(self) -> str:
        """``detail`` with the release that made the change, when known."""
        return f"{self.detail} (since {self.since})" if self.since else self.detail


@dataclass(frozen=True)
class SymbolResolution:
    """``source`` (a symbol of release A) seen in release B: ``target`` is None when it was removed."""

    source: Symbol
    target: Symbol | None
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def removed(self) -> bool:
        return self.target is None

    def changes_of(self, kind: ChangeKind) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


@dataclass(frozen=True)
class Unresolved:
    """Something a migration could not rewrite: reported, never silently dropped."""

    path: str
    line: int
    symbol: str
    reason: str
    replacement: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "symbol": self.symbol,
            "reason": self.reason,
            "replacement": self.replacement,
        }
