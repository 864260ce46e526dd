"""Properties of the rewrite over generated files on the fake index: compiles, idempotent, nothing lost."""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext, rewrite_source
from tests.migrations.fakes import new_release, old_release

P = "cdktf_cdktf_provider_aws"
OLD, NEW = old_release(), new_release()
SYMBOLS = sorted((m, n) for m in OLD.modules() for n in OLD.exports(m) or ())


@st.composite
def files(draw: st.DrawFn) -> str:
    chosen = draw(st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=8, unique=True))
    by_module: dict[str, list[str]] = {}
    for module, name in chosen:
        by_module.setdefault(module, []).append(name)
    lines: list[str] = []
    uses: list[str] = []
    for module, names in sorted(by_module.items()):
        style = draw(st.sampled_from(["from", "paren", "module", "alias"] if module else ["from", "paren"]))
        if style == "from":
            lines.append(f"from {P}{'.' + module if module else ''} import {', '.join(names)}")
            uses += names
        elif style == "paren":
            body = "".join(f"    {n} as {n}_,\n" for n in names)
            lines.append(f"from {P}{'.' + module if module else ''} import (\n{body})")
            uses += [f"{n}_" for n in names]
        elif style == "module":
            lines.append(f"from {P} import {module}")
            uses += [f"{module}.{n}" for n in names]
        else:
            lines.append(f"import {P}.{module} as {module}_mod")
            uses += [f"{module}_mod.{n}" for n in names]
    return "\n".join(lines) + "\n\nUSED = [" + ", ".join(uses) + "]\n"


@settings(max_examples=60, deadline=None)
@given(files())
def test_rewrite_properties(source: str) -> None:
    ctx = RewriteContext(Resolver(OLD, NEW), P, P, path="gen.py")
    result = rewrite_source(source, ctx)
    compile(result.after, "gen.py", "exec")
    assert rewrite_source(result.after, ctx).after == result.after
    reported = {u.symbol for u in result.unresolved}
    tree = ast.parse(result.after)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(P):
            key = node.module[len(P) + 1 :]
            for alias in node.names:
                exists = NEW.exports(key) is not None and alias.name in (NEW.exports(key) or ())
                is_module = not key and NEW.exports(alias.name) is not None
                mentioned = any(s.endswith(f".{alias.name}") or f".{alias.name}." in s for s in reported)
                assert exists or is_module or mentioned, alias.name
    # every name used before is still used (renamed at most): nothing silently dropped
    before = ast.parse(source).body[-1]
    after = tree.body[-1]
    assert isinstance(before, ast.Assign) and isinstance(after, ast.Assign)
    assert isinstance(before.value, ast.List) and isinstance(after.value, ast.List)
    assert len(before.value.elts) == len(after.value.elts)
