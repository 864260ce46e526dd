"""``compat migrate --to cdktn-aws``: from ``cdktn-provider-aws`` to cdktn-io's grouped bindings (an alpha).

cdktn-aws binds the same Terraform provider in one module per AWS service. Its own migration tool
is TypeScript-only and lists Python as "planned, not built"; this is the Python side, driven only
by the naming map read from the cdktn-aws wheel (:mod:`compat.migrations.grouped_map`). The project
must already be on cdktn with the core the grouped release accepts (cdktn-aws 0.3.0: cdktn 0.24):
the family move (``--to cdktn==0.24.0``) comes first, and this step changes nothing else. What the map
does not cover stays on ``cdktn-provider-aws``, which then stays in the manifests beside cdktn-aws.
The moved code is then checked against cdktn-aws's own classes and props (its symbol index), as every
move's is (:mod:`compat.migrations.target_api`): what the map moved but the grouped release does not
take (a keyword, a block's shape) is listed with its file and line.
"""

from __future__ import annotations

from pathlib import Path

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError
from compat.families import CDKTN
from compat.migrations.catalogue import ReleaseCatalogue
from compat.migrations.grouped_map import GroupedLookup, GroupedMap, load_grouped_map
from compat.migrations.migration_plan import MigrationPlan, unread_files
from compat.migrations.model import Release, Unresolved
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite.base import RewriteContext
from compat.migrations.rewrite.grouped import MoveToGrouped
from compat.migrations.rewrite.layout import KeepAlignment
from compat.migrations.rewrite.run import rewrite_source
from compat.migrations.target_api import MovePicks, new_api_items
from compat.project.changes import FileChange, display_path
from compat.project.files import source_paths
from compat.python_source import read_python
from compat.versions.npm_semver import NpmRange

GROUPED = "cdktn-aws"


def is_grouped_target(text: str) -> bool:
    return text.strip().partition("==")[0].strip() == GROUPED


def parse_grouped_target(text: str) -> Version | None:
    """``cdktn-aws`` (None: the release of the shipped map) or ``cdktn-aws==0.3.0``."""
    _, equals, version = text.strip().partition("==")
    if not equals:
        return None
    try:
        return Version(version.strip())
    except InvalidVersion as error:
        raise CompatError(f"--to {text.strip()!r}: {version.strip()!r} is not a version") from error


def alpha_note(grouped: GroupedMap) -> str:
    return (
        f"{grouped.release} is an alpha (jsii stability: {grouped.stability or 'not stated'}; "
        f"npm {grouped.npm} is not published): its names may still change between releases"
    )


