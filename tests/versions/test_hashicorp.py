"""HashiCorp constraints against the documented semantics (DOMAIN.md section 4, Terraform docs)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from compat.errors import CompatError
from compat.versions import parse_constraint, pessimistic

Clause = tuple[str, list[int]]
Version3 = tuple[int, int, int]
OPS = ["=", "!=", ">", ">=", "<", "<=", "~>", ""]
segment = st.integers(min_value=0, max_value=4)
versions = st.tuples(segment, segment, segment)
clauses = st.tuples(st.sampled_from(OPS), st.lists(segment, min_size=1, max_size=3))


def _pad(parts: list[int]) -> tuple[int, int, int]:
    padded = (list(parts) + [0, 0, 0])[:3]
    return (padded[0], padded[1], padded[2])


def reference(op: str, parts: list[int], v: tuple[int, int, int]) -> bool:
    """The semantics as the Terraform documentation states them, on plain tuples."""
    x = _pad(parts)
    if op in ("=", ""):
        return v == x
    if op == "!=":
        return v != x
    if op == ">":
        return v > x
    if op == ">=":
        return v >= x
    if op == "<":
        return v < x
    if op == "<=":
        return v <= x
    # ~>: only the rightmost written segment may grow
    if len(parts) == 1:
        return v >= x and v[0] == x[0]
    if len(parts) == 2:
        return v >= x and v[0] == x[0]
    return v >= x and v[:2] == x[:2]


def _text(op: str, parts: list[int]) -> str:
    return f"{op} {'.'.join(map(str, parts))}".strip()


@given(st.lists(clauses, min_size=1, max_size=3), versions)
def test_final_releases_follow_the_documented_semantics(cs: list[Clause], v: Version3) -> None:
    constraint = parse_constraint(", ".join(_text(op, parts) for op, parts in cs))
    expected = all(reference(op, parts, v) for op, parts in cs)
    assert constraint.allows(Version(".".join(map(str, v)))) is expected


@given(st.lists(clauses, min_size=1, max_size=3), versions)
def test_specifier_translation_agrees_for_final_releases(cs: list[Clause], v: Version3) -> None:
    constraint = parse_constraint(",".join(_text(op, parts) for op, parts in cs))
    version = Version(".".join(map(str, v)))
    assert constraint.specifier.contains(version) is constraint.allows(version)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([">", ">=", "<", "<=", "~>", "!="]), st.lists(segment, min_size=1, max_size=3)
        ),
        min_size=1,
        max_size=3,
    ),
    versions,
    st.integers(min_value=1, max_value=3),
)
def test_inexact_operators_never_admit_a_prerelease(
    cs: list[tuple[str, list[int]]], v: tuple[int, int, int], rc: int
) -> None:
    constraint = parse_constraint(", ".join(_text(op, parts) for op, parts in cs))
    assert not constraint.allows(f"{v[0]}.{v[1]}.{v[2]}-rc{rc}")


@pytest.mark.parametrize(
    ("text", "admitted", "refused"),
    [
        ("~> 1.2", ["1.2.0", "1.9.9"], ["1.1.9", "2.0.0"]),
        ("~> 1.2.3", ["1.2.3", "1.2.10"], ["1.2.2", "1.3.0"]),
        ("~> 5.0", ["5.0.0", "5.100.0"], ["4.67.0", "6.0.0"]),
        ("~> 1", ["1.0.0", "1.99.0"], ["0.9.0", "2.0.0"]),
        (">= 1.2, < 2.0", ["1.2.0", "1.99.1"], ["1.1.0", "2.0.0"]),
        ("= 5.99.1", ["5.99.1"], ["5.99.0", "5.100.0"]),
        ("5.99.1", ["5.99.1"], ["5.99.2"]),
        ("= 1.2", ["1.2.0"], ["1.2.1"]),
        ("!= 1.5.0", ["1.5.1"], ["1.5.0"]),
        ("= 1.6.0-rc1", ["1.6.0-rc1"], ["1.6.0", "1.6.0-rc2"]),
        (">= 1.5.0-beta1", ["1.5.0"], ["1.5.0-beta1", "1.5.0-beta2"]),
        ("", ["0.1.0", "6.25.0"], ["6.0.0-beta1"]),
    ],
)
def test_documented_examples(text: str, admitted: list[str], refused: list[str]) -> None:
    constraint = parse_constraint(text)
    assert all(constraint.allows(v) for v in admitted)
    assert not any(constraint.allows(v) for v in refused)


@pytest.mark.parametrize("text", ["~>", ">= a.b", "1.2.3.4", "~> 1,", "=> 1.0", ">= 1.0 < 2.0"])
def test_malformed_constraints_are_one_clear_error(text: str) -> None:
    with pytest.raises(CompatError, match="invalid version constraint"):
        parse_constraint(text)


def test_pessimistic_major_minor() -> None:
    assert pessimistic(Version("6.25.0")) == "~> 6.25"
    assert parse_constraint(pessimistic(Version("6.25.0"))).allows("6.30.1")
