"""``compat pin`` as a pure plan: project + flags -> target -> resolution -> wanted pins -> file changes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compat.errors import CompatError
from compat.families import Family
from compat.project import Project, load_project
from compat.project.changes import FileChange, unified_diff
from compat.project.write import plan_changes
from compat.providers import ProviderPackage, provider_package
from compat.resolver.core_only import resolve_core
from compat.resolver.model import JointPackage, Resolution, Selection, Target
from compat.resolver.predicates import usable_releases
from compat.resolver.solve import resolve
from compat.snapshot import Snapshot
from compat.versions.hashicorp import HashiConstraint
from compat.versions.providers import AWS_SOURCE, ProviderRequirement, parse_provider
from compat.versions.python import ProjectPython


@dataclass(frozen=True)
class PinPlan:
    project: Project
    target: Target
    resolution: Resolution
    prebuilt: bool  # False: the project generates its AWS bindings locally (cdktf get)
    changes: tuple[FileChange, ...]
    explanation: tuple[str, ...]

    @property
    def selection(self) -> Selection | None:
        return self.resolution.selection


def _split_flags(flags: Sequence[str]) -> tuple[str | None, list[ProviderRequirement]]:
    """``--provider`` values: the AWS one (at most one) and those of other providers."""
    aws: list[str] = []
    others: list[ProviderRequirement] = []
    for flag in flags:
        requirement = parse_provider(flag, "--provider")
        if requirement.source == AWS_SOURCE:
            aws.append(flag)
        else:
            others.append(requirement)
    if len(aws) > 1:
        raise CompatError(f"--provider names hashicorp/aws {len(aws)} times: give one constraint")
    return (aws[0] if aws else None), others


def provider_requirement(flag: str | None, project: Project) -> tuple[ProviderRequirement | None, str]:
    """The AWS provider constraint: ``--provider`` first, else the ``aws`` entry of cdktf.json."""
    if flag:
        requirement = parse_provider(flag, "--provider")
        if requirement.source != AWS_SOURCE:
            raise CompatError(f"--provider {flag!r}: only hashicorp/aws has prebuilt Python bindings here")
        return requirement, "--provider"
    if project.cdktf is not None:
        entry = project.cdktf.provider("aws")
        if (
            entry is not None
            and entry.requirement.source == AWS_SOURCE
            and not entry.requirement.constraint.is_any
        ):
            return entry.requirement, f"{project.cdktf.path.name} line {entry.line}"
    return None, ""


def python_source(python: ProjectPython) -> str:
    """Where the one Python releases are chosen for comes from, truthfully.

    ``"3"`` admits any Python 3, so the version used is not the Pipfile's but the running
    interpreter's (or, when that is outside the range, the lowest Python the range admits).
    """
    if not python.declared or python.exact is not None or python.version is None:
        return python.source
    written = f'{python.source} = "{python.raw}"'
    if python.version not in python.interpreters:
        return f"the running interpreter, which {written} admits"
    return f"the lowest Python that {written} admits"


def _package_of(requirement: ProviderRequirement, family: Family, snapshot: Snapshot) -> str:
    """The prebuilt package of ``line`` for a provider source (``hashicorp/google`` -> ``...-google``)."""
    package = ProviderPackage(family, requirement.source.rsplit("/", 1)[-1]).pypi
    if not snapshot.bindings(package):
        raise CompatError(
            f"no prebuilt package {package} in the release snapshot for {requirement.source} "
            "(run 'compat data refresh', or generate its bindings with cdktf get)"
        )
    return package


def joint_packages(
    project: Project,
    snapshot: Snapshot,
    base: Target,
    *,
    flags: Sequence[ProviderRequirement] = (),
    add: Sequence[str] = (),
) -> tuple[JointPackage, ...]:
    """The project's prebuilt packages besides the AWS bindings, plus ``--add`` and ``--provider`` ones."""
    constraints = {_package_of(r, project.family, snapshot): r for r in flags}
    names: list[str] = []
    for manifest in project.manifests:
        for pin in manifest.pins:
            found = provider_package(pin.package)
            if found is not None and found.family == project.family and not found.is_aws:
                names.append(found.pypi)
    for name in add:
        found = provider_package(name) or ProviderPackage(project.family, name.strip().lower())
        if found.family != project.family:
            raise CompatError(
                f"--add {name}: {found.pypi} is of the {found.family.name} line, not {project.family.name}"
            )
        if not snapshot.bindings(found.pypi):
            raise CompatError(f"--add {name}: no prebuilt package {found.pypi} in the snapshot")
        names.append(found.pypi)
    names += list(constraints)
    joint = []
    for name in dict.fromkeys(names):
        if name == project.family.bindings:
            continue
        requirement = constraints.get(name)
        constraint = requirement.constraint if requirement else None
        releases = usable_releases(snapshot.bindings(name), base, constraint)
        joint.append(JointPackage(name, releases, str(constraint) if constraint else ""))
    return tuple(joint)


