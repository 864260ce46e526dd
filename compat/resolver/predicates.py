"""The filters a candidate release must pass, each returning a :class:`Rejection` or None.

Plugin protocol: the AWS provider serves plugin protocol 5 in every release the prebuilt bindings
were built from (3.x-6.x), so its floor is the first Terraform that speaks protocol 5, 0.12.0
(DOMAIN.md section 4). Nothing here says AWS 6 needs Terraform 1.8: it does not.
"""

from __future__ import annotations

from collections.abc import Sequence

from packaging.version import Version

from compat.providers import provider_package
from compat.resolver.model import Rejection, Target
from compat.snapshot import BindingRelease, CoreRelease
from compat.versions.hashicorp import HashiConstraint
from compat.versions.protocols import PROTOCOL_MIN_TERRAFORM

AWS_PROTOCOL = 5


def protocol_floor() -> Version:
    return Version(PROTOCOL_MIN_TERRAFORM[AWS_PROTOCOL])


def check_published(release: BindingRelease) -> Rejection | None:
    if release.yanked:
        return Rejection("yanked", f"{release.version} is yanked on PyPI")
    if release.version.is_prerelease:
        return Rejection("pre-release", f"{release.version} is a pre-release")
    return None


def provider_label(release: BindingRelease) -> str:
    """``AWS provider`` for the AWS bindings, ``google provider`` for cdktf-cdktf-provider-google."""
    found = provider_package(release.package)
    return "AWS provider" if found is None or found.is_aws else f"{found.provider} provider"


def check_provider(release: BindingRelease, target: Target) -> Rejection | None:
    if target.provider is None or target.provider.is_any:
        return None
    label = provider_label(release)
    if release.provider_version is None:
        return Rejection("provider", f"the {label} version of {release.version} is not known")
    if not target.provider.allows(release.provider_version):
        return Rejection(
            "provider",
            f"it is built for {label} {release.provider_version}, outside '{target.provider}'",
        )
    return None


def check_protocol(release: BindingRelease, target: Target) -> Rejection | None:
    if target.terraform is None:
        return None
    floor = protocol_floor()
    if target.terraform < floor:
        label = provider_label(release)
        provider = f"{label} {release.provider_version}" if release.provider_version else f"the {label}"
        return Rejection(
            "protocol",
            f"{provider} speaks plugin protocol {AWS_PROTOCOL}, which needs Terraform >= {floor}",
            f"the {label} needs plugin protocol {AWS_PROTOCOL} (Terraform >= {floor})",
        )
    return None


def check_python(release: BindingRelease, target: Target) -> Rejection | None:
    if target.python is None or release.requires_python is None:
        return None
    if not release.python_specifier.contains(target.python, prereleases=True):
        return Rejection(
            "python",
            f"{release.version} requires Python {release.requires_python}",
            f"the release requires Python {release.requires_python}",
        )
    return None


def _minor(version: Version) -> str:
    return f"{version.major}.{version.minor}"


def core_rejection(core: CoreRelease, target: Target) -> Rejection | None:
    """Why one core release cannot be used with ``target`` (None when it can)."""
    if core.yanked:
        return Rejection("core", f"{core.package} {core.version} is yanked")
    python = target.python
    if (
        python is not None
        and core.requires_python
        and not core.python_specifier.contains(python, prereleases=True)
    ):
        return Rejection(
            "core-python",
            f"{core.package} {core.version} requires Python {core.requires_python}",
            f"{core.package} {_minor(core.version)} requires Python {core.requires_python}",
        )
    terraform = target.terraform
    if terraform is not None and core.terraform_min and terraform < Version(core.terraform_min):
        return Rejection(
            "core-terraform",
            f"the {core.package} {core.version} CLI needs Terraform >= {core.terraform_min}",
            f"the {core.package} CLI needs Terraform >= {core.terraform_min}",
        )
    for other in target.joint:
        if other.newest_for(core.version) is None:
            return Rejection(
                "core-joint",
                f"no usable release of {other.package} accepts {core.package} {core.version}",
                f"no usable release of {other.package} accepts {core.package} {_minor(core.version)}",
            )
    return None


def core_caveat(core: CoreRelease, target: Target) -> str | None:
    """What cannot be checked about ``core`` for ``target``: its CLI's minimum Terraform, when no
    source states it (no CLI package of that version on npm). Never a rejection: it is not known."""
    if target.terraform is None or core.terraform_min:
        return None
    return (
        f"the minimum Terraform of the {core.package} {core.version} CLI is not known (no source states "
        f"it), so {target.terraform} is not checked against it"
    )


def usable_releases(
    releases: Sequence[BindingRelease], target: Target, constraint: HashiConstraint | None
) -> tuple[BindingRelease, ...]:
    """A joint package's releases, newest first, that are published, run on the target's Python,
    need the target family's core and (with ``constraint``) are built for a provider it allows."""
    usable = []
    for release in sorted(releases, key=lambda r: r.version, reverse=True):
        if check_published(release) or check_python(release, target):
            continue
        if release.core_name != target.family.core:
            continue
        if (
            constraint is not None
            and not constraint.is_any
            and (release.provider_version is None or not constraint.allows(release.provider_version))
        ):
            continue
        usable.append(release)
    return tuple(usable)


def choose_core(
    release: BindingRelease, cores: Sequence[CoreRelease], target: Target
) -> tuple[CoreRelease | None, Rejection | None]:
    """The newest core release that ``release`` accepts and ``target`` can run, or why there is none."""
    if release.core is None:
        return None, Rejection("core", "the release declares no core requirement")
    admitted = [
        c
        for c in cores
        if c.package == release.core_name
        and not c.version.is_prerelease
        and release.core_specifier.contains(c.version, prereleases=False)
    ]
    if not admitted:
        return None, Rejection(
            "core", f"no release of {release.core_name} matches {release.core_requirement}"
        )
    first_problem: Rejection | None = None
    for core in sorted(admitted, key=lambda c: c.version, reverse=True):
        problem = core_rejection(core, target)
        if problem is None:
            return core, None
        first_problem = first_problem or problem
    return None, first_problem
