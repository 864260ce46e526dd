"""A targeted reader for the jsii-generated ``__init__.py`` of the prebuilt AWS bindings.

``ast.parse`` of a whole release (150-220 MB of generated Python) costs about a minute; the
code is so regular that a handful of anchored string searches find everything the index needs
in a few seconds: ``__all__``, class headers, ``@jsii.data_type(... name_mapping={...})``,
the ``__init__`` signature (one parameter per line), the class docstring naming the Terraform
type and the ``@builtins.property`` getters. Anything a line scan cannot read (a parameter that
spans several lines) falls back to ``ast`` for that one signature. ``tests/index`` cross-checks
this reader against a plain ``ast`` walk on real modules of every generator era.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from compat.index.model import META_PARAMS, ClassInfo, ClassKind, Param, Shape

_META = frozenset(META_PARAMS)

_CLASS_NAME = re.compile(r"\w+")
_NAME_PAIR = re.compile(r'"(\w+)": "(\w+)"')
_ALL_NAME = re.compile(r'"(\w+)"')
_PROPERTY = re.compile(
    r"@builtins\.property(?: # type: ignore\[misc\])?\n"
    r'(?:    @jsii\.member\(jsii_name="\w+"\)\n)?    def (\w+)\('
)
_PARAM_LINE = re.compile(r"^        (\w+): (.+?)(?P<default> = [^,]+)?,$")
_DOC_LINK = re.compile(r"\{@link (\S+) ([\w.-]+)\}")
_PROVIDER_VERSION = re.compile(r"registry\.terraform\.io/providers/[\w-]+/aws/(\d+\.\d+\.\d+[\w.-]*)/docs")
# A struct used as a single block: ``typing.Union["Struct", typing.Dict[...str, typing.Any]]``.
_DICT_UNION = re.compile(
    r"""typing\.Union\[['"]?([\w.]+)['"]?, typing\.Dict\[(?:builtins\.)?str, typing\.Any\]\]"""
)
_QUOTED = re.compile(r"""['"]([A-Za-z_]\w*)['"]""")
_BARE = re.compile(r"(?<![\w.])([A-Z]\w*)(?![\w.\[])")


@dataclass(frozen=True)
class ModuleInfo:
    """What one generated module declares."""

    exports: tuple[str, ...]
    classes: dict[str, ClassInfo]
    provider_version: str | None = None


def read_module(text: str) -> ModuleInfo:
    """Read one generated module's source."""
    cut = text.find("\n__all__ = [")
    if cut < 0:
        head, exports = text, ()
    else:
        head = text[:cut]
        end = text.find("]", cut)
        exports = tuple(_ALL_NAME.findall(text, cut, end if end > 0 else len(text)))
    anchors = _anchors(head)
    structs: set[str] = set()
    raw: list[tuple[str, str, str | None]] = []  # (class name, class body, data_type decorator)
    pending: str | None = None
    for i, (start, name) in enumerate(anchors):
        nxt = anchors[i + 1][0] if i + 1 < len(anchors) else len(head)
        if name is None:
            pending = head[start:nxt]
            continue
        raw.append((name, head[start:nxt], pending))
        if pending is not None:
            structs.add(name)
        pending = None
    classes = {}
    for name, body, decorator in raw:
        classes[name] = _read_class(name, body, decorator, structs)
    classes = _with_construct_js_names(classes)
    found = _PROVIDER_VERSION.search(text)
    return ModuleInfo(exports, classes, found.group(1) if found else None)


def _anchors(head: str) -> list[tuple[int, str | None]]:
    """Offsets of top-level ``class X`` lines (with X) and ``@jsii.data_type(`` lines (with None).

    Plain ``str.find`` loops: several times faster than a multi-line regex over 40 MB modules.
    """
    found: list[tuple[int, str | None]] = []
    for needle, is_class in (("\nclass ", True), ("\n@jsii.data_type(", False)):
        at = head.find(needle)
        while at >= 0:
            if is_class:
                name = _CLASS_NAME.match(head, at + 7)
                if name:
                    found.append((at + 1, name.group(0)))
            else:
                found.append((at + 1, None))
            at = head.find(needle, at + 1)
    if head.startswith("class "):
        name = _CLASS_NAME.match(head, 6)
        if name:
            found.append((0, name.group(0)))
    found.sort(key=lambda item: item[0])
    return found


def _read_class(name: str, body: str, decorator: str | None, structs: set[str]) -> ClassInfo:
    js_names = dict(_NAME_PAIR.findall(decorator)) if decorator is not None else {}
    init = _init_params(body)
    positional = [p for p, _, _, kw in init if not kw]
    kind: ClassKind
    if decorator is not None:
        kind = "struct"
    elif positional[:1] in (["scope"], ["scope_"]) or "def TF_RESOURCE_TYPE(" in body:
        kind = "construct"
    else:
        kind = "other"
    params: dict[str, Param] = {}
    meta: list[str] = []
    meta_apart = kind == "construct" or (decorator is not None and "TerraformMetaArguments" in decorator)
    if kind != "other":
        for pname, annotation, required, keyword in init:
            if not keyword:
                continue
            if meta_apart and pname in _META:
                meta.append(pname)
                continue
            shape, struct = classify(annotation, structs)
            params[pname] = Param(pname, shape, required, struct, js_names.get(pname))
    properties: tuple[str, ...] = ()
    tf_type = None
    if kind == "construct":
        properties = tuple(sorted({p for p in _PROPERTY.findall(body) if not p.startswith("_")}))
        tf_type = _tf_type(body)
    return ClassInfo(name, kind, tf_type, params, tuple(meta), properties)


def _tf_type(body: str) -> str | None:
    """The Terraform type named by the class docstring: ``Represents a {@link <url> aws_x}``."""
    header_end = body.find("):\n")
    if header_end < 0:
        return None
    doc = body[header_end + 3 : header_end + 600]
    if not doc.lstrip(" ").startswith("'''Represents a {@link"):
        return None
    link = _DOC_LINK.search(doc)
    return link.group(2) if link else None


def _init_params(body: str) -> list[tuple[str, str, bool, bool]]:
    """``(name, annotation, required, keyword_only)`` of ``__init__`` (without ``self``).

    The generator writes one parameter per line, except for short signatures, which it keeps
    on one line (``def __init__(self, *, create: ... = None) -> None:``): those go through ``ast``.
    """
    start = body.find("\n    def __init__(")
    if start < 0:
        return []
    end = body.find(") -> None:", start)
    if end < 0:
        return []
    if not body.startswith("\n    def __init__(\n        self,\n", start):
        return _init_params_ast(body[start + 1 : end + 10])
    lines = body[start + 19 : end].split("\n")
    out: list[tuple[str, str, bool, bool]] = []
    keyword = False
    for line in lines:
        if line in ("        self,", "", "    "):
            continue
        if line == "        *,":
            keyword = True
            continue
        match = _PARAM_LINE.match(line)
        if match is None:
            return _init_params_ast(body[start + 1 : end + 10])
        out.append((match.group(1), match.group(2), match.group("default") is None, keyword))
    return out


def _init_params_ast(signature: str) -> list[tuple[str, str, bool, bool]]:
    """The slow path for a signature the line scan cannot read: ``def __init__(...) -> None:``."""
    tree = ast.parse("class _C:\n" + signature + "\n        pass\n")
    cls = tree.body[0]
    assert isinstance(cls, ast.ClassDef)
    func = cls.body[0]
    assert isinstance(func, ast.FunctionDef)
    args = func.args
    out: list[tuple[str, str, bool, bool]] = []
    for arg in args.args[1:]:
        out.append((arg.arg, ast.unparse(arg.annotation) if arg.annotation else "", True, False))
    for arg, default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        out.append((arg.arg, ast.unparse(arg.annotation) if arg.annotation else "", default is None, True))
    return out


def _strip_optional(annotation: str) -> str:
    while annotation.startswith("typing.Optional[") and annotation.endswith("]"):
        annotation = annotation[16:-1]
    return annotation


def _last(name: str) -> str:
    return name.rpartition(".")[2]


def classify(annotation: str, structs: set[str] | frozenset[str] = frozenset()) -> tuple[Shape, str | None]:
    """The shape of a parameter from its annotation, and the struct class of a block.

    Generators since 2022 write blocks as ``Union[Struct, Dict[str, Any]]`` (single) and
    ``Union[IResolvable, Sequence[Union[Struct, Dict[str, Any]]]]`` (list); older ones as
    ``"Struct"`` and ``Sequence["Struct"]``, recognised through the module's struct classes.
    """
    ann = _strip_optional(annotation.strip())
    is_list = ann.startswith(("typing.Sequence[", "typing.List[")) or (
        ann.startswith("typing.Union[") and ("typing.Sequence[" in ann or "typing.List[" in ann)
    )
    dict_union = _DICT_UNION.search(ann)
    struct: str | None = None
    if dict_union is not None:
        struct = _last(dict_union.group(1))
    else:
        for candidate in _QUOTED.findall(ann) + _BARE.findall(ann):
            if candidate in structs:
                struct = candidate
                break
    if struct is not None:
        return ("block_list" if is_list else "block_single"), struct
    if "typing.Mapping[" in ann or ann.startswith("typing.Dict["):
        return "map", None
    if is_list:
        return "scalar_list", None
    if ann in ("typing.Any", "typing.Optional[typing.Any]"):
        return "any", None
    return "scalar", None


def _with_construct_js_names(classes: dict[str, ClassInfo]) -> dict[str, ClassInfo]:
    """Give a construct's parameters the JavaScript names its ``<Class>Config`` struct maps."""
    out = dict(classes)
    for name, info in classes.items():
        config = classes.get(name + "Config")
        if info.kind != "construct" or config is None or config.kind != "struct":
            continue
        params = {
            p: Param(
                p, v.shape, v.required, v.struct, config.params[p].js_name if p in config.params else None
            )
            for p, v in info.params.items()
        }
        out[name] = ClassInfo(name, info.kind, info.tf_type, params, info.meta_params, info.properties)
    return out
