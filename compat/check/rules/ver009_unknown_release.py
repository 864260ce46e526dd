"""VER009: a version the release snapshot does not know (typo, or newer than the data).

Python: a pinned version the snapshot does not list. TypeScript: a package.json range (no lock installs
the package) whose every comparator set starts on a release line (major, or minor below 1.0) above the
newest release compat knows of the package, from PyPI (the same jsii build publishes both with one
numbering) and npm. npm, yarn and pnpm then stop (``npm ERR! notarget No matching version found for
@cdktf/provider-google-beta@^20.0.0``): the cdktf family is archived (its last releases 2025-12-10/11),
so for it no newer release will come. A warning, as for the pin: what the data has not seen may exist (a
release after the data).
"""

from __future__ import annotations

from collections.abc import Iterator

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.rules.base import EVERY_LANGUAGE, Rule

META = RuleMeta(
    "VER009", "version", "warning", "unknown-release", "A pinned version is not in the release snapshot."
)

#: the TypeScript finding's wording
NPM_MESSAGE = (
    "{manifest} asks for {name} {spec}, but no release of {name} is that new: the newest compat knows is "
    "{newest} (release data of {date}), so npm stops with 'No matching version found' (ETARGET)"
)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    if ctx.snapshot is None:
        return
    if ctx.typescript is not None:
        yield from _npm(ctx)
        return
    pairs = (
        (ctx.bindings, ctx.binding_release(), ctx.snapshot.bindings),
        (ctx.core, ctx.core_release(), ctx.snapshot.cores),
    )
    for resolved, release, known in pairs:
        if resolved is None or release is not None or not known(resolved.name):
            continue
        pin = resolved.pin
        yield META.finding(
            pin.path if pin else "",
            pin.line if pin else 0,
            1,
            f"{resolved.name} {resolved.version} is not a release known to the snapshot",
            symbol=f"{resolved.name}=={resolved.version}",
            suggestion="check the version, or run 'compat data refresh'",
        )


def _line(version: Version) -> tuple[int, ...]:
    """The release line a caret range stays in: the major, or ``0.minor`` below 1.0. Only a range starting
    on a line above the newest known release is reported: some npm releases of an old line never reached
    PyPI (``@cdktf/provider-aws`` 10.0.5-10.0.12) and the npm data may lack them, but no such release
    opened a new line above every PyPI release."""
    return (version.major,) if version.major else (0, version.minor)


def _known_versions(ctx: CheckContext, name: str) -> list[Version]:
    """Every release of the npm package ``name`` the snapshot lists: its PyPI twin's and npm's own."""
    from compat.providers import provider_package
    from compat.typescript.context import version_of

    snapshot = ctx.snapshot
    assert snapshot is not None
    package = provider_package(name)
    if package is not None:
        found = [r.version for r in snapshot.bindings(package.pypi)]
    elif name in ("cdktf", "cdktn"):
        found = [r.version for r in snapshot.cores(name)]
    else:
        return []
    for row in snapshot.npm(name):
        version = version_of(row.version)
        if version is not None:
            found.append(version)
    return found


def _npm(ctx: CheckContext) -> Iterator[Finding]:
    """Each package.json range, of a prebuilt package or a core that no lock installs, above every release."""
    from compat.typescript.context import prebuilt_packages
    from compat.typescript.rule_facts import package_json_rel, ts_run

    run = ts_run(ctx)
    project = run.project
    if project.manifest is None:
        return
    for name in [*prebuilt_packages(project), "cdktf", "cdktn"]:
        installed = project.installed(name)
        declared = installed.declared
        spec = declared.range if declared is not None else None
        if installed.how != "range" or declared is None or spec is None:
            continue
        known = _known_versions(ctx, name)
        lowest = spec.lowest()
        if not known or not lowest or _line(min(lowest)) <= _line(max(known)):
            continue
        assert ctx.snapshot is not None
        if any(spec.admits(row.version) for row in ctx.snapshot.npm(name)):
            continue  # a pre-release comparator (``^0.22.0-pre.5``) admits what its release bound is above
        newest = max(known)
        manifest = package_json_rel(run)
        yield META.finding(
            manifest,
            declared.line,
            0,
            NPM_MESSAGE.format(
                manifest=manifest, name=name, spec=declared.spec, newest=newest, date=ctx.snapshot.data_date
            ),
            symbol=f"{name}@{declared.spec}",
            suggestion=f"declare a range that admits a release ({name}@^{newest})",
        )


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
