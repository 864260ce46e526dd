"""The pre-filter never skips a file the rewrite would touch: property over generated files, and a table.

``needs_rewrite`` False must mean: the commands, run on the file (``rewrite_source`` with explicit
commands runs them without the filter), leave it byte for byte, report nothing and note nothing.
"""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compat.index.model import ClassInfo, MemoryReleaseIndex
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext, rewrite_source
from compat.migrations.rewrite.prefilter import needs_expression_pass, needs_rewrite
from compat.migrations.rewrite.run import default_commands
from tests.migrations.fakes import new_release, old_release, p

P = "cdktf_cdktf_provider_aws"
NEW = new_release()


def _next_release() -> MemoryReleaseIndex:
    """NEW with one change of every kind a call or an import can see; the rest left as it is."""
    classes: dict[tuple[str, str], ClassInfo] = dict(NEW.classes)
    subnet = classes[("subnet", "Subnet")]
    classes[("subnet", "Subnet")] = subnet._replace(params={**subnet.params, "az": p("az", required=True)})
    vpc = classes[("vpc", "Vpc")]
    classes[("vpc", "Vpc")] = vpc._replace(params={**vpc.params, "region": p("region")})  # optional, new
    record = classes[("route53_record", "Route53Record")]
    policy = record.params["failover_routing_policy"]._replace(shape="block_list")
    classes[("route53_record", "Route53Record")] = record._replace(
        params={**record.params, "failover_routing_policy": policy}
    )
    struct = classes[("route53_record", "Route53RecordFailoverRoutingPolicy")]
    classes[("route53_record", "Route53RecordFailoverRoutingPolicy")] = struct._replace(
        params={k: v for k, v in struct.params.items() if k != "evaluate_target"}
    )
    versioning = classes[("s3_bucket", "S3BucketVersioning")]  # S3Bucket itself unchanged: a nested block
    mfa = versioning.params["mfa"]._replace(shape="block_single")
    classes[("s3_bucket", "S3BucketVersioning")] = versioning._replace(
        params={**versioning.params, "mfa": mfa}
    )
    del classes[("eip", "Eip")]
    classes[("ec2_instance", "Instance")] = classes.pop(("instance", "Instance"))
    exports: dict[str, set[str]] = {"": set()}
    for module, name in classes:
        exports.setdefault(module, set()).add(name)
    module_exports = {k: frozenset(v) for k, v in exports.items()}
    return MemoryReleaseIndex(NEW.package, "22.0.0", NEW.provider_version, module_exports, classes)


NEXT = _next_release()
CDKTN = new_release("25.8.1", package="cdktn-provider-aws")
SYMBOLS = sorted((m, n) for m in NEW.modules() for n in NEW.exports(m) or ())


def _contexts() -> dict[str, RewriteContext]:
    return {
        "release": RewriteContext(Resolver(NEW, NEXT), P, P, path="gen.py"),
        "same": RewriteContext(Resolver(NEW, NEW), P, P, path="gen.py"),
        "older": RewriteContext(Resolver(old_release(), NEW), P, P, path="gen.py"),
        "family": RewriteContext(Resolver(NEW, CDKTN), P, "cdktn_provider_aws", {"cdktf": "cdktn"}, "gen.py"),
    }


def _value(info: ClassInfo | None, depth: int = 0) -> str:
    """A literal for a struct: every field, nested blocks as dicts (or a list of one)."""
    if info is None or depth > 2:
        return "'x'"
    items = []
    for param in info.params.values():
        inner = NEW.class_info(_module_of(info.name), param.struct) if param.struct else None
        value = _value(inner, depth + 1) if param.struct else repr("v")
        items.append(f"'{param.name}': {f'[{value}]' if param.shape == 'block_list' else value}")
    return "{" + ", ".join(items) + "}"


def _module_of(name: str) -> str:
    return next(m for m, n in SYMBOLS if n == name)


def _call(callee: str, module: str, name: str, draw: st.DrawFn) -> str:
    info = NEW.class_info(module, name)
    args = ["self", "'id'"]
    if info is not None and info.kind == "construct":
        for param in draw(st.lists(st.sampled_from(sorted(info.params.values())), unique=True, max_size=3)):
            struct = NEW.class_info(module, param.struct) if param.struct else None
            value = _value(struct) if struct else "'v'"
            if param.shape == "block_list" or draw(st.booleans()) and struct:
                value = f"[{value}]"
            args.append(f"{param.name}={value}")
    return f"{callee}({', '.join(args)})"


