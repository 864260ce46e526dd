"""VER008: pinned prebuilt bindings their publisher marks as deprecated (npm ``cdktf.isDeprecated``).

On a TypeScript project every installed prebuilt package: deprecated as the lock records it, else as npm
says (the snapshot's npm section), else as the release data marks it.
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Basis, Finding, RuleMeta
from compat.check.rules.base import EVERY_LANGUAGE, Rule

META = RuleMeta(
    "VER008",
    "version",
    "warning",
    "deprecated-release",
    "The pinned prebuilt bindings are marked deprecated by their publisher.",
)


#: a TypeScript project's deprecated prebuilt package, by what says so
NPM_MESSAGES = {
    "lock": "{name} {version} is deprecated on npm ({lock} records: {why})",
    "npm": "{name} {version} ({decided}) is deprecated on npm ({source}: {why})",
    "release_data": "{name} {version} is marked deprecated by its publisher ({decided})",
}


def _npm(ctx: CheckContext) -> Iterator[Finding]:
    from compat.typescript.context import decided, rel
    from compat.typescript.npm_facts import SOURCE
    from compat.typescript.rule_facts import package_json_rel, prebuilt_installs, ts_run

    run = ts_run(ctx)
    project = run.project
    for found in prebuilt_installs(ctx):
        name, installed, facts, release = found.name, found.installed, found.facts, found.release
        locked, declared = installed.locked, installed.declared
        said = {"name": name, "version": installed.version}
        if locked is not None and locked.deprecated and project.lock is not None:
            why = locked.deprecated.strip()[:160]
            message = NPM_MESSAGES["lock"].format(**said, lock=project.lock.path.name, why=why)
            where, line = rel(run.root, project.lock.path), locked.deprecated_line or locked.line
        elif facts is not None and facts.deprecated and declared is not None:
            why, by = facts.deprecated.strip()[:160], decided(project, installed)
            message = NPM_MESSAGES["npm"].format(**said, decided=by, source=SOURCE, why=why)
            where, line = package_json_rel(run), declared.line
        elif release is not None and release.deprecated and declared is not None:
            message = NPM_MESSAGES["release_data"].format(**said, decided=decided(project, installed))
            where, line = package_json_rel(run), declared.line
        else:
            continue
        yield META.finding(where, line, 0, message, symbol=name, basis=found.basis)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        yield from _npm(ctx)
        return
    release, snapshot = ctx.binding_release(), ctx.snapshot
    if release is None or not release.deprecated or ctx.bindings is None or snapshot is None:
        return

    def deprecated(version: Version) -> bool:
        other = snapshot.binding(release.package, version)
        return other is None or other.deprecated

    pin = ctx.bindings.pin
    hint = (
        "the cdktf line is archived; consider 'compat migrate --to cdktn'"
        if ctx.family.name == "cdktf"
        else "pin a maintained release"
    )
    yield META.finding(
        pin.path if pin else "",
        pin.line if pin else 0,
        1,
        f"{release.package} {release.version} is marked deprecated",
        symbol=f"{release.package}=={release.version}",
        suggestion=hint,
        basis=Basis(ctx.bindings, deprecated),
    )


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
