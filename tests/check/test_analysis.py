"""The one-pass walk: what it records, and the local types it does (and does not) infer."""

from __future__ import annotations

import ast
import textwrap
import warnings

import pytest

from compat.check import analysis
from compat.check.analysis import analyse
from compat.check.rules import _symbols
from compat.check.scopes import Scopes

PKG = "cdktf_cdktf_provider_aws"


def _facts(source: str):  # type: ignore[no-untyped-def]
    source = textwrap.dedent(source)
    return analyse(ast.parse(source), source, PKG, "cdktf")


def test_types_do_not_leak_between_functions() -> None:
    facts = _facts("""
        from cdktf_cdktf_provider_aws.data_aws_availability_zones import DataAwsAvailabilityZones
        def a(s):
            azs = DataAwsAvailabilityZones(s, "azs")
            return azs.names
        def b(azs):
            return azs.names_fqn
    """)
    assert [(u.variable, u.attribute) for u in facts.attribute_uses] == [("azs", "names")]


def test_reassignment_forgets_the_type() -> None:
    facts = _facts("""
        from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
        b = S3Bucket(None, "b")
        b = something_else()
        b.whatever
    """)
    assert facts.attribute_uses == []


def test_module_attribute_chains_and_aliases() -> None:
    facts = _facts("""
        import cdktf_cdktf_provider_aws as aws
        import cdktf_cdktf_provider_aws.vpc as v
        aws.s3_bucket.S3Bucket(None, "b", bucket="x")
        v.Subnet(None, "s")
    """)
    assert [(c.cls.module, c.cls.name) for c in facts.calls] == [("s3_bucket", "S3Bucket"), ("vpc", "Subnet")]
    assert [(m.module, m.name, m.line) for m in facts.module_attributes] == [
        ("s3_bucket", "S3Bucket", 4),
        ("vpc", "Subnet", 5),
    ]


def test_other_packages_and_relative_imports_are_ignored() -> None:
    facts = _facts("""
        from .local import S3BucketVersioning
        from imports.aws.s3_bucket_versioning import S3BucketVersioning as V
        S3BucketVersioning(None, "x", code=1)
        V(None, "y")
    """)
    assert facts.imported_names == [] and facts.calls == []


def test_columns_count_characters_not_bytes() -> None:
    facts = _facts("""
        from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
        S3Bucket(None, "bücket", bucket="x", nope=1)
    """)
    [call] = facts.calls
    assert [(k.name, k.column) for k in call.keywords] == [("bucket", 26), ("nope", 38)]


def test_add_override_paths_and_core_backends() -> None:
    facts = _facts("""
        from cdktf import S3Backend
        S3Backend(None, bucket="b", role_arn="r")
        stack.add_override("terraform.backend.s3.use_lockfile", True)
    """)
    assert [o.path for o in facts.overrides] == ["terraform.backend.s3.use_lockfile"]
    assert [(c.name, [k.name for k in c.keywords]) for c in facts.core_calls] == [
        ("S3Backend", ["bucket", "role_arn"])
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("S3BucketVersioning", "aws_s3_bucket_versioning"),
        ("VpcPeeringConnectionAccepter", "aws_vpc_peering_connection_accepter"),
        ("DataAwsAvailabilityZones", "aws_availability_zones"),
    ],
)
def test_terraform_type_guesses(name: str, expected: str) -> None:
    assert expected in _symbols.tf_type_guesses(name)