def target_for(project: Project, provider_flag: str | None = None) -> Target:
    requirement, source = provider_requirement(provider_flag, project)
    terraform = project.terraform
    return Target(
        family=project.family,
        terraform=terraform.version if terraform else None,
        python=project.python.version,
        provider=requirement.constraint if requirement else None,
        terraform_source=terraform.source if terraform else "",
        python_source=python_source(project.python),
        provider_source=source,
        cli=terraform.cli if terraform else "terraform",
    )


def generates_locally(project: Project) -> bool:
    """True when cdktf.json lists hashicorp/aws and no manifest names the prebuilt bindings."""
    if project.cdktf is None or project.uses_prebuilt:
        return False
    entry = project.cdktf.provider("aws")
    return entry is not None and entry.requirement.source == AWS_SOURCE


def _imported_local_bindings(project: Project) -> dict[int, str]:
    """terraformProviders entries whose ``cdktf get`` bindings the code imports (they must stay)."""
    from compat.project.files import source_paths
    from compat.project.local_bindings import imported_providers

    if project.cdktf is None:
        return {}
    generated = [project.cdktf.code_maker_output] if project.cdktf.code_maker_output else []
    return imported_providers(project.root, project.cdktf, source_paths(project.root, generated))


def _other_family_pins(project: Project) -> list[str]:
    from compat.families import FAMILIES

    other = [family for name, family in FAMILIES.items() if name != project.family.name]
    return [
        p.name_as_written
        for family in other
        for pkg in (family.core, family.bindings)
        for p in project.pins(pkg)
    ]


