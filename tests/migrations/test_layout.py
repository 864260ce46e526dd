"""Issue 10 item 5: rewritten calls keep their alignment; lines made too long are wrapped like the file."""

from __future__ import annotations

import textwrap

import pytest

from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext, rewrite_source
from tests.migrations.fakes import new_release, old_release

P = "cdktf_cdktf_provider_aws"


def _run(source: str, family_move: bool = False) -> str:
    if family_move:
        ctx = RewriteContext(
            Resolver(new_release(), new_release("25.8.1", package="cdktn-provider-aws")),
            P,
            "cdktn_provider_aws",
            {"cdktf": "cdktn"},
            "m.py",
        )
    else:
        ctx = RewriteContext(Resolver(old_release(), new_release()), P, P, path="m.py")
    after = rewrite_source(textwrap.dedent(source), ctx).after
    assert rewrite_source(after, ctx).after == after  # idempotent
    return after


def test_aligned_arguments_follow_a_longer_name() -> None:
    after = _run(
        f"""\
        from {P}.vpc import VpcPeeringConnectionAccepter
        def f(scope):
            VpcPeeringConnectionAccepter(scope, "peer",
                                         # the peer's id
                                         vpc_peering_connection_id="pcx",
                                         tags={{"a": 1,
                                               "b": 2}})
        """
    )
    assert after.splitlines()[-5:] == [
        '    VpcPeeringConnectionAccepterA(scope, "peer",',
        "                                  # the peer's id",
        '                                  vpc_peering_connection_id="pcx",',
        '                                  tags={"a": 1,',
        '                                        "b": 2})',
    ]


def test_aligned_arguments_follow_a_module_attribute_rewrite() -> None:
    after = _run(
        f"""\
        from {P} import ec2
        instance = ec2.Instance(self, "compute",
                                ami="ami-1",
                                )
        """
    )
    assert after.splitlines()[1:] == [
        'instance = aws_instance.Instance(self, "compute",',
        '                                 ami="ami-1",',
        "                                 )",
    ]


def test_aligned_arguments_follow_a_shorter_name() -> None:
    pad = " " * len(f"{P}.subnet.Subnet(")
    after = _run(f'import {P}.subnet\n{P}.subnet.Subnet(s, "a",\n{pad}vpc_id="v")\n', family_move=True)
    assert after.splitlines()[1:] == [
        'cdktn_provider_aws.subnet.Subnet(s, "a",',
        '                                 vpc_id="v")',
    ]


def test_hanging_indent_and_strings_are_left_alone() -> None:
    source = f"""\
        from {P}.vpc import VpcPeeringConnectionAccepter
        VpcPeeringConnectionAccepter(
            s,
            "p",
            vpc_peering_connection_id=\"\"\"pcx
                                         kept\"\"\",
        )
        """
    after = _run(source)
    assert (
        after.splitlines()[3:] == textwrap.dedent(source).replace("Accepter(", "AccepterA(").splitlines()[1:]
    )


def test_aligned_call_pushed_past_the_longest_line_breaks_before_the_argument_that_no_longer_fits() -> None:
    after = _run(
        f"""\
        from {P}.vpc import VpcPeeringConnectionAccepter
        VpcPeeringConnectionAccepter(scope, "peer", vpc_peering_connection_id="pcx-0123456789abcdef01",
                                     auto_accept=True)
        """
    )
    assert after.splitlines()[-3:] == [
        'VpcPeeringConnectionAccepterA(scope, "peer",',
        '                              vpc_peering_connection_id="pcx-0123456789abcdef01",',
        "                              auto_accept=True)",
    ]


def test_one_line_call_pushed_past_the_longest_line_takes_a_hanging_indent_in_a_file_that_hangs() -> None:
    after = _run(
        f"""\
        from {P}.vpc import VpcPeeringConnectionAccepter
        def f(scope):
            Vpc(
                scope,
            )
            VpcPeeringConnectionAccepter(scope, "peer", vpc_peering_connection_id="pcx-0123456789abc")
        """
    )
    assert after.splitlines()[-5:] == [
        "    VpcPeeringConnectionAccepterA(",
        "        scope,",
        '        "peer",',
        '        vpc_peering_connection_id="pcx-0123456789abc",',
        "    )",
    ]


