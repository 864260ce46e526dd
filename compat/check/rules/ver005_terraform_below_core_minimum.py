"""VER005: a Terraform CLI below the minimum the core's CLI (``cdktf``) warns about."""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta("VER005", "version", "warning", "terraform-below-core-minimum",
                "The Terraform CLI is older than the minimum the core's CLI supports.")


def _check(ctx: CheckContext) -> Iterator[Finding]:
    terraform, core, snapshot = ctx.environment.terraform, ctx.core_release(), ctx.snapshot
    if terraform is None or core is None or not core.terraform_min or ctx.core is None or snapshot is None:
        return
    if Version(terraform) >= Version(core.terraform_min):
        return
    cli = Version(terraform)

    def too_old(version: str) -> bool:
        other = snapshot.core(core.package, version)
        return other is None or cli < Version(other.terraform_min or "0")

    standing = ctx.core.standing(too_old)
    if standing is None:
        return
    where = ctx.terraform_file()
    yield META.finding(where, 1 if where else 0, 1 if where else 0,
                       f"{core.package} {core.version} supports Terraform >= {core.terraform_min}; "
                       f"the CLI is {terraform}{standing.caveat}",
                       symbol=f"terraform {terraform}", severity=standing.severity,
                       suggestion=f"use Terraform {core.terraform_min} or newer")


RULE = Rule(META, on_project=_check)
