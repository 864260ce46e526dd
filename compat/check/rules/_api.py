"""The calls of bindings classes checked against the pinned release's parameters, once per file.

Every ``api`` rule reads the problems this walk records; each rule file only words its own kind.
Dicts passed for a single block go through ``Struct(**d)`` and need Python (snake_case) keys; dicts
inside a list of blocks reach the JavaScript side unconverted and need the JavaScript (camelCase)
names, and so does everything nested below them.
"""

from __future__ import annotations

import ast
import difflib
from functools import lru_cache
from typing import Literal

from compat.check.analysis import AttributeUse, CallSite, FileFacts
from compat.check.context import CheckContext
from compat.check.model import Edit
from compat.check.shared import Shared
from compat.check.sources import SourceFile
from compat.index.model import META_PARAMS, ClassInfo, Param, construct_positionals
from compat.record import Record

Kind = Literal[
    "unknown_keyword",
    "newer_keyword",
    "list_for_single",
    "single_for_list",
    "snake_key_in_list",
    "camel_key_in_single",
    "unknown_key",
    "unknown_attribute",
    "positional_argument",
    "missing_argument",
]

#: Public members every generated construct inherits (cdktf 0.21.0 ``TerraformResource``,
#: ``TerraformDataSource``, ``TerraformProvider``, ``TerraformElement`` and constructs ``Construct``,
#: read from the ``cdktf/__init__.py`` of the cdktf 0.21.0 wheel).
INHERITED = frozenset(
    {
        "add_move_target",
        "add_override",
        "alias",
        "cdktf_stack",
        "connection",
        "count",
        "depends_on",
        "for_each",
        "fqn",
        "friendly_unique_id",
        "get_any_map_attribute",
        "get_boolean_attribute",
        "get_boolean_map_attribute",
        "get_list_attribute",
        "get_number_attribute",
        "get_number_list_attribute",
        "get_number_map_attribute",
        "get_string_attribute",
        "get_string_map_attribute",
        "has_resource_move",
        "import_from",
        "interpolation_for_attribute",
        "is_terraform_data_source",
        "is_terraform_element",
        "is_terraform_provider",
        "is_terraform_resource",
        "lifecycle",
        "meta_attributes",
        "move_from_id",
        "move_to",
        "move_to_id",
        "override_logical_id",
        "provider",
        "provisioners",
        "reset_override_logical_id",
        "terraform_generator_metadata",
        "terraform_meta_arguments",
        "terraform_provider_source",
        "terraform_resource_type",
        "to_hcl_terraform",
        "to_metadata",
        "to_terraform",
        "node",
        "to_string",
        "with_",
        "is_construct",
        "generate_config_for_import",
        "TF_RESOURCE_TYPE",
    }
)


class Problem(Record):
    kind: Kind
    line: int
    column: int
    cls: str  # qualified class name
    name: str  # keyword, key or attribute
    message: str
    suggestion: str | None = None
    edits: tuple[Edit, ...] = ()

    @property
    def symbol(self) -> str:
        """``Class.keyword`` (``Class(scope, id_)`` for the arguments a call lacks)."""
        return f"{self.cls}({self.name})" if self.kind == "missing_argument" else f"{self.cls}.{self.name}"


def _close(name: str, options: list[str]) -> str | None:
    """The option most like ``name`` (``difflib``'s, at 0.75), if any."""
    return _closest(name, tuple(options))


@lru_cache(maxsize=256)
def _closest(name: str, options: tuple[str, ...]) -> str | None:
    """``_close``, remembered: the same misspelling in many stacks of a project is matched once (a match
    costs about as much as walking a stack file)."""
    match = difflib.get_close_matches(name, options, n=1, cutoff=0.75)
    return match[0] if match else None


PROBLEMS: Shared[list[Problem]] = Shared("the API problems of a file")


