"""A binding release's core requirement is split without PEP 508's parser, exactly as it reads it."""

from __future__ import annotations

import pytest
from packaging.requirements import InvalidRequirement, Requirement

from compat.snapshot import _name_and_specifier


@pytest.mark.parametrize(
    "text",
    [
        "cdktf<0.21.0,>=0.20.0",
        "cdktf>=0.21.0,<0.22.0",
        "cdktn >= 0.22.0 , < 0.23.0",
        "cdktf==0.20.*",
        "cdktf~=0.20.0",
        "cdktf===0.20.0",
        "cdktf!=0.20.1,>=0.20.0",
        "cdktf>=1!0.20.0",
        "cdktf==0.20.0+local.1",
        "cdktf",
        "Cdk.Tf_x-y>=1",
        "cdktf<0.21.0,",
        "cdktf<0.21.0,>=0.20.0; python_version >= '3.8'",
        "cdktf[extra]>=0.20",
        "cdktf (>=0.20,<0.21)",
        "cdktf @ https://example.com/cdktf.whl",
    ],
)
def test_split_reads_as_the_parser_does(text: str) -> None:
    requirement = Requirement(text)
    name, specifier = _name_and_specifier(text)
    assert (name, specifier, str(specifier)) == (
        requirement.name,
        requirement.specifier,
        str(requirement.specifier),
    )


@pytest.mark.parametrize("text", ["cdktf>=", "cdktf<1.0.*", "cdktf>=abc def", "-cdktf>=1"])
def test_what_the_parser_refuses_is_refused(text: str) -> None:
    with pytest.raises(InvalidRequirement):
        Requirement(text)
    with pytest.raises(InvalidRequirement):
        _name_and_specifier(text)
