"""Provider requirements as ``cdktf.json`` writes them: ``aws@~> 5.0``, ``hashicorp/aws@=5.99.1``, ``aws``.

``terraformProviders`` entries are either such strings or objects
``{"name": "aws", "source": "hashicorp/aws", "version": "~> 5.0"}``; both read into one value.
"""

from __future__ import annotations

import re

from compat.errors import CompatError
from compat.patterns import LazyPattern
from compat.record import Record
from compat.versions.hashicorp import HashiConstraint, parse_constraint

DEFAULT_HOST = "registry.terraform.io"
AWS_SOURCE = f"{DEFAULT_HOST}/hashicorp/aws"  # the provider the prebuilt AWS bindings wrap
_NAME = LazyPattern(r"^[a-z0-9][a-z0-9_-]*$", re.IGNORECASE)


class ProviderRequirement(Record):
    """One provider: ``source`` is the full ``host/namespace/type`` address."""

    name: str  # the local name, e.g. "aws"
    source: str  # "registry.terraform.io/hashicorp/aws"
    constraint: HashiConstraint
    raw: str  # the entry as written (JSON objects rendered compactly)

    @property
    def namespace(self) -> str:
        return self.source.split("/")[1]

    def __str__(self) -> str:
        short = self.source.removeprefix(DEFAULT_HOST + "/")
        if short == f"hashicorp/{self.name}":
            short = self.name
        return f"{short}@{self.constraint}" if not self.constraint.is_any else short


def _source(address: str, where: str) -> tuple[str, str]:
    parts = address.strip().split("/")
    if len(parts) == 1:
        parts = [DEFAULT_HOST, "hashicorp", parts[0]]
    elif len(parts) == 2:
        parts = [DEFAULT_HOST, *parts]
    if len(parts) != 3 or not all(_NAME.match(p) or (i == 0 and "." in p) for i, p in enumerate(parts)):
        raise CompatError(f"{where}: invalid provider address {address!r}")
    return parts[2].lower(), "/".join(p.lower() for p in parts)


def parse_provider(entry: object, where: str = "provider") -> ProviderRequirement:
    """One ``terraformProviders`` entry (or a ``--provider`` value) -> :class:`ProviderRequirement`."""
    if isinstance(entry, str):
        address, _, constraint = entry.partition("@")
        if not address.strip():
            raise CompatError(f"{where}: invalid provider entry {entry!r}")
        name, source = _source(address, where)
        return ProviderRequirement(name, source, _constraint(constraint, entry, where), entry)
    if isinstance(entry, dict):
        local_name: object = entry.get("name")
        if not isinstance(local_name, str) or not local_name:
            raise CompatError(f'{where}: provider entry {entry!r} has no "name"')
        source_text: object = entry.get("source") or local_name
        version: object = entry.get("version") or ""
        if not isinstance(source_text, str) or not isinstance(version, str):
            raise CompatError(f"{where}: provider entry {entry!r} has a non-string source or version")
        _, source = _source(source_text, where)
        raw = f"{source_text}@{version}" if version else source_text
        return ProviderRequirement(local_name.lower(), source, _constraint(version, raw, where), raw)
    raise CompatError(f"{where}: provider entry {entry!r} is neither a string nor an object")


def _constraint(text: str, entry: str, where: str) -> HashiConstraint:
    try:
        return parse_constraint(text)
    except CompatError as error:
        raise CompatError(f"{where}: {error} in provider entry {entry!r}") from error
