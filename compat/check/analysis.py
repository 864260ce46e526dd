"""One pass over a parsed file: what it imports from the bindings and how it uses those names.

The walk records imports of the bindings package, calls of its classes (with their keyword
arguments), attribute reads on modules and on variables assigned from a constructor call, and
``add_override`` string paths. Local types are tracked only through a plain assignment from a
constructor call (``x = Cls(...)``, ``self.x = Cls(...)``), nothing more clever.
Names resolve with Python's own scoping (:mod:`compat.check.scopes`, from the stdlib ``symtable``):
a parameter, a loop or comprehension target, a name assigned anywhere in a function, a class
attribute all hide an import, so ``rds`` means the imported module only where Python reads the import.
Positions are 1-based lines and 1-based character columns.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate, chain, repeat
from operator import add, attrgetter
from typing import TYPE_CHECKING, Any

from compat.check.scopes import Binding, NeedsSymtable, Scopes
from compat.check.shared import Memo
from compat.check.write_only import WriteOnlyUse
from compat.families import CORES
from compat.record import Record

if TYPE_CHECKING:
    from compat.typescript.reader import TsFile

#: A ``NamedTuple`` built from a tuple of its fields without its Python-level ``__new__`` (a third of the
#: cost: the walk builds several per call it records)
_new = tuple.__new__
#: a keyword argument's value (``map`` of it over a call's keywords runs in C)
_VALUE = attrgetter("value")
#: a keyword argument's name (None for ``**mapping``)
_ARG = attrgetter("arg")
#: whether a positional argument is ``*args`` (``ast`` makes no subclass of ``ast.Starred``)
_IS_STARRED = ast.Starred.__instancecheck__


class ClassRef(Record):
    module: str  # module key relative to the bindings package ("" for the root)
    name: str


class ImportedName(Record):
    """``from <package>.<module> import <name> [as <local>]``."""

    module: str
    name: str
    local: str
    line: int
    column: int  # of the imported name
    statement_line: int
    module_span: tuple[int, int, str] | None  # (line, column, dotted text) of the module in the statement


class ImportedModule(Record):
    """``import <package>.<module> [as <local>]`` or ``from <package> import <module>``."""

    module: str
    line: int
    column: int
    text: str  # the dotted name as written


class ModuleAttribute(Record):
    """``<module>.<name>`` read through a module bound by an import (``vpc.Subnet``)."""

    module: str
    name: str
    line: int
    column: int  # of the attribute name


class KeywordArg(Record):
    name: str
    value: ast.expr
    line: int
    column: int


class PositionalArg(Record):  # a tuple: several per call, built on the hot path
    """One positional argument of a call, in order; ``starred`` for ``*args`` (any number of them)."""

    line: int
    column: int
    starred: bool


class CallSite:
    """A call of a class of the bindings: the class, where the call is and what it passes.

    Its shape (``keyword_names``, ``starred``: what decides whether the arguments fit the signature) is
    read from the tree as the walk meets the call; the records of its arguments with their positions
    (``keywords``, ``positional``) when first asked for: a call whose shape fitted before is only read
    for the values of its block parameters, and each record costs a few attribute reads of the tree.
    (A plain class: it caches what it builds.)
    """

    __slots__ = (
        "cls", "line", "column", "has_double_star", "keyword_names", "starred",
        "_named", "_args", "_lines", "_keywords", "_positional",
    )  # fmt: skip

    def __init__(
        self,
        cls: ClassRef,
        line: int,
        column: int,
        named: list[ast.keyword],  # the keywords that have a name (``**mapping`` left out)
        keyword_names: tuple[str, ...],  # their names, in order
        has_double_star: bool,
        args: list[ast.expr],  # the positional arguments
        lines: list[str] | None,  # the file's lines when its text is not ASCII (columns are then counted)
    ) -> None:
        self.cls, self.line, self.column, self.has_double_star = cls, line, column, has_double_star
        self.keyword_names = keyword_names
        self.starred = tuple(map(_IS_STARRED, args))  # ``*args`` among them (``map``: in C)
        self._named, self._args, self._lines = named, args, lines
        self._keywords: tuple[KeywordArg, ...] | None = None
        self._positional: tuple[PositionalArg, ...] | None = None

    @property
    def has_star(self) -> bool:
        return any(self.starred)

    def value_of(self, position: int) -> ast.expr:
        """The value of the keyword at ``position`` of ``keywords`` (without building the records)."""
        return self._named[position].value

    @property
    def keywords(self) -> tuple[KeywordArg, ...]:
        if self._keywords is None:
            lines = self._lines
            self._keywords = tuple(
                [
                    _new(
                        KeywordArg,
                        (k.arg, k.value, k.lineno, _column(lines, k.lineno, k.col_offset)),
                    )
                    for k in self._named
                ]
            )
        return self._keywords

    @property
    def positional(self) -> tuple[PositionalArg, ...]:
        if self._positional is None:
            lines = self._lines
            self._positional = tuple(
                [
                    _new(
                        PositionalArg,
                        (arg.lineno, _column(lines, arg.lineno, arg.col_offset), type(arg) is ast.Starred),
                    )
                    for arg in self._args
                ]
            )
        return self._positional


def _column(lines: list[str] | None, line: int, byte_col: int) -> int:
    """1-based character column of ``byte_col`` on ``line`` (``_Walker.col``; ``lines`` None: ASCII text)."""
    if lines is None:
        return byte_col + 1
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    if text.isascii():
        return byte_col + 1
    return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace")) + 1


class AttributeUse(Record):
    """``var.attr`` where ``var`` was assigned from a constructor call of a bindings class."""

    variable: str
    cls: ClassRef
    attribute: str
    called: bool
    line: int
    column: int  # of the attribute name


class NameUse(Record):
    """A load of a local name bound by ``from <bindings> import <name>`` (used by ``--fix`` renames)."""

    local: str
    line: int
    column: int


class OverrideCall(Record):
    """``x.add_override("terraform.backend.s3.use_lockfile", ...)`` (the path string, as written)."""

    path: str
    line: int
    column: int


class ForeignImport(Record):
    """An import of the other family's package (``cdktf_cdktf_provider_aws`` in a cdktn project)."""

    top: str  # "cdktf_cdktf_provider_aws" or "cdktf"
    dotted: str  # the whole dotted name as written
    line: int
    column: int  # of the dotted name
    fixable: bool  # a from-import or an aliased import: renaming the dotted name is the whole fix


