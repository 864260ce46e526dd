"""``compat renames`` across the family move passes only through classes of the releases it names."""

from __future__ import annotations

import json

import pytest

from compat.cli import main
from tests.conftest import indexed as _indexed


@pytest.mark.skipif(
    not _indexed("cdktf-cdktf-provider-aws", "21.22.1") or not _indexed("cdktn-provider-aws"),
    reason="no real index",
)
def test_a_resource_name_is_never_read_as_a_data_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["renames", "Instance", "--from", "cdktf", "--to", "cdktn", "--format", "json"]) == 0
    symbols = json.loads(capsys.readouterr().out)["symbols"]
    assert [(s["source"]["module"], s["target"]["name"]) for s in symbols] == [("instance", "Instance")]
