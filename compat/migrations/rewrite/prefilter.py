"""Which files the rewrite can leave without parsing them with LibCST, and which need no pass over
their expressions.

A LibCST parse costs ~10x an ``ast.parse``. A file needs the rewrite only if some command could
edit or report something in it, and every command starts from the file's imports:

- a value name the package move renames (``cdktf``, the old bindings module): any occurrence of the
  word in the text, strings and comments included, sends the file on;
- an import of a renamed package or of another provider package of the old family (reported);
- a plain ``import`` of the bindings, a star import from them, or a bindings module imported by
  name that the target lacks;
- ``m.Name`` of a bindings module ``m`` imported by name, where ``Name`` is not unchanged (below);
- a bindings name whose resolution is anything but itself, unchanged: same module, same name, no
  change but ``same``, and every parameter of its class the same in both releases, down every
  block struct it takes (so no call argument changes shape, key or reader).

A file with none of these is left as it is, with nothing to report, exactly as the commands would
leave it (:func:`needs_rewrite`). A file whose only rewrites are in its import statements (a family
move of names that keep their module, name and parameters, and no renamed word outside an import)
is parsed, its import lines rewritten, and its expressions never walked
(:func:`needs_expression_pass`). The tests in ``tests/migrations/test_prefilter.py`` hold both over
tables and generated files. A file ``ast`` cannot parse is sent on (LibCST reports it), and so is a
file with any non-ASCII character: ``ast`` normalises identifiers (NFKC), LibCST keeps them as written.
"""

from __future__ import annotations

import ast
import functools
import re
import weakref
from collections.abc import Iterator

from compat.index.model import ClassInfo
from compat.migrations.resolve import Resolver, join
from compat.migrations.rewrite.ast_tree import python_tree
from compat.migrations.rewrite.base import RewriteContext
from compat.migrations.rewrite.packages import old_family_prefixes
from compat.migrations.rewrite.table import module_key

#: change kinds that leave a name's uses in the code as they are
SAME = frozenset({"same"})
SAME_OR_RENAMED = frozenset({"same", "package_renamed"})

#: per resolver (one migration): whether a bindings name stays as it is (up to the kinds given)
_UNCHANGED: weakref.WeakKeyDictionary[Resolver, dict[tuple[str, str, frozenset[str]], bool]] = (
    weakref.WeakKeyDictionary()
)


def needs_rewrite(source: str, ctx: RewriteContext) -> bool:
    """False only when no rewrite command would edit or report anything in ``source``."""
    renames = ctx.renames
    if renames and _words(tuple(sorted(renames))).search(source):
        return True
    return _bindings_change(source, ctx, SAME)


def needs_expression_pass(source: str, ctx: RewriteContext) -> bool:
    """False only when the commands would edit or report nothing outside the import statements of
    ``source``: every bindings name it imports keeps its module, name and parameters (a package
    rename aside), and no word a package move renames occurs outside an import statement."""
    return _bindings_change(source, ctx, SAME_OR_RENAMED, outside_imports=tuple(sorted(ctx.renames)))


def _bindings_change(
    source: str, ctx: RewriteContext, kept: frozenset[str], outside_imports: tuple[str, ...] = ()
) -> bool:
    """Whether some import of ``source`` binds a bindings name that changes beyond ``kept`` (or
    that is not looked at here); with ``outside_imports``, also whether one of those words occurs
    outside the import statements (the imports of renamed packages are then expected)."""
    if not source.isascii():
        return True  # ast reads identifiers NFKC-normalised, LibCST as written: not compared here
    tree = python_tree(source)
    if tree is None:
        return True
    package = ctx.source_package
    renames = ctx.renames
    old = tuple(old_family_prefixes(renames))
    modules: dict[str, str] = {}  # local -> module key of a bindings module imported by name
    imports = list(_imports(tree))
    for node in imports:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if module_key(package, alias.name) is not None:
                    return True  # uses through the package root: not looked at here
                if not outside_imports and _moved(alias.name, renames, old):
                    return True
            continue
        if node.level or node.module is None:
            continue  # relative: no command reads it
        if not outside_imports and _moved(node.module, renames, old):
            return True
        key = module_key(package, node.module)
        if key is None:
            continue
        for alias in node.names:
            if alias.name == "*":
                return True
            if ctx.is_module(join(key, alias.name)):
                if not ctx.resolver.module_exists(join(key, alias.name)):
                    return True  # its import may go
                modules[alias.asname or alias.name] = join(key, alias.name)
            elif not unchanged(ctx.resolver, key, alias.name, kept):
                return True
    if outside_imports and _outside(source, imports, outside_imports):
        return True
    return bool(modules) and _moves_through(tree, modules, ctx.resolver, kept)


_LINE_END = re.compile(r"\r\n?|\n")


@functools.cache
def _words(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")


def _moved(dotted: str, renames: dict[str, str], old_prefixes: tuple[str, ...]) -> bool:
    top = dotted.split(".", 1)[0]
    return top in renames or (bool(old_prefixes) and top.startswith(old_prefixes))


def _outside(source: str, imports: list[ast.Import | ast.ImportFrom], words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` occurs in ``source`` outside every import statement (strings and
    comments count: a superset of the names a rename would touch). ASCII only: columns are bytes."""
    # line starts as ``ast`` counts lines (``str.splitlines`` also splits at a form feed, ``\x0b``
    # and ``\x1c``-``\x1e``, which Python's tokenizer reads as whitespace)
    starts = [0, *(match.end() for match in _LINE_END.finditer(source))]
    spans = [
        (
            starts[n.lineno - 1] + n.col_offset,
            starts[(n.end_lineno or n.lineno) - 1] + (n.end_col_offset or 0),
        )
        for n in imports
    ]
    return any(
        not any(begin <= match.start() < end for begin, end in spans)
        for match in _words(words).finditer(source)
    )


def _imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth (only statements are entered)."""
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                stack.extend(children)


def _moves_through(
    tree: ast.Module, modules: dict[str, str], resolver: Resolver, kept: frozenset[str]
) -> bool:
    """Whether some ``m.Name`` of an imported bindings module ``m`` is not unchanged."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and not unchanged(resolver, modules[node.value.id], node.attr, kept)
        ):
            return True
    return False


def unchanged(resolver: Resolver, module: str, name: str, kept: frozenset[str] = SAME) -> bool:
    """``module.name`` resolves to itself with no change but ``kept`` ones, and its class (and every
    struct it takes as a block, at any depth) takes the same parameters in both releases."""
    memo = _UNCHANGED.setdefault(resolver, {})
    found = memo.get((module, name, kept))
    if found is None:
        resolution = resolver.resolve(module, name)
        target = resolution.target
        found = memo[(module, name, kept)] = (
            all(change.kind in kept for change in resolution.changes)
            and target is not None
            and target.module == module
            and target.name == name
            and _same_class(resolver, module, name, set())
        )
    return found


def _same_class(resolver: Resolver, module: str, name: str, seen: set[str]) -> bool:
    """Every parameter of the source class is the same in the target (and so is every struct such a
    parameter takes, at any depth): no argument a call can pass changes shape, key or reader.
    Parameters only the target has are never reported or rewritten (a required one is a change)."""
    if name in seen:
        return True
    seen.add(name)
    before: ClassInfo | None = resolver.source.class_info(module, name)
    after: ClassInfo | None = resolver.target.class_info(module, name)
    if before is None or after is None:
        return before is after
    for key, param in before.params.items():
        if after.params.get(key) != param:
            return False
        if param.struct and not _same_class(resolver, module, param.struct, seen):
            return False
    return True
