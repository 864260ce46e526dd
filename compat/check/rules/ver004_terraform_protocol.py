"""VER004: a Terraform CLI too old for the provider's plugin protocol.

The AWS provider (3.x to 6.x) serves plugin protocol 5, which Terraform accepts from 0.12 on
(DOMAIN.md section 4). Nothing newer is required by the protocol: AWS 6 runs on Terraform 0.12+.
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import Rule
from compat.versions.protocols import protocol_floor

META = RuleMeta("VER004", "version", "error", "terraform-protocol",
                "The Terraform CLI cannot speak the provider's plugin protocol (5 needs Terraform >= 0.12).")

PROTOCOL_5_MIN_TERRAFORM = protocol_floor(5)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    terraform = ctx.environment.terraform
    if ctx.environment.cli != "terraform":
        return  # OpenTofu's first release (1.6) speaks protocols 5 and 6 and is above every core's minimum
    if terraform is None or terraform >= PROTOCOL_5_MIN_TERRAFORM:
        return
    release = ctx.binding_release()
    provider = f"AWS provider {release.provider_version}" if release and release.provider_version \
        else "the AWS provider"
    where = ctx.terraform_file()
    yield META.finding(where, 1 if where else 0, 1 if where else 0,
                       f"{provider} serves plugin protocol 5, which needs Terraform >= 0.12; "
                       f"the CLI is {terraform} ({ctx.environment.terraform_source})",
                       symbol=f"terraform {terraform}", suggestion="use Terraform 0.12 or newer")


RULE = Rule(META, on_project=_check)
