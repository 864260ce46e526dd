"""``compat data diff OLD NEW``: what changed between two release snapshots, readable in a pull request.

New and vanished releases per package (with the provider version each new bindings release was
built for and the core range it needs), packages that appeared or went, and feature rows added,
removed or changed. The refresh workflow (``.github/workflows/refresh.yml``) puts it in the body of
the pull request that updates ``data/releases.json``.
"""

from __future__ import annotations

from compat.record import Record
from compat.snapshot import BindingRelease, CoreRelease, Snapshot, TerraformFeature


class PackageChange(Record):
    package: str
    added: tuple[str, ...]  # one line per new release: "21.23.0 (AWS 6.26.0, cdktf<0.22,>=0.21)"
    removed: tuple[str, ...]  # versions the new snapshot no longer has
    new_package: bool
    #: releases in both whose recorded facts changed, grouped by change:
    #: "Terraform floor 1.2.0 -> unknown: 0.24.0.dev1, ..."
    changed: tuple[str, ...] = ()


class SnapshotDiff(Record):
    old_built_at: str
    new_built_at: str
    packages: tuple[PackageChange, ...]
    features_added: tuple[str, ...]
    features_removed: tuple[str, ...]
    features_changed: tuple[str, ...]
    functions: tuple[str, ...] = ()  # the CLI function tables: rows added, removed or moved

    @property
    def empty(self) -> bool:
        return not (
            self.packages
            or self.features_added
            or self.features_removed
            or self.features_changed
            or self.functions
        )


def _describe(release: BindingRelease | CoreRelease) -> str:
    if isinstance(release, BindingRelease):
        details = [
            f"provider {release.provider_version}" if release.provider_version else "",
            release.core_requirement or "",
            f"Python {release.requires_python}" if release.requires_python else "",
            "yanked" if release.yanked else "",
        ]
    else:
        details = [
            f"Python {release.requires_python}" if release.requires_python else "",
            "yanked" if release.yanked else "",
        ]
    shown = ", ".join(d for d in details if d)
    return f"{release.version}" + (f" ({shown})" if shown else "")


def _feature(row: TerraformFeature) -> str:
    terraform = f">= {row.min_terraform}" if row.min_terraform else "any"
    opentofu = (
        "not known"
        if row.opentofu_source is None
        else f">= {row.min_opentofu}"
        if row.min_opentofu
        else "any"
    )
    return f"{row.key}: Terraform {terraform}, OpenTofu {opentofu} ({row.source})"


def _facts(release: BindingRelease | CoreRelease) -> dict[str, str]:
    """The facts of a release whose change a reviewer should see, as shown."""
    if isinstance(release, BindingRelease):
        return {
            "provider version": str(release.provider_version or "unknown"),
            "core requirement": release.core_requirement or "none",
            "Python": release.requires_python or "any",
            "yanked": str(release.yanked).lower(),
        }
    return {
        "Terraform floor": release.terraform_min or "unknown",
        "Node.js floor": release.node_min or "unknown",
        "Python": release.requires_python or "any",
        "yanked": str(release.yanked).lower(),
    }


def _changed(
    old_rows: dict[str, BindingRelease | CoreRelease], new_rows: dict[str, BindingRelease | CoreRelease]
) -> tuple[str, ...]:
    groups: dict[tuple[str, str, str], list[str]] = {}
    for version, row in new_rows.items():
        if version not in old_rows:
            continue
        before, after = _facts(old_rows[version]), _facts(row)
        for name, value in after.items():
            if before.get(name) != value:
                groups.setdefault((name, before.get(name, ""), value), []).append(version)
    shown = []
    for (name, was, now), versions in groups.items():
        listed = ", ".join(versions[:8]) + (f", ... ({len(versions)} releases)" if len(versions) > 8 else "")
        shown.append(f"{name} {was} -> {now}: {listed}")
    return tuple(shown)


