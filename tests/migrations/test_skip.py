"""Skipping statements in the pass changes nothing: the run that skips (``rewrite_source`` without
commands) gives what the commands give when every statement is entered (commands given: no filter,
no skip), byte for byte, with the same reports and notes; over generated files and a table."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compat.migrations.rewrite import rewrite_source
from compat.migrations.rewrite.run import default_commands
from compat.migrations.rewrite.skip import skippable_statements
from tests.migrations.test_prefilter import P, _contexts, files

#: statements with none of the words, to place around and between the ones that have them
QUIET = [
    "x = 1",
    "a = 1; b = 2",
    "print('a',\n      'b')",
    "@staticmethod\ndef helper(value):\n    return value.strip()",
    "class Plain:\n    size = len('abc',\n               )\n\n    def grow(self):\n        return 2",
    "if x:\n    y = max(1,\n            2)\nelse:\n    y = 3",
    "try:\n    z = 1\nexcept ValueError:\n    z = 2",
    "for i in range(3):\n    pass",
    "with open('f') as f:\n    f.read()",
]


def _same_with_and_without_skipping(source: str, name: str) -> None:
    full = rewrite_source(source, _contexts()[name], default_commands())
    skipping = rewrite_source(source, _contexts()[name])
    assert (skipping.after, skipping.unresolved, skipping.notes) == (full.after, full.unresolved, full.notes)


@st.composite
def mixed_files(draw: st.DrawFn) -> str:
    """A generated file of bindings calls, with quiet statements placed around its lines."""
    lines = draw(files()).split("\n")
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(lines)))
        lines.insert(at, "\n" + draw(st.sampled_from(QUIET)) + "\n")
    return "\n".join(lines)


@settings(max_examples=250, deadline=None)
@given(mixed_files(), st.sampled_from(["release", "same", "older", "family"]))
def test_skipping_statements_changes_nothing(source: str, name: str) -> None:
    try:
        compile(source, "gen.py", "exec")
    except SyntaxError:
        return  # a quiet statement placed inside a parenthesized import: not Python
    _same_with_and_without_skipping(source, name)


def _aligned(indent: str, callee: str, first: str, rest: str) -> str:
    """A call whose second line is aligned under its opening parenthesis."""
    return f"{indent}{callee}({first},\n{indent}{' ' * (len(callee) + 1)}{rest})\n"


ALIGNED = (
    f"import {P}\n\n\nclass Stack:\n    def __init__(self):\n"
    + _aligned("        ", "x = print", '"a"', '"b"')
    + _aligned("        ", f"{P}.vpc.Vpc", 'self, "id"', 'cidr_block="10.0.0.0/16"')
    + _aligned("        ", "y = max", "1", "2")
    + "        if x:\n"
    + _aligned("            ", f"{P}.subnet.Subnet", 'self, "s"', 'vpc_id="v"')
)


CASES = [
    ALIGNED,  # skipped calls before and after moved ones: the second walk pairs the rest
    f"from {P}.vpc import Vpc\n\n\n@decorate(Vpc)\ndef make():\n    pass\n\n\ndef other():\n    return 1\n",
    f"from {P} import vpc\n\nx = 1; y = vpc.Vpc(self, 'id')\nz = 2\n",
    f"class A:\n    from {P} import vpc\n    q = 1\n\n\nvpc.Vpc(self, 'id')\n",
    f"from {P}.vpc import Vpc\n\nif x:\n    pass\nelif y:\n    Vpc(self, 'id')\nelse:\n    z = 1\n",
    f"from {P}.vpc import Vpc\n\nmatch x:\n    case 1:\n        Vpc(self, 'id')\n    case _:\n        pass\n",
    f"from {P}.vpc import Vpc\n\ns = '''\nVpc\n'''\nt = 1  # Vpc\n",
]


@pytest.mark.parametrize("source", CASES)
@pytest.mark.parametrize("name", ["release", "same", "older", "family"])
def test_skip_table(source: str, name: str) -> None:
    _same_with_and_without_skipping(source, name)


def _skipped_code(source: str, words: set[str]) -> list[str]:
    module = cst.parse_module(source)
    found = skippable_statements(source, module, words)
    out: list[str] = []

    def walk(statements: list[cst.BaseStatement]) -> None:
        for statement in statements:
            if id(statement) in found:
                out.append(module.code_for_node(statement).strip())
            elif isinstance(getattr(statement, "body", None), cst.IndentedBlock):
                walk(list(statement.body.body))  # type: ignore[attr-defined]

    walk(list(module.body))
    return out


def test_what_is_skipped() -> None:
    """Statements without a word or an import are skipped, at any depth of ``body``; the others not."""
    source = textwrap.dedent(
        """\
        import os
        x = 1; y = Vpc
        class A:
            a = 1
            b = Vpc()
            from m import n
        @deco
        def f():
            return 2
        """
    )
    assert _skipped_code(source, {"Vpc"}) == ["a = 1", "@deco\ndef f():\n    return 2"]
    everything = ["x = 1; y = Vpc", "a = 1", "b = Vpc()", "@deco\ndef f():\n    return 2"]
    assert _skipped_code(source, set()) == everything


def test_nothing_is_skipped_where_lines_cannot_be_told() -> None:
    for source in ("x = 'é'\ny = 1\n", "x = 1\ry = 2\n"):
        assert skippable_statements(source, cst.parse_module(source), {"Vpc"}) == set()


@settings(max_examples=150, deadline=None)
@given(mixed_files(), st.sampled_from(["release", "same", "older", "family"]))
def test_not_entering_whitespace_punctuation_and_literals_changes_nothing(source: str, name: str) -> None:
    """The pass returns early on the node kinds no command acts in (``run._INERT``): the same result
    as entering every node."""
    from unittest import mock

    from compat.migrations.rewrite import run

    try:
        compile(source, "gen.py", "exec")
    except SyntaxError:
        return
    quick = rewrite_source(source, _contexts()[name])
    with mock.patch.object(run, "_INERT", frozenset()):
        entered = rewrite_source(source, _contexts()[name])
    assert (quick.after, quick.unresolved, quick.notes) == (entered.after, entered.unresolved, entered.notes)
