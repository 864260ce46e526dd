"""API001-API010: keywords, positional and missing arguments, attributes, block shapes and dict keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.index.model import META_PARAMS, ClassInfo, MemoryReleaseIndex
from tests.check import fakes
from tests.check.helpers import check, codes, make_project

IMPORTS = """\
from cdktf_cdktf_provider_aws.dynamodb_table import DynamodbTable, DynamodbTableAttribute
from cdktf_cdktf_provider_aws.lambda_function import LambdaFunction
from cdktf_cdktf_provider_aws.data_aws_availability_zones import DataAwsAvailabilityZones
from cdktf_cdktf_provider_aws.route53_record import Route53Record
from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
"""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # wrong
        ("LambdaFunction(s, 'f', function_name='f', role='r', code={'zip_file': 'x'})", ["API001"]),
        ("azs = DataAwsAvailabilityZones(s, 'azs')\nprint(azs.names_fqn)", ["API002"]),
        (
            "Route53Record(s, 'r', name='n', type='A', zone_id='z', "
            "failover_routing_policy=[{'type': 'PRIMARY'}])",
            ["API003"],
        ),
        ("DynamodbTable(s, 't', name='t', point_in_time_recovery=[{'enabled': True}])", ["API003"]),
        ("DynamodbTable(s, 't', name='t', attribute={'name': 'pk', 'type': 'S'})", ["API004"]),
        (
            "DynamodbTable(s, 't', name='t', attribute=DynamodbTableAttribute(name='pk', type='S'))",
            ["API004"],
        ),
        ("DynamodbTable(s, 't', name='t', attribute=[DynamodbTableAttribute(name='pk', type='S')])", []),
        ("DynamodbTableAttribute(name='pk', type='S', hash_key='x')", ["API001"]),
        (
            "DynamodbTable(s, 't', name='t', global_secondary_index=[{'name': 'g', 'hash_key': 'pk', "
            "'projectionType': 'ALL'}])",
            ["API005"],
        ),
        ("DynamodbTable(s, 't', name='t', point_in_time_recovery={'Enabled': True})", ["API008"]),
        (
            "DynamodbTable(s, 't', name='t', global_secondary_index=[{'name': 'g', 'hashKey': 'pk', "
            "'projectionType': 'ALL', 'nope': 1}])",
            ["API008"],
        ),
        ("S3Bucket(s, 'b', bucket='b', region='eu-west-1')", ["API007"]),
        # right
        (
            "LambdaFunction(s, 'f', function_name='f', role='r', filename='f.zip', "
            "handler='h', runtime='py')",
            [],
        ),
        ("azs = DataAwsAvailabilityZones(s, 'azs')\nprint(azs.names, azs.fqn, azs.add_override('x', 1))", []),
        ("Route53Record(s, 'r', name='n', type='A', zone_id='z', failover_routing_policy={'type': 'X'})", []),
        (
            "DynamodbTable(s, 't', name='t', point_in_time_recovery={'enabled': True}, "
            "count=2, depends_on=[])",
            [],
        ),
        (
            "DynamodbTable(s, 't', name='t', attribute=[{'name': 'pk', 'type': 'S'}], "
            "global_secondary_index=[{'name': 'g', 'hashKey': 'pk', 'projectionType': 'ALL'}])",
            [],
        ),
        ("DynamodbTable(s, 't', name='t', **extra)", []),
        ("S3Bucket(s, 'b', bucket='b')", []),
        ("t = DynamodbTable(s, 't', name='t')\nt = object()\nprint(t.whatever)", []),
    ],
)
def test_calls(tmp_path: Path, line: str, expected: list[str]) -> None:
    root = make_project(tmp_path / "p", {"stack.py": IMPORTS + "s = None\nextra = {}\n" + line + "\n"})
    newest = fakes.index_19_65_1("21.22.1", "6.25.0", with_region=True)
    result = check(root, fakes.index_19_65_1(), newest)
    assert [c for c, _ in codes(result)] == expected


def test_each_mistake_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    source = IMPORTS + (
        "def build(s):\n"  # 6
        "    azs = DataAwsAvailabilityZones(s, 'azs')\n"  # 7
        "    LambdaFunction(s, 'f', function_name='f', role='r',\n"  # 8
        "                   code={'zip_file': 'x'})\n"  # 9
        "    print(azs.names_fqn)\n"  # 10
        "    DynamodbTable(s, 't', name='t',\n"  # 11
        "                  global_secondary_index=[{'name': 'g', 'hash_key': 'pk', "
        "'projection_type': 'ALL'}])\n"
    )
    root = make_project(tmp_path / "p", {"stack.py": source})
    found = [(f.code, f.line, f.column, f.symbol) for f in check(root).findings]
    assert found == [
        ("API001", 9, 20, "LambdaFunction.code"),
        ("API002", 10, 15, "DataAwsAvailabilityZones.names_fqn"),
        ("API005", 12, 57, "DynamodbTableGlobalSecondaryIndex.hash_key"),
        ("API005", 12, 75, "DynamodbTableGlobalSecondaryIndex.projection_type"),
    ]


def test_block_shape_follows_the_pinned_release(tmp_path: Path) -> None:
    """Route53 failover_routing_policy: a list in 12.0.0, a single block from 12.0.1 on."""
    source = (
        IMPORTS + "Route53Record(None, 'r', name='n', type='A', zone_id='z', "
        "failover_routing_policy=[{'type': 'PRIMARY'}])\n"
    )
    old = fakes.index_19_65_1("12.0.0", "4.50.0", failover_shape="block_list")
    root = make_project(tmp_path / "old", {"stack.py": source}, bindings="12.0.0", core="0.15.0")
    assert [c for c, _ in codes(check(root, old)) if c.startswith("API")] == []
    root = make_project(tmp_path / "new", {"stack.py": source})
    assert [c for c, _ in codes(check(root)) if c.startswith("API")] == ["API003"]


def test_self_attribute_types_are_tracked(tmp_path: Path) -> None:
    source = IMPORTS + (
        "class Stack:\n"
        "    def __init__(self):\n"
        "        self.azs = DataAwsAvailabilityZones(self, 'azs')\n"
        "    def use(self):\n"
        "        return self.azs.names_fqn\n"
    )
    root = make_project(tmp_path / "p", {"stack.py": source})
    assert codes(check(root)) == [("API002", 10)]


DB_IMPORT = "from cdktf_cdktf_provider_aws.db_parameter_group import DbParameterGroup"


def _with_db_parameter_group() -> MemoryReleaseIndex:
    """The fake index plus DbParameterGroup of 19.65.1 (it has an ``id`` argument, so its id is ``id_``)."""
    index = fakes.index_19_65_1()
    index.module_exports["db_parameter_group"] = frozenset({"DbParameterGroup", "DbParameterGroupConfig"})
    index.classes[("db_parameter_group", "DbParameterGroup")] = fakes._construct(
        "DbParameterGroup",
        "aws_db_parameter_group",
        [fakes._p("family", required=True), fakes._p("id"), fakes._p("name")],
        ("arn",),
    )
    index.classes[("db_parameter_group", "DbParameterGroupConfig")] = ClassInfo(
        "DbParameterGroupConfig",
        "struct",
        None,
        {p.name: p for p in (fakes._p("family", required=True), fakes._p("id"), fakes._p("name"))},
        META_PARAMS,
    )
    return index


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # scope and id_ by position or by keyword: clean
        ("DbParameterGroup(self, id_='x', family='f')", []),
        ("DbParameterGroup(scope=self, id_='x', family='f')", []),
        ("DbParameterGroup(self, 'x', family='f', id='tf-id', count=2)", []),
        ("DbParameterGroupConfig(family='f', count=2)", []),
        ("S3Bucket(self, 'b')", []),
        ("S3Bucket(self, id='b')", []),  # no ``id`` argument: the positional one keeps its name
        ("DbParameterGroup(*args, family='f')", []),
        ("DbParameterGroup(self, 'x', **rest)", []),
        # a third positional argument, a positional struct field, a name given twice
        ("DbParameterGroup(self, 'x', 'extra', family='f')", ["API009"]),
        ("DbParameterGroup(self, 'x', 'extra', *more)", ["API009"]),
        ("DbParameterGroupConfig('f')", ["API009"]),
        ("DynamodbTableAttribute('pk', 'S')", ["API009"]),
        ("DbParameterGroup(self, 'x', id_='y', family='f')", ["API009"]),
        # a required argument missing
        ("DbParameterGroup(self, 'x')", ["API010"]),
        ("DbParameterGroup(self, family='f')", ["API010"]),
        ("DbParameterGroup(family='f')", ["API010"]),
        ("DbParameterGroupConfig(name='n')", ["API010"]),
        ("DbParameterGroup(self, 'x', familly='f')", ["API001"]),  # the typo is the one finding
    ],
)
def test_constructor_signature(tmp_path: Path, line: str, expected: list[str]) -> None:
    source = f"{DB_IMPORT}, DbParameterGroupConfig\n{IMPORTS}self = args = rest = more = None\n{line}\n"
    root = make_project(tmp_path / "p", {"stack.py": source})
    assert [c for c, _ in codes(check(root, _with_db_parameter_group()))] == expected


def test_signature_findings_name_the_argument(tmp_path: Path) -> None:
    source = DB_IMPORT + "\nDbParameterGroup(None, 'x', 'extra', family='f')\nDbParameterGroup(None, 'x')\n"
    root = make_project(tmp_path / "p", {"stack.py": source})
    found = [(f.code, f.line, f.column, f.message) for f in check(root, _with_db_parameter_group()).findings]
    assert found == [
        (
            "API009",
            2,
            29,
            "DbParameterGroup takes only scope and id_ by position in cdktf-cdktf-provider-aws "
            "19.65.1: positional argument 3 is a TypeError",
        ),
        (
            "API010",
            3,
            1,
            "DbParameterGroup requires family in cdktf-cdktf-provider-aws 19.65.1 "
            "(Python raises TypeError without it)",
        ),
    ]


def test_a_parameter_that_shadows_an_imported_module_is_not_checked(tmp_path: Path) -> None:
    source = (
        "from cdktf_cdktf_provider_aws import s3_bucket\n"
        "def build(s3_bucket):\n"
        "    return s3_bucket.Missing\n"
        "def other():\n"
        "    return s3_bucket.Missing\n"
    )
    root = make_project(tmp_path / "p", {"stack.py": source})
    assert codes(check(root)) == [("IMP002", 5)]


def test_a_block_value_is_walked_once_per_text_and_every_problem_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clean block value seen again (same text, class and parameter) is not walked again; a value with
    a problem is, in every file, so each finding keeps its own position."""
    import ast

    from compat.check.rules import _api
    from compat.index.model import Param

    walked: list[str] = []
    value = _api._Checker.value

    def counting(
        self: _api._Checker, module: str, owner: str, param: Param, node: ast.expr, js: bool
    ) -> None:
        walked.append(f"{owner}.{param.name}")
        value(self, module, owner, param, node, js)

    monkeypatch.setattr(_api._Checker, "value", counting)
    body = (
        "s = None\n"
        "DynamodbTable(s, 't', name='t', point_in_time_recovery={'enabled': True})\n"
        "DynamodbTable(s, 'u', name='u', point_in_time_recovery={'Enabled': True})\n"
    )
    other = (
        "s = None\n"
        "Route53Record(s, 'r', name='n', type='A', zone_id='z', failover_routing_policy={'enabled': True})\n"
    )
    root = make_project(
        tmp_path / "p", {"a.py": IMPORTS + body, "b.py": IMPORTS + "\n" + body, "c.py": IMPORTS + other}
    )
    found = [(f.code, f.path, f.line) for f in check(root).findings]
    assert found == [("API008", "a.py", 8), ("API008", "b.py", 9), ("API008", "c.py", 7)]
    pitr = [name for name in walked if name == "DynamodbTable.point_in_time_recovery"]
    assert len(pitr) == 3  # a.py: both values; b.py: only the one with a problem