def plan_grouped_migration(path: Path, wanted: Version | None, catalogue: ReleaseCatalogue) -> MigrationPlan:
    """Every change ``compat migrate PATH --to cdktn-aws`` makes, and what it cannot move."""
    from compat.project import load_project
    from compat.project.write import plan_changes

    grouped = load_grouped_map()
    if wanted is not None and wanted != grouped.version:
        raise CompatError(
            f"--to {GROUPED}=={wanted}: the naming map shipped is {grouped.release} "
            f"('compat data grouped-aws --version {wanted}' reads another)"
        )
    root = path if path.is_dir() else path.parent
    if not root.exists():
        raise CompatError(f"{root} does not exist")
    project = load_project(root)
    if project.family is not CDKTN:
        raise CompatError(
            f"{root} is on {project.family.core}: {GROUPED} needs cdktn first "
            f"('compat migrate --to cdktn==0.24.0', then '--to {GROUPED}')"
        )
    core = project.installed_version(CDKTN.core)
    accepted = NpmRange.parse(grouped.core_range) if grouped.core_range else None
    if core is None or accepted is None or not accepted.admits(str(core)):
        raise CompatError(
            f"{grouped.release} requires {CDKTN.core} {grouped.core_range}; {root} installs "
            f"{CDKTN.core} {core or '(unpinned)'}: move the core first ('compat migrate --to cdktn==0.24.0')"
        )
    bindings = project.installed_version(CDKTN.bindings)
    on_grouped = project.installed_version(grouped.package)
    if bindings is None and on_grouped is not None:
        here = Release(grouped.package, on_grouped)
        return MigrationPlan(root, here, here, (), (), (f"{root} is already on {here}", alpha_note(grouped)))
    if bindings is None and not project.pins(CDKTN.bindings):
        raise CompatError(
            f"{root} declares no {CDKTN.bindings}: --to {GROUPED} moves the prebuilt AWS bindings "
            "(bindings 'cdktn get' generates: '--to-prebuilt' first)"
        )
    if bindings is None:
        raise CompatError(f"cannot tell which {CDKTN.bindings} release {root} uses: pin it (or lock it)")
    source = Release(CDKTN.bindings, bindings)
    index = catalogue.open(source)
    lookup = GroupedLookup(index, grouped)
    skip = [project.cdktf.code_maker_output] if project.cdktf and project.cdktf.code_maker_output else []
    changes: list[FileChange] = []
    unresolved: list[Unresolved] = []
    notes = [alpha_note(grouped)]
    left = False  # some file still imports the classic bindings
    for file in source_paths(root, skip):
        rel = display_path(file, root)
        try:
            decoded = read_python(file)
        except (OSError, SyntaxError) as error:
            unresolved.append(Unresolved(rel, 1, "<file>", f"cannot read: {error}"))
            continue
        if CDKTN.module not in decoded.text:
            continue
        if (refused := decoded.rewritable) is not None:
            unresolved.append(Unresolved(rel, 1, "<file>", refused))
            left = True
            continue
        ctx = RewriteContext(Resolver(index, index), CDKTN.module, grouped.module, path=rel)
        result = rewrite_source(decoded.text, ctx, [MoveToGrouped(lookup), KeepAlignment()])
        if result.changed:
            changes.append(FileChange(file, decoded.text, result.after))
        unresolved.extend(result.unresolved)
        notes.extend(result.notes)
        left = left or CDKTN.module in result.after
    unresolved.extend(unread_files(root, skip))
    target = Release(grouped.package, grouped.version)
    pins = {grouped.package: f"=={grouped.version}"}
    if left:
        notes.append(
            f"{CDKTN.bindings} stays in the manifests beside {grouped.package}: some code still imports it"
        )
        manifests = plan_changes(project, pins, add_missing=True)
    else:
        manifests = plan_changes(project, pins, renames={CDKTN.bindings: grouped.package}, add_missing=False)
    # the move swaps one package for another: cdktf.json (its provider entries, which 'cdktn get'
    # generates from and which 'pin' keeps in step) is not this move's to edit
    manifests = [c for c in manifests if project.cdktf is None or c.path != project.cdktf.path]
    changes.extend(manifests)
    notes.extend(n for c in manifests for n in c.notes)
    provider = index.provider_version
    if (
        provider is not None
        and grouped.provider_version is not None
        and str(provider) != str(grouped.provider_version)
    ):
        notes.append(
            f"{source} binds AWS provider {provider}, {grouped.release} binds {grouped.provider_version}: "
            "the provider version in cdktf.json and .terraform.lock.hcl follows the bindings"
        )
    constructs_range = grouped.peer_dependencies.get("constructs")
    accepts = NpmRange.parse(constructs_range) if constructs_range else None
    for pin in project.pins("constructs") if accepts is not None else ():
        admitted = [v for v in accepts.lowest() if v in pin.specifier] if accepts is not None else []
        if not admitted:
            unresolved.append(
                Unresolved(
                    display_path(pin.path, root),
                    pin.line,
                    "constructs",
                    f"{grouped.release} requires constructs {constructs_range}; this pin admits none of it",
                )
            )
    if grouped.requires_python is not None and (low := project.python.excluded_by(grouped.requires_python)):
        unresolved.append(
            Unresolved(
                display_path(project.root, root) or ".",
                1,
                "python",
                f"{grouped.release} requires Python {grouped.requires_python}; the project admits {low}",
            )
        )
    items, checked = new_api_items(
        project,
        changes,
        MovePicks(family=CDKTN, core=None, bindings=None, pins=pins, renames={}),
        catalogue,
        unresolved,
    )  # the moved code against cdktn-aws's own classes and props, as for every other move
    unresolved.extend(items)
    notes.extend(checked)
    return MigrationPlan(root, source, target, tuple(changes), tuple(unresolved), tuple(notes))