def test_release_range_comes_from_the_index_find(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    import compat.index
    from compat.index.model import FindHit
    from tests.check import fakes
    from tests.check.helpers import check, make_project

    monkeypatch.setattr(
        compat.index,
        "find",
        lambda name, package=None: (
            [FindHit(fakes.PKG, "opsworks_stack", "10.0.0", "20.1.0")] if name == "OpsworksStack" else []
        ),
    )
    root = make_project(
        tmp_path / "p",
        {  # type: ignore[operator]
            "stack.py": "from cdktf_cdktf_provider_aws.vpc import OpsworksStack\n"
        },
    )
    [finding] = check(root).findings
    where = "cdktf_cdktf_provider_aws.opsworks_stack in 10.0.0..20.1.0"
    assert finding.suggestion == f"OpsworksStack exists in {where}"


def test_statements_without_tracked_names_are_skipped_but_nothing_is_lost() -> None:
    facts = _facts("""
        import os
        from cdktf_cdktf_provider_aws.data_aws_availability_zones import DataAwsAvailabilityZones as Zones
        HELPERS = [os.path.join("a", str(i)) for i in range(3)]
        class Network:
            def __init__(self, scope):
                self.zones = Zones(scope, "azs")
            def unrelated(self):
                return {"k": [1, 2, 3]}
            def names(self):
                return self.zones.names_fqn
        def later(scope):
            z = Zones(scope, "z")\r
            return z.zone_ids
    """)
    assert [(u.variable, u.attribute, u.line) for u in facts.attribute_uses] == [
        ("self.zones", "names_fqn", 11),
        ("z", "zone_ids", 14),
    ]
    assert [c.line for c in facts.calls] == [7, 13]


IMPORT_RDS = "from cdktf_cdktf_provider_aws import rds\n"


def _module_reads(source: str) -> list[tuple[str, int]]:
    """``rds.<Name>`` reads that resolve to the imported bindings module ``rds``, with their lines."""
    facts = _facts(IMPORT_RDS + textwrap.dedent(source))
    return [(m.name, m.line) for m in facts.module_attributes]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a parameter hides the module in its function only
        ("def f(rds):\n    return rds.Username\ndef g():\n    return rds.Shadowed\n", [("Shadowed", 5)]),
        ("f = lambda rds: rds.Username\ng = lambda: rds.Shadowed\n", [("Shadowed", 3)]),
        ("def f(*rds): return rds.A\ndef g(**rds): return rds.B\ndef h(*, rds): return rds.C\n", []),
        # a loop target
        ("def f(items):\n    for rds in items:\n        rds.Username\n", []),
        ("rds.Before\nfor rds in items:\n    rds.Username\n", [("Before", 2)]),
        ("for x in rds.Items:\n    pass\n", [("Items", 2)]),
        # a comprehension variable, and the first iterable read outside the comprehension
        ("names = [rds.Username for rds in items]\n", []),
        ("names = {rds: rds.Username for rds in items}\n", []),
        ("names = [x.y for x in rds.Items]\n", [("Items", 2)]),
        ("names = list(rds.Username for x in items)\n", [("Username", 2)]),
        # assigned anywhere in the function: local throughout, even before the assignment
        ("def f():\n    user = rds.Username\n    rds = make()\n", []),
        ("def f():\n    user = rds.Username\n    rds.Other = 1\n", [("Username", 3), ("Other", 4)]),
        # a class body: its own attribute once assigned; the import before that and in its methods
        (
            "class C:\n    x = rds.Before\n    rds = make()\n    y = rds.Username\n"
            "    def m(self):\n        return rds.Method\n",
            [("Before", 3), ("Method", 7)],
        ),
        # closures, global, nonlocal
        ("def outer():\n    rds = make()\n    def inner():\n        return rds.Username\n", []),
        ("def outer():\n    def inner():\n        return rds.Username\n", [("Username", 4)]),
        ("def f():\n    global rds\n    return rds.Username\n", [("Username", 4)]),
        ("def outer():\n    def inner():\n        return rds.Username\n    rds = make()\n", []),
        (
            "def outer():\n    rds = make()\n    def inner():\n        nonlocal rds\n        rds = other()\n"
            "    return rds.Username\n",
            [],
        ),
        ("def f():\n    rds = make()\n    class C:\n        x = rds.Username\n", []),
        ("def f():\n    class C:\n        x = rds.Username\n", [("Username", 4)]),
        ("def f(items):\n    [(rds := y) for y in items]\n    return rds.Username\n", []),
        ("names = [a for a in items for b in rds.Items]\n", [("Items", 2)]),
        ("names = [a for rds in items for a in rds.Items]\n", []),
        # with, except, walrus, match
        ("def f():\n    with open('x') as rds:\n        rds.Read()\n", []),
        ("try:\n    pass\nexcept OSError as rds:\n    rds.Errno\n", []),
        ("def f():\n    if (rds := make()):\n        rds.Username\n", []),
        ("match value:\n    case {'k': rds}:\n        rds.Username\n", []),
        # another import of the same name
        ("def f():\n    import rds\n    rds.Username\n", []),
        ("def f():\n    from .local import rds\n    rds.Username\n", []),
    ],
)
@pytest.mark.parametrize("exact", [False, True])
def test_names_resolve_with_python_scoping(
    source: str, expected: list[tuple[str, int]], exact: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each case, walked as usual and with every scope asking ``symtable`` from the start."""
    if exact:
        monkeypatch.setattr(analysis, "Scopes", lambda text, _exact=False: Scopes(text, exact=True))
    assert _module_reads(source) == expected


def test_class_uses_and_fix_renames_follow_scoping() -> None:
    facts = _facts("""
        from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
        def make(scope):
            return S3Bucket(scope, "b")
        def wrap(S3Bucket):
            return S3Bucket(None, "x", nope=1)
        def closure(scope):
            bucket = S3Bucket(scope, "b")
            def inner():
                return bucket.arn
            return inner
    """)
    assert [c.line for c in facts.calls] == [4, 8]
    assert [u.line for u in facts.name_uses] == [4, 8]
    assert [(u.variable, u.attribute) for u in facts.attribute_uses] == [("bucket", "arn")]


def test_positional_arguments_are_recorded_in_order() -> None:
    facts = _facts("""
        from cdktf_cdktf_provider_aws.s3_bucket import S3Bucket
        S3Bucket(self, "b", *rest, bucket="x")
    """)
    [call] = facts.calls
    assert [(a.column, a.starred) for a in call.positional] == [(10, False), (16, False), (21, True)]
    assert call.has_star


def test_a_file_symtable_rejects_falls_back_to_source_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ast`` parses a duplicate parameter name, ``symtable`` rejects it: the walk still answers."""
    monkeypatch.setattr(analysis, "Scopes", lambda text, _exact=False: Scopes(text, exact=True))
    source = "def g(a, a):\n    pass\ndef f(rds):\n    return rds.Hidden\nrds.Shown\n"
    assert _module_reads(source) == [("Shown", 6)]


def test_symtable_prints_no_warning_for_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis, "Scopes", lambda text, _exact=False: Scopes(text, exact=True))
    source = f'{IMPORT_RDS}PATTERN = "\\d+"\ndef f():\n    return rds.Shown\n'
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = ast.parse(source)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        facts = analyse(tree, source, PKG, "cdktf")
    assert [(m.name, m.line) for m in facts.module_attributes] == [("Shown", 4)]
    assert caught == []