def plan_pin(
    path: Path | str,
    *,
    terraform: str | None = None,
    python: str | None = None,
    family: str | None = None,
    provider: str | Sequence[str] | None = None,
    add: Sequence[str] = (),
    snapshot: Snapshot | None = None,
    opentofu: str | None = None,
) -> PinPlan:
    """Everything ``compat pin`` would do, written nowhere. Impossible requests raise exit code 1."""
    if snapshot is None:
        from compat.snapshot import load_snapshot

        snapshot = load_snapshot()
    project = load_project(
        path, terraform=terraform, python=python, family=family, snapshot=snapshot, opentofu=opentofu
    )
    stray = _other_family_pins(project)
    if stray:
        raise CompatError(
            f"the manifests name {', '.join(sorted(set(stray)))} but the target line is "
            f"{project.family.name}: switching lines is 'compat migrate'"
        )
    flags = [provider] if isinstance(provider, str) else list(provider or [])
    aws_flag, other_flags = _split_flags(flags)
    target = target_for(project, aws_flag)
    joint = joint_packages(project, snapshot, target, flags=other_flags, add=add)
    # without the AWS bindings in the manifests, another prebuilt package leads the selection
    lead = None if project.uses_prebuilt or not joint else joint[0]
    target = target._replace(
        joint=tuple(j for j in joint if j is not lead),
        package=lead.package if lead else None,
        provider=target.provider if lead is None else _constraint_of(lead, other_flags, project, snapshot),
        provider_source=target.provider_source if lead is None else ("--provider" if lead.constraint else ""),
    )
    local = generates_locally(project)
    if local and lead is None:  # the bindings are cdktf get's: the AWS constraint is not the core's business
        target = target._replace(provider=None, provider_source="")
        resolution = resolve_core(snapshot, target)
    else:
        resolution = resolve(snapshot, target)
    explanation: list[str] = [f"Line: {project.family.name} ({project.family_source})."]
    if project.terraform is None:
        explanation.append(
            "No Terraform / OpenTofu version found (the sources docs/RUNTIMES.md lists): not filtered on it."
        )
    else:
        explanation += list(project.terraform.notes)
    explanation += list(resolution.explanation)
    selection = resolution.selection
    prebuilt = not local or lead is not None
    if selection is None:
        return PinPlan(project, target, resolution, prebuilt, (), tuple(explanation))
    pins = {selection.core.package: f"=={selection.core.version}"}
    pins.update({other.package: f"=={other.version}" for other in selection.others})
    if prebuilt and selection.package is not None:
        pins[selection.package.package] = f"=={selection.package.version}"
    if local:
        pinned = "only the core is pinned" if lead is None else "its prebuilt packages and core are pinned"
        explanation.append(
            "cdktf.json lists hashicorp/aws without the prebuilt package: the project generates its bindings "
            f"locally, so {pinned} and cdktf.json keeps its provider constraint."
        )
    constructs = selection.constructs
    if constructs is not None:
        pins[constructs.name] = str(constructs.specifier)
    # a prebuilt AWS release kept beside imported cdktf get bindings: cdktf.json follows its provider
    aws_version = selection.provider_version if lead is None else None  # None: the core alone was chosen
    changes = plan_changes(
        project, pins, provider_version=aws_version, keep_local=_imported_local_bindings(project)
    )
    return PinPlan(project, target, resolution, prebuilt, tuple(changes), tuple(explanation))


def _constraint_of(
    lead: JointPackage, flags: Sequence[ProviderRequirement], project: Project, snapshot: Snapshot
) -> HashiConstraint | None:
    """The ``--provider`` constraint of the package leading the selection, if one was given."""
    return next(
        (r.constraint for r in flags if _package_of(r, project.family, snapshot) == lead.package), None
    )


def pin_json(plan: PinPlan) -> dict[str, Any]:
    """The JSON document of issue 4 (``line``, ``terraform``, ``selection``, ``changes``, ``explanation``)."""
    selection = plan.selection
    document: dict[str, Any] = {
        "line": plan.project.family.name,
        "terraform": str(plan.target.terraform) if plan.target.terraform else None,
        "terraform_source": plan.target.terraform_source or None,
        "python": str(plan.target.python) if plan.target.python else None,
        "python_source": plan.target.python_source or None,
        "selection": None,
        "changes": [
            {"path": str(c.path), "diff": unified_diff([c], plan.project.root), "notes": list(c.notes)}
            for c in plan.changes
        ],
        "explanation": list(plan.explanation),
    }
    if selection is not None:
        document["selection"] = {
            "core": {"name": selection.core.package, "version": str(selection.core.version)},
            "package": None
            if selection.package is None
            else {"name": selection.package.package, "version": str(selection.package.version)},
            "provider": {
                "source": selection.provider_source,
                "version": str(selection.provider_version) if selection.provider_version else None,
            },
            "constructs": constructs_text(selection),
            "prebuilt": plan.prebuilt,
            "others": [
                {
                    "name": r.package,
                    "version": str(r.version),
                    "provider": {
                        "source": r.provider_source,
                        "version": str(r.provider_version) if r.provider_version else None,
                    },
                }
                for r in selection.others
            ],
        }
    return document


def constructs_text(selection: Selection) -> str | None:
    """``>=10.4.2,<11.0.0``: the constructs range of the selected release, lower bound first."""
    from compat.project.wanted import WantedPin

    constructs = selection.constructs
    return WantedPin.of(constructs.name, constructs.specifier).text if constructs else None
