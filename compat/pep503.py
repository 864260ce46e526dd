"""Package names in PEP 503's normal form, the key every name lookup uses.

``packaging.utils.canonicalize_name`` computes the same, but importing ``packaging.utils`` imports
``packaging.tags`` (platform detection, ``logging``, ``sysconfig``): a few ms of every check, which
needs nothing else from it. tests/test_pep503.py holds this to packaging's answer.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[-_.]+")


def canonical(name: str) -> str:
    """The PEP 503 form (``cdktf_cdktf_provider_aws`` -> ``cdktf-cdktf-provider-aws``)."""
    return _SEPARATORS.sub("-", name).lower()
