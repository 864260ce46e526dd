"""The two families of prebuilt bindings: cdktf (HashiCorp, frozen) and cdktn (CDK Terrain, live)."""

from __future__ import annotations

from typing import Literal

from compat.record import Record

FamilyName = Literal["cdktf", "cdktn"]


class Family(Record):
    name: FamilyName
    core: str  # PyPI name (and import name) of the core library
    bindings: str  # PyPI name of the prebuilt AWS bindings
    module: str  # import name of the prebuilt AWS bindings
    npm: str  # npm name of the prebuilt AWS bindings


CDKTF = Family(
    "cdktf",
    core="cdktf",
    bindings="cdktf-cdktf-provider-aws",
    module="cdktf_cdktf_provider_aws",
    npm="@cdktf/provider-aws",
)
CDKTN = Family(
    "cdktn",
    core="cdktn",
    bindings="cdktn-provider-aws",
    module="cdktn_provider_aws",
    npm="@cdktn/provider-aws",
)
FAMILIES: dict[str, Family] = {"cdktf": CDKTF, "cdktn": CDKTN}
CORES: tuple[str, ...] = tuple(family.core for family in FAMILIES.values())  # ("cdktf", "cdktn")


def family_of_package(name: str) -> Family | None:
    """The line a PyPI or import name belongs to (core or bindings), if any."""
    key = name.lower().replace("_", "-")
    for family in FAMILIES.values():
        if key in (family.core, family.bindings, family.module.replace("_", "-")):
            return family
    return None
