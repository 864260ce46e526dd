"""compat's PEP 503 names are packaging's."""

from __future__ import annotations

import pytest
from packaging.utils import canonicalize_name

from compat.pep503 import canonical


@pytest.mark.parametrize(
    "name",
    [
        "cdktf",
        "cdktf_cdktf_provider_aws",
        "CDKTF-CDKTF-Provider-AWS",
        "cdktn.provider.google",
        "a--b__c..d",
        "a-_.b",
        "_leading.trailing-",
        "Ünïcode_Name",
        "",
        "x",
    ],
)
def test_canonical_is_packagings(name: str) -> None:
    assert canonical(name) == str(canonicalize_name(name))
