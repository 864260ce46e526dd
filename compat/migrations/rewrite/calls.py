"""Calls of bindings classes: fix unambiguous block-shape changes, report what cannot be fixed.

For every keyword argument of a construct or struct call, the value is walked against the target
release's parameter (and, for dict literals, the struct's fields, at any depth):

- a single-element list passed where the target takes one block is unwrapped; a dict or struct
  call passed where it now takes a list is wrapped in ``[...]``;
- dict keys follow their place: a dict passed for one block goes through ``Struct(**d)`` and needs
  the Python (snake_case) names; a dict inside a list reaches the JavaScript side unconverted and
  needs the JavaScript (camelCase) names, and so does everything nested in it;
- removed parameters and keys, and changes that need a decision (a variable, a list of several
  blocks where one is now expected), are reported with the original line.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import libcst as cst

from compat.index.model import ClassInfo, Param, ReleaseIndex
from compat.migrations.model import SymbolResolution
from compat.migrations.rewrite.base import FileRewrite, RewriteCommand

Context = Literal["py", "js"]
_BLOCKS = ("block_single", "block_list")


@functools.lru_cache(maxsize=4096)
def string_value(literal: str) -> str | bytes:
    """What a string literal's source text evaluates to (LibCST's ``SimpleString.evaluated_value``, which
    is ``ast.literal_eval`` of it), once per distinct literal and read from its ``ast`` constant:
    ``literal_eval`` leaves a cycle of its nested functions behind on every call, garbage only the
    collector frees (a migrate of 1,000 files made 23 a file, and two collections of ~0.3 s)."""
    node = ast.parse(literal.lstrip(" \t"), mode="eval").body  # as literal_eval parses it
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return node.value
    value: str | bytes = ast.literal_eval(literal)  # not a plain string: as LibCST reads it
    return value


@dataclass
class _Problem:
    symbol: str
    reason: str
    replacement: str | None = None


@dataclass
class _Migrator:
    """Migrates argument values of one call from the source to the target class."""

    source: ReleaseIndex
    source_module: str
    target: ReleaseIndex
    target_module: str
    label: str  # "cdktf-cdktf-provider-aws 21.22.1"
    problems: list[_Problem] = field(default_factory=list)

    def value(
        self,
        value: cst.BaseExpression,
        before: Param | None,
        after: Param,
        ctx: tuple[Context, Context],
        where: str,
    ) -> cst.BaseExpression:
        """``value`` for ``after``; ``ctx``: who reads its dicts before and after (Python or JavaScript)."""
        if after.shape not in _BLOCKS:
            return value
        old_shape = before.shape if before is not None else after.shape
        if old_shape == "block_list" and after.shape == "block_single":
            if (
                isinstance(value, cst.List)
                and len(value.elements) == 1
                and isinstance(value.elements[0], cst.Element)
            ):
                return self.block(value.elements[0].value, before, after, ("js", ctx[1]), where)
            self._shape_problem(where, "a list of blocks", "a single block")
            return value
        if old_shape == "block_single" and after.shape == "block_list":
            if isinstance(value, cst.Dict):
                return cst.List([cst.Element(self.block(value, before, after, (ctx[0], "js"), where))])
            if isinstance(value, cst.Call):
                return cst.List([cst.Element(value)])
            if isinstance(value, (cst.List, cst.Tuple)):
                return self.blocks(value, before, after, where)
            self._shape_problem(where, "a single block", "a list of blocks")
            return value
        if after.shape == "block_single":
            return self.block(value, before, after, ctx, where)
        if isinstance(value, (cst.List, cst.Tuple)):
            return self.blocks(value, before, after, where)
        return value

    def blocks(
        self, value: cst.List | cst.Tuple, before: Param | None, after: Param, where: str
    ) -> cst.BaseExpression:
        elements: list[cst.BaseElement] = []
        for element in value.elements:
            if isinstance(element, cst.Element):
                new_value = self.block(element.value, before, after, ("js", "js"), where)
                if new_value is not element.value:
                    element = element.with_changes(value=new_value)
            elements.append(element)
        return _with_elements(value, elements)

    def block(
        self,
        value: cst.BaseExpression,
        before: Param | None,
        after: Param,
        ctx: tuple[Context, Context],
        where: str,
    ) -> cst.BaseExpression:
        """One block: a dict literal gets nested blocks migrated, and its keys when its reader changes."""
        if not isinstance(value, cst.Dict) or after.struct is None:
            return value
        new_struct = self.target.class_info(self.target_module, after.struct)
        old_struct = (
            self.source.class_info(self.source_module, before.struct) if before and before.struct else None
        )
        if new_struct is None:
            return value
        elements: list[cst.BaseDictElement] = []
        for element in value.elements:
            if not isinstance(element, cst.DictElement) or not isinstance(element.key, cst.SimpleString):
                elements.append(element)
                continue
            raw = string_value(element.key.value)
            key = raw if isinstance(raw, str) else ""
            new_param = _field(new_struct, key)
            old_param = _field(old_struct, key) if old_struct else None
            if new_param is None:
                if old_param is not None:
                    self.problems.append(
                        _Problem(
                            f"{where}[{key!r}]",
                            f"field {old_param.name} of {new_struct.name} does not exist in {self.label}",
                        )
                    )
                elements.append(element)
                continue
            new_key = element.key
            if ctx[0] != ctx[1]:
                wanted = (new_param.js_name or new_param.name) if ctx[1] == "js" else new_param.name
                quote = element.key.quote
                written = f"{element.key.prefix}{quote}{wanted}{quote}"
                if written != element.key.value:
                    new_key = element.key.with_changes(value=written)
            new_value = self.value(element.value, old_param, new_param, ctx, f"{where}[{key!r}]")
            if new_key is not element.key or new_value is not element.value:
                element = element.with_changes(key=new_key, value=new_value)
            elements.append(element)
        return _with_elements(value, elements)

    def _shape_problem(self, where: str, before: str, after: str) -> None:
        self.problems.append(
            _Problem(
                where,
                f"now takes {after} instead of {before} in {self.label}; "
                "the value cannot be converted automatically",
            )
        )


def _with_elements(
    node: cst.List | cst.Tuple | cst.Dict, elements: Sequence[cst.CSTNode]
) -> cst.BaseExpression:
    """``node`` with ``elements``; ``node`` itself when each is the one it had (the pass hands an
    unchanged statement back as the original, whose text is then kept as written)."""
    old = node.elements
    if len(elements) == len(old) and all(a is b for a, b in zip(elements, old, strict=True)):
        return node
    return node.with_changes(elements=elements)


def _renamed_keywords(call: cst.Call, resolution: SymbolResolution, given: set[str]) -> cst.Call:
    """``call`` with the keyword of each positional parameter the target renamed (``id_=`` ->
    ``id=``), unless the call also passes the new name (the old ``id=`` argument, reported as removed)."""
    renames = {
        c.before: c.after
        for c in resolution.changes_of("param_renamed")
        if c.before in given and c.after and c.after not in given
    }
    if not renames:
        return call
    args = [
        arg.with_changes(keyword=arg.keyword.with_changes(value=renames[arg.keyword.value]))
        if arg.keyword is not None and arg.keyword.value in renames
        else arg
        for arg in call.args
    ]
    return call.with_changes(args=args)


def _field(struct: ClassInfo | None, key: str) -> Param | None:
    if struct is None:
        return None
    if key in struct.params:
        return struct.params[key]
    return next((p for p in struct.params.values() if p.js_name == key), None)


class FixCalls(RewriteCommand):
    """Migrates the keyword arguments of every bindings call; reports problems per original argument."""

    name = "calls"

    def start(self, file: FileRewrite) -> bool:
        table = file.table
        if not table.names and not table.modules and not table.package_roots:
            return False  # no bindings name bound: no call of a bindings class
        self.file = file
        self.table = table
        self.ctx = file.ctx
        self.stack: list[tuple[SymbolResolution, ClassInfo, ClassInfo | None] | None] = []
        self.problems: list[tuple[cst.CSTNode, _Problem]] = []
        self.label = f"{file.ctx.resolver.target.package} {file.ctx.resolver.target.version}"
        self.classes: dict[tuple[str, str], tuple[ClassInfo | None, ClassInfo | None]] = {}
        return True

    def _problem(self, node: cst.CSTNode, problem: _Problem) -> None:
        """A problem found in the pass, reported in ``collect`` (with the statement it is in)."""
        self.file.hold(node)
        self.problems.append((node, problem))

    def collect(self, file: FileRewrite) -> None:
        for node, problem in self.problems:
            file.report(node, problem.symbol, problem.reason, problem.replacement)

    def _classes(
        self, source: tuple[str, str], target: tuple[str, str]
    ) -> tuple[ClassInfo | None, ClassInfo | None]:
        """The target and source classes of a symbol, looked up once per file (calls repeat them)."""
        if source not in self.classes:
            resolver = self.ctx.resolver
            self.classes[source] = (resolver.target.class_info(*target), resolver.source.class_info(*source))
        return self.classes[source]

    def visit_Call(self, node: cst.Call) -> None:
        symbol = self.table.symbol_of(node.func)
        entry = None
        if symbol is not None:
            resolution = self.ctx.resolve(*symbol)
            target = resolution.target
            if target is None:
                change = resolution.changes_of("removed")[0]
                problem = _Problem(f"{resolution.source.name}(...)", change.explained, change.replacement)
                self._problem(node, problem)
            else:
                after, before = self._classes(symbol, (target.module, target.name))
                if after is not None:
                    entry = (resolution, after, before)
        self.stack.append(entry)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        entry = self.stack.pop()
        if entry is not None and not any(a.star for a in original.args):
            resolution, after, _ = entry
            given = {a.keyword.value for a in original.args if a.keyword is not None}
            updated = _renamed_keywords(updated, resolution, given)
            for change in resolution.changes_of("param_added"):
                if change.param and change.param not in given:
                    self._problem(
                        original,
                        _Problem(
                            f"{after.name}({change.param}=...)",
                            f"{after.name} requires {change.param} in {self.label}",
                        ),
                    )
        return updated

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        entry = self.stack[-1] if self.stack else None
        if entry is None or updated.keyword is None:
            return updated
        resolution, after, before = entry
        assert resolution.target is not None
        name = updated.keyword.value
        where = f"{after.name}({name}=...)"
        new_param = after.params.get(name)
        old_param = before.params.get(name) if before else None
        if new_param is None:
            removed = next((c for c in resolution.changes_of("param_removed") if c.param == name), None)
            if removed is not None:
                since = f" (removed in {removed.since})" if removed.since else ""
                self._problem(
                    original,
                    _Problem(
                        where,
                        f"parameter {name} of {after.name} does not exist in {self.label}{since}",
                        removed.replacement,
                    ),
                )
            return updated
        migrator = _Migrator(
            self.ctx.resolver.source,
            resolution.source.module,
            self.ctx.resolver.target,
            resolution.target.module,
            self.label,
        )
        value = migrator.value(updated.value, old_param, new_param, ("py", "py"), where)
        for problem in migrator.problems:
            self._problem(original, problem)
        if value is updated.value:  # no edit (an equal rebuilt value writes the same code)
            return updated
        return updated.with_changes(value=value)
