"""The pull-request comment as Markdown: one comment, found again by its hidden marker."""

from __future__ import annotations

from packaging.version import Version

from compat import __version__
from compat.pullrequest.model import Migration, PinResult, ProjectChange, ProviderSpan, Report

#: the first line of every comment compat posts: the Action edits the comment holding it
MARKER = "<!-- compat:pull-request-comment -->"
_SHOWN = 8  # provider versions listed before "+N more"


def release_page(source: str | None, version: Version) -> str | None:
    """The GitHub release page of a registry provider version: a provider published on the Terraform
    registry lives in the repository ``<namespace>/terraform-provider-<name>`` (registry rule)."""
    if not source:
        return None
    parts = source.split("/")
    if len(parts) != 3 or parts[0] != "registry.terraform.io":
        return None
    return f"https://github.com/{parts[1]}/terraform-provider-{parts[2]}/releases/tag/v{version}"


def _span(span: ProviderSpan) -> str:
    name = "/".join(span.source.split("/")[1:]) if span.source else "provider"
    shown = []
    for version in span.versions[-_SHOWN:]:
        page = release_page(span.source, version)
        shown.append(f"[{version}]({page})" if page else str(version))
    rest = len(span.versions) - len(shown)
    more = f" (+{rest} earlier)" if rest > 0 else ""
    majors = sorted({v.major for v in span.versions})
    crossing = (
        f"; **major {', '.join(map(str, majors[1:]))}**: read the upgrade guide" if len(majors) > 1 else ""
    )
    return (
        f"- `{span.package}`: {name} {span.versions[0]} → {span.versions[-1]}{crossing}: "
        f"{', '.join(shown)}{more}"
    )


def _fence(text: str, language: str = "diff") -> list[str]:
    fence = "```" + "`" * max((len(run) - 2 for run in text.split("\n") if run.startswith("```")), default=0)
    return [f"{fence}{language}", text.rstrip("\n"), fence]


def _migration(migration: Migration) -> list[str]:
    command = f"compat migrate --from {migration.source} --to {migration.target}"
    out = [f"**Call sites that break** (`{command}`):", ""]
    if migration.diff:
        out += [
            "<details><summary>Suggested change</summary>",
            "",
            *_fence(migration.diff),
            "",
            "</details>",
            "",
        ]
    else:
        out += ["None: the code uses nothing this bump renames or reshapes.", ""]
    out += [f"- left to do by hand: `{line}`" for line in migration.unresolved]
    out += [f"- note: {line}" for line in migration.notes]
    return out + ([""] if migration.unresolved or migration.notes else [])


def _pin(pin: PinResult) -> list[str]:
    out = ["**`compat pin`**:", ""]
    out += [f"> {sentence}" for sentence in pin.explanation]
    if pin.diff:
        out += ["", "<details><summary>What it writes</summary>", "", *_fence(pin.diff), "", "</details>"]
    elif pin.consistent:
        out += ["", "The pins already are the newest consistent set."]
    return out + [""]


def _project(change: ProjectChange, several: bool) -> list[str]:
    out = [f"### `{change.project}`", ""] if several else []
    out += ["| dependency | base | head |", "|---|---|---|"]
    out += [f"| `{b.package}` | {b.before or '–'} | {b.after or '–'} |" for b in change.bumps]
    out.append("")
    if change.requires:
        out += ["**The change also requires:**", ""]
        for finding in change.requires:
            where = f"{finding.path}:{finding.line}" if finding.line else finding.path or change.project
            fix = f" Fix: {finding.suggestion}." if finding.suggestion else ""
            out.append(
                f"- {finding.severity} {finding.code} (`{where}`): {finding.message}.{fix}".replace("..", ".")
            )
        out.append("")
    else:
        out += ["**The change also requires:** nothing else; the versions agree.", ""]
    if change.spans:
        out += ["**Provider versions it spans** (release notes):", ""]
        out += [_span(span) for span in change.spans]
        out.append("")
    if change.migration is not None:
        out += _migration(change.migration)
    if change.pin is not None:
        out += _pin(change.pin)
    out += [f"- note: {note}" for note in change.notes]
    return out


def render(report: Report) -> str:
    """The comment body; ``""`` when no project's dependencies changed (nothing to post)."""
    if not report.projects:
        return ""
    out = [MARKER, "## compat: what this dependency change needs", ""]
    several = len(report.projects) > 1
    for change in report.projects:
        out += _project(change, several)
    pull = report.pull_request
    span = (
        f" · base `{pull.base_sha[:7]}` → head `{pull.head_sha[:7]}`"
        if pull.base_sha and pull.head_sha
        else ""
    )
    out += [
        "---",
        f"<sub>compat {__version__}, offline data{span}; this comment is updated on every push.</sub>",
    ]
    return "\n".join(out).rstrip("\n") + "\n"
