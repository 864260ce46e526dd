"""Generating only the replaced top-level statements changes nothing: ``module_code`` gives what
LibCST's generation of the whole module gives, byte for byte, over a table of layouts (comments,
blank lines and footers between statements, decorators, semicolons, CRLF, a missing final newline,
text LibCST does not give back as written) and over generated files, with every statement kept or
one replaced; and the rewrite of generated files is the one the whole module's code gives."""

from __future__ import annotations

from unittest import mock

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compat.migrations.rewrite import rewrite_source
from compat.migrations.rewrite.splice import _slices, module_code
from tests.migrations.test_prefilter import _contexts
from tests.migrations.test_skip import QUIET, mixed_files

LAYOUTS = [
    "x = 1\n",
    "# header\n\nx = 1\ny = 2\n",
    '#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"""Doc."""\n\nimport os\n',
    "x = 1; y = 2  # two\n\n\n# about z\nz = 3\n",
    "class A:\n    x = 1\n    # indented comment, the block's footer\n\n# top comment\ndef f():\n    pass\n",
    "class A:\n    def f(self):\n        return 1\n        # deep footer\n    # footer\n\n\nz = 1\n",
    "@deco\n# between decorators\n@other(1,\n       2)\ndef f():\n    pass\n\n\n@deco\nclass B:\n    pass\n",
    "if x:\n    a = 1\nelif y:\n    a = 2\n    # c\nelse:\n    a = 3\n    # end\nb = 1\n",
    "try:\n    a = 1\nexcept E:\n    a = 2\nelse:\n    a = 3\nfinally:\n    a = 4\n    # f\nz = 1\n",
    "for i in x:\n    pass\nelse:\n    pass\nwhile y:\n    pass\nwith a as b:\n    pass\n",
    "match x:\n    case 1:\n        pass\n    case _:\n        pass\n        # m\nz = 1\n",
    "if x: pass\ny = (1,\n     2)\nz = (\n    3\n)\n",
    "x = 1\r\n\r\n# crlf\r\ny = 2\r\n",
    "x = 1\ny = 2",  # no final newline
    "x = 1\n# last comment, the module's footer\n\n",
    "x = 'é'\ny = 1\n",
    "def f():\n\tif x:\n\t\treturn 1\n\n\ty = 2\n",
    "async def f():\n    pass\n\n\nasync def g():\n    async with a:\n        pass\n",
    *(quiet + "\n" for quiet in QUIET),
]

#: layouts whose statements' text is not told from the two trees: the whole module is generated
GENERATED = [
    "x = 1\n\\\ny = 2\n",  # LibCST drops the backslash line
    "x = 1 \\\n\ny = 2\n",  # a statement continued onto a blank line
    "x = 1\ry = 2\r",  # lone CR
    "\x0cx = 1\ny = 2\n",  # a form feed before the first token
    "@(\n    deco\n)\nclass B:\n    pass\n",  # a decorator's expression starts below its @
]


def _replaced(module: cst.Module, at: int) -> cst.Module:
    new = cst.SimpleStatementLine([cst.Expr(cst.Name("replaced"))])
    return module.with_changes(body=[*module.body[:at], new, *module.body[at + 1 :]])


def _assert_same(source: str) -> None:
    module = cst.parse_module(source)
    assert module_code(source, module, module) == module.code
    for at in range(len(module.body)):
        new = _replaced(module, at)
        assert module_code(source, module, new) == new.code
    if module.body:
        fewer = module.with_changes(body=module.body[1:], header=[], footer=[])
        assert module_code(source, module, fewer) == fewer.code
        flipped = module.with_changes(has_trailing_newline=not module.has_trailing_newline)
        assert module_code(source, module, flipped) == flipped.code


@pytest.mark.parametrize("source", LAYOUTS + GENERATED)
def test_kept_and_replaced_statements_give_the_module_code(source: str) -> None:
    _assert_same(source)


def test_slices_are_the_statements_code() -> None:
    """Each statement's slice is exactly its generated code; the layouts that cannot be told are not."""
    for source in LAYOUTS:
        module = cst.parse_module(source)
        text = source if module.has_trailing_newline else source + module.default_newline
        found = _slices(text, source, module)
        assert found is not None, source
        generated = [module.code_for_node(statement) for statement in module.body]
        assert [found.statements[id(statement)] for statement in module.body] == generated
    for source in GENERATED:
        assert _slices(source, source, cst.parse_module(source)) is None, source


def test_text_libcst_does_not_give_back_is_generated() -> None:
    """LibCST drops a backslash line between statements; the slices would keep it, so the whole
    module is generated instead (what compat wrote before)."""
    source = "x = 1\n\\\ny = 2\n"
    module = cst.parse_module(source)
    assert module.code != source
    assert _slices(source, source, module) is None


@settings(max_examples=150, deadline=None)
@given(mixed_files(), st.data())
def test_generated_files(source: str, data: st.DataObject) -> None:
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError:
        return
    at = data.draw(st.integers(min_value=0, max_value=max(len(module.body) - 1, 0)))
    assert module_code(source, module, module) == module.code
    if module.body:
        new = _replaced(module, at)
        assert module_code(source, module, new) == new.code


@settings(max_examples=100, deadline=None)
@given(mixed_files(), st.sampled_from(["release", "same", "older", "family"]))
def test_rewrite_is_the_whole_module_code(source: str, name: str) -> None:
    """The rewrite with kept statements sliced from the file equals the one generating everything."""
    from compat.migrations.rewrite import run

    try:
        compile(source, "gen.py", "exec")
    except SyntaxError:
        return
    sliced = rewrite_source(source, _contexts()[name])
    with mock.patch.object(run, "module_code", lambda source, original, current, generated: current.code):
        generated = rewrite_source(source, _contexts()[name])
    assert (sliced.after, sliced.unresolved, sliced.notes) == (
        generated.after,
        generated.unresolved,
        generated.notes,
    )


@settings(max_examples=100, deadline=None)
@given(mixed_files(), st.sampled_from(["release", "older", "family"]))
def test_report_lines_are_the_whole_file_positions(source: str, name: str) -> None:
    """A report's line, counted in the top-level statement it is in from where its text starts,
    is the line LibCST's positions over the whole file give."""
    from compat.migrations.rewrite import base

    try:
        compile(source, "gen.py", "exec")
    except SyntaxError:
        return
    counted = rewrite_source(source, _contexts()[name])
    with mock.patch.object(base, "first_lines", lambda source, module: {}):
        whole = rewrite_source(source, _contexts()[name])
    assert (counted.unresolved, counted.notes) == (whole.unresolved, whole.notes)


def test_report_lines_in_a_table() -> None:
    """Reports after leading comments, in nested blocks and in a later class keep their lines."""
    from tests.migrations.test_prefilter import P

    source = (
        f"from {P}.route53_record import Route53Record\n\n\n# a comment\n\nclass A:\n    x = 1\n\n"
        "    def f(self):\n        # inside\n        return Route53Record(\n            self, 'r',\n"
        "            failover_routing_policy={'type': 'PRIMARY', 'evaluate_target': True},\n        )\n"
    )
    counted = rewrite_source(source, _contexts()["release"])
    from compat.migrations.rewrite import base

    with mock.patch.object(base, "first_lines", lambda source, module: {}):
        whole = rewrite_source(source, _contexts()["release"])
    assert counted.unresolved and counted.unresolved == whole.unresolved
    assert {item.line for item in counted.unresolved} == {13}
