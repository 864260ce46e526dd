"""Live checks against the real registries (deselected by default: pytest -m network)."""

from __future__ import annotations

import pytest

from compat.databuild.build import read_wheel
from compat.families import CDKTF
from compat.registry.http import HttpClient
from compat.registry.npm import provider_fields
from compat.registry.pypi import PyPIClient


@pytest.mark.network
def test_a_release_missing_on_npm_is_read_from_its_wheel() -> None:
    http = HttpClient()
    release = PyPIClient(http).project(CDKTF.bindings).release("10.0.2")
    assert release is not None and release.wheel is not None
    facts = read_wheel(http, release.wheel.url, release.wheel.size, family=CDKTF, need_package_json=True)
    assert facts.core_requirement == "cdktf<0.14.0,>=0.13.0"
    assert facts.requires_python == "~=3.7"
    assert facts.package_json is not None
    assert provider_fields(facts.package_json)[1] == "4.33.0"
    assert facts.bytes_downloaded < facts.wheel_size  # streamed up to package.json, never the whole wheel
