"""``targetVersions`` for a move to a cdktn core that validates against it (0.24 and later).

cdktn 0.24 fails synth when a function or provider feature the app uses is missing from any release
its targets admit; with no ``targetVersions`` it assumes every supported release of both CLIs.
The migration declares the CLI the project really uses (as compat detects it: version files,
``.tool-versions``, ``TF_VERSION``; else the exact version its CI pins; never the binary on this
machine's PATH, a guess), as an npm
range (``>=1.9.5``; a HashiCorp ``~>`` converted), inserted as the first key of cdktf.json so every
other byte stays.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from compat.errors import CompatError

if TYPE_CHECKING:
    from compat.project.model import Project


def validating_since() -> Version | None:
    """The cdktn release the function and feature tables were read from (they ship with it)."""
    from compat.runtimes import load_runtimes

    match = re.search(r"-(\d+\.\d+\.\d+)\.tgz", load_runtimes().cdktn_source)
    try:
        return Version(match.group(1)) if match else None
    except InvalidVersion:
        return None


def project_targets(project: Project) -> tuple[dict[str, str] | None, str]:
    """The targetVersions to declare for the project's CLI, and how it was found (None: unknown)."""
    from compat.project.files import relative_source
    from compat.versions.npm_semver import from_hashicorp

    found = project.terraform
    guess = found is not None and found.source.startswith("'")  # "'/usr/bin/terraform version -json'"
    if found is None or guess:
        pinned = ci_targets(project.root)
        if pinned is not None:
            return pinned
    if found is None:
        return None, "no Terraform or OpenTofu version found in the project"
    if guess:  # this machine's binary: a guess
        return None, (
            f"the only {found.cli} version found is the binary on this machine's PATH "
            f"({found.version}), which may not be the one that deploys"
        )
    raw = found.raw.strip()
    if "targetVersions" in found.source:
        return None, "cdktf.json declares targetVersions already"
    try:
        text = f">={found.version}" if re.fullmatch(r"v?\d+(\.\d+){0,2}", raw) else from_hashicorp(raw)
    except CompatError:
        text = f">={found.version}"
    return {found.cli: text}, relative_source(project.root, found.source)  # as the check words it


def ci_targets(root: Path) -> tuple[dict[str, str], str] | None:
    """The targets the repository's CI pins (``hashicorp/setup-terraform`` ``terraform_version``, a
    ``hashicorp/terraform:1.9.8`` image, ...): per CLI, from the lowest exact version pinned (every CI
    job must pass synth); None when no static exact pin is found."""
    from compat.mentions import scan_repository

    lowest: dict[str, tuple[Version, str]] = {}
    for mention in scan_repository(root, mentions_only=True).mentions:
        if mention.kind not in _CLI_KINDS or mention.dynamic_version or not mention.version:
            continue
        written = mention.version.strip().removeprefix("v")
        if not re.fullmatch(r"\d+\.\d+\.\d+", written):
            continue  # a range, a partial version or a tag: not the release that runs
        cli = _CLI_KINDS[mention.kind]
        where = f"{os.path.relpath(mention.path, root)}:{mention.line} ({mention.context})"
        version = Version(written)
        if cli not in lowest or version < lowest[cli][0]:
            lowest[cli] = (version, where)
    if not lowest:
        return None
    targets = {cli: f">={version}" for cli, (version, _where) in sorted(lowest.items())}
    return targets, "the CI pin at " + ", ".join(where for _version, where in lowest.values())


_CLI_KINDS = {"terraform-version": "terraform", "opentofu-version": "opentofu"}


def insert_first_key(text: str, key: str, value: object) -> str | None:
    """``text`` (a JSON object) with ``"key": value`` as its first member (None if not possible)."""
    match = re.match(r"\s*\{(\s*)", text)
    if match is None or text[match.end() : match.end() + 1] == "}":
        return None
    spacing = match.group(1)
    member = f"{json.dumps(key)}: {json.dumps(value)},"
    return text[: match.start(1)] + spacing + member + text[match.start(1) :]
