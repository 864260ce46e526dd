"""VER018: two manifests of the project pin different releases of one cdktf package.

Every manifest a project ships (Pipfile, requirements*.txt, pyproject.toml) is a way to install it:
``pipenv install``, ``pip install -r requirements.txt`` and ``uv sync`` then give different releases,
and only one of them is what compat checked the code against. Reported once per package, at the first
manifest's pin, the other pins being related places. Each manifest is also solved on its own for
releases that cannot be installed together (VER015).
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, Location, PinFact, RuleMeta
from compat.check.rules.base import Rule

META = RuleMeta(
    "VER018",
    "version",
    "warning",
    "manifests-disagree",
    "Two manifests pin different releases of one cdktf package.",
)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    by_package: dict[str, dict[str, PinFact]] = {}
    for pin in ctx.facts.every_manifest_pin:
        if pin.exact and pin.name != "constructs":
            by_package.setdefault(pin.name, {}).setdefault(pin.path, pin)
    installed = {r.name: r for r in (ctx.bindings, ctx.core, *ctx.providers) if r is not None}
    for package, pins in by_package.items():
        if len({p.exact for p in pins.values()}) < 2:
            continue
        first, *rest = pins.values()
        listed = ", ".join(f"{p.path} pins {p.exact}" for p in pins.values())
        used = installed.get(package)
        checked = f"; compat checked the code against {used.version} ({used.how})" if used else ""
        yield META.finding(
            first.path,
            first.line,
            1,
            f"the manifests disagree on {package}: {listed}; each is a way to install the project "
            f"(pipenv install, pip install -r, ...) and they install different releases{checked}",
            symbol=package,
            suggestion=f"pin one release of {package} in every manifest, or drop the stale file",
            related=tuple(Location(p.path, p.line, 1, f"{package}=={p.exact}") for p in rest),
        )


RULE = Rule(META, on_project=_check)