def _function_changes(old: Snapshot, new: Snapshot) -> tuple[str, ...]:
    lines: list[str] = []
    for cli in sorted(set(old.cli_functions) | set(new.cli_functions)):
        before, after = old.cli_functions.get(cli, {}), new.cli_functions.get(cli, {})
        old_rows, new_rows = before.get("functions") or {}, after.get("functions") or {}
        if not after:
            lines.append(f"{cli}: function table removed")
            continue
        first_branch = str(after.get("from")).removesuffix(".0")
        span = f"{after.get('repository')} {after.get('file')}, v{first_branch} ... v{after.get('through')}"
        if not before:
            lines.append(f"{cli}: {len(new_rows)} functions read from {span} (new)")
        elif before.get("through") != after.get("through"):
            lines.append(f"{cli}: read through v{after.get('through')} (was v{before.get('through')})")
        for name, row in sorted(new_rows.items()):
            was = old_rows.get(name)
            first = row.get("since") != after.get("from") or row.get("removed_in")
            if (was is None and (before or first)) or (
                was is not None
                and (was.get("since"), was.get("removed_in")) != (row.get("since"), row.get("removed_in"))
            ):
                removed = f", removed in {row['removed_in']}" if row.get("removed_in") else ""
                lines.append(f"{cli}: `{name}` since {row.get('since')}{removed} ({row.get('source')})")
        lines += [f"{cli}: `{name}` no longer listed" for name in sorted(set(old_rows) - set(new_rows))]
    return tuple(lines)


def diff_snapshots(old: Snapshot, new: Snapshot) -> SnapshotDiff:
    changes: list[PackageChange] = []
    for attr in ("bindings_by_package", "cores_by_package"):
        before, after = getattr(old, attr), getattr(new, attr)
        for package in sorted(set(before) | set(after)):
            old_rows = {str(r.version): r for r in before[package]} if package in before else {}
            new_rows = {str(r.version): r for r in after[package]} if package in after else {}
            added = tuple(_describe(new_rows[v]) for v in new_rows if v not in old_rows)
            removed = tuple(v for v in old_rows if v not in new_rows)
            changed = _changed(old_rows, new_rows)
            if added or removed or changed:
                changes.append(PackageChange(package, added, removed, package not in before, changed))
    old_features = {f.key: f for f in old.features}
    new_features = {f.key: f for f in new.features}
    return SnapshotDiff(
        old.built_at,
        new.built_at,
        tuple(changes),
        tuple(_feature(new_features[k]) for k in new_features if k not in old_features),
        tuple(k for k in old_features if k not in new_features),
        tuple(
            _feature(new_features[k])
            for k in new_features
            if k in old_features and new_features[k] != old_features[k]
        ),
        _function_changes(old, new),
    )


def render_markdown(diff: SnapshotDiff) -> str:
    """The pull request body: a summary line, then one section per package and the feature rows."""
    if diff.empty:
        return f"No change between the snapshot of {diff.old_built_at} and {diff.new_built_at}.\n"
    releases = sum(len(c.added) for c in diff.packages)
    lines = [
        f"Release data {diff.old_built_at} -> {diff.new_built_at}: {releases} new release(s) in "
        f"{len(diff.packages)} package(s), {len(diff.features_added)} new feature row(s).",
        "",
    ]
    for change in diff.packages:
        title = f"### `{change.package}`" + (" (new package)" if change.new_package else "")
        lines += [title, ""]
        lines += [f"- added {line}" for line in change.added]
        lines += [f"- removed {version}" for version in change.removed]
        lines += [f"- changed {line}" for line in change.changed]
        lines.append("")
    for heading, rows in (
        ("Feature rows added", diff.features_added),
        ("Feature rows changed", diff.features_changed),
        ("Feature rows removed", diff.features_removed),
        ("Function tables", diff.functions),
    ):
        if rows:
            lines += [f"### {heading}", "", *(f"- {row}" for row in rows), ""]
    return "\n".join(lines)
