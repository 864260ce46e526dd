"""VER004: a Terraform CLI too old for the provider's plugin protocol.

The AWS provider (3.x to 6.x) serves plugin protocol 5, which Terraform accepts from 0.12 on
(DOMAIN.md section 4). Nothing newer is required by the protocol: AWS 6 runs on Terraform 0.12+.
Where the registry's answer for the provider version is known (``provider_protocols.json``, read by
``compat data refresh``), its protocols decide (a provider serving only protocol 6 needs 1.0.3), and
the finding cites it; else protocol 5 is assumed, as the AWS provider has always served.
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.versions.pep440 import data_version
from compat.versions.protocols import protocol_floor
from compat.versions.protocols_table import load_provider_protocols

META = RuleMeta(
    "VER004",
    "version",
    "error",
    "terraform-protocol",
    "The Terraform CLI cannot speak the provider's plugin protocol (5 needs Terraform >= 0.12).",
)

PROTOCOL_5_MIN_TERRAFORM = protocol_floor(5)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    terraform = ctx.environment.terraform
    if ctx.environment.cli != "terraform":
        return  # OpenTofu's first release (1.6) speaks protocols 5 and 6 and is above every core's minimum
    if terraform is None:
        return
    release = ctx.binding_release()
    provider = (
        f"AWS provider {release.provider_version}"
        if release and release.provider_version
        else "the AWS provider"
    )
    floor, serves = PROTOCOL_5_MIN_TERRAFORM, "serves plugin protocol 5"
    table = load_provider_protocols()
    listed = table.of(release.provider_source, str(release.provider_version)) if table and release else None
    if listed is not None:
        from compat.registry.terraform import min_terraform_for_protocols  # no HTTP stack for the rest

        protocols, url = listed
        needed = min_terraform_for_protocols(protocols)
        if needed is not None:
            floor, serves = data_version(needed), f"serves plugin protocol {', '.join(protocols)} ({url})"
    if terraform >= floor:
        return
    where = ctx.terraform_file()
    yield META.finding(
        where,
        1 if where else 0,
        1 if where else 0,
        f"{provider} {serves}, which needs Terraform >= {floor}; "
        f"the CLI is {terraform} ({ctx.environment.terraform_source})",
        symbol=f"terraform {terraform}",
        suggestion=f"use Terraform {floor} or newer",
    )


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
