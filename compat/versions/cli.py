"""Which CLI (Terraform or OpenTofu) and which version the project deploys with, and where that came from.

First hit wins (the order is documented in docs/RUNTIMES.md):

1. ``--opentofu VERSION`` / ``--terraform VERSION`` (both at once is bad input);
2. env ``TERRAFORM_BINARY_NAME`` (how cdktf runs OpenTofu: ``tofu``), else as mise's ``[env]`` or a
   direnv ``.envrc`` sets it (:func:`_binary_from_files`): the CLI is fixed, its version comes from
   that CLI's own files below or from ``<binary> version -json``;
3. env ``TF_VERSION`` (Terraform);
4. ``.terraform-version`` (tfenv) or ``.opentofu-version`` (tofuenv), nearest directory first;
5. mise: env ``MISE_TERRAFORM_VERSION`` / ``MISE_OPENTOFU_VERSION``, else per folder from the project's
   up mise's config files (``mise.toml`` ``[tools] terraform`` / ``opentofu``, the selected config
   environments' files first) and ``.tool-versions`` (asdf's file, which mise reads too), in mise's
   order (:mod:`compat.versions.mise`); a fuzzy ``1.9`` is the newest 1.9.x in compat's release list;
6. cdktf.json ``targetVersions.terraform``, else ``targetVersions.opentofu`` (cdktn; a range is read as
   its lower bound);
7. ``terraform version -json``, else ``tofu version -json`` on PATH.

A source that names no exact version (``latest``, ``system``) is skipped and said so in ``notes``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from packaging.version import Version

from compat.errors import CompatError
from compat.versions.binary_version import binary_version
from compat.versions.cli_names import CLI_LABELS, Cli
from compat.versions.detect import _EXACT, Detected, FolderNames, _exact, _first_line, nearest_envrc
from compat.versions.hashicorp import parse_constraint
from compat.versions.mise import OPENTOFU_TOOLS, TERRAFORM_TOOLS, MisePin, nearest_pin

#: per CLI: its version file, its asdf plugin name, its ``targetVersions`` key, its binary
_VERSION_FILE: dict[Cli, str] = {"terraform": ".terraform-version", "opentofu": ".opentofu-version"}
_MISE_TOOLS: dict[Cli, tuple[str, ...]] = {"terraform": TERRAFORM_TOOLS, "opentofu": OPENTOFU_TOOLS}
_BINARY: dict[Cli, str] = {"terraform": "terraform", "opentofu": "tofu"}
_BOTH: tuple[Cli, ...] = ("terraform", "opentofu")
_MANAGER: dict[Cli, str] = {"terraform": "tfenv", "opentofu": "tofuenv"}


def _what(cli: Cli) -> str:
    return f"{CLI_LABELS[cli]} version"


def _targets(cdktf_json: Mapping[str, object] | None, path: Path) -> dict[str, str]:
    """``targetVersions`` of a cdktn ``cdktf.json``: CLI key -> exact version or constraint."""
    if not cdktf_json:
        return {}
    targets = cdktf_json.get("targetVersions")
    if targets is None:
        return {}
    if not isinstance(targets, dict) or not all(isinstance(v, str) for v in targets.values()):
        raise CompatError(f'{path}: "targetVersions" must be an object of version strings')
    return {key: value.strip() for key, value in targets.items() if value.strip()}


def _floor(constraint_text: str, source: str, cli: Cli) -> Detected:
    """The lowest version a target range admits (``>=1.5`` -> 1.5.0, ``~1.8.0`` -> 1.8.0).

    cdktn reads targetVersions as npm semver ranges; a text npm cannot read (``~> 1.5``, which cdktn
    rejects) is read as a HashiCorp constraint.
    """
    from compat.versions.npm_semver import cdktn_target

    target = cdktn_target(constraint_text)
    if target is not None:
        lows = target.lowest()
        if lows and min(lows) > Version("0.0.0"):
            return Detected(min(lows), source + " (its lower bound)", constraint_text, cli=cli)
    constraint = parse_constraint(constraint_text)
    floors = [c.version for c in constraint.clauses if c.operator in ("=", ">=", "~>")]
    if not floors:
        raise CompatError(f"{source}: {CLI_LABELS[cli]} target {constraint_text!r} has no lower bound")
    return Detected(max(floors), source + " (its lower bound)", constraint_text, cli=cli)


def _on_path(
    cli: Cli, binary: str, run: Callable[..., Any] | None, which: Callable[[str], str | None]
) -> Detected | None:
    found = which(binary)
    if not found:
        return None
    try:
        version = binary_version(found, run)
    except (OSError, subprocess.SubprocessError, ValueError, KeyError, TypeError, AttributeError):
        return None
    source = f"'{found} version -json'"
    return Detected(_exact(str(version), source, _what(cli)), source, str(version), cli=cli)


class _Search:
    """The file sources of one detection, restricted to ``clis``, collecting notes as it goes; ``folders``
    the listings its searches share with the run's others."""

    def __init__(
        self, project_dir: Path, clis: tuple[Cli, ...], notes: list[str], folders: FolderNames
    ) -> None:
        self.project_dir, self.clis, self.notes, self.folders = project_dir, clis, notes, folders

    def exact(self, raw: str, source: str, cli: Cli, skipped: str) -> Detected | None:
        if _EXACT.match(raw):
            return Detected(_exact(raw, source, _what(cli)), source, raw, tuple(self.notes), cli)
        self.notes.append(f"{skipped} {raw!r}, not an exact version: skipped")
        return None

    def version_files(self) -> Detected | None:
        for directory in self.folders.up(self.project_dir):
            for cli in self.clis:
                candidate = directory / _VERSION_FILE[cli]
                if self.folders.is_file(directory, _VERSION_FILE[cli]):
                    # the nearest file decides, the CLI at least: tfenv / tofuenv pick the version of
                    # "latest", "latest:^1.10" or "min-required" when they install; only the rest of
                    # that CLI's sources (its binary on PATH: their shim) can say which
                    raw = _first_line(candidate)
                    if _EXACT.match(raw):
                        return self.exact(raw, str(candidate), cli, f"{candidate} says")
                    self.clis = (cli,)
                    self.notes.append(
                        f"{candidate} says {raw!r}: {CLI_LABELS[cli]}, at a version {_MANAGER[cli]} picks "
                        "when it installs (no exact version); other sources are read for that CLI only"
                    )
                    return None
        return None

    def mise(self, environ: Mapping[str, str]) -> Detected | None:
        """mise's pin of the CLI: env ``MISE_TERRAFORM_VERSION`` / ``MISE_OPENTOFU_VERSION`` (they
        override every config file), else the nearest config file or ``.tool-versions`` naming the
        CLI (:func:`compat.versions.mise.nearest_pin`); when mise installs both, Terraform (the binary
        cdktf runs unless told otherwise)."""
        for cli in self.clis:
            variable = f"MISE_{cli.upper()}_VERSION"
            written = environ.get(variable, "").strip()
            if written:
                return self.requested(MisePin(Path(f"env {variable}"), cli, written.split()[0]), cli)
        # mise merges the files: each CLI's version is its own nearest pin
        named: list[tuple[Cli, MisePin]] = []
        for each in self.clis:
            said: list[str] = []
            pin = nearest_pin(self.project_dir, _MISE_TOOLS[each], said, environ, self.folders)
            platform = pin.platform_note() if pin is not None else None
            said += [platform] if platform is not None else []
            self.notes.extend(note for note in said if note not in self.notes)
            if pin is not None and pin.applies:  # an ``os`` option excluding Linux: mise installs none
                named.append((each, pin))
        if not named:
            return None
        cli, found = named[0]
        if len(named) > 1:
            self.notes.append(
                f"both {' and '.join(f'{p.tool} ({p.source})' for _c, p in named)} are pinned; which one "
                "cdktf runs is TERRAFORM_BINARY_NAME's (set neither here, in mise's [env] nor in a direnv "
                ".envrc): assumed "
                f"{CLI_LABELS[cli]}, the binary cdktf runs by default"
            )
        return self.requested(found, cli)

    def requested(self, pin: MisePin, cli: Cli) -> Detected | None:
        """The release mise installs for ``pin``; None (and the search kept to that CLI) when that is
        decided only when mise installs (``latest``, a major alone, ``ref:``, ...)."""
        raw = (pin.request or "").strip()
        where = f"{pin.source} says {pin.tool}"
        if raw and not raw.startswith("prefix:") and _EXACT.match(raw) and _parts(raw) == 3:
            return self.exact(raw, pin.source, cli, where)
        resolved = _newest_matching(raw, cli)
        if resolved is not None:
            version, listed = resolved
            self.notes.append(
                f"{where} {raw!r}: mise installs the newest release it matches, {version} in compat's "
                f"list of {CLI_LABELS[cli]} releases ({listed})"
            )
            return Detected(version, pin.source, raw, tuple(self.notes), cli)
        self.clis = (cli,)
        named = f"{where} {raw!r}" if raw else f"{where} with no version string"  # ``{ version = 3 }``
        self.notes.append(
            f"{named}: {CLI_LABELS[cli]}, at a version mise decides when it installs (no exact "
            "version): other sources are read for that CLI only"
        )
        return None

    def target(self, cdktf_json: Mapping[str, object] | None) -> Detected | None:
        config_path = self.project_dir / "cdktf.json"
        if cdktf_json is None and config_path.is_file():
            try:
                loaded = json.loads(config_path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise CompatError(f"{config_path}: not valid JSON ({error})") from error
            cdktf_json = loaded if isinstance(loaded, dict) else None
        targets = _targets(cdktf_json, config_path)
        for cli in self.clis:
            value = targets.get(cli)
            if not value:
                continue
            others = [other for other in self.clis if other != cli and targets.get(other)]
            if others:
                self.notes.append(
                    f"cdktf.json targetVersions names {', '.join(others)} too: checked for "
                    f"{CLI_LABELS[cli]} (pass --{others[0]} VERSION to check the other CLI)"
                )
            source = f"{config_path} targetVersions.{cli}"
            if _EXACT.match(value):
                found = Detected(_exact(value, source, _what(cli)), source, value, cli=cli)
            else:
                found = _floor(value, source, cli)
            return Detected(found.version, found.source, found.raw, tuple(self.notes), cli)
        return None


def _parts(raw: str) -> int:
    return len(raw.removeprefix("v").split("-", 1)[0].split("."))


def _newest_matching(raw: str, cli: Cli) -> tuple[Version, str] | None:
    """The newest release (no pre-release) a fuzzy request of mise names, from compat's release list:
    ``1.9`` (a major and minor: mise's fuzzy match, ``1.9`` or ``1.9.*``) or ``prefix:1.9`` (the
    version text starts with it); None for anything else (a major alone names the newest of a live
    line, which a list built earlier may not hold) or when the list has no such release."""
    from compat.versions.cli_releases import load_cli_releases

    prefixed = raw.startswith("prefix:")
    text = raw.removeprefix("prefix:").strip().removeprefix("v")
    if not text or not all(part.isdigit() for part in text.split(".")) or len(text.split(".")) < 2:
        return None
    if not prefixed and len(text.split(".")) != 2:
        return None
    table = load_cli_releases(cli)
    if table is None:
        return None
    matching = [
        version
        for version in table.releases
        if not version.is_prerelease
        and (str(version).startswith(text) if prefixed else str(version).startswith(text + "."))
    ]
    if not matching:
        return None
    built = f"built {table.built_at[:10]}" if table.built_at else "as built"
    return max(matching), built


def _binary_cli(binary: str) -> Cli:
    """The CLI ``TERRAFORM_BINARY_NAME`` names: ``tofu`` (or a path to it) is OpenTofu."""
    return "opentofu" if Path(binary).name.startswith("tofu") else "terraform"


def _binary_from_files(
    project_dir: Path, env: Mapping[str, str], notes: list[str], folders: FolderNames
) -> tuple[str, str]:
    """``TERRAFORM_BINARY_NAME`` as a shell hook sets it where cdktf runs: mise's ``[env]``, else the
    ``.envrc`` direnv loads (read as data, :mod:`compat.versions.direnv`); ``("", "")`` when neither
    does. Both set it: mise's, said in a note (which applies is the order of their shell hooks)."""
    from compat.versions.mise import env_setting

    name = "TERRAFORM_BINARY_NAME"
    from_mise = env_setting(project_dir, name, notes, env, folders)
    envrc = nearest_envrc(project_dir, folders)
    from_envrc = None
    if envrc is not None:
        from compat.versions.direnv import envrc_setting

        from_envrc = envrc_setting(project_dir, name, notes, envrc)
    if from_mise is not None:
        if from_envrc is not None and _binary_cli(from_envrc.value or "") != _binary_cli(from_mise[0]):
            notes.append(
                f"{from_envrc.path}:{from_envrc.line} (direnv) exports {name}={from_envrc.value!r} too: "
                "which one cdktf sees is the order of the two shell hooks; assumed mise's"
            )
        return from_mise[0], f"{from_mise[1]} [env] {name}"
    if from_envrc is None or not from_envrc.value:
        return "", ""
    where = f"{from_envrc.path}:{from_envrc.line}"
    # direnv loads the nearest .envrc, once the user allows it; compat read it as data
    return from_envrc.value, f"{where} (direnv, assumed allowed with 'direnv allow' where cdktf runs) {name}"


def detect_terraform(
    project_dir: Path,
    flag: str | None = None,
    *,
    opentofu: str | None = None,
    cdktf_json: Mapping[str, object] | None = None,
    environ: Mapping[str, str] | None = None,
    run: Callable[..., Any] | None = None,
    which: Callable[[str], str | None] = shutil.which,
    unknown: list[str] | None = None,
    folders: FolderNames | None = None,
) -> Detected | None:
    """The CLI and version the project deploys with (``Detected.cli``), or None when nothing says.

    ``flag`` / ``opentofu`` are ``--terraform`` / ``--opentofu``; ``cdktf_json`` the parsed
    ``cdktf.json`` (read from ``project_dir`` when not given). Bad values in a source that does name a
    version raise :class:`CompatError` naming the source. When none is found, the notes of the
    sources passed over (a version file naming no exact version) go to ``unknown``. ``folders``: the
    folder listings shared with the run's other searches (Node.js's), else listed here.
    """
    env = os.environ if environ is None else environ
    if flag and opentofu:
        raise CompatError("--terraform and --opentofu exclude each other: name one CLI")
    if opentofu:
        version = _exact(opentofu, "--opentofu", _what("opentofu"))
        return Detected(version, "--opentofu", opentofu, cli="opentofu")
    if flag:
        return Detected(_exact(flag, "--terraform", _what("terraform")), "--terraform", flag)
    notes: list[str] = []
    folders = folders or FolderNames()
    binary = env.get("TERRAFORM_BINARY_NAME", "").strip()
    set_by = "env TERRAFORM_BINARY_NAME"
    if not binary:
        binary, set_by = _binary_from_files(project_dir, env, notes, folders)
    clis: tuple[Cli, ...] = (_binary_cli(binary),) if binary else _BOTH
    if binary:
        notes.append(f"{set_by}={binary!r}: the CLI is {CLI_LABELS[clis[0]]}")
    if "terraform" in clis and env.get("TF_VERSION", "").strip():
        raw = env["TF_VERSION"].strip()
        if _EXACT.match(raw):
            version = _exact(raw, "env TF_VERSION", _what("terraform"))
            return Detected(version, "env TF_VERSION", raw, tuple(notes))
        notes.append(f"env TF_VERSION={raw!r} names no exact version: skipped")
    search = _Search(project_dir, clis, notes, folders)
    found = search.version_files() or search.mise(env)
    found = found or search.target(cdktf_json)
    if found:
        return found
    for cli in search.clis:
        on_path = _on_path(cli, binary if binary else _BINARY[cli], run, which)
        if on_path:
            return Detected(on_path.version, on_path.source, on_path.raw, tuple(notes), cli)
    if unknown is not None:
        unknown.extend(notes)
    return None
