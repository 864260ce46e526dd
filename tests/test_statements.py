"""The statement walk finds every statement ``ast.walk`` finds, at any depth."""

from __future__ import annotations

import ast
from pathlib import Path

from compat.statements import statements

NESTED = """\
import a
def f():
    class C:
        import b
        def g(self):
            return [lambda: 1 for _ in x]
try:
    import c
except* ValueError:
    import d
else:
    pass
finally:
    import e
match x:
    case [1, *rest] if rest:
        import f
    case _:
        pass
async def h():
    async with q as r:
        async for s in r:
            if s:
                from g import t
            else:
                while u:
                    break
"""


def test_every_statement_is_found() -> None:
    for text in (NESTED, *(p.read_text() for p in sorted(Path(__file__).parents[1].glob("compat/**/*.py")))):
        tree = ast.parse(text)
        assert {id(n) for n in statements(tree)} == {id(n) for n in ast.walk(tree) if isinstance(n, ast.stmt)}