def test_import_pushed_past_the_longest_line_is_wrapped_in_the_files_import_style() -> None:
    after = _run(
        f"""\
        from constructs import (Construct,
                                Node)
        from {P}.s3 import S3Bucket, S3BucketVersioningVersioningConfiguration
        """
    )
    assert after.splitlines()[2:] == [
        f"from {P}.s3_bucket import S3Bucket",
        f"from {P}.s3_bucket_versioning import (S3BucketVersioningVersioningConfigurationA)",
    ]


def test_import_continued_with_backslashes_is_left_as_written() -> None:
    """Only one-line imports are measured: a backslash-continued one is as long as its longest line."""
    kept = "from somewhere.quite_long_module_name import first_long_name, second_long_name,\\\n    third\n"
    after = _run(f"{kept}from {P}.vpc import Subnet\nSubnet\n")
    assert after == f"{kept}from {P}.subnet import Subnet\nSubnet\n"


def test_relayout_walks_only_when_a_renamed_call_can_move_or_outgrow_a_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A one-line call whose callee grows but stays within the file's longest line needs no second
    walk (nor positions); one pushed past it does, and is wrapped."""
    from compat.migrations.rewrite import layout

    walks: list[str] = []
    relayout = layout._Relayout.__init__

    def counting(self: layout._Relayout, *args: object) -> None:
        walks.append("relayout")
        relayout(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(layout._Relayout, "__init__", counting)
    wide = (
        'VpcPeeringConnectionAccepter(scope, "peer", vpc_peering_connection_id="pcx", tags={"a": 1, "b": 2})'
    )
    head = f"from {P}.vpc import VpcPeeringConnectionAccepter\n# {'-' * (len(wide) - 2)}\n"
    short = _run(head + 'VpcPeeringConnectionAccepter(scope, "peer", vpc_peering_connection_id="pcx")\n')
    assert 'VpcPeeringConnectionAccepterA(scope, "peer", vpc_peering_connection_id="pcx")' in short
    assert walks == []
    assert _run(head + wide + "\n").count("\n") > 3  # one longer than the longest line: wrapped
    assert walks


POSITION_SOURCES = [
    "f(a, b=1)\nclass S:\n    def m(self):\n"
    '        x = g(self, "id",\n              h(1),\n              *rest, **kw)\n',
    "if x:\n\tif y:\n\t\tcall(a,\n\t\t     b)\n\telse:\n\t\t(paren(1)\n\t\t )\n",
    'a = f"{g(1)} and {g(2)}"\nb = (\n    k(q,\n      r=(1, 2))\n)\nk(q,\n  r=3)\n',
    "def f():\r\n    return v(1,\r\n             w(2, 3))\r\nv(1,\r\n  w(4, 5))\r\n",
    '@deco(1)\nclass C(B):\n    x = [c(i) for i in range(3)]\n    y = {"k": d(1,\n                2)}\n',
    "same(1)\nsame(1)\nz = lambda: same(1)\n",
]


@pytest.mark.parametrize("source", POSITION_SOURCES)
def test_positions_of_one_call_are_those_of_the_whole_file_pass(source: str) -> None:
    """A call whose callee changed length is placed by generating it alone (not the whole file):
    every position the relayout reads agrees with LibCST's pass over the whole file."""
    import libcst as cst
    from libcst.metadata import MetadataWrapper

    from compat.migrations.rewrite.layout import _Original

    module = cst.parse_module(source)
    original = _Original(MetadataWrapper(module, unsafe_skip_copy=True), source)
    found: list[tuple[cst.Call, list[str]]] = []

    class _Calls(cst.CSTVisitor):
        def __init__(self) -> None:
            super().__init__()
            self.indent: list[str] = []

        def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
            self.indent.append(module.default_indent if node.indent is None else node.indent)

        def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
            self.indent.pop()

        def visit_Call(self, node: cst.Call) -> None:
            found.append((node, list(self.indent)))

    module.visit(_Calls())
    placed_alone = 0
    for call, indent in found:
        where = original._ranges_in(call, indent)
        placed_alone += where != original._range
        for node in (call, call.func, *(arg.value for arg in call.args)):
            assert where(node) == original._range(node), (cst.Module([]).code_for_node(call), node)
    assert placed_alone == len(found) - (3 if "same(1)" in source else 0)  # a repeated text: whole file
