from __future__ import annotations

import pytest
from packaging.version import Version

from compat.errors import CompatError
from compat.versions import parse_provider, poetry_specifier

HC_AWS = "registry.terraform.io/hashicorp/aws"


@pytest.mark.parametrize(
    ("entry", "name", "source", "allows", "refuses"),
    [
        ("aws@~> 5.0", "aws", HC_AWS, "5.100.0", "6.0.0"),
        ("hashicorp/aws@=5.99.1", "aws", HC_AWS, "5.99.1", "5.100.0"),
        ("aws", "aws", HC_AWS, "6.25.0", None),
        ("registry.terraform.io/hashicorp/aws@>= 6.0", "aws", HC_AWS, "6.0.0", "5.9.0"),
        ({"name": "aws", "source": "hashicorp/aws", "version": "~> 6.0"}, "aws", HC_AWS, "6.25.0", "5.100.0"),
        (
            "integrations/github@~> 6.0",
            "github",
            "registry.terraform.io/integrations/github",
            "6.1.0",
            "5.0.0",
        ),
    ],
)
def test_provider_entries(entry: object, name: str, source: str, allows: str, refuses: str | None) -> None:
    provider = parse_provider(entry, "cdktf.json")
    assert (provider.name, provider.source) == (name, source)
    assert provider.constraint.allows(allows)
    if refuses:
        assert not provider.constraint.allows(refuses)


@pytest.mark.parametrize("entry", ["aws@~>", "@~> 5.0", "a/b/c/d@1.0", 42, {"version": "1.0"}, "aws@5.0,,"])
def test_bad_provider_entries(entry: object) -> None:
    with pytest.raises(CompatError, match="cdktf.json"):
        parse_provider(entry, "cdktf.json")


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ("^0.21.0", ["0.21.0", "0.21.9"], ["0.22.0", "0.20.12"]),
        ("^1.2", ["1.2.0", "1.9"], ["2.0", "1.1"]),
        ("^0.0.3", ["0.0.3"], ["0.0.4"]),
        ("~1.2.3", ["1.2.9"], ["1.3.0"]),
        ("~1", ["1.9"], ["2.0"]),
        ("*", ["0.1", "99"], []),
        (">=3.9,<4.0", ["3.9", "3.13"], ["3.8", "4.0"]),
        (">=3.9 <4.0", ["3.9"], ["4.0"]),
        ("0.21.0", ["0.21.0"], ["0.21.1"]),
        ("0.20.*", ["0.20.12"], ["0.21.0"]),
    ],
)
def test_poetry_constraints(text: str, inside: list[str], outside: list[str]) -> None:
    spec = poetry_specifier(text)
    assert all(spec.contains(Version(v)) for v in inside)
    assert not any(spec.contains(Version(v)) for v in outside)


def test_poetry_alternatives_are_refused() -> None:
    with pytest.raises(CompatError):
        poetry_specifier("^1.0 || ^2.0")
