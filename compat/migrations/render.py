"""Renderings of a migration plan: unified diff, JSON, a Markdown PR comment."""

from __future__ import annotations

import json

from compat.migrations.migration_plan import MigrationPlan
from compat.project.changes import display_path


def render_diff(plan: MigrationPlan) -> str:
    """Every change as one diff, paths relative to :attr:`MigrationPlan.diff_root` (apply it from there)."""
    return "".join(change.diff(plan.diff_root) for change in plan.changes)


def render_json(plan: MigrationPlan) -> str:
    return json.dumps(plan.to_json(), indent=2)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(plan: MigrationPlan) -> str:
    out = [f"## compat migrate: `{plan.source_label}` → `{plan.target_label}`", ""]
    out += ["| | |", "|---|---|"]
    out.append(f"| files changed | {len(plan.changes)} |")
    out.append(f"| unresolved | {len(plan.unresolved)} |")
    out.append(f"| apply from | `{plan.diff_root}` (`git apply`) |")
    out.append("")
    if plan.changes:
        out += ["| file | lines added | lines removed |", "|---|---:|---:|"]
        for change in plan.changes:
            diff = change.diff(plan.diff_root).splitlines()
            added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
            removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
            out.append(f"| `{display_path(change.path, plan.diff_root)}` | {added} | {removed} |")
        out += [
            "",
            "<details><summary>Diff</summary>",
            "",
            "```diff",
            render_diff(plan).rstrip("\n"),
            "```",
            "",
            "</details>",
            "",
        ]
    if plan.unresolved:
        out += ["### Unresolved", "", "| where | symbol | reason | replacement |", "|---|---|---|---|"]
        for u in plan.unresolved:
            replacement = f"`{_cell(u.replacement)}`" if u.replacement else ""
            out.append(f"| `{u.path}:{u.line}` | `{_cell(u.symbol)}` | {_cell(u.reason)} | {replacement} |")
        out.append("")
    else:
        out += ["Nothing left to migrate by hand.", ""]
    if plan.hops:
        out += [
            "### Staged plan",
            "",
            "| hop | core | AWS bindings | AWS provider | blocked by |",
            "|---|---|---|---|---|",
        ]
        for number, hop in enumerate(plan.hops, start=1):
            mark = " (this move)" if hop == plan.hop else ""
            bindings = f"`{hop.bindings_label}`" if hop.bindings else ""
            built = hop.bindings.provider_version if hop.bindings else None
            blocked = _cell(hop.blocked or "")
            out.append(f"| {number}{mark} | `{hop.label}` | {bindings} | {built or ''} | {blocked} |")
        out.append("")
    if plan.notes:
        out += ["### Notes", ""] + [f"- {_cell(n)}" for n in plan.notes] + [""]
    return "\n".join(out)


def render_text_summary(plan: MigrationPlan, *, written: bool = False) -> str:
    """The lines that go to stderr after a diff: what was (``written``) or would be changed, what is left."""
    done = "changed" if written else "to change"
    lines = [f"{plan.move_label}: {len(plan.changes)} file(s) {done}, {len(plan.unresolved)} unresolved"]
    for u in plan.unresolved:
        lines.append(
            f"{u.path}:{u.line}: {u.symbol}: {u.reason}"
            + (f" (replacement: {u.replacement})" if u.replacement else "")
        )
    lines += [f"note: {n}" for n in plan.notes]
    if plan.changes:
        lines.append(
            f"note: diff paths are relative to {plan.diff_root}: run 'git apply' (or 'patch -p1') there"
        )
    return "\n".join(lines)
