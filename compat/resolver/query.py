"""What ``compat why`` judges: the release named on the command line and the environment around it.

The CLI passes its options as given; parsing ``<package>==<version>`` and checking that
``--provider`` names the package's own provider happen here; the runtimes are detected as for a
project (:func:`compat.project.runtimes.detect_runtimes`), without reading its manifests.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from packaging.requirements import InvalidRequirement, Requirement
from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.providers import ProviderPackage, provider_package
from compat.resolver.model import Target
from compat.versions.hashicorp import HashiConstraint

if TYPE_CHECKING:
    from compat.snapshot import Snapshot


def parse_release(text: str, snapshot: Snapshot | None = None) -> tuple[ProviderPackage, Version]:
    """``cdktf-cdktf-provider-google==16.12.1`` -> the package and the version (``==16.*`` is none).

    With ``snapshot``, a short name (``google==16.12.1``) is read as :mod:`compat.resolver.names` reads it.
    """
    try:
        requirement = Requirement(text)
    except InvalidRequirement as error:
        raise CompatError(f"{text!r} is not <package>==<version>") from error
    specs = list(requirement.specifier)
    if len(specs) != 1 or specs[0].operator != "==":
        raise CompatError(f"{text!r} is not <package>==<version>")
    package = provider_package(requirement.name)
    if package is None and snapshot is not None:
        from compat.resolver.names import provider_named

        package = provider_named(snapshot, requirement.name)
    if package is None:
        raise CompatError(
            f"{requirement.name!r} is not a prebuilt provider package (cdktf-cdktf-provider-*, "
            "cdktn-provider-*)"
        )
    try:
        return package, Version(specs[0].version)
    except InvalidVersion as error:
        raise CompatError(f"{text!r} is not <package>==<version>") from error


def package_constraint(package: ProviderPackage, provider: str | None) -> HashiConstraint | None:
    """The ``--provider NAME@CONSTRAINT`` value as a constraint on ``package``'s provider.

    A constraint on another provider (``aws@~> 5.0`` for the google bindings) says nothing about
    this package's releases: it is refused rather than applied to the wrong provider.
    """
    from compat.versions.providers import parse_provider

    if not provider:
        return None
    requirement = parse_provider(provider, "--provider")
    if requirement.name != package.provider:
        raise CompatError(
            f"--provider names {requirement.name!r}, but {package.pypi} is built for the "
            f"{package.provider!r} provider"
        )
    return requirement.constraint


def why_target(
    package: ProviderPackage,
    *,
    terraform: str | None,
    opentofu: str | None,
    python: str | None,
    provider: str | None,
    project: Path,
) -> Target:
    """The environment one release is judged against: given versions first, else the project's."""
    from compat.project.runtimes import detect_runtimes
    from compat.resolver.pin import python_source

    root = project if project.is_dir() else Path(".")
    declares_python = any((root / name).exists() for name in ("Pipfile", "pyproject.toml", ".python-version"))
    runtimes = detect_runtimes(
        root,
        terraform=terraform,
        opentofu=opentofu,
        python=python,
        with_python=bool(python or declares_python),
    )
    tf, py = runtimes.cli, runtimes.python
    return Target(
        package.family,
        tf.version if tf else None,
        py.version if py else None,
        package_constraint(package, provider),
        tf.source if tf else "",
        python_source(py) if py else "",
        "--provider" if provider else "",
        tf.cli if tf else "terraform",
        package=package.pypi,
    )