class FunctionCall(Record):
    """``Fn.<name>(...)`` of either core (``from cdktf import Fn``, ``import cdktn`` ... ``cdktn.Fn.x``)."""

    name: str  # the function, e.g. "templatestring"
    line: int
    column: int  # 1-based, of the function name


class CoreImport(Record):
    """``from cdktf import App`` or ``import cdktf``: an import of the project's own core library."""

    line: int
    column: int  # of the dotted name


class CoreCall(Record):
    """A call of a core class (``S3Backend(...)`` from cdktf / cdktn) with its keywords."""

    name: str
    keywords: tuple[KeywordArg, ...]
    line: int
    column: int


class FileFacts:
    """What the one walk of a file records for the rules, each list in the order of the file.

    A plain class built by keyword (every list empty unless given): the walk appends to it, and a
    dataclass would compile its methods each time a check starts (~4 M instructions for this one).
    ``function_calls`` are the ``Fn.<name>(...)`` calls of either core, ``write_only`` the write-only
    arguments (``*_wo`` keywords, ``*Wo`` props) of provider constructs, ``shared`` the per-file results
    rules share (:mod:`compat.check.shared`), ``typescript`` the file as the TypeScript reader read it
    (its imports, calls and props; None for a Python file). ``name_reads``: the loads of local names
    bound by ``from <bindings> import <name>``, as met (``name_uses`` makes their records);
    ``names_write_only``: False when no keyword of a call can end with ``_wo`` or ``_wo_version`` (the
    text has no ``_wo``); ``lines``: the Python file's text split at ``\n`` (the walk's, kept for the
    rules of the same file; None for a TypeScript file)."""

    __slots__ = (
        "attribute_uses",
        "calls",
        "core_calls",
        "core_imports",
        "foreign_imports",
        "function_calls",
        "imported_modules",
        "imported_names",
        "lines",
        "module_attributes",
        "name_reads",
        "names_write_only",
        "overrides",
        "shared",
        "typescript",
        "write_only",
    )

    def __init__(
        self,
        *,
        imported_names: list[ImportedName] | None = None,
        imported_modules: list[ImportedModule] | None = None,
        module_attributes: list[ModuleAttribute] | None = None,
        calls: list[CallSite] | None = None,
        attribute_uses: list[AttributeUse] | None = None,
        name_reads: list[ast.Name] | None = None,
        overrides: list[OverrideCall] | None = None,
        core_calls: list[CoreCall] | None = None,
        foreign_imports: list[ForeignImport] | None = None,
        core_imports: list[CoreImport] | None = None,
        function_calls: list[FunctionCall] | None = None,
        write_only: list[WriteOnlyUse] | None = None,
        shared: Memo | None = None,
        typescript: TsFile | None = None,
        names_write_only: bool = True,
        lines: list[str] | None = None,
    ) -> None:
        self.imported_names: list[ImportedName] = [] if imported_names is None else imported_names
        self.imported_modules: list[ImportedModule] = [] if imported_modules is None else imported_modules
        self.module_attributes: list[ModuleAttribute] = [] if module_attributes is None else module_attributes
        self.calls: list[CallSite] = [] if calls is None else calls
        self.attribute_uses: list[AttributeUse] = [] if attribute_uses is None else attribute_uses
        self.name_reads: list[ast.Name] = [] if name_reads is None else name_reads
        self.overrides: list[OverrideCall] = [] if overrides is None else overrides
        self.core_calls: list[CoreCall] = [] if core_calls is None else core_calls
        self.foreign_imports: list[ForeignImport] = [] if foreign_imports is None else foreign_imports
        self.core_imports: list[CoreImport] = [] if core_imports is None else core_imports
        self.function_calls: list[FunctionCall] = [] if function_calls is None else function_calls
        self.write_only: list[WriteOnlyUse] = [] if write_only is None else write_only
        self.shared: Memo = Memo() if shared is None else shared
        self.typescript = typescript
        self.names_write_only = names_write_only
        self.lines = lines

    @property
    def name_uses(self) -> list[NameUse]:
        """The records of ``name_reads`` (for ``--fix`` renames), made when asked: few checks ever do."""
        lines = self.lines
        return [
            _new(NameUse, (node.id, node.lineno, _column(lines, node.lineno, node.col_offset)))
            for node in self.name_reads
        ]


