"""The two lines of prebuilt bindings: cdktf (HashiCorp, frozen) and cdktn (CDK Terrain, live)."""

from __future__ import annotations

from typing import Literal, NamedTuple

LineName = Literal["cdktf", "cdktn"]


class Line(NamedTuple):
    name: LineName
    core: str  # PyPI name (and import name) of the core library
    bindings: str  # PyPI name of the prebuilt AWS bindings
    module: str  # import name of the prebuilt AWS bindings
    npm: str  # npm name of the prebuilt AWS bindings


CDKTF = Line(
    "cdktf",
    core="cdktf",
    bindings="cdktf-cdktf-provider-aws",
    module="cdktf_cdktf_provider_aws",
    npm="@cdktf/provider-aws",
)
CDKTN = Line(
    "cdktn",
    core="cdktn",
    bindings="cdktn-provider-aws",
    module="cdktn_provider_aws",
    npm="@cdktn/provider-aws",
)
LINES: dict[str, Line] = {"cdktf": CDKTF, "cdktn": CDKTN}
CORES: tuple[str, ...] = tuple(line.core for line in LINES.values())  # ("cdktf", "cdktn")


def line_of_package(name: str) -> Line | None:
    """The line a PyPI or import name belongs to (core or bindings), if any."""
    key = name.lower().replace("_", "-")
    for line in LINES.values():
        if key in (line.core, line.bindings, line.module.replace("_", "-")):
            return line
    return None