@st.composite
def files(draw: st.DrawFn) -> str:
    chosen = draw(st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=4, unique=True))
    head: list[str] = []
    body: list[str] = []
    for module, name in chosen:
        style = draw(st.sampled_from(["from", "alias", "module", "as-module", "plain", "nested"]))
        where = f"{P}.{module}" if module else P
        if style == "from" or not module and style in ("module", "as-module"):
            head.append(f"from {where} import {name}")
            body.append(_call(name, module, name, draw))
        elif style == "alias":
            head.append(f"from {where} import (\n    {name} as {name}_,\n)")
            body.append(_call(f"{name}_", module, name, draw))
        elif style == "module":
            head.append(f"from {P} import {module}")
            body.append(_call(f"{module}.{name}", module, name, draw))
        elif style == "as-module":
            head.append(f"import {P}.{module} as {module}_mod")
            body.append(_call(f"{module}_mod.{name}", module, name, draw))
        elif style == "plain":
            head.append(f"import {P}")
            body.append(_call(f"{where}.{name}", module, name, draw))
        else:
            call = _call(name, module, name, draw)
            body.append(f"def make_{name}(self):\n    from {where} import {name}\n    return {call}")
    noise = draw(
        st.sampled_from(
            [
                "",
                "# built with cdktf\n",
                "from cdktf import App\n",
                "import cdktf_cdktf_provider_random\n",
                "from . import helpers\n",
                f"from {P}.vpc import *\n",
                "name = 'cdktf'\n",
                "x = 'é'\n",
            ]
        )
    )
    return noise + "\n".join(head) + "\n\n\n" + "\n".join(body) + "\n"


def _unchanged_by_the_commands(source: str, name: str) -> bool:
    result = rewrite_source(source, _contexts()[name], default_commands())  # commands given: no filter
    return result.after == source and result.unresolved == () and result.notes == ()


def _same_without_the_expression_pass(source: str, name: str) -> bool:
    """The filtered run (no pass over expressions) gives what the full run of the commands gives."""
    full = rewrite_source(source, _contexts()[name], default_commands())
    filtered = rewrite_source(source, _contexts()[name])
    return (filtered.after, filtered.unresolved, filtered.notes) == (full.after, full.unresolved, full.notes)


@settings(max_examples=250, deadline=None)
@given(files(), st.sampled_from(["release", "same", "older", "family"]))
def test_a_file_the_filter_skips_is_one_the_commands_leave_alone(source: str, name: str) -> None:
    if not needs_rewrite(source, _contexts()[name]):
        assert _unchanged_by_the_commands(source, name), source
    if not needs_expression_pass(source, _contexts()[name]):
        assert _same_without_the_expression_pass(source, name), source


CASES = [
    # (source, context, skipped)
    (f"from {P}.vpc import Vpc\nVpc(self, 'v', cidr_block='10.0.0.0/16')\n", "release", True),
    (f"from {P}.vpc import Vpc\nVpc(self, 'v', region='x')\n", "release", True),  # a parameter only NEXT has
    (f"from {P} import vpc\nvpc.Vpc(self, 'v')\n", "release", True),
    (f"from {P} import vpc\nvpc.Vpc(self, 'v')\n", "same", True),
    (f"from {P}.subnet import Subnet\nSubnet(self, 's', vpc_id='v')\n", "release", False),  # az added
    (f"from {P}.s3_bucket import S3Bucket\n", "release", False),  # a block of a block changed shape
    (f"from {P}.instance import Instance\n", "release", False),  # moved
    (f"from {P}.eip import Eip\n", "release", False),  # removed
    (f"from {P} import eip\n", "release", False),  # module gone: its import goes
    (f"from {P} import route53_record\nroute53_record.Route53Record(self, 'r')\n", "release", False),
    (f"from {P}.vpc import *\n", "same", False),
    (f"import {P}\n{P}.vpc.Vpc(self, 'v')\n", "same", False),
    ("def f():\n    import cdktf_cdktf_provider_aws.vpc as v\n    return v.Vpc\n", "same", False),
    ("try:\n    from cdktf import App\nexcept ImportError:\n    pass\n", "family", False),
    ("import cdktf_cdktf_provider_random\n", "family", False),  # reported on a family move
    ("# cdktf\nx = 1\n", "family", False),  # the word: not looked at further
    ("x = 1\n", "family", True),
    ("from .cdktf import x\nimport os\n", "release", True),
    ("x = 'é'\n", "same", False),  # not ASCII
    ("def (:\n", "same", False),  # does not parse: LibCST says why
]


