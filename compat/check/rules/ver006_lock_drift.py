"""VER006: the lock file installs a version the manifest does not allow (or lacks the package).

A lock's versions are compared only with the manifest it locks (Pipfile.lock with Pipfile,
poetry.lock and uv.lock with pyproject.toml): a requirements.txt beside a Pipfile is not what
``pipenv install`` reads, so a stale version there says nothing about the lock. A package that such
a side file names and the lock lacks is reported, though: the installer the lock is for never
installs it; unless the locked manifest declares it too, where the one cause (a stale lock) is reported
once, at the locked manifest.

On a TypeScript project the lock (npm, pnpm, Yarn) is compared with package.json as the lock's own
installer compares them in CI: what ``npm ci`` / ``--frozen-lockfile`` refuse (:data:`NPM_MESSAGES`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta, Severity
from compat.check.rules.base import EVERY_LANGUAGE, Rule

META = RuleMeta(
    "VER006", "version", "error", "manifest-lock-drift", "Manifest and lock file disagree on a cdktf package."
)


#: The manifest each lock file is written from.
LOCKED_MANIFEST = {"Pipfile.lock": "Pipfile", "poetry.lock": "pyproject.toml", "uv.lock": "pyproject.toml"}


def _locked_manifests(lock_files: list[str]) -> set[str]:
    paths = (PurePosixPath(path) for path in lock_files)
    return {str(path.with_name(LOCKED_MANIFEST[path.name])) for path in paths if path.name in LOCKED_MANIFEST}


#: what a frozen install of a TypeScript project's lock says, by the kind of drift
NPM_MESSAGES = {
    "pnpm_unrecorded": '{name} "{spec}" in {manifest} has no entry in {lock}, which records every specifier '
    "of this package.json: pnpm install --frozen-lockfile (the default in CI) fails with "
    "ERR_PNPM_OUTDATED_LOCKFILE; pnpm install rewrites the lock",
    "npm_missing": '{name} "{spec}" in {manifest} is missing from {lock}: npm ci fails (package.json and the '
    'lock are not in sync, "Missing: {name}"); npm install rewrites the lock',
    "pnpm_other_specifier": '{name} "{spec}" in {manifest}, but {lock} was made from "{recorded}": pnpm '
    "install --frozen-lockfile (the default in CI) fails with ERR_PNPM_OUTDATED_LOCKFILE; pnpm install "
    "rewrites the lock",
    "yarn_other_ranges": '{name} "{spec}" in {manifest} has no entry in {lock}, which locks other ranges of '
    "it: yarn install --frozen-lockfile fails, yarn install rewrites the lock",
    "outside_range": '{name} "{spec}" in {manifest}, but {lock} installs {locked}: the lock is out of date '
    "({command} rewrites it; a frozen install fails)",
}


def _npm(ctx: CheckContext) -> Iterator[Finding]:
    """A locked version outside the package.json range, or a range the lock does not record."""
    from compat.typescript.rule_facts import interesting, relpath, ts_run

    project = ts_run(ctx).project
    manifest, lock = project.manifest, project.lock
    if manifest is None or lock is None:
        return
    where = relpath(project.root, manifest.path)
    for dependency in manifest.dependencies:
        name, spec = dependency.name, dependency.spec
        if not dependency.installs or not interesting(name) or name in manifest.overrides:
            continue
        compared = manifest.compared_by(name, lock.kind)
        if compared is not None and compared is not dependency:
            continue  # another section's range of the same name is the one the installer checks
        lock_rel = relpath(project.root, lock.path)
        said = {"name": name, "spec": spec, "manifest": manifest.path.name, "lock": lock_rel}
        recorded = lock.recorded_specifier(name, project.member)
        severity: Severity | None = None
        locked_version: str | None = None
        if recorded is None and lock.kind == "pnpm" and lock.specifiers.get(project.member):
            kind = "pnpm_unrecorded"
        elif lock.kind == "npm" and lock.version in ("2", "3") and not lock.installed(name, project.member):
            kind = "npm_missing"
        elif recorded is not None and recorded != spec:
            kind = "pnpm_other_specifier"
        elif lock.has_other_descriptor(name, spec):
            kind, severity = "yarn_other_ranges", "warning"
        else:
            locked = lock.installed(name, project.member, spec)
            if dependency.range is None or locked is None or dependency.range.admits(locked.version):
                continue
            kind, locked_version = "outside_range", locked.version
        message = NPM_MESSAGES[kind].format(
            **said, recorded=recorded, locked=locked_version, command=lock.install_command
        )
        yield META.finding(where, dependency.line, 0, message, symbol=name, severity=severity)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.typescript is not None:
        yield from _npm(ctx)
        return
    facts = ctx.facts
    if not facts.lock_pins:
        return
    locked = {pin.name: pin for pin in facts.lock_pins}
    lock_files = sorted({pin.path for pin in facts.lock_pins})
    manifests = _locked_manifests(lock_files)
    declared_locked = {pin.name for pin in facts.manifest_pins if pin.path in manifests}
    for pin in facts.manifest_pins:
        lock = locked.get(pin.name)
        if lock is None:
            if pin.path not in manifests and pin.name in declared_locked:
                continue  # the locked manifest's own finding says it (re-lock); one cause, once
            yield META.finding(
                pin.path,
                pin.line,
                1,
                f"{pin.name} is in {pin.path} but not in {', '.join(lock_files)}",
                symbol=pin.name,
                suggestion=(
                    "re-lock the project"
                    if pin.path in manifests
                    else f"add it to {' or '.join(sorted(manifests)) or 'the locked manifest'} "
                    "and re-lock: the lock's installer does not read " + pin.path
                ),
            )
            continue
        if pin.path not in manifests:
            continue
        if lock.exact is None:
            continue
        if not pin.specifier.contains(lock.exact, prereleases=True):
            yield META.finding(
                pin.path,
                pin.line,
                1,
                f"{pin.path} asks for {pin.name}{pin.specifier} but {lock.path} installs {lock.exact}",
                symbol=pin.name,
                suggestion="re-lock the project",
            )


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
