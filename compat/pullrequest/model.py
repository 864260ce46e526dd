"""What a pull request's dependency change needs, project by project (pure over the two checkouts).

Nothing is written: the check, the migration and the pin are planned on the head checkout only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from packaging.version import Version

from compat.check.model import Finding
from compat.errors import CompatError
from compat.project.model import Project
from compat.providers import provider_package
from compat.record import Record
from compat.snapshot import Snapshot


class Bump(Record):
    """One dependency whose version (or cdktf.json constraint) differs between base and head."""

    package: str  # PyPI name, or "<provider> (cdktf.json)"
    before: str | None  # None: not there on the base
    after: str | None  # None: removed by the change


class ProviderSpan(Record):
    """The Terraform provider versions behind the prebuilt releases a bump moves across."""

    package: str
    source: str | None  # "registry.terraform.io/hashicorp/aws"
    versions: tuple[Version, ...]  # ascending, the before release's excluded


class Migration(Record):
    """The call sites the new AWS bindings break: ``compat migrate --from BEFORE --to AFTER``."""

    source: str
    target: str
    diff: str
    unresolved: tuple[str, ...]
    notes: tuple[str, ...]


class PinResult(Record):
    """``compat pin`` on the head, planned only."""

    explanation: tuple[str, ...]
    diff: str
    consistent: bool  # a consistent set exists


class ProjectChange(Record):
    project: str  # relative to the checkout, POSIX ("." for the root)
    bumps: tuple[Bump, ...]
    requires: tuple[Finding, ...]  # the version findings of a check of the head
    spans: tuple[ProviderSpan, ...]
    migration: Migration | None
    pin: PinResult | None
    notes: tuple[str, ...] = ()


class PullRequest(Record):
    """The pull request as its event records it (what the comment's footer names)."""

    number: int | None
    base_sha: str | None
    head_sha: str | None

    @classmethod
    def from_event(cls, event: object) -> PullRequest:
        pull = event.get("pull_request") if isinstance(event, Mapping) else None
        if not isinstance(pull, Mapping):
            return cls(None, None, None)

        def sha(side: str) -> str | None:
            part = pull.get(side)
            value = part.get("sha") if isinstance(part, Mapping) else None
            return value if isinstance(value, str) else None

        number = pull.get("number")
        return cls(number if isinstance(number, int) else None, sha("base"), sha("head"))


class Report(Record):
    pull_request: PullRequest
    projects: tuple[ProjectChange, ...]


def _versions(project: Project | None) -> dict[str, str]:
    """Version of the core, constructs and every prebuilt package the project installs; and the
    cdktf.json provider constraints."""
    if project is None:
        return {}
    wanted = {project.family.core, "constructs"}
    out = {
        name: str(entry.version)
        for name, entry in project.installed.items()
        if entry.version is not None and (name in wanted or provider_package(name) is not None)
    }
    if project.cdktf is not None:
        for entry in project.cdktf.providers:
            out[f"{entry.requirement.name} (cdktf.json)"] = str(entry.requirement.constraint)
    return out


def bumps_between(base: Project | None, head: Project) -> tuple[Bump, ...]:
    before, after = _versions(base), _versions(head)
    return tuple(
        Bump(name, before.get(name), after.get(name))
        for name in sorted({*before, *after})
        if before.get(name) != after.get(name)
    )


def provider_spans(snapshot: Snapshot, bumps: tuple[Bump, ...]) -> tuple[ProviderSpan, ...]:
    spans = []
    for bump in bumps:
        if provider_package(bump.package) is None or not bump.before or not bump.after:
            continue
        low, high = sorted((Version(bump.before), Version(bump.after)))
        releases = [r for r in snapshot.bindings(bump.package) if low < r.version <= high and not r.yanked]
        versions = sorted({r.provider_version for r in releases if r.provider_version is not None})
        source = next((r.provider_source for r in reversed(releases) if r.provider_source), None)
        if versions:
            spans.append(ProviderSpan(bump.package, source, tuple(versions)))
    return tuple(spans)


def _migration(head: Project, bumps: tuple[Bump, ...], offline: bool) -> Migration | None:
    bump = next((b for b in bumps if b.package == head.family.bindings and b.before and b.after), None)
    if bump is None or bump.before is None or bump.after is None:
        return None
    from compat.migrations.catalogue import load_catalogue
    from compat.migrations.planner import plan_migration
    from compat.migrations.render import render_diff
    from compat.migrations.target import parse_spec

    catalogue = load_catalogue(offline=offline, cache=False)
    plan = plan_migration(head.root, Version(bump.after), catalogue, source=parse_spec(bump.before, "--from"))
    unresolved = tuple(
        f"{u.path}:{u.line}: {u.symbol}: {u.reason}"
        + (f" (replacement: {u.replacement})" if u.replacement else "")
        for u in plan.unresolved
    )
    return Migration(bump.before, bump.after, render_diff(plan), unresolved, tuple(plan.notes))


def _pin(head: Project, snapshot: Snapshot) -> PinResult:
    from compat.project.changes import unified_diff
    from compat.resolver.pin import plan_pin

    plan = plan_pin(head.root, snapshot=snapshot)
    prefix = f"{head.root}{os.sep}"  # the checkout's own paths, relative: the comment names no runner folder
    explanation = tuple(sentence.replace(prefix, "") for sentence in plan.explanation)
    return PinResult(explanation, unified_diff(plan.changes, head.root), plan.selection is not None)


def project_change(
    rel: str, base: Project | None, head: Project, snapshot: Snapshot, offline: bool
) -> ProjectChange | None:
    """What the change of one project needs; None when no dependency version changed."""
    bumps = bumps_between(base, head)
    if not bumps:
        return None
    from compat.check.config import CheckOptions
    from compat.check.engine import run_check

    result = run_check(head.root, CheckOptions(offline=offline, select=("VER",)), snapshot=snapshot)
    notes: list[str] = []
    migration: Migration | None = None
    pin: PinResult | None = None
    try:
        migration = _migration(head, bumps, offline)
    except CompatError as error:
        notes.append(f"compat migrate could not plan the call sites: {error}")
    try:
        pin = _pin(head, snapshot)
    except CompatError as error:
        notes.append(f"compat pin: {error}")
    return ProjectChange(
        rel, bumps, result.findings, provider_spans(snapshot, bumps), migration, pin, tuple(notes)
    )


def pull_request_report(
    head: Path, base: Path, event: object, *, offline: bool, snapshot: Snapshot
) -> Report:
    """Every project under ``head`` whose dependencies differ from its counterpart under ``base``."""
    from compat.project import load_project
    from compat.project.files import find_projects

    head, base = head.resolve(), base.resolve()
    changes = []
    for root in find_projects(head):
        rel = root.relative_to(head).as_posix() or "."
        counterpart = base / rel
        before = (
            load_project(counterpart, snapshot=snapshot) if (counterpart / "cdktf.json").is_file() else None
        )
        change = project_change(rel, before, load_project(root, snapshot=snapshot), snapshot, offline)
        if change is not None:
            changes.append(change)
    return Report(PullRequest.from_event(event), tuple(changes))
