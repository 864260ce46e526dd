"""The minimum Terraform a core's CLI accepts, read from the CLI package on npm.

cdktn's CLI (``cdktn-cli``, built in the core's monorepo and released with the core's version)
warns below ``MIN_SUPPORTED_VERSION`` (``src/bin/cmds/helper/terraform-check.ts``). Its published
bundle keeps both the constant and the message: ``qMe="1.2.0",wlr=/Terraform v\\d+.\\d+.\\d+/`` and
`` `... unsupported Terraform version [${e}] - please upgrade to >=${qMe}` ``. The data build reads
that bundle for every core version the CLI package has on npm; a core version without a CLI release
there has no known floor (``terraform_min`` None, shown as unknown), never a guessed one.

The JavaScript is read with patterns, never run; a bundle without the check is an error (the CLI
changed shape), not a guess.
"""

from __future__ import annotations

import io
import re
import tarfile
from collections.abc import Iterable

from packaging.version import Version

from compat.errors import CompatError
from compat.record import Record
from compat.registry.http import HttpClient
from compat.registry.npm import NpmClient

#: core -> its CLI package on npm, whose bundle states the Terraform floor
CLI_PACKAGES: dict[str, str] = {"cdktn": "cdktn-cli"}

_MESSAGE = re.compile(r"please upgrade to >=\$\{(\w+)\}")
_MAX_MEMBER = 64 * 1024 * 1024  # the bundle's largest script is ~3 MB


class CliFloor(Record):
    """The Terraform version below which one CLI release warns, and the tarball stating it."""

    terraform: str
    source: str


def parse_cli_floor(text: str) -> str | None:
    """``MIN_SUPPORTED_VERSION`` of a CLI script: the constant the "please upgrade" message names."""
    for message in _MESSAGE.finditer(text):
        name = re.escape(message.group(1))
        value = re.search(rf"(?<![\w$.]){name}\s*=\s*[\"'](\d+(?:\.\d+)+)[\"']", text)
        if value is not None:
            return value.group(1)
    return None


def _scripts(raw: bytes) -> Iterable[tuple[str, str]]:
    """``(name, text)`` of every JavaScript file of an npm tarball (source maps skipped)."""
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as archive:
        for member in archive:
            if not member.isfile() or not member.name.endswith(".js") or member.size > _MAX_MEMBER:
                continue
            handle = archive.extractfile(member)
            if handle is not None:
                yield member.name, handle.read().decode("utf-8", errors="replace")


def _floor_of(http: HttpClient, cli: str, version: str, url: str) -> CliFloor:
    raw = http.get_range(url, 0, http.content_length(url) - 1, cache=True)
    try:
        for name, text in _scripts(raw):
            found = parse_cli_floor(text)
            if found is not None:
                return CliFloor(found, f"{url} ({name.removeprefix('package/')})")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise CompatError(f"npm {cli} {version}: unreadable tarball {url}: {error}") from error
    raise CompatError(
        f"npm {cli} {version}: no minimum Terraform check found in {url} (the CLI changed shape)"
    )


def cli_floors(
    http: HttpClient, core: str, versions: Iterable[Version], *, ttl: float = 600.0
) -> dict[Version, CliFloor]:
    """The CLI floor of each of ``versions`` of ``core`` whose CLI release npm has (others: absent)."""
    cli = CLI_PACKAGES.get(core)
    versions = list(versions)
    if cli is None or not versions:  # nothing new to read: not even the packument
        return {}
    body = NpmClient(http).document(cli, ("dist",), ttl=ttl)  # streamed: only each version's dist kept
    floors: dict[Version, CliFloor] = {}
    for version in versions:
        row = body["versions"].get(str(version))
        tarball = ((row or {}).get("dist") or {}).get("tarball")
        if isinstance(tarball, str) and tarball.startswith(("https://", "http://")):
            floors[version] = _floor_of(http, cli, str(version), tarball)
    return floors
