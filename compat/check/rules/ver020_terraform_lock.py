"""VER020: ``.terraform.lock.hcl`` locks a provider version the synthesized configuration does not admit.

Prebuilt bindings write ``required_providers`` with the exact provider version they were built for
(``aws = { version = "5.31.0" }``); bindings ``cdktf get`` generated write the cdktf.json constraint
(``~> 5.0``). ``terraform init`` (and ``tofu init``) refuses a lock entry outside that constraint:
"locked provider registry.terraform.io/hashicorp/aws 5.20.0 does not match configured version
constraint 5.31.0; must use terraform init -upgrade to allow selection of new versions"
(hashicorp/terraform-cdk #1863, #3188). The lock read is the committed one at the project root and
each synthesized stack's (``cdktf.out/stacks/<stack>/``).

Only a provider the code actually uses reaches ``required_providers``: a prebuilt package is judged
when the code imports its module, a cdktf.json entry when the code imports what ``cdktf get``
generates from it and not the prebuilt package. A lock entry no bindings speak for is left alone
(``init`` drops it). A bindings version compat assumed from a range is judged by
:meth:`Resolved.standing`.

A stack's lock (``cdktf.out/stacks/<stack>/``) is the cdktf CLI's own: from cdktf 0.15.3 (and every cdktn)
``cdktf deploy``/``diff`` compare it with the stack's ``required_providers`` and run ``terraform init
-upgrade`` themselves when a locked version violates them (hashicorp/terraform-cdk PR #2020, cli-core
``CdktfStack.checkNeedsUpgrade``). Only a bare ``terraform init`` in that folder fails there, so the
finding is a warning; a core older than 0.15.3 or a lock at the project root keeps the error.
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Basis, Finding, Resolved, RuleMeta, Severity
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.project.terraform_lock import (
    SELF_UPGRADING_CDKTF,
    LockedProvider,
    TerraformLock,
    cli_upgrades_stack_lock,
    provider_key,
)
from compat.providers import provider_package
from compat.snapshot import BindingRelease

META = RuleMeta(
    "VER020",
    "version",
    "error",
    "terraform-lock-mismatch",
    ".terraform.lock.hcl locks a provider version the bindings' required_providers excludes.",
)


def _cli_upgrades(ctx: CheckContext, lock: TerraformLock) -> bool:
    """True when the lock is a synthesized stack's and the project's core upgrades it on deploy/diff."""
    stacks = (ctx.facts.root / "cdktf.out" / "stacks").resolve()
    if not lock.path.resolve().is_relative_to(stacks) or ctx.core is None:
        return False
    return cli_upgrades_stack_lock(ctx.core.name, ctx.core.version)


def _failure(ctx: CheckContext, lock: TerraformLock) -> tuple[str, Severity | None]:
    """What fails, and the severity (None: the rule's error)."""
    if ctx.core is not None and _cli_upgrades(ctx, lock):
        cli = "cdktn" if ctx.core.name == "cdktn" else f"cdktf (>= {SELF_UPGRADING_CDKTF})"
        return (
            f"a bare '{_init(ctx)}' there fails (locked provider does not match configured version "
            f"constraint); {cli} deploy/diff run '{_init_command(ctx)}' themselves",
            "warning",
        )
    return f"'{_init(ctx)}' fails (locked provider does not match configured version constraint)", None


def _init_command(ctx: CheckContext) -> str:
    return f"{_init(ctx)} -upgrade"


def _init(ctx: CheckContext) -> str:
    return "tofu init" if ctx.environment.cli == "opentofu" else "terraform init"


def _rel(ctx: CheckContext, lock: TerraformLock) -> str:
    return lock.path.resolve().relative_to(ctx.facts.root).as_posix()


def _fix(ctx: CheckContext, lock: TerraformLock) -> str:
    command = _init_command(ctx)
    if lock.path.parent.resolve() == ctx.facts.root:
        return (
            f"run '{command}' where the stack is initialised (cdktf.out/stacks/<stack>) and commit the "
            f"updated lock, or delete the provider's block from {_rel(ctx, lock)}"
        )
    folder = lock.path.parent.resolve().relative_to(ctx.facts.root).as_posix()
    return f"run '{command}' in {folder} (or delete that folder and synthesize again)"


def _key(release: BindingRelease) -> str | None:
    """The ``namespace/type`` the release is built for; by the package name when the data lacks the source
    (every prebuilt package is named after its provider's type)."""
    if release.provider_source:
        return provider_key(release.provider_source)
    package = provider_package(release.package)
    return f"*/{package.provider}" if package is not None else None


def _matches(key: str, locked: LockedProvider) -> bool:
    return key == locked.key or (key.startswith("*/") and locked.key.split("/")[1] == key[2:])


def _used_packages(ctx: CheckContext) -> list[tuple[Resolved, BindingRelease]]:
    """Every prebuilt package the code imports whose release (and provider version) is known."""
    if ctx.snapshot is None:
        return []
    found: list[tuple[Resolved, BindingRelease]] = []
    for resolved in (ctx.bindings, *ctx.providers):
        if resolved is None or not ctx.imports_package(resolved.name):
            continue
        release = ctx.release_of(resolved)  # an npm-only release of a TypeScript project: npm's record
        if release is not None and release.provider_version is not None:
            found.append((resolved, release))
    return found


def _against_bindings(
    ctx: CheckContext,
    lock: TerraformLock,
    locked: LockedProvider,
    resolved: Resolved,
    release: BindingRelease,
) -> Finding | None:
    built_for = release.provider_version
    if built_for is None or built_for == locked.version:
        return None
    key = _key(release)

    def mismatched(version: Version) -> bool:
        other = ctx.release_of(resolved, version)
        return (
            other is None
            or other.provider_version != locked.version
            or (key is not None and _key(other) != key)
        )

    failure, severity = _failure(ctx, lock)
    return META.finding(
        _rel(ctx, lock),
        locked.line,
        1,
        f"{_rel(ctx, lock)} locks {locked.address} {locked.version} but {resolved.name} {resolved.version} "
        f"is built for {built_for} and requires exactly that: {failure}",
        symbol=locked.address,
        suggestion=_fix(ctx, lock),
        severity=severity,
        basis=Basis(resolved, mismatched),
    )


def _against_cdktf_json(ctx: CheckContext, lock: TerraformLock, locked: LockedProvider) -> Finding | None:
    if ctx.local is None or ctx.local.prebuilt_imported or ctx.facts.cdktf_json is None:
        return None
    for position, entry in enumerate(ctx.facts.providers):
        requirement = entry.requirement
        if provider_key(requirement.source) != locked.key or not ctx.local.of_provider(position):
            continue
        if requirement.constraint.is_any or requirement.constraint.allows(locked.version):
            return None
        failure, severity = _failure(ctx, lock)
        return META.finding(
            _rel(ctx, lock),
            locked.line,
            1,
            f"{_rel(ctx, lock)} locks {locked.address} {locked.version} but cdktf.json asks for "
            f"{requirement.name} {requirement.constraint} (the bindings 'cdktf get' generated from it, "
            f"imported at {ctx.local.where(position)}, write that constraint): {failure}",
            symbol=locked.address,
            suggestion=_fix(ctx, lock),
            severity=severity,
        )
    return None


def _check(ctx: CheckContext) -> Iterator[Finding]:
    locks = ctx.facts.project.terraform_locks
    if not locks:
        return
    used = _used_packages(ctx)
    for lock in locks:
        if lock.problem:
            yield META.finding(
                _rel(ctx, lock), 0, 0, f"{_rel(ctx, lock)} was not read: {lock.problem}", severity="info"
            )
        for locked in lock.providers:
            speaking = [
                (resolved, release)
                for resolved, release in used
                if (key := _key(release)) is not None and _matches(key, locked)
            ]
            if speaking:
                found = [f for r, rel in speaking if (f := _against_bindings(ctx, lock, locked, r, rel))]
                yield from found[:1]  # one cause, one finding: the first package that speaks for it
                continue
            finding = _against_cdktf_json(ctx, lock, locked)
            if finding is not None:
                yield finding


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
