"""Lines of import statements and their names read from ``ast`` are LibCST's own positions."""

from __future__ import annotations

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper

from compat.migrations.rewrite.base import import_lines, line_of
from compat.migrations.rewrite.table import scan_imports

SOURCES = [
    "import a\nfrom b import c, d as e\n",
    "# head\n\n\nfrom b import (\n    c,  # one\n\n    d as e,\n)\nimport x.y as z; from q import r\n",
    "def f():\n    from b import \\\n        c\n    if x: import d\n    return c\n",
    "try:\n    import a\nexcept ImportError:\n    from b import *\n"
    "else:\n    import c\nfinally:\n    import d\n",
    "class K:\n    '''doc\n    import fake\n    '''\n    from m import (n,\n                   o)\n",
    "if a:\n    pass\nelif b:\n    import c\nelse:\n    import d\n"
    "while x:\n    import e\nelse:\n    import f\n",
    "match v:\n    case 1:\n        import a\n    case _:\n        from b import c\n",
    "with open(p) as f:\n    import a\nasync def g():\n    from .rel import x\n",
    "x = '''\nimport not_this\n'''\nfrom a import b\r\nimport c\r\n",
]


@pytest.mark.parametrize("source", SOURCES)
def test_lines_from_ast_are_libcst_positions(source: str) -> None:
    module = cst.parse_module(source)
    scan = scan_imports(module, "a", lambda key: False)
    lines = import_lines(source, scan.statements)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    nodes: list[cst.CSTNode] = []
    for statement, _ in scan.statements:
        nodes.append(statement)
        if not isinstance(statement.names, cst.ImportStar):
            nodes.extend(statement.names)
    assert nodes and set(lines) == {id(n) for n in nodes}
    assert [lines[id(n)] for n in nodes] == [line_of(wrapper, n) for n in nodes]


def test_a_lone_carriage_return_falls_back_to_positions() -> None:
    source = "import a\rimport b\n"
    scan = scan_imports(cst.parse_module(source), "a", lambda key: False)
    assert import_lines(source, scan.statements) == {}
