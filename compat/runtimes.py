"""Runtime facts read from npm packages: jsii's Node.js support table, ``engines.node`` per release,
and cdktn's own CLI feature data. Written into ``data/runtimes.json`` by ``compat data runtimes``
(:mod:`compat.databuild.runtimes`), never by hand; every table keeps the URL it was read from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from compat.errors import CompatError
from compat.record import Record

FILENAME = "runtimes.json"


class NodeRelease(Record):
    """One Node.js major in jsii's support table (``@jsii/check-node`` ``NodeRelease.ALL_RELEASES``)."""

    major: int
    end_of_life: date
    end_of_jsii_support: date
    supported_range: str  # semver range, e.g. "^14.17.0"
    untested: bool


class CliConstraints(Record):
    """Minimum CLI versions of one function or provider feature, as cdktn states them."""

    terraform: str | None  # e.g. ">=1.9.0"; None: no Terraform release has it
    opentofu: str | None

    def admits(self, cli: str, version: Version) -> bool | None:
        """Whether ``cli`` (``"terraform"``/``"opentofu"``) at ``version`` has it; None when its
        constraint is absent or cannot be read."""
        constraint = self.opentofu if cli == "opentofu" else self.terraform
        if constraint is None:
            return None
        try:
            return SpecifierSet(constraint).contains(version, prereleases=True)
        except InvalidSpecifier:
            return None


class Runtimes(Record):
    jsii_nodes: tuple[NodeRelease, ...] = ()
    jsii_source: str = ""
    #: npm package -> version -> ``engines.node`` (e.g. ``">= 20.9.0"``)
    engines: Mapping[str, Mapping[str, str]] = MappingProxyType({})
    engines_sources: Mapping[str, str] = MappingProxyType({})
    functions: Mapping[str, CliConstraints] = MappingProxyType({})  # built-in functions not everywhere
    provider_features: Mapping[str, CliConstraints] = MappingProxyType({})
    cdktn_source: str = ""
    cdktn_floor: Mapping[str, str] = MappingProxyType({})  # the CLI versions cdktn supports at all

    def node_release(self, major: int) -> NodeRelease | None:
        return next((n for n in self.jsii_nodes if n.major == major), None)

    @property
    def cdktn_release(self) -> Version | None:
        """The cdktn release the function table was read from (its tarball ``...-0.24.0.tgz``)."""
        import re

        match = re.search(r"-(\d+\.\d+\.\d+)\.tgz", self.cdktn_source)
        return Version(match.group(1)) if match is not None else None


def _constraints(rows: dict[str, Any]) -> dict[str, CliConstraints]:
    return {name: CliConstraints(row.get("terraform"), row.get("opentofu")) for name, row in rows.items()}


def parse_runtimes(document: dict[str, Any]) -> Runtimes:
    try:
        jsii = document.get("jsii_node", {})
        nodes = tuple(
            NodeRelease(
                int(row["major"]),
                date.fromisoformat(row["end_of_life"]),
                date.fromisoformat(row["end_of_jsii_support"]),
                row["supported_range"],
                bool(row["untested"]),
            )
            for row in jsii.get("releases", [])
        )
        engines = document.get("engines", {})
        cdktn = document.get("cdktn", {})
        return Runtimes(
            jsii_nodes=nodes,
            jsii_source=jsii.get("source", ""),
            engines={name: dict(entry["versions"]) for name, entry in engines.items()},
            engines_sources={name: entry["source"] for name, entry in engines.items()},
            functions=_constraints(cdktn.get("functions", {})),
            provider_features=_constraints(cdktn.get("provider_features", {})),
            cdktn_source=cdktn.get("source", ""),
            cdktn_floor=dict(cdktn.get("supported", {})),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:  # a list where an object belongs
        raise CompatError(f"{FILENAME} is malformed: {error}: run 'compat data runtimes'") from error


def user_runtimes_path() -> Path:
    """Where ``compat data runtimes`` writes by default: the user cache, beside the refreshed releases."""
    from compat.paths import cache_dir

    return cache_dir() / FILENAME


def _read(path: Path) -> Runtimes:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CompatError(f"cannot read {path}: {error}") from error
    return parse_runtimes(document)


@cache
def load_runtimes() -> Runtimes:
    """The user's ``runtimes.json`` (``compat data runtimes``), else the embedded one; empty (every rule
    that needs it stays silent) when neither exists. A damaged user copy is ignored with a warning."""
    from compat.paths import data_dir

    user = user_runtimes_path()
    if user.is_file():
        try:
            return _read(user)
        except CompatError as error:
            from compat.notice import warn_once

            warn_once(f"ignored {user}: {error}")
    path = data_dir() / FILENAME
    if not path.is_file():
        return Runtimes()
    return _read(path)
