"""Imports of the bindings ``cdktf get`` generated in the layout before cdktf 0.13, after a move to a
core whose CLI writes one module per resource.

Up to cdktf 0.12 ``cdktf get`` wrote a provider's classes into its package (``from imports.aws import
AwsProvider``) or, for AWS, one module per service (``from imports.aws.vpc import Vpc, Subnet``); from
0.13 on, and in every cdktn release, one module per resource (``imports.aws.subnet.Subnet``). A move
across that line is only done once ``get`` has run again, and then these imports fail (``compat
check``: IMP005, IMP002). Python code is not rewritten here: each statement is listed with the import
to write. The module of an AWS class is where the target's prebuilt release keeps it (read from its
symbol index, the same Terraform provider's bindings); another provider's, or a class that release
lacks, is the resource module the generator names after the class (:func:`resource_module`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from compat.index.model import ReleaseIndex
from compat.migrations.model import Unresolved
from compat.project.local_bindings import (
    InstalledCore,
    layout_of_core,
    local_bindings,
    resource_module,
    scan_files,
)
from compat.project.model import Project
from compat.versions.providers import AWS_SOURCE


def old_layout_imports(
    root: Path,
    project: Project,
    files: Iterable[Path],
    source_core: InstalledCore | None,
    target_core: InstalledCore | None,
    aws_index: ReleaseIndex | None,
) -> list[Unresolved]:
    """One item per import of a provider's generated package that the target's ``get`` will not export."""
    before, after = layout_of_core(source_core), layout_of_core(target_core)
    if project.cdktf is None or before in (None, "resource") or after != "resource":
        return []
    bindings = local_bindings(project.cdktf)
    if not bindings.package:
        return []
    providers = project.cdktf.providers
    found: list[Unresolved] = []
    for item in scan_files(root, files, bindings):
        entry = item.entry
        classes = [n for n in item.names if n[:1].isupper()]
        if entry is None or entry.kind != "provider" or not classes:
            continue
        top, _, module = item.dotted.partition(".")
        aws = (
            0 <= entry.position < len(providers)
            and providers[entry.position].requirement.source == AWS_SOURCE
        )
        place = {n: _module(n, aws_index if aws else None) for n in classes}
        if module and all(m == module for m in place.values()):
            continue  # already the per-resource module of each class
        grouped: dict[str, list[str]] = {}
        for name in classes:
            grouped.setdefault(place[name], []).append(name)
        fix = "; ".join(
            f"from {bindings.package}.{top}.{where} import {', '.join(names)}"
            for where, names in grouped.items()
        )
        where = (
            f"{aws_index.package} {aws_index.version} keeps each class in its module"
            if aws and aws_index is not None
            else "the generator names each module after its class"
        )
        found.append(
            Unresolved(
                item.path,
                item.line,
                f"{bindings.package}.{item.dotted}",
                f"'{target_core.name if target_core else 'cdktn'} get' writes one module per resource (the "
                f"layout since cdktf 0.13): {', '.join(classes)} cannot be imported from "
                f"{bindings.package}.{item.dotted} once the bindings are generated again ({where})",
                fix,
            )
        )
    return found


def _module(name: str, index: ReleaseIndex | None) -> str:
    modules = index.modules_exporting(name) if index is not None else []
    return modules[0] if len(modules) == 1 else resource_module(name)