class _RunState:
    """What the API checks of one run remember across its files (one memo entry, looked up once a file;
    a plain class: a ``NamedTuple`` compiles its string annotations when a check imports it)."""

    __slots__ = ("clean", "fitting", "js_fields", "known_attributes", "signatures")

    def __init__(self) -> None:
        self.signatures: dict[tuple[str, str], Signature] = {}  # constructor signatures read this run
        #: (module, class, keyword names, starred positionals, ``**``) -> the (keyword position,
        #: parameter) of its block values, for every call shape whose arguments fitted (see ``call``)
        self.fitting: dict[
            tuple[str, str, tuple[str, ...], tuple[bool, ...], bool], tuple[tuple[int, Param], ...]
        ] = {}
        self.js_fields: dict[tuple[str, str], dict[str, Param]] = {}  # struct fields by JavaScript name
        #: (module, owner, parameter, source text) of the values passed for a block that had no problem
        self.clean: set[tuple[str, str, Param, str]] = set()
        #: (module, class, attribute) of the attribute reads on a construct that had no problem
        self.known_attributes: set[tuple[str, str, str]] = set()


RUN_STATE: Shared[_RunState] = Shared("what the API checks remember across the files of a run")


class _Checker:
    def __init__(self, ctx: CheckContext, source: SourceFile, lines: list[str] | None = None) -> None:
        assert ctx.symbol_index is not None
        self.ctx = ctx
        self.index = ctx.symbol_index
        self.source = source
        # ``source.text`` split at ``\n``: the walk's (``FileFacts.lines``), else split when first asked for
        self._lines: list[str] | None = lines
        self._encoded: dict[int, bytes] = {}
        self._lines_as_ast: bool | None = None  # whether ``lines`` are ast's lines (asked on the first block)
        self.problems: list[Problem] = []
        memo = ctx.shared
        run = memo.get(RUN_STATE) or memo.keep(RUN_STATE, _RunState())
        self.signatures, self.fitting, self.js_fields = run.signatures, run.fitting, run.js_fields
        self.clean, self.known_attributes = run.clean, run.known_attributes

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.source.text.split("\n")
        return self._lines

    def col(self, node: ast.AST) -> int:
        line = getattr(node, "lineno", 1)
        byte_col = getattr(node, "col_offset", 0)
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if text.isascii():
            return int(byte_col) + 1
        return len(text.encode("utf-8")[:byte_col].decode("utf-8", "replace")) + 1

    def _line_bytes(self, number: int) -> bytes:
        if number not in self._encoded:
            text = self.lines[number - 1] if number <= len(self.lines) else ""
            self._encoded[number] = text.encode("utf-8")
        return self._encoded[number]

    def segment(self, node: ast.AST) -> str | None:
        """The source text of ``node`` (like ``ast.get_source_segment`` without re-splitting the file)."""
        first, last = getattr(node, "lineno", None), getattr(node, "end_lineno", None)
        start, end = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
        if first is None or last is None or start is None or end is None:
            return None
        if first == last:
            return self._line_bytes(first)[start:end].decode("utf-8", "replace")
        parts = [self._line_bytes(first)[start:]]
        parts += [self._line_bytes(n) for n in range(first + 1, last)]
        parts.append(self._line_bytes(last)[:end])
        return b"\n".join(parts).decode("utf-8", "replace")

    def edit(self, node: ast.AST, new: str) -> tuple[Edit, ...]:
        old = self.segment(node)
        if old is None:
            return ()
        return (Edit(self.source.rel, getattr(node, "lineno", 0), self.col(node), old, new),)

    def add(
        self,
        kind: Kind,
        node: ast.AST,
        cls: str,
        name: str,
        message: str,
        suggestion: str | None = None,
        edits: tuple[Edit, ...] = (),
    ) -> None:
        self.problems.append(
            Problem(kind, getattr(node, "lineno", 0), self.col(node), cls, name, message, suggestion, edits)
        )

    # calls -------------------------------------------------------------------------------------
    def call(self, call: CallSite) -> None:
        """The arguments of one call of a bindings class, then the values passed for block parameters.

        Whether the arguments fit the signature depends only on the class, the keyword names and
        which positional arguments are starred: a shape that fitted once (no argument problem) is
        remembered for the run, and a later call of that shape only has its block values checked.
        """
        shape = (call.cls.module, call.cls.name, call.keyword_names, call.starred, call.has_double_star)
        blocks = self.fitting.get(shape)
        if blocks is not None:  # the argument records are not needed (nor built)
            for position, param in blocks:
                self.block(call.cls.module, call.cls.name, param, call.value_of(position))
            return
        before = len(self.problems)
        self._call(call)
        if all(problem.kind in _VALUE_KINDS for problem in self.problems[before:]):
            info = self.index.class_info(call.cls.module, call.cls.name)
            if info is not None:
                self.fitting[shape] = tuple(
                    (position, block)
                    for position, keyword in enumerate(call.keywords)
                    if (block := info.params.get(keyword.name)) is not None and block.shape in _BLOCKS
                )

    def _call(self, call: CallSite) -> None:
        info = self.index.class_info(call.cls.module, call.cls.name)
        if info is None:
            return  # unknown class: the import rules speak about it
        qualified = f"{call.cls.name}"
        key = (call.cls.module, call.cls.name)
        signature = self.signatures.get(key)
        if signature is None:
            signature = self.signatures[key] = Signature.of(info)
        accepted = signature.accepted
        if (
            info.kind != "other"
            and self.by_position(call, signature.positional)
            and not call.has_star
            and not call.has_double_star
            and all(k.name in accepted for k in call.keywords)
        ):
            self.missing(call, signature)  # only when every argument is visible and accepted
        for keyword in call.keywords:
            if keyword.name in accepted:
                param = info.params.get(keyword.name)
                if param is not None:
                    self.block(call.cls.module, qualified, param, keyword.value)
                continue
            newer = self.newer_has(call, keyword.name)
            anchor = _Anchor(keyword.line, keyword.column)
            if newer:
                self.problems.append(
                    Problem(
                        "newer_keyword",
                        anchor.line,
                        anchor.column,
                        qualified,
                        keyword.name,
                        f"{qualified} has no parameter {keyword.name} in {self.ctx.release_label()} "
                        f"(it appears in a newer release: {newer})",
                        f"upgrade the bindings to {newer} or drop {keyword.name}",
                    )
                )
                continue
            near = _close(keyword.name, sorted(info.params))
            self.problems.append(
                Problem(
                    "unknown_keyword",
                    anchor.line,
                    anchor.column,
                    qualified,
                    keyword.name,
                    f"{qualified} does not accept the keyword {keyword.name} in {self.ctx.release_label()}",
                    f"did you mean {near}?" if near else None,
                )
            )

    def by_position(self, call: CallSite, positional: tuple[str, ...]) -> bool:
        """Positional arguments beyond ``scope, id_`` (any for a struct); False when there are some."""
        name = call.cls.name
        plain = [arg for arg in call.positional if not arg.starred]
        fine = True
        if len(plain) > len(positional):
            fine = False
            extra = plain[len(positional)]
            takes = (
                f"takes only {' and '.join(positional)} by position"
                if positional
                else "takes keyword arguments only (a struct)"
            )
            self.problems.append(
                Problem(
                    "positional_argument",
                    extra.line,
                    extra.column,
                    name,
                    f"#{len(positional) + 1}",
                    f"{name} {takes} in {self.ctx.release_label()}: "
                    f"positional argument {len(positional) + 1} is a TypeError",
                    "pass it by keyword",
                )
            )
        filled = positional[: len(plain)]
        for keyword in call.keywords:
            if keyword.name in filled:
                param, position = keyword.name, positional.index(keyword.name)
                self.problems.append(
                    Problem(
                        "positional_argument",
                        keyword.line,
                        keyword.column,
                        name,
                        param,
                        f"{name} gets {param} both by position and by keyword (argument {position + 1}): "
                        "a TypeError",
                        f"drop the keyword {param}",
                    )
                )
                fine = False
        return fine

    def missing(self, call: CallSite, signature: Signature) -> None:
        """``scope``/``id_`` of a construct or a required keyword-only parameter not given."""
        name = call.cls.name
        given = {keyword.name for keyword in call.keywords}
        missing = [param for param in signature.positional[len(call.positional) :] if param not in given]
        missing += [param for param in signature.required if param not in given]
        if missing:
            self.problems.append(
                Problem(
                    "missing_argument",
                    call.line,
                    call.column,
                    name,
                    ", ".join(missing),
                    f"{name} requires {', '.join(missing)} in {self.ctx.release_label()} "
                    f"(Python raises TypeError without {'it' if len(missing) == 1 else 'them'})",
                )
            )

    def newer_has(self, call: CallSite, keyword: str) -> str | None:
        newest = self.ctx.newest_index()
        if newest is None or self.ctx.bindings is None or newest.version == self.ctx.bindings.version:
            return None
        info = newest.class_info(call.cls.module, call.cls.name)
        if info is not None and keyword in info.params:
            return f"{newest.package} {newest.version}"
        return None

    # values ------------------------------------------------------------------------------------
    def block(self, module: str, owner: str, param: Param, node: ast.expr) -> None:
        """The value a call passes for ``param`` (see ``value``), once per run and source text.

        The problems of a value depend only on its text (which decides its tree), the parameter and
        the release; a text that had none once has none again (a stack repeats its blocks), so it is
        not walked again. One with problems is: they carry its position.
        """
        if param.shape not in _BLOCKS:
            return
        source, line = self.source.text, node.lineno
        if self._lines_as_ast is None:  # a carriage return ends a line for ``ast``, not for ``lines``
            self._lines_as_ast = "\r" not in source
        text: str | None = None
        if not self._lines_as_ast:
            pass  # no text to trust: walked every time
        elif line == node.end_lineno and source.isascii():  # columns are characters (an O(1) test)
            text = self.lines[line - 1][node.col_offset : node.end_col_offset]
        else:
            text = self.segment(node)
        key = (module, owner, param, text) if text is not None and len(text) <= _CLEAN_TEXT else None
        if key is not None and key in self.clean:
            return
        before = len(self.problems)
        self.value(module, owner, param, node, js=False)
        if key is not None and len(self.problems) == before and len(self.clean) < _CLEAN_KEPT:
            self.clean.add(key)

    def value(self, module: str, owner: str, param: Param, node: ast.expr, js: bool) -> None:
        """Check the value passed for ``param``; ``js`` when it travels to JavaScript unconverted."""
        if param.shape not in _BLOCKS:
            return
        label = f"{owner}.{param.name}"
        if param.shape == "block_single":
            if isinstance(node, (ast.List, ast.Tuple)):
                edits: tuple[Edit, ...] = ()
                if len(node.elts) == 1 and not js:
                    inner = self.segment(node.elts[0])
                    edits = self.edit(node, inner) if inner is not None else ()
                self.add(
                    "list_for_single",
                    node,
                    owner,
                    param.name,
                    f"{label} is a single block in {self.ctx.release_label()}, not a list",
                    "pass the block itself (a dict or struct), without the list",
                    edits,
                )
                for element in node.elts:
                    self.struct_dict(module, param, element, js)
            else:
                self.struct_dict(module, param, node, js)
        elif param.shape == "block_list":
            if _calls_struct(node, param.struct) and not js:
                text = self.segment(node)
                self.add(
                    "single_for_list",
                    node,
                    owner,
                    param.name,
                    f"{label} is a list of blocks in {self.ctx.release_label()}, not a single block",
                    "wrap the block in a list",
                    self.edit(node, f"[{text}]") if text else (),
                )
            elif isinstance(node, ast.Dict):
                text = self.segment(node)
                self.add(
                    "single_for_list",
                    node,
                    owner,
                    param.name,
                    f"{label} is a list of blocks in {self.ctx.release_label()}, not a single block",
                    "wrap the block in a list",
                    self.edit(node, f"[{text}]") if text and not js else (),
                )
                self.struct_dict(module, param, node, True)
            elif isinstance(node, (ast.List, ast.Tuple)):
                for element in node.elts:
                    self.struct_dict(module, param, element, True)

    def struct_dict(self, module: str, param: Param, node: ast.expr, js: bool) -> None:
        if not isinstance(node, ast.Dict) or param.struct is None:
            return
        struct = self.index.class_info(module, param.struct)
        if struct is None:
            return
        by_js = self.js_fields.get((module, param.struct))
        if by_js is None:
            by_js = {p.js_name: p for p in struct.params.values() if p.js_name}
            self.js_fields[(module, param.struct)] = by_js
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None or not isinstance(key, ast.Constant) or not isinstance(key.value, str):
                continue
            name = key.value
            field = self.field(struct, by_js, name, js)
            if field is None:
                options = (
                    sorted(p.js_name or p.name for p in struct.params.values())
                    if js
                    else sorted(struct.params)
                )
                near = _close(name, options)
                self.add(
                    "unknown_key",
                    key,
                    param.struct,
                    name,
                    f"{param.struct} has no field {name!r}",
                    f"did you mean {near!r}?" if near else None,
                )
                continue
            expected = (field.js_name or field.name) if js else field.name
            if name != expected:
                kind: Kind = "snake_key_in_list" if js else "camel_key_in_single"
                where = (
                    "inside a list of blocks (passed to JavaScript unconverted)"
                    if js
                    else "in a single block (passed as Python keyword arguments)"
                )
                self.add(
                    kind,
                    key,
                    param.struct,
                    name,
                    f"key {name!r} of {param.struct} {where} must be {expected!r}",
                    f"use {expected!r}",
                    self.edit(key, _requote(self.segment(key), name, expected)),
                )
            self.value(module, param.struct, field, value, js)

    @staticmethod
    def field(struct: ClassInfo, by_js: dict[str, Param], name: str, js: bool) -> Param | None:
        if name in struct.params:
            return struct.params[name]
        return by_js.get(name)

    # attributes --------------------------------------------------------------------------------
    def attribute(self, use: AttributeUse) -> None:
        """A read of an attribute of a construct (a problem depends only on the class and the name: one
        without is remembered for the run, as :meth:`block` remembers clean values)."""
        if use.called or use.attribute.startswith("_") or use.attribute in INHERITED:
            return
        key = (use.cls.module, use.cls.name, use.attribute)
        if key in self.known_attributes:
            return
        info = self.index.class_info(use.cls.module, use.cls.name)
        if (
            info is None
            or info.kind != "construct"
            or not info.properties
            or use.attribute in info.properties
            or use.attribute in info.params
            or use.attribute.startswith(("put_", "reset_"))
        ):
            if len(self.known_attributes) < _CLEAN_KEPT:
                self.known_attributes.add(key)
            return
        near = _close(use.attribute, list(info.properties))
        self.problems.append(
            Problem(
                "unknown_attribute",
                use.line,
                use.column,
                use.cls.name,
                use.attribute,
                f"{use.variable} is a {use.cls.name}, which has no attribute {use.attribute} "
                f"in {self.ctx.release_label()}",
                f"did you mean {near}?" if near else None,
            )
        )


