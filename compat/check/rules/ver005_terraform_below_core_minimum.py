"""VER005: a Terraform CLI below the minimum the core's CLI (``cdktf``) warns about."""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Basis, Finding, RuleMeta
from compat.check.rules.base import EVERY_LANGUAGE, Rule

META = RuleMeta(
    "VER005",
    "version",
    "warning",
    "terraform-below-core-minimum",
    "The Terraform CLI is older than the minimum the core's CLI supports.",
)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    terraform, core, snapshot = ctx.environment.terraform, ctx.core_release(), ctx.snapshot
    if ctx.environment.cli != "terraform":
        return  # OpenTofu's first release (1.6) is above every core's minimum Terraform
    floor = core.terraform_floor if core is not None else None
    if terraform is None or core is None or floor is None or ctx.core is None or snapshot is None:
        return
    if terraform >= floor:
        return
    cli = terraform

    def too_old(version: Version) -> bool:
        other = snapshot.core(core.package, version)
        return other is None or (other.terraform_floor is not None and cli < other.terraform_floor)

    where = ctx.terraform_file()
    yield META.finding(
        where,
        1 if where else 0,
        1 if where else 0,
        f"{core.package} {core.version} supports Terraform >= {core.terraform_min}; the CLI is {terraform}",
        symbol=f"terraform {terraform}",
        basis=Basis(ctx.core, too_old),
        suggestion=f"use Terraform {core.terraform_min} or newer",
    )


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
