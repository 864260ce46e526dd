"""VER021: a CI or container pin installs a CLI the project cannot use.

Which CLI runs in CI is decided by the repository's files more often than by ``.terraform-version``:
``hashicorp/setup-terraform`` ``terraform_version``, ``opentofu/setup-opentofu`` ``tofu_version``,
``hashicorp/terraform-cdk-action`` ``terraformVersion`` / ``cdktfVersion``, ``npm i -g
cdktf-cli@0.20.0`` in a workflow or Dockerfile (read by :mod:`compat.mentions`; the drift behind
hashicorp/terraform-cdk-action PRs #84, #91, #96). Each static pin is checked against the project:

- a Terraform / OpenTofu version that is no release (``cli_releases.json``): an error naming the
  nearest; one below the minimum the project's core supports: a warning, as the CLI itself says it
  (every cdktf-cli from 0.12 to 0.21 prints "Warning: unsupported Terraform version [...] - please
  upgrade to >=X" and goes on; VER005 says the same of the CLI found on the machine);
- a ``cdktf-cli`` / ``cdktn-cli`` of another minor than the core the project installs: a warning
  (the CLI and the library are released together; the CLI's ``get`` stops with "The minor version of the
  library (...) and the CLI (...) are different" in every cdktf-cli from 0.12 to 0.21 and in cdktn-cli
  0.24, while ``synth`` and ``deploy`` run without that check, so nothing certain fails).
  For ``cdktn-cli`` the fix names a release of the core's minor from the packument the data build
  reads into ``runtimes.json`` where it lists one. That packument came from a registry that lists only
  some releases (``cdktn-cli`` 0.24.0 alone, where registry.npmjs.org serves 0.22.1), so a pin it
  does not list is no finding: absence from a partial listing is not evidence the install fails.

An install of ``cdktf-cli`` with no version or ``@latest`` in CI or a container (``npm install -g
cdktf-cli``) installs npm's ``latest`` tag, which for the archived cdktf line is its final release (the
newest cdktf release in the data, 0.21.0): it is judged as that pin, and the finding says it was read so.
The ``upgrade`` scripts of package.json (``npm i cdktf@latest cdktf-cli@latest``) are no pin. A live
line's ``latest`` (cdktn-cli) moves, so it is not judged.

Versions written as variables or ranges are not judged, except an input of the file's own
(``cdktf-cli@${{ inputs.cli-version }}`` in a composite action or reusable workflow that declares the
input with a default): it is judged as its default when no caller in the repository passes the input. The
place is the pin's file and line.

A core no lock pins (a Python range, or a TypeScript package.json range with no lock) is what the
installer would pick today; the minor check stands on it only when every release the range admits is of
another minor than the CLI's (``"cdktf": "^0.20.0"`` beside ``npm i -g cdktf-cli`` in CI: any 0.20
release), through :mod:`compat.check.standing`, and says what was assumed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from packaging.version import Version

from compat.check.context import CheckContext
from compat.check.model import Basis, Finding, Resolved, RuleMeta
from compat.check.repository import repository_mentions
from compat.check.rules.base import EVERY_LANGUAGE, Rule
from compat.mentions.model import Mention
from compat.patterns import LazyPattern
from compat.snapshot import CoreRelease, Snapshot
from compat.versions import cli_releases
from compat.versions.cli_names import Cli
from compat.versions.pep440 import data_version, written_version

META = RuleMeta(
    "VER021",
    "version",
    "error",
    "ci-pin-mismatch",
    "A CI or container pin installs a Terraform / OpenTofu or cdktf CLI the project cannot use.",
)


def _exact(text: str | None) -> Version | None:
    version = written_version(text)
    if version is None or len(version.release) != 3 or version.is_prerelease:
        return None
    return version


def _rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        import os

        return Path(os.path.relpath(path.resolve(), root)).as_posix()


def _cli_pin(
    root: Path,
    core: Resolved | None,
    core_release: CoreRelease | None,
    mention: Mention,
    cli: Cli,
    version: Version,
) -> Finding | None:
    where = _rel(root, mention.path)
    label = "Terraform" if cli == "terraform" else "OpenTofu"
    table = cli_releases.load_cli_releases(cli)
    missing = table is not None and not table.lists(version) and bool(table.complete)
    if table is not None and missing and version < max(table.complete):
        nearest = " and ".join(str(v) for v in table.nearest(version))
        return META.finding(
            where,
            mention.line,
            mention.column,
            f"{where} installs {label} {version} ({mention.context}), which is not a "
            f"release: the nearest are {nearest}",
            symbol=f"{cli} {version}",
            suggestion=f"pin an existing release ({nearest})",
        )
    floor = core_release.terraform_min if core_release is not None and cli == "terraform" else None
    if floor is not None and core is not None and not core.assumed and version < data_version(floor):
        return META.finding(
            where,
            mention.line,
            mention.column,
            f"{where} installs Terraform {version} ({mention.context}) but {core.name} "
            f"{core.version} supports Terraform >= {floor} (its CLI warns 'unsupported Terraform version')",
            symbol=f"terraform {version}",
            severity="warning",
            suggestion=f"pin Terraform {floor} or newer there",
        )
    return None


def cli_releases_on_npm(package: str) -> list[Version]:
    """The releases of a core's CLI package compat's npm data lists (``runtimes.json``, from the packument
    of a registry that may list only some)."""
    from compat.runtimes import load_runtimes

    versions = load_runtimes().engines.get(package) or {}
    return sorted(v for v in (written_version(text) for text in versions) if v is not None)


#: the CLI of the archived line: npm's ``latest`` tag of it never moves again
FROZEN_CLI = "cdktf-cli"


def final_cdktf(snapshot: Snapshot | None) -> Version | None:
    """The final release of the archived cdktf line (what ``latest`` of cdktf-cli installs), from the data."""
    if snapshot is None:
        return None
    # newest first, each row parsed when reached: parsing all 866 cdktf releases was 60 M instructions,
    # an eighth of a small check
    releases = snapshot.cores_by_package.newest_first("cdktf")
    return next((r.version for r in releases if not r.yanked and not r.version.is_prerelease), None)


#: an install line (``npm i -g``, ``yarn global add``, ``pnpm add``); ``npx cdktf-cli`` is not one: npx
#: runs the project's own cdktf-cli where package.json declares it
_INSTALL = LazyPattern(r"\b(?:npm|pnpm|yarn|bun)\b[^;&|\n]*?\b(?:i|install|add)\b")


def _unversioned_cli(mention: Mention, final: Version | None, texts: Mapping[Path, str]) -> Version | None:
    """The version an install of the frozen CLI with no version (or ``@latest``) gets, on an install line
    outside package.json scripts (an ``upgrade`` script asks for the newest on purpose); None otherwise."""
    if mention.kind != "npm-package" or mention.name != FROZEN_CLI or mention.context.startswith("scripts."):
        return None
    if mention.version not in (None, "latest"):
        return None
    lines = texts.get(mention.path, "").splitlines()
    line = lines[mention.line - 1] if 0 < mention.line <= len(lines) else ""
    return final if _INSTALL.search(line) else None


def _minor(version: Version) -> tuple[int, int]:
    return version.major, version.minor


def _cli_of_core(
    root: Path, core: Resolved | None, mention: Mention, version: Version, unversioned: bool = False
) -> Finding | None:
    if core is None or (core.assumed and not core.admitted) or mention.name != f"{core.name}-cli":
        return None
    installed = core.version
    where = _rel(root, mention.path)
    released = cli_releases_on_npm(mention.name) if core.name == "cdktn" else []
    same_minor = [v for v in released if (v.major, v.minor) == (installed.major, installed.minor)]
    if (version.major, version.minor) == (installed.major, installed.minor):
        return None
    minor = f"{installed.major}.{installed.minor}"
    if same_minor:
        suggestion = f"install {mention.name}@{max(same_minor)} (the core's minor)"
    elif released:
        suggestion = (
            f"install {mention.name}@{minor} (the core's minor; compat's npm data lists only "
            f"{', '.join(str(v) for v in released)}, read from a registry that lists only some releases: "
            f"'npm view {mention.name}@{minor} version' confirms it is published)"
        )
    else:
        suggestion = f"install {mention.name}@{minor} (the core's minor)"
    written = f"{mention.name}@latest" if mention.version else f"{mention.name} with no version"
    installs = (
        f"{written} (npm's 'latest': {version}, the archived line's final release)"
        if unversioned
        else f"{mention.name} {version}"
    )
    return META.finding(
        where,
        mention.line,
        mention.column,
        f"{where} installs {installs} ({mention.context}) but the project installs {core.name} "
        f"{core.version} ({core.how}): the CLI and the library are released together; '{core.name} get' "
        f"with that CLI stops ('The minor version of the library ({core.version}) and the CLI ({version}) "
        "are different'), synth and deploy do not check",
        symbol=f"{mention.name}@{version}",
        severity="warning",
        suggestion=suggestion,
        basis=Basis(core, holds=lambda release: _minor(release) != _minor(version)) if core.assumed else None,
    )


def ci_pin_findings(
    root: Path,
    core: Resolved | None,
    core_release: CoreRelease | None,
    mentions: Iterable[Mention],
    final: Version | None = None,
    texts: Mapping[Path, str] | None = None,
) -> Iterator[Finding]:
    """The findings of every static CLI pin in ``mentions`` for a project at ``root`` installing ``core``
    (either language: the TypeScript check calls it with the core its lock installs); ``final``: the last
    cdktf release, what an unversioned install of cdktf-cli gets."""
    for written in mentions:
        mention = written.from_default() if written.dynamic_version else written
        if mention is None:
            continue
        unversioned = _unversioned_cli(mention, final, texts or {})
        if unversioned is not None:
            finding = _cli_of_core(root, core, mention, unversioned, unversioned=True)
            if finding is not None:
                yield finding
            continue
        version = _exact(mention.version)
        if version is None:
            continue
        if mention.kind in ("terraform-version", "opentofu-version"):
            cli: Cli = "terraform" if mention.kind == "terraform-version" else "opentofu"
            finding = _cli_pin(root, core, core_release, mention, cli, version)
        elif mention.kind in ("npm-package", "npm-dependency", "action-input"):
            finding = _cli_of_core(root, core, mention, version)
        else:
            continue
        if finding is not None:
            yield finding


def unlocked_ts_core(ctx: CheckContext) -> Resolved | None:
    """The core of a TypeScript project whose package.json gives it as a range no lock pins: the newest
    release the range admits, marked assumed with every release it admits (None: locked, exact, or not a
    registry range; the TypeScript context then holds the certain core or none)."""
    run, snapshot = ctx.typescript, ctx.snapshot
    if run is None or snapshot is None:
        return None
    name = ctx.family.core
    installed = run.project.installed(name)
    declared = installed.declared
    spec = declared.range if declared is not None and installed.how == "range" else None
    if declared is None or spec is None:
        return None
    floor = min(spec.lowest(), default=None)
    found: list[Version] = []
    for row in snapshot.cores_by_package.newest_first(name):  # parsed as reached: stop below the range
        if floor is not None and row.version < floor:
            break
        if not row.yanked and not row.version.is_prerelease and spec.admits(str(row.version)):
            found.append(row.version)
    admitted = tuple(found)
    if not admitted:
        return None
    how = f'{name} "{declared.spec}" in package.json, no lock'
    return Resolved(name=name, version=admitted[0], how=how, pin=None, assumed=True, admitted=admitted)


def _check(ctx: CheckContext) -> Iterator[Finding]:
    scanned = repository_mentions(ctx)
    final = final_cdktf(ctx.snapshot)
    core = ctx.core
    if core is None and any(mention.name.endswith("-cli") for mention in scanned.mentions):
        core = unlocked_ts_core(ctx)
    yield from ci_pin_findings(
        ctx.facts.root, core, ctx.core_release(), scanned.mentions, final, scanned.texts
    )


RULE = Rule(META, on_project=_check, languages=EVERY_LANGUAGE)