def test_the_walk_records_fn_calls_of_either_core_in_any_form() -> None:
    """SYN004 reads these facts: the calls are found by the shared walk, not by a walk of its own."""
    facts = _facts("""
        from cdktf import Fn as F
        import cdktn as core
        def stack(s):
            from cdktn import Fn
            return Fn.templatestring("x"), F.join(",", []), core.Fn.ephemeralasnull(s)
        unrelated.Fn.abs(1)
        other.join(1)
    """)
    assert sorted((c.name, c.line, c.column) for c in facts.function_calls) == [
        ("ephemeralasnull", 6, 61),
        ("join", 6, 38),
        ("templatestring", 6, 15),
    ]


def test_fn_calls_need_an_import_of_fn() -> None:
    facts = _facts("""
        class Fn:
            pass
        Fn.join(",", [])
    """)
    assert facts.function_calls == []


def test_the_walk_has_an_entry_for_every_kind_of_node() -> None:
    """``_Walker.visit_all`` looks a node's kind up without a default: every class ``ast`` defines is
    there (its handler, ``visit_children``, or None for a leaf), and so is None (a missing child)."""
    kinds = {kind for kind in vars(ast).values() if isinstance(kind, type) and issubclass(kind, ast.AST)}
    assert kinds <= set(analysis._VISITS)
    assert analysis._VISITS[type(None)] is None
    assert analysis._VISITS[ast.Constant] is None
    assert analysis._VISITS[ast.Call] is analysis._Walker.call
    assert analysis._VISITS[ast.Yield] is analysis._Walker.visit_children