class Signature(Record):
    """What ``__init__`` of a generated class takes: ``(self, scope, id_, *, ...)`` or ``(self, *, ...)``."""

    positional: tuple[str, ...]  # by position or keyword: scope and id of a construct, none for a struct
    accepted: frozenset[str]  # every keyword
    required: tuple[str, ...]  # keyword-only parameters without a default

    @classmethod
    def of(cls, info: ClassInfo) -> Signature:
        """The construct's positional names as jsii writes them (:func:`construct_positionals`)."""
        keywords = set(info.params) | set(info.meta_params)
        if info.kind == "construct":
            keywords |= set(META_PARAMS)
        positional = construct_positionals(info)
        required = tuple(param.name for param in info.params.values() if param.required)
        return cls(tuple(positional), frozenset(keywords | set(positional)), required)


#: The clean block values remembered (``_Checker.block``): texts of at most ``_CLEAN_TEXT`` characters,
#: at most ``_CLEAN_KEPT`` of them (under 2 MB in all: memory follows the largest file, not the project)
_CLEAN_TEXT = 800
_CLEAN_KEPT = 2048
#: The parameter shapes whose values are checked (a block given as a dict, a list or a struct call).
_BLOCKS = frozenset({"block_single", "block_list"})
#: The problems of a value passed for a block; every other kind is about the arguments of a call.
_VALUE_KINDS = frozenset(
    {"list_for_single", "single_for_list", "snake_key_in_list", "camel_key_in_single", "unknown_key"}
)


class _Anchor(Record):
    line: int
    column: int


def _calls_struct(node: ast.expr, struct: str | None) -> bool:
    """``node`` is a direct call of the struct class (``DynamodbTableAttribute(...)``)."""
    if struct is None or not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name == struct


def _requote(segment: str | None, old: str, new: str) -> str:
    if segment is None:
        return repr(new)
    return segment.replace(old, new, 1)


def problems(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> list[Problem]:
    """Every API problem of the file, computed once and shared by the ``api`` rules."""
    memo = facts.shared
    found = memo.get(PROBLEMS)  # (the ten ``api`` rules ask for each file)
    return found if found is not None else memo.keep(PROBLEMS, _problems(ctx, source, facts))


def _problems(ctx: CheckContext, source: SourceFile, facts: FileFacts) -> list[Problem]:
    if ctx.symbol_index is None:
        return []
    checker = _Checker(ctx, source, facts.lines)
    for call in facts.calls:
        checker.call(call)  # with **kwargs the explicit keywords are still checked
    for use in facts.attribute_uses:
        checker.attribute(use)
    return checker.problems