class _Walker:
    def __init__(
        self,
        package: str,
        core: str,
        lines: list[str],
        is_module: Callable[[str], bool],
        foreign: frozenset[str] = frozenset(),
        exact: bool = False,
        text: str | None = None,  # ``lines`` joined, when the caller has it
    ) -> None:
        self.package = package
        self.package_dot = package + "."
        self.core = core
        self.foreign = foreign
        self.lines = lines
        self.is_module = is_module
        self.facts = FileFacts()
        self.class_stack: list[str] = []
        self.self_attrs: dict[tuple[str, str], Binding] = {}
        self.imported_locals: set[str] = set()
        self.core_locals: dict[str, str] = {}
        # ``Fn`` calls: the local names of ``Fn`` and of the core modules (from imports anywhere in the
        # file), and every ``<name>.<attr>(...)`` / ``<name>.Fn.<attr>(...)`` seen, resolved at the end
        self.fn_names: set[str] = set()
        self.core_modules: set[str] = set()
        self.fn_candidates: list[tuple[str, bool, ast.Attribute]] = []
        # identifiers whose presence makes a statement worth walking; grows as names get bound
        self.interesting: set[str] = {"add_override", "Fn", *CORES, *foreign}
        self.text = text if text is not None else "\n".join(lines)
        self.ascii = self.text.isascii()  # then every column is its byte offset
        self.scopes = Scopes(self.text, exact)
        # where each line starts in ``text``: line ``k`` (1-based) at ``starts[k - 1]``, the last entry
        # one past the end (``map`` and ``accumulate`` run in C: no bytecode per line)
        self.starts = list(accumulate(map(add, map(len, lines), repeat(1)), initial=0))

    # positions -----------------------------------------------------------------------------
    def col(self, line: int, byte_col: int) -> int:
        if self.ascii:
            return byte_col + 1
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if text.isascii():
            return byte_col + 1
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace")) + 1

    # name resolution -----------------------------------------------------------------------
    def bind(self, name: str, binding: Binding | None) -> None:
        if binding is not None:
            self.interesting.add(name)
        elif name not in self.scopes.bound:
            return  # nothing it could hide
        self.scopes.bind(name, binding)

    def unbind_targets(self, target: ast.expr) -> None:
        """Every name a ``for``/``with``/walrus target (or a tuple of them) binds now means something else."""
        if isinstance(target, ast.Name):
            self.bind(target.id, None)
        else:
            self.visit(target)

    def module_key(self, dotted: str) -> str | None:
        if dotted == self.package:
            return ""
        if dotted.startswith(self.package_dot):
            return dotted[len(self.package_dot) :]
        return None

    def child(self, module: str, attr: str) -> str:
        return f"{module}.{attr}" if module else attr

    def resolve(self, node: ast.expr) -> Binding | None:
        """What an expression names: a module, a class or a typed variable of the bindings."""
        if type(node) is _NAME:
            name = node.id  # a name never bound to what the walk tracks names nothing (``Scopes.bound``)
            return self.scopes.lookup(name) if name in self.scopes.bound else None
        if type(node) is ast.Attribute:
            value = node.value
            if type(value) is ast.Name and value.id == "self" and self.class_stack:
                return self.self_attrs.get((self.class_stack[-1], node.attr))
            return self.member(self.resolve(value), node.attr)
        return None

    def member(self, base: Binding | None, attr: str) -> Binding | None:
        """What ``<base>.<attr>`` names, ``base`` being what its value names."""
        if base and base[0] == "module":
            sub = self.child(base[1], attr)
            if self.is_module(sub):
                return ("module", sub)
            return ("class", base[1], attr)
        return None

    def resolve_fn_calls(self) -> None:
        """The ``Fn`` calls among the candidates, once every import of the file is known."""
        for name, through_module, func in self.fn_candidates:
            if name not in (self.core_modules if through_module else self.fn_names):
                continue
            end = func.end_col_offset or 0
            text = self.lines[func.lineno - 1] if func.lineno <= len(self.lines) else ""
            column = len(text.encode("utf-8")[:end].decode("utf-8", "replace")) - len(func.attr) + 1
            self.facts.function_calls.append(_new(FunctionCall, (func.attr, func.lineno, max(column, 1))))

    # the walk ------------------------------------------------------------------------------
    def worth_walking(self, node: ast.stmt) -> bool:
        """Whether the statement's text names anything the walk tracks (a cheap substring test).

        A long statement (a class, a function) is searched piece by piece, each piece overlapping the
        next by the longest name less one character (so no occurrence falls between two): it is walked
        as soon as one piece names something, without searching the whole text for every name first.
        """
        first, last = node.lineno, node.end_lineno or node.lineno
        starts = self.starts
        if last >= len(starts):
            return True
        start, end = starts[first - 1], starts[last]
        text, names = self.text, self.interesting
        if first < last:  # its first line alone first: where a statement most often names something
            chunk = text[start : starts[first]]
            for name in names:  # noqa: SIM110
                if name in chunk:
                    return True
            start = starts[first]  # (no name holds a line break: the lines can be searched apart)
        if end - start <= _PIECE:
            chunk = text[start:end]
            for name in names:  # noqa: SIM110 - a loop, not ``any(...)``: no generator per statement
                if name in chunk:
                    return True
            return False
        overlap = max(map(len, names), default=1) - 1
        for piece in range(start, end, _PIECE):
            chunk = text[piece : min(piece + _PIECE + overlap, end)]
            for name in names:  # noqa: SIM110
                if name in chunk:
                    return True
        return False

    def visit(self, node: ast.AST) -> None:
        handler = _VISITS[type(node)]
        if handler is not None:
            handler(self, node)

    def visit_all(self, nodes: Iterable[ast.AST | None]) -> None:
        """``visit`` of each node, inlined (the walk's hot path): constants, None and the like are
        skipped by the one table lookup, and a read of a name no import of the bindings bound is
        decided here, without a call."""
        visits, imported = _VISITS, self.imported_locals
        for node in nodes:
            kind = type(node)
            if kind is _NAME:
                if TYPE_CHECKING:  # (``kind is`` does not narrow ``node`` for mypy; no test at run time)
                    assert isinstance(node, ast.Name)
                if node.ctx is _LOAD and node.id not in imported:
                    continue
                self.visit_name(node)  # (which tests the context again, where ``_LOAD`` is not shared)
            elif (handler := visits[kind]) is not None:
                handler(self, node)

    def visit_children(self, node: ast.AST) -> None:
        """Every child node (``ast.iter_child_nodes`` inlined)."""
        visit = self.visit
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, ast.AST):
                if type(value) not in _LEAVES:
                    visit(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST) and type(item) not in _LEAVES:
                        visit(item)

    def visit_class(self, node: ast.ClassDef) -> None:
        self.visit_all(node.decorator_list + node.bases + [k.value for k in node.keywords])
        self.class_stack.append(node.name)
        self.scopes.enter("class", node.name, node.lineno)
        self.visit_all(node.body)
        self.scopes.exit()
        self.class_stack.pop()
        self.bind(node.name, None)

    def visit_scope(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        if not isinstance(node, ast.Lambda):
            self.visit_all(node.decorator_list)
        self.visit(node.args)  # defaults and annotations belong to the enclosing scope
        name = node.name if not isinstance(node, ast.Lambda) else "lambda"
        self.scopes.enter("function", name, node.lineno)
        args = node.args
        for arg in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg):
            if arg is not None:
                self.bind(arg.arg, None)
        if isinstance(node, ast.Lambda):
            self.visit(node.body)
        else:
            self.visit_all(node.body)
        self.scopes.exit()
        if not isinstance(node, ast.Lambda):
            self.bind(node.name, None)

    def visit_comprehension(self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp) -> None:
        """The first iterable is read outside; targets, conditions and the element inside."""
        self.visit(node.generators[0].iter)
        self.scopes.enter("comprehension", _COMPREHENSION_SCOPES[type(node)], node.lineno)
        for position, generator in enumerate(node.generators):
            if position:
                self.visit(generator.iter)
            self.unbind_targets(generator.target)
            for condition in generator.ifs:
                self.visit(condition)
        if isinstance(node, ast.DictComp):
            self.visit(node.key)
            self.visit(node.value)
        else:
            self.visit(node.elt)
        self.scopes.exit()

    def visit_for(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self.unbind_targets(node.target)
        self.visit_all(node.body)
        self.visit_all(node.orelse)

    def visit_named_expr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        self.scopes.bind_walrus(node.target.id)

    def visit_declaration(self, node: ast.Global | ast.Nonlocal) -> None:
        self.scopes.declare(node.names)

    def visit_aug_assign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        self.unbind_targets(node.target)

    def visit_handler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self.bind(node.name, None)
        self.visit_all(node.body)

    def visit_capture(self, node: ast.MatchAs | ast.MatchStar | ast.MatchMapping) -> None:
        """A ``match`` capture pattern binds its name."""
        name = node.rest if isinstance(node, ast.MatchMapping) else node.name
        if name:
            self.bind(name, None)
        for child in ast.iter_child_nodes(node):
            self.visit(child)

    def visit_assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        binding = self.value_type(node.value)
        for target in node.targets:
            self.assign(target, binding)
            if not isinstance(target, ast.Name):
                self.visit(target)

    def visit_ann_assign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.visit(node.value)
            self.assign(node.target, self.value_type(node.value))
        if not isinstance(node.target, ast.Name):
            self.visit(node.target)

    def visit_name(self, node: ast.Name) -> None:
        if not isinstance(node.ctx, ast.Load):
            self.bind(node.id, None)
        elif node.id in self.imported_locals:
            binding = self.scopes.lookup(node.id)
            if binding is not None and binding[0] == "class":
                self.facts.name_reads.append(node)

    def visit_attribute(self, node: ast.Attribute) -> None:
        self.attribute_of(node, self.resolve(node.value), False)  # (``attribute``, inlined)

    # the most frequent containers, visited without the generic field iteration
    def visit_value(self, node: ast.Expr | ast.keyword | ast.Return | ast.Starred) -> None:
        if node.value is not None:
            self.visit(node.value)

    def visit_elements(self, node: ast.List | ast.Tuple | ast.Set) -> None:
        self.visit_all(node.elts)

    # common nodes of no interest themselves: their children in ``_fields`` order, as ``visit_children``
    def visit_arg(self, node: ast.arg) -> None:
        if node.annotation is not None:
            self.visit(node.annotation)

    def visit_arguments(self, node: ast.arguments) -> None:
        self.visit_all(  # ``kw_defaults`` holds None where a keyword-only parameter has no default
            chain(
                node.posonlyargs,
                node.args,
                (node.vararg,),
                node.kwonlyargs,
                node.kw_defaults,
                (node.kwarg,),
                node.defaults,
            )
        )

    def visit_values(self, node: ast.JoinedStr | ast.BoolOp) -> None:
        self.visit_all(node.values)

    def visit_formatted_value(self, node: ast.FormattedValue) -> None:
        self.visit_all((node.value, node.format_spec))

    def visit_operation(self, node: ast.BinOp) -> None:
        self.visit_all((node.left, node.right))

    def visit_compare(self, node: ast.Compare) -> None:
        self.visit_all((node.left, *node.comparators))

    def visit_subscript(self, node: ast.Subscript) -> None:
        self.visit_all((node.value, node.slice))

    def visit_if(self, node: ast.If | ast.IfExp) -> None:
        self.visit_all((node.test,))
        if isinstance(node, ast.If):
            self.visit_all(node.body)
            self.visit_all(node.orelse)
        else:
            self.visit_all((node.body, node.orelse))

    def visit_dict(self, node: ast.Dict) -> None:
        # one list, one loop (a key is None for ``**mapping``); no ``typing.cast``: it is a call
        self.visit_all([*node.keys, *node.values])

    def value_type(self, value: ast.expr) -> Binding | None:
        if isinstance(value, ast.Call):
            target = self.resolve(value.func)
            if target and target[0] == "class":
                return ("var", target[1], target[2])
        return None

    def assign(self, target: ast.expr, binding: Binding | None) -> None:
        if isinstance(target, ast.Name):
            self.bind(target.id, binding)
        elif (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
            and self.class_stack
        ):
            key = (self.class_stack[-1], target.attr)
            if binding is None:
                self.self_attrs.pop(key, None)
            else:
                self.self_attrs[key] = binding
                self.interesting.add(target.attr)

    def import_from(self, node: ast.ImportFrom) -> None:
        dotted = node.module or ""
        if dotted in CORES:
            fn_names = [alias.asname or alias.name for alias in node.names if alias.name == "Fn"]
            self.fn_names.update(fn_names)
            self.interesting.update(fn_names)
        if node.level:
            for alias in node.names:
                self.bind(alias.asname or alias.name, None)
            return
        top = dotted.partition(".")[0]
        if top in self.foreign:
            span = self.module_span(node, dotted)
            if span:
                line, column = span[0], span[1]
            else:
                line, column = node.lineno, self.col(node.lineno, node.col_offset)
            self.facts.foreign_imports.append(ForeignImport(top, dotted, line, column, span is not None))
        if top == self.core:
            span = self.module_span(node, dotted)
            column = span[1] if span else self.col(node.lineno, node.col_offset)
            self.facts.core_imports.append(CoreImport(node.lineno, column))
            for alias in node.names:
                self.core_locals[alias.asname or alias.name] = alias.name
                self.interesting.add(alias.asname or alias.name)
            return
        if dotted == self.package:
            key = ""
        elif dotted.startswith(self.package_dot):
            key = dotted[len(self.package_dot) :]
        else:
            for alias in node.names:
                self.bind(alias.asname or alias.name, None)
            return
        statement_line, ascii_text, is_module, lines = node.lineno, self.ascii, self.is_module, self.lines
        # ``module_span``, inlined
        start = lines[statement_line - 1].find(dotted) if statement_line <= len(lines) else -1
        span = (statement_line, start + 1, dotted) if start >= 0 else None
        names, interesting, bind = self.facts.imported_names, self.interesting, self.scopes.bind
        imported_locals = self.imported_locals
        for alias in node.names:  # an ``alias`` has its position from Python 3.10 on
            name = alias.name
            if name == "*":
                continue
            local = alias.asname or name
            line = alias.lineno
            column = alias.col_offset + 1 if ascii_text else self.col(line, alias.col_offset)
            sub = f"{key}.{name}" if key else name
            if is_module(sub):
                module = _new(ImportedModule, (sub, line, column, f"{dotted}.{name}"))
                self.facts.imported_modules.append(module)
                self.bind(local, ("module", sub))
                continue
            names.append(_new(ImportedName, (key, name, local, line, column, statement_line, span)))
            interesting.add(local)  # ``self.bind`` of a binding, inlined
            bind(local, ("class", key, name))
            imported_locals.add(local)

    def module_span(self, node: ast.ImportFrom, dotted: str) -> tuple[int, int, str] | None:
        text = self.lines[node.lineno - 1] if node.lineno <= len(self.lines) else ""
        start = text.find(dotted)
        if start < 0:
            return None
        return (node.lineno, start + 1, dotted)

    def import_(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name in CORES:
                self.core_modules.add(alias.asname or alias.name)
                self.interesting.add(alias.asname or alias.name)
            top = alias.name.split(".")[0]
            if top in self.foreign:
                line = getattr(alias, "lineno", node.lineno)
                column = self.col(line, getattr(alias, "col_offset", node.col_offset))
                self.facts.foreign_imports.append(
                    ForeignImport(top, alias.name, line, column, alias.asname is not None)
                )
            if top == self.core:
                line = getattr(alias, "lineno", node.lineno)
                self.facts.core_imports.append(
                    CoreImport(line, self.col(line, getattr(alias, "col_offset", node.col_offset)))
                )
            key = self.module_key(alias.name)
            if key is None:
                self.bind(alias.asname or top, None)
                continue
            line = getattr(alias, "lineno", node.lineno)
            column = self.col(line, getattr(alias, "col_offset", node.col_offset))
            self.facts.imported_modules.append(ImportedModule(key, line, column, alias.name))
            if alias.asname:
                self.bind(alias.asname, ("module", key))
            else:
                self.bind(self.package, ("module", ""))

    def attribute(self, node: ast.Attribute, called: bool) -> None:
        self.attribute_of(node, self.resolve(node.value), called)

    def attribute_of(self, node: ast.Attribute, base: Binding | None, called: bool) -> None:
        """``node`` read, its value resolved to ``base`` (what ``resolve(node.value)`` gives)."""
        if base is None:
            self.visit_all((node.value,))  # (a name read is decided there without a call)
            return
        line = node.end_lineno or node.lineno
        attr = node.attr
        byte_col = (node.end_col_offset or 0) - (len(attr) if attr.isascii() else len(attr.encode("utf-8")))
        column = byte_col + 1 if self.ascii else self.col(line, byte_col)
        if base[0] == "module":
            sub = self.child(base[1], node.attr)
            if not self.is_module(sub):
                self.facts.module_attributes.append(_new(ModuleAttribute, (base[1], node.attr, line, column)))
        elif base[0] == "var":
            variable = ast.unparse(node.value) if not isinstance(node.value, ast.Name) else node.value.id
            self.facts.attribute_uses.append(
                _new(AttributeUse, (variable, _new(ClassRef, base[1:3]), node.attr, called, line, column))
            )
        self.visit_all((node.value,))

    def keywords(self, node: ast.Call) -> tuple[tuple[KeywordArg, ...], bool]:
        if self.ascii:  # the common case, without a call per keyword for its column
            named = tuple(
                [
                    _new(KeywordArg, (k.arg, k.value, k.lineno, k.col_offset + 1))
                    for k in node.keywords
                    if k.arg is not None
                ]
            )
        else:
            named = tuple(
                [
                    _new(KeywordArg, (k.arg, k.value, k.lineno, self.col(k.lineno, k.col_offset)))
                    for k in node.keywords
                    if k.arg is not None
                ]
            )
        return named, len(named) != len(node.keywords)

    def call(self, node: ast.Call) -> None:
        func = node.func
        # what ``resolve(func)`` gives, with the value of an attribute resolved once for both uses
        base: Binding | None = None
        if type(func) is ast.Attribute:
            value = func.value
            base = self.resolve(value)
            if type(value) is ast.Name and value.id == "self" and self.class_stack:
                target = self.self_attrs.get((self.class_stack[-1], func.attr))
            else:
                target = self.member(base, func.attr)
        elif type(func) is _NAME:
            name = func.id  # (``resolve`` of a name, inlined)
            target = self.scopes.lookup(name) if name in self.scopes.bound else None
        else:
            target = None
        if target is not None and target[0] == "class":
            named = node.keywords
            names = tuple(map(_ARG, named))
            double_star = None in names
            if double_star:
                named = [keyword for keyword in named if keyword.arg is not None]
                names = tuple(filter(None, names))  # (a keyword's name is never empty)
            self.facts.calls.append(
                CallSite(
                    _new(ClassRef, target[1:3]),
                    node.lineno,
                    node.col_offset + 1 if self.ascii else self.col(node.lineno, node.col_offset),
                    named,
                    names,
                    double_star,
                    node.args,
                    None if self.ascii else self.lines,
                )
            )
        elif type(func) is ast.Name and func.id in self.core_locals:
            keywords, _ = self.keywords(node)
            self.facts.core_calls.append(
                CoreCall(
                    self.core_locals[func.id], keywords, node.lineno, self.col(node.lineno, node.col_offset)
                )
            )
        elif (
            type(func) is ast.Attribute
            and func.attr == "add_override"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            first = node.args[0]
            self.facts.overrides.append(
                OverrideCall(str(first.value), first.lineno, self.col(first.lineno, first.col_offset))
            )
        if type(func) is ast.Attribute:
            value = func.value
            if type(value) is ast.Name:
                self.fn_candidates.append((value.id, False, func))
            elif type(value) is ast.Attribute and value.attr == "Fn" and type(value.value) is ast.Name:
                self.fn_candidates.append((value.value.id, True, func))
            self.attribute_of(func, base, called=True)
        elif type(func) is ast.Name:  # ``visit_name`` of a read, with the binding just found
            if target is not None and target[0] == "class" and func.id in self.imported_locals:
                self.facts.name_reads.append(func)
        else:
            self.visit(func)
        self.visit_all(node.args)
        self.visit_all(map(_VALUE, node.keywords))


_HANDLERS: dict[type[ast.AST], Callable[[_Walker, Any], None]] = {
    ast.ImportFrom: _Walker.import_from,
    ast.Import: _Walker.import_,
    ast.ClassDef: _Walker.visit_class,
    ast.FunctionDef: _Walker.visit_scope,
    ast.AsyncFunctionDef: _Walker.visit_scope,
    ast.Lambda: _Walker.visit_scope,
    ast.Assign: _Walker.visit_assign,
    ast.AnnAssign: _Walker.visit_ann_assign,
    ast.Call: _Walker.call,
    ast.Attribute: _Walker.visit_attribute,
    ast.Name: _Walker.visit_name,
    ast.Expr: _Walker.visit_value,
    ast.keyword: _Walker.visit_value,
    ast.Return: _Walker.visit_value,
    ast.Starred: _Walker.visit_value,
    ast.List: _Walker.visit_elements,
    ast.Tuple: _Walker.visit_elements,
    ast.Set: _Walker.visit_elements,
    ast.Dict: _Walker.visit_dict,
    ast.arg: _Walker.visit_arg,
    ast.arguments: _Walker.visit_arguments,
    ast.JoinedStr: _Walker.visit_values,
    ast.BoolOp: _Walker.visit_values,
    ast.FormattedValue: _Walker.visit_formatted_value,
    ast.BinOp: _Walker.visit_operation,
    ast.Compare: _Walker.visit_compare,
    ast.Subscript: _Walker.visit_subscript,
    ast.If: _Walker.visit_if,
    ast.IfExp: _Walker.visit_if,
    ast.ListComp: _Walker.visit_comprehension,
    ast.SetComp: _Walker.visit_comprehension,
    ast.DictComp: _Walker.visit_comprehension,
    ast.GeneratorExp: _Walker.visit_comprehension,
    ast.For: _Walker.visit_for,
    ast.AsyncFor: _Walker.visit_for,
    ast.NamedExpr: _Walker.visit_named_expr,
    ast.Global: _Walker.visit_declaration,
    ast.Nonlocal: _Walker.visit_declaration,
    ast.AugAssign: _Walker.visit_aug_assign,
    ast.ExceptHandler: _Walker.visit_handler,
    ast.MatchAs: _Walker.visit_capture,
    ast.MatchStar: _Walker.visit_capture,
    ast.MatchMapping: _Walker.visit_capture,
}
#: The names ``symtable`` gives comprehension scopes.
_COMPREHENSION_SCOPES: dict[type[ast.expr], str] = {
    ast.ListComp: "listcomp",
    ast.SetComp: "setcomp",
    ast.DictComp: "dictcomp",
    ast.GeneratorExp: "genexpr",
}
#: ``ast.Name``, and the context of a name read: ``ast`` gives every read the same ``Load`` (CPython
#: 3.9 on; where it would not, ``_Walker.visit_all`` only takes its slower path)
_NAME = ast.Name
_SAMPLE = ast.parse("x", mode="eval").body
_LOAD: ast.expr_context = _SAMPLE.ctx if isinstance(_SAMPLE, ast.Name) else ast.Load()
#: The characters of a statement's text searched at once by ``_Walker.worth_walking``.
_PIECE = 512
#: Statements always walked: they bind the names everything else is judged by.
_ALWAYS = frozenset({ast.Import, ast.ImportFrom})
#: Nodes without children worth a visit.
_LEAVES = frozenset({ast.Constant, ast.Pass, ast.Break, ast.Continue, ast.Load, ast.Store, ast.Del})
#: Statements walked only when their text names something the walk tracks (``worth_walking``).
_FILTERED = frozenset(
    kind
    for kind in vars(ast).values()
    if isinstance(kind, type) and issubclass(kind, ast.stmt) and kind is not ast.stmt and kind not in _ALWAYS
)


def _filtered(handler: Callable[[_Walker, ast.stmt], None]) -> Callable[[_Walker, ast.stmt], None]:
    """``handler`` run only on a statement whose text names something the walk tracks."""

    def visit(walker: _Walker, node: ast.stmt) -> None:
        if node.lineno == node.end_lineno or walker.worth_walking(node):
            handler(walker, node)

    return visit


_Valued = ast.Expr | ast.Assign | ast.AnnAssign | ast.Return


def _filtered_value(handler: Callable[[_Walker, _Valued], None]) -> Callable[[_Walker, _Valued], None]:
    """``_filtered`` for a statement with a ``value`` (an expression statement, an assignment, a
    ``return``): a call of a tracked name (``Cls(...)``, ``x.f(...)``, ``Fn.g(...)``) is walked without
    the text test, which would find the name (a stack's statements are mostly such calls)."""

    def visit(walker: _Walker, node: _Valued) -> None:
        value = node.value
        if type(value) is ast.Call:
            func = value.func
            while type(func) is ast.Attribute:
                func = func.value
            if type(func) is _NAME and func.id in walker.interesting:
                handler(walker, node)
                return
        if node.lineno == node.end_lineno or walker.worth_walking(node):
            handler(walker, node)

    return visit


#: Statements with a ``value`` whose call ``_filtered_value`` looks at first.
_VALUED = frozenset({ast.Expr, ast.Assign, ast.AnnAssign, ast.Return})


#: What ``visit`` runs for each kind of node (any other kind: its children are visited), in one
#: lookup: the statement filter, the handlers, the leaves
_DISPATCH: dict[type[ast.AST], Callable[[_Walker, Any], None]] = {
    **_HANDLERS,
    **{
        kind: (_filtered_value if kind in _VALUED else _filtered)(_HANDLERS.get(kind, _Walker.visit_children))
        for kind in _FILTERED
    },
}


def _node_kinds(kind: type[ast.AST] = ast.AST) -> Iterator[type[ast.AST]]:
    """Every kind of syntax node ``ast`` defines (the classes ``ast.parse`` can build), ``kind`` first."""
    yield kind
    for sub in kind.__subclasses__():
        yield from _node_kinds(sub)


#: What ``visit`` runs for each kind of node, for every kind (``visit_children`` where ``_DISPATCH``
#: names none), None for a leaf and for None (a missing child): one subscript decides, with no
#: default and no membership test (``visit_all`` runs it on every node)
_VISITS: dict[type[object], Callable[[_Walker, Any], None] | None] = {
    **{kind: _DISPATCH.get(kind, _Walker.visit_children) for kind in _node_kinds()},
    **{kind: None for kind in _LEAVES},
    type(None): None,
}


def analyse(
    tree: ast.Module,
    text: str,
    package: str,
    core: str,
    is_module: Callable[[str], bool] | None = None,
    foreign: frozenset[str] = frozenset(),
) -> FileFacts:
    """The facts of one parsed file about the bindings ``package`` (import name) and the ``core``.

    ``foreign`` names the top-level modules of the other family, whose imports are recorded too.
    """
    lines = text.split("\n")
    try:
        walker = _Walker(package, core, lines, is_module or _looks_like_module, foreign, text=text)
        walker.visit_all(tree.body)
    except NeedsSymtable:
        walker = _Walker(
            package, core, lines, is_module or _looks_like_module, foreign, exact=True, text=text
        )
        walker.visit_all(tree.body)
    walker.resolve_fn_calls()
    facts = walker.facts
    facts.lines = lines
    # a keyword ``*_wo`` (or ``*_wo_version``) is spelled in the text: without ``_wo`` there is none
    facts.names_write_only = "_wo" in text
    if facts.names_write_only:
        facts.write_only = [
            _new(WriteOnlyUse, (site.cls.name, keyword.name, keyword.line, keyword.column))
            for site in facts.calls
            if any(name.endswith("_wo") for name in site.keyword_names)
            for keyword in site.keywords
            if keyword.name.endswith("_wo")
        ]
    return facts


def _looks_like_module(key: str) -> bool:
    """Without an index: generated modules are snake_case, classes CamelCase."""
    last = key.rsplit(".", 1)[-1]
    return bool(last) and last[0].islower()
