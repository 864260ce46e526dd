"""A TypeScript project as the check's language-neutral rules read it: one :class:`CheckContext`.

The rules that judge no code of one language (the CLI against the core and the provider, the Terraform
lock, the repository's CI, cdktn's targetVersions: :data:`compat.check.rules.base.EVERY_LANGUAGE`) run on
a TypeScript project through the same context as on a Python one. What they read is the npm side of the
same facts: the core and the prebuilt packages as the lock (or an exact pin) installs them, named by
their npm names (the release data is one numbering for both registries, :meth:`Snapshot.binding`; a
release npm has and PyPI has not is read from its npm version, ``CheckContext.npm_only``), the
packages the code imports (``imported``: npm names), and the imports of what ``cdktf get`` generates
(``local``). A prebuilt package's version package.json gives only as a range is the one npm would install
(:mod:`compat.typescript.assumed`), given as assumed (``Resolved.assumed``, with every release the range
admits): :mod:`compat.check.standing` judges a finding resting on it as it judges a Python range. A core's
range stays unknown here.
A rule that reads the npm side itself (a lock against package.json, peer ranges, imports nothing
installs) finds the whole run in ``typescript`` (:mod:`compat.typescript.rule_facts`).
"""

from __future__ import annotations

from compat.check.context import CheckContext
from compat.check.model import Environment, Resolved
from compat.check.project import ProjectFacts
from compat.check.shared import Memo
from compat.families import CDKTF, CORES, FAMILIES, Family
from compat.project.local_bindings import LocalUsage, local_bindings
from compat.project.model import Project
from compat.project.terraform_lock import read_terraform_locks
from compat.providers import provider_package
from compat.snapshot import Snapshot
from compat.typescript.code import ParsedTs, TypeScriptCode
from compat.typescript.context import TsRun, prebuilt_packages, rel, resolved_npm
from compat.typescript.npm_facts import npm_only_release
from compat.typescript.project import TsProject
from compat.versions.python import ProjectPython

#: a TypeScript project runs no Python: the model's Python field says so
_NO_PYTHON = ProjectPython((), "one", "", "no Python (a TypeScript project)", "", None)


def _family(project: TsProject) -> tuple[Family, str] | None:
    """The project's family and what decided it: the one core package.json or the lock names, else the
    family of every prebuilt package; None when the project names both (or neither)."""
    cores = [core for core in CORES if project.installed(core).how != "undeclared"]
    if len(cores) == 1:
        where = project.manifest.path.name if project.manifest is not None else "the lock"
        return FAMILIES[cores[0]], f"{cores[0]} in {where}"
    if cores:
        return None
    families = {p.family for name in prebuilt_packages(project) if (p := provider_package(name)) is not None}
    if len(families) == 1:
        family = families.pop()
        return family, f"its prebuilt packages are {family.name}'s"
    return None


def _resolved(project: TsProject, name: str) -> Resolved | None:
    """``name`` as the lock or an exact pin installs it, or as npm would install its range without a lock
    (``Resolved.assumed``: :mod:`compat.typescript.assumed`); None when not known."""
    return resolved_npm(project, project.installed(name))


def _local_usage(run: TsRun, family: Family, code: TypeScriptCode) -> LocalUsage | None:
    """Every import of the bindings ``cdktf get`` generates (``./.gen/providers/aws/vpc``), each tied to
    the cdktf.json entry that generates its provider (:meth:`TypeScriptCode.local_imports`)."""
    if run.config is None:
        return None
    generated = local_bindings(run.config)
    imports = [
        found
        for file in run.files
        if file.imports
        for found in code.local_imports(run.root, ParsedTs(file, ()), generated)
    ]
    return LocalUsage(generated, tuple(imports), frozenset(), family.npm in run.imported_packages())


def ts_context(
    run: TsRun, environment: Environment, snapshot: Snapshot | None, code: TypeScriptCode
) -> CheckContext:
    """The context the language-neutral rules read for the TypeScript project ``run`` has read."""
    project, config, root = run.project, run.config, run.root
    found = _family(project)
    family, family_source = found if found is not None else (CDKTF, "not established (both cores, or none)")
    core = _resolved(project, family.core) if found is not None else None
    bindings = _resolved(project, family.npm) if found is not None else None
    others = tuple(
        resolved
        for name in prebuilt_packages(project)
        if name != family.npm and (resolved := _resolved(project, name)) is not None
    )
    npm_only = tuple(
        release
        for resolved in (bindings, *others)
        if resolved is not None
        and (text := project.installed(resolved.name).version) is not None
        and (release := npm_only_release(snapshot, resolved.name, text)) is not None
    )
    manifest = project.manifest
    model = Project(
        root=root,
        family=family,
        family_source=family_source,
        cdktf=config,
        manifests=(),
        lock=None,
        installed={},
        terraform=None,
        python=_NO_PYTHON,
        language="typescript",
        node=environment.node,
        generated=local_bindings(config) if config is not None else None,
        terraform_locks=read_terraform_locks(root),
    )
    folder = (config.code_maker_output if config else None) or ".gen"
    facts = ProjectFacts(
        project=model,
        root=root,
        family=family,
        cdktf_json=rel(root, config.path) if config is not None else None,
        providers=config.providers if config is not None else (),
        manifest_pins=(),
        lock_pins=(),
        skip_dirs=(folder.strip("./") or ".gen",),
        manifests=(rel(root, manifest.path),) if manifest is not None else (),
        declared=frozenset(d.name for d in manifest.dependencies) if manifest is not None else frozenset(),
    )
    return CheckContext(
        facts=facts,
        environment=environment,
        family=family,
        bindings=bindings,
        core=core,
        snapshot=snapshot,
        symbol_index=None,
        shared=Memo(),
        features=list(snapshot.features) if snapshot is not None else [],
        local=_local_usage(run, family, code),
        providers=others,
        imported=run.imported_packages(),
        typescript=run,
        npm_only=npm_only,
    )
