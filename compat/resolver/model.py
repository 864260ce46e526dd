"""Value objects of a resolution: the target environment, verdicts with reasons, the selection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from packaging.version import Version

from compat.families import Family
from compat.record import Record
from compat.snapshot import BindingRelease, CoreRelease
from compat.versions.cli_names import Cli
from compat.versions.hashicorp import HashiConstraint

if TYPE_CHECKING:
    from packaging.requirements import Requirement


class JointPackage(Record):
    """Another prebuilt package installed beside the selection: it must accept the same core."""

    package: str  # "cdktf-cdktf-provider-random"
    releases: tuple[BindingRelease, ...]  # newest first: those that pass their own checks
    constraint: str = ""  # the provider constraint they were filtered on, as given

    def newest_for(self, core: Version) -> BindingRelease | None:
        """The newest usable release whose core requirement admits ``core``."""
        return next((r for r in self.releases if r.core_specifier.contains(core)), None)


class Target(Record):
    """What the selection must work with. ``None`` means "not known: not filtered on"."""

    family: Family
    terraform: Version | None = None
    python: Version | None = None
    provider: HashiConstraint | None = None
    terraform_source: str = ""
    python_source: str = ""
    provider_source: str = ""  # where the provider constraint came from ("--provider", "cdktf.json")
    cli: Cli = "terraform"  # which CLI ``terraform`` is the version of (OpenTofu answers the same protocols)
    joint: tuple[JointPackage, ...] = ()  # the project's other prebuilt packages (one core for all)
    package: str | None = None  # the package selected first (default: the family's AWS bindings)

    @property
    def primary(self) -> str:
        return self.package or self.family.bindings


class Rejection(Record):
    """Why one candidate is out: ``predicate`` is a stable key, ``reason`` one sentence fragment."""

    predicate: str  # yanked, pre-release, provider, protocol, python, core, core-python, core-terraform
    reason: str
    summary: str = ""  # the same without release numbers, shared by every release it rejects

    @property
    def general(self) -> str:
        return self.summary or self.reason


class Verdict(Record):
    release: BindingRelease
    core: CoreRelease | None  # the newest core that goes with it (when one does)
    rejections: tuple[Rejection, ...]
    #: what could not be checked for lack of data (the core CLI's minimum Terraform): an accepted
    #: verdict with caveats is "unknown", never "usable"
    caveats: tuple[str, ...] = ()

    @property
    def accepted(self) -> bool:
        return not self.rejections

    @property
    def usable(self) -> bool | None:
        """True: passes every check; False: fails one; None: passes all that could be checked."""
        if self.rejections:
            return False
        return None if self.caveats else True


class Selection(Record):
    """The chosen set. ``package`` is None when only the core was chosen: the project generates its
    AWS bindings locally (``cdktf get``) and names no other prebuilt package."""

    family: Family
    package: BindingRelease | None
    core: CoreRelease
    others: tuple[BindingRelease, ...] = ()  # one release of each joint package, same core
    caveats: tuple[str, ...] = ()  # checks that could not be made (see Verdict.caveats)

    @property
    def provider_source(self) -> str:
        source = self.package.provider_source if self.package else None
        return source or "registry.terraform.io/hashicorp/aws"

    @property
    def provider_version(self) -> Version | None:
        return self.package.provider_version if self.package else None

    @property
    def constructs(self) -> Requirement | None:
        release = self.package or next(iter(self.others), None)
        from packaging.requirements import Requirement  # PEP 508 parser: only where one is read

        text = release.constructs_requirement if release else None
        return Requirement(text) if text else None


class Resolution(Record):
    target: Target
    selection: Selection | None
    verdicts: tuple[Verdict, ...]  # newest first, up to and including the selected one
    explanation: tuple[str, ...] = ()