@pytest.mark.parametrize(("source", "name", "skipped"), CASES)
def test_filter_table(source: str, name: str, skipped: bool) -> None:
    assert needs_rewrite(textwrap.dedent(source), _contexts()[name]) is not skipped
    if skipped:
        assert _unchanged_by_the_commands(source, name)


EXPRESSION_CASES = [
    # (source, context, walked): a family move
    (f"from {P}.vpc import Vpc\nVpc(self, 'v', cidr_block='x')\n", "family", False),
    (f"from {P}.vpc import Vpc\nimport cdktf\nVpc(self, 'v')\n", "family", False),
    (f"from {P}.vpc import Vpc\nimport cdktf\ncdktf.App()\n", "family", True),  # a value renamed
    (f"from {P}.vpc import Vpc\nx = 'cdktf'\n", "family", True),  # the word, even in a string
    ("import cdktf; cdktf.App()\n", "family", True),  # same line as the import
    (f"from {P} import vpc\nvpc.Vpc(self, 'v')\n", "family", False),
    (f"import {P}.vpc\n", "family", True),
]


@pytest.mark.parametrize(("source", "name", "walked"), EXPRESSION_CASES)
def test_expression_pass_table(source: str, name: str, walked: bool) -> None:
    assert needs_expression_pass(source, _contexts()[name]) is walked
    assert _same_without_the_expression_pass(source, name)


def test_a_skipped_file_is_not_parsed_by_libcst(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> cst.Module:
        raise AssertionError("parsed")

    source = f"from {P}.vpc import Vpc\nVpc(self, 'v', cidr_block='10.0.0.0/16')\n"
    monkeypatch.setattr(cst, "parse_module", refuse)
    result = rewrite_source(source, _contexts()["release"])
    assert (result.after, result.unresolved, result.notes) == (source, (), ())


def _every_argument(callee: str, module: str, name: str) -> str:
    info = NEW.class_info(module, name)
    args = ["self", "'id'"]
    for param in info.params.values() if info is not None else ():
        struct = NEW.class_info(module, param.struct) if param.struct else None
        value = _value(struct) if struct else "'v'"
        args.append(f"{param.name}={f'[{value}]' if param.shape == 'block_list' else value}")
    return f"{callee}({', '.join(args)})"


def test_every_symbol_in_every_import_style() -> None:
    """Exhaustive over the fake index: each symbol alone, called with every parameter it takes."""
    skipped = imports_only = 0
    for module, name in SYMBOLS:
        where = f"{P}.{module}" if module else P
        styles = [f"from {where} import {name}\n{_every_argument(name, module, name)}\n"]
        if module:
            styles.append(f"from {P} import {module}\n{_every_argument(f'{module}.{name}', module, name)}\n")
        for source in styles:
            for context in ("release", "same", "older", "family"):
                if not needs_rewrite(source, _contexts()[context]):
                    skipped += 1
                    assert _unchanged_by_the_commands(source, context), (context, source)
                if not needs_expression_pass(source, _contexts()[context]):
                    imports_only += context == "family"
                    assert _same_without_the_expression_pass(source, context), (context, source)
    assert skipped >= len(SYMBOLS)  # the filter does skip: every symbol at least against itself
    assert imports_only  # and a family move of unchanged names rewrites import lines only


def test_import_spans_count_lines_as_python_does_past_a_form_feed() -> None:
    """A form feed in a comment is no line break for ``ast``: the import on the next line is where
    ``ast`` says, so a word only inside it is not "outside" (it was, with ``str.splitlines``)."""
    import ast as std_ast

    from compat.migrations.rewrite.prefilter import _imports, _outside

    source = "x = 1  # \x0c page\nfrom p import X\n"
    imports = list(_imports(std_ast.parse(source)))
    assert not _outside(source, imports, ("X",))
    assert _outside(source + "X()\n", list(_imports(std_ast.parse(source + "X()\n"))), ("X",))
