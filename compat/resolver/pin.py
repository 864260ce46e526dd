"""``compat pin`` as a pure plan: project + flags -> target -> resolution -> wanted pins -> file changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compat.errors import CompatError
from compat.project import Project, load_project
from compat.project.changes import FileChange, unified_diff
from compat.project.write import plan_changes
from compat.resolver.model import Resolution, Selection, Target
from compat.resolver.solve import resolve
from compat.snapshot import Snapshot
from compat.versions.providers import ProviderRequirement, parse_provider
from compat.versions.python import ProjectPython

AWS_SOURCE = "registry.terraform.io/hashicorp/aws"


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


def target_for(project: Project, provider_flag: str | None = None) -> Target:
    requirement, source = provider_requirement(provider_flag, project)
    terraform = project.terraform
    return Target(
        line=project.line,
        terraform=terraform.version if terraform else None,
        python=project.python.version,
        provider=requirement.constraint if requirement else None,
        terraform_source=terraform.source if terraform else "",
        python_source=python_source(project.python),
        provider_source=source,
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


def _other_line_pins(project: Project) -> list[str]:
    from compat.lines import LINES

    other = [line for name, line in LINES.items() if name != project.line.name]
    return [
        p.name_as_written for line in other for pkg in (line.core, line.bindings) for p in project.pins(pkg)
    ]


def plan_pin(
    path: Path | str,
    *,
    terraform: str | None = None,
    python: str | None = None,
    line: str | None = None,
    provider: str | None = None,
    snapshot: Snapshot | None = None,
) -> PinPlan:
    """Everything ``compat pin`` would do, written nowhere. Impossible requests raise exit code 1."""
    if snapshot is None:
        from compat.snapshot import load_snapshot

        snapshot = load_snapshot()
    project = load_project(path, terraform=terraform, python=python, line=line, snapshot=snapshot)
    stray = _other_line_pins(project)
    if stray:
        raise CompatError(
            f"the manifests name {', '.join(sorted(set(stray)))} but the target line is {project.line.name}: "
            "switching lines is 'compat migrate'"
        )
    target = target_for(project, provider)
    resolution = resolve(snapshot, target)
    explanation: list[str] = [f"Line: {project.line.name} ({project.line_source})."]
    if project.terraform is None:
        explanation.append(
            "No Terraform version found (--terraform, TF_VERSION, .terraform-version, .tool-versions, "
            "cdktf.json targetVersions, terraform on PATH): not filtered on it."
        )
    else:
        explanation += list(project.terraform.notes)
    explanation += list(resolution.explanation)
    selection = resolution.selection
    local = generates_locally(project)
    if selection is None:
        return PinPlan(project, target, resolution, not local, (), tuple(explanation))
    pins = {selection.core.package: f"=={selection.core.version}"}
    if not local:
        pins[selection.package.package] = f"=={selection.package.version}"
    else:
        explanation.append(
            "cdktf.json lists hashicorp/aws without the prebuilt package: the project generates its bindings "
            "locally, so only the core is pinned and cdktf.json gets the provider constraint."
        )
    constructs = selection.constructs
    if constructs is not None:
        pins[constructs.name] = str(constructs.specifier)
    changes = plan_changes(project, pins, provider_version=selection.provider_version,
                           keep_local=_imported_local_bindings(project))
    return PinPlan(project, target, resolution, not local, tuple(changes), tuple(explanation))


def pin_json(plan: PinPlan) -> dict[str, Any]:
    """The JSON document of issue 4 (``line``, ``terraform``, ``selection``, ``changes``, ``explanation``)."""
    selection = plan.selection
    document: dict[str, Any] = {
        "line": plan.project.line.name,
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
            "package": {"name": selection.package.package, "version": str(selection.package.version)},
            "provider": {
                "source": selection.provider_source,
                "version": str(selection.provider_version) if selection.provider_version else None,
            },
            "constructs": constructs_text(selection),
            "prebuilt": plan.prebuilt,
        }
    return document


def constructs_text(selection: Selection) -> str | None:
    """``>=10.4.2,<11.0.0``: the constructs range of the selected release, lower bound first."""
    from compat.project.wanted import WantedPin

    constructs = selection.constructs
    return WantedPin.of(constructs.name, constructs.specifier).text if constructs else None
