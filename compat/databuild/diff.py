"""``compat data diff OLD NEW``: what changed between two release snapshots, readable in a pull request.

New and vanished releases per package (with the provider version each new bindings release was
built for and the core range it needs), packages that appeared or went, and feature rows added,
removed or changed. The refresh workflow (``.github/workflows/refresh.yml``) puts it in the body of
the pull request that updates ``data/releases.json``.
"""

from __future__ import annotations

from typing import NamedTuple

from compat.snapshot import BindingRelease, CoreRelease, Snapshot, TerraformFeature


class PackageChange(NamedTuple):
    package: str
    added: tuple[str, ...]  # one line per new release: "21.23.0 (AWS 6.26.0, cdktf<0.22,>=0.21)"
    removed: tuple[str, ...]  # versions the new snapshot no longer has
    new_package: bool


class SnapshotDiff(NamedTuple):
    old_built_at: str
    new_built_at: str
    packages: tuple[PackageChange, ...]
    features_added: tuple[str, ...]
    features_removed: tuple[str, ...]
    features_changed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.packages or self.features_added or self.features_removed or self.features_changed)


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


def diff_snapshots(old: Snapshot, new: Snapshot) -> SnapshotDiff:
    changes: list[PackageChange] = []
    for attr in ("bindings_by_package", "cores_by_package"):
        before, after = getattr(old, attr), getattr(new, attr)
        for package in sorted(set(before) | set(after)):
            old_rows = {str(r.version): r for r in before[package]} if package in before else {}
            new_rows = {str(r.version): r for r in after[package]} if package in after else {}
            added = tuple(_describe(new_rows[v]) for v in new_rows if v not in old_rows)
            removed = tuple(v for v in old_rows if v not in new_rows)
            if added or removed:
                changes.append(PackageChange(package, added, removed, package not in before))
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
        lines.append("")
    for heading, rows in (
        ("Feature rows added", diff.features_added),
        ("Feature rows changed", diff.features_changed),
        ("Feature rows removed", diff.features_removed),
    ):
        if rows:
            lines += [f"### {heading}", "", *(f"- {row}" for row in rows), ""]
    return "\n".join(lines)
