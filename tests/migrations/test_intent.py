"""Names the source release lacks (issue 10 items 1 and 2): read by intent, never by a same-named
class of another kind or module, and the generated code always parses."""

from __future__ import annotations

import ast
import textwrap

import libcst as cst

from compat.index.model import MemoryReleaseIndex
from compat.migrations.graph import date_changes
from compat.migrations.renames import explain, symbols_named
from compat.migrations.resolve import Resolver
from compat.migrations.rewrite import RewriteContext, rewrite_source
from compat.migrations.rewrite.base import FileRewrite, RewriteCommand
from tests.migrations.fakes import MemoryCatalogue, new_release, old_release

P = "cdktf_cdktf_provider_aws"


def _rewrite(source: str, resolver: Resolver) -> tuple[str, list[str], list[str]]:
    ctx = RewriteContext(resolver, P, P, path="m.py")
    result = rewrite_source(textwrap.dedent(source), ctx)
    ast.parse(result.after)  # generated code always parses
    return result.after, [f"{u.line}:{u.symbol}" for u in result.unresolved], list(result.notes)


def _per_resource() -> Resolver:
    """19.65.1 -> 21.22.1 shape: both releases have per-resource modules."""
    return Resolver(new_release("19.65.1"), new_release())


def test_missing_name_resolves_to_the_construct_not_the_same_named_struct() -> None:
    resolution = _per_resource().resolve("s3_bucket_versioning", "S3BucketVersioning")
    assert resolution.target is not None
    assert (resolution.target.module, resolution.target.name) == (
        "s3_bucket_versioning",
        "S3BucketVersioningA",
    )
    assert resolution.changes[0].kind == "intended"
    assert "aws_s3_bucket_versioning" in resolution.changes[0].detail


def test_existing_struct_of_that_name_still_resolves_to_itself() -> None:
    resolution = _per_resource().resolve("s3_bucket", "S3BucketVersioning")
    assert resolution.target is not None and resolution.target.name == "S3BucketVersioning"
    assert [c.kind for c in resolution.changes] == ["same"]


def test_missing_name_that_spells_nothing_is_removed_not_moved_elsewhere() -> None:
    # s3_bucket_versioning exists, but lacks S3BucketVersioningMfa; s3_bucket exports a struct of that name
    resolution = _per_resource().resolve("s3_bucket_versioning", "S3BucketVersioningMfa")
    assert resolution.target is None
    assert "s3_bucket.S3BucketVersioningMfa" in resolution.changes_of("removed")[0].detail


def test_module_of_another_layout_is_read_by_what_it_names() -> None:
    """Code in per-resource layout on a 9.x pin: the module says which class a shared name means."""
    resolver = Resolver(old_release(), new_release())
    construct = resolver.resolve("s3_bucket_versioning", "S3BucketVersioning").target
    struct = resolver.resolve("s3_bucket", "S3BucketVersioning").target
    assert construct is not None and (construct.module, construct.name) == (
        "s3_bucket_versioning",
        "S3BucketVersioningA",
    )
    assert struct is not None and (struct.module, struct.name) == ("s3_bucket", "S3BucketVersioning")


def test_rewrite_same_named_struct_import_and_uses() -> None:
    after, unresolved, notes = _rewrite(
        f"""\
        from {P}.s3_bucket_versioning import S3BucketVersioning
        from {P}.vpc_peering_connection_accepter import VpcPeeringConnectionAccepter
        S3BucketVersioning(s, "v", bucket="b")
        VpcPeeringConnectionAccepter(s, "p", vpc_peering_connection_id="pcx")
        """,
        _per_resource(),
    )
    assert after == textwrap.dedent(
        f"""\
        from {P}.s3_bucket_versioning import S3BucketVersioningA
        from {P}.vpc_peering_connection_accepter import (
            VpcPeeringConnectionAccepterA,
        )
        S3BucketVersioningA(s, "v", bucket="b")
        VpcPeeringConnectionAccepterA(s, "p", vpc_peering_connection_id="pcx")
        """
    )
    assert unresolved == []
    assert [n.split(":")[1] for n in notes] == ["1", "2"]  # the import grew past the longest line: wrapped


def test_lower_case_attribute_read_as_the_construct_it_spells() -> None:
    """``ec2.instance(...)`` (a bug in the user's code): the construct for aws_instance, as check says."""
    after, unresolved, notes = _rewrite(
        f"""\
        from {P} import ec2
        instance = ec2.instance(self, "compute",
                                ami="ami-1")
        """,
        Resolver(old_release(), new_release()),
    )
    assert f"from {P} import instance as aws_instance\n" in after
    assert "aws_instance.Instance(" in after
    assert unresolved == [] and "aws_instance" in notes[0]


def _root_exports(index: MemoryReleaseIndex, *names: str) -> MemoryReleaseIndex:
    """The real root module's ``__all__`` lists its submodules (``instance``, ``subnet``...)."""
    exports = dict(index.module_exports)
    exports[""] = frozenset({*exports.get("", frozenset()), *names})
    return MemoryReleaseIndex(index.package, index.version, index.provider_version, exports, index.classes)


def test_name_exported_by_the_root_as_a_submodule_is_never_a_class() -> None:
    """The reproduction of the internal error: ``from P import  as aws`` was generated."""
    target = _root_exports(new_release(), "flow_log", "instance")
    for known in (True, False):  # a stand-in source (core move) still matches names in the target
        after, unresolved, _ = _rewrite(
            f"""\
            from {P} import ec2
            ec2.flow_log(self, "s")
            """,
            Resolver(old_release(), target, source_known=known),
        )
        assert after == f'from {P} import ec2\nec2.flow_log(self, "s")\n'
        assert f"2:{P}.ec2.flow_log" in unresolved


def test_stand_in_source_still_matches_a_moved_struct_by_name() -> None:
    """A core move with no bindings pin resolves against the target family's release itself."""
    stand_in = new_release()
    strict = Resolver(stand_in, stand_in).resolve("vpc", "S3BucketVersioningMfa")
    lenient = Resolver(stand_in, stand_in, source_known=False).resolve("vpc", "S3BucketVersioningMfa")
    assert strict.target is None
    assert lenient.target is not None and lenient.target.module == "s3_bucket"


def test_name_spelling_a_construct_of_another_module_without_rivals() -> None:
    """``vpc.Subnet`` on a per-resource pin (vpc exists, lacks Subnet): the construct of aws_subnet."""
    resolution = _per_resource().resolve("vpc", "Subnet")
    assert resolution.target is not None and resolution.target.module == "subnet"


def test_class_moving_to_the_root_module_is_imported_through_the_package() -> None:
    after, unresolved, _ = _rewrite(
        f"""\
        from {P} import provider
        provider.AwsProvider(self, "aws")
        """,
        Resolver(new_release(), old_release()),
    )
    assert after == f'import {P} as aws\naws.AwsProvider(self, "aws")\n'
    assert unresolved == []


class _Broken(RewriteCommand):
    """A command whose output would not parse: the file must stay as it is and say so."""

    name = "broken"

    def edit_line(self, line: cst.SimpleStatementLine, file: FileRewrite) -> list[cst.SimpleStatementLine]:
        cst.parse_statement("from  import x as aws\n")
        return [line]


def test_a_rewrite_that_would_not_parse_leaves_the_file_and_reports_it() -> None:
    source = f"from {P}.vpc import Vpc\n"
    ctx = RewriteContext(Resolver(old_release(), new_release()), P, P, path="m.py")
    result = rewrite_source(source, ctx, [_Broken()])
    assert result.after == source
    assert [u.symbol for u in result.unresolved] == ["m.py"]
    assert "left unchanged" in result.unresolved[0].reason
    assert "(broken: " in result.unresolved[0].reason


def test_renames_of_a_bare_name_shows_the_intent_path_too() -> None:
    source, target = new_release("19.65.1"), new_release()
    assert symbols_named(source, "S3BucketVersioning") == [
        ("s3_bucket", "S3BucketVersioning"),
        ("s3_bucket_versioning", "S3BucketVersioning"),
    ]
    _, resolutions = explain(["s3_bucket_versioning.S3BucketVersioning"], source, target)
    assert resolutions[0].target is not None and resolutions[0].target.name == "S3BucketVersioningA"


def test_dating_follows_the_name_read_not_the_missing_one() -> None:
    """``ec2.instance`` never existed: the move is dated by when ``ec2.Instance`` left ec2."""
    old, new = old_release("9.0.52"), new_release("10.0.0")
    resolution = Resolver(old, new).resolve("ec2", "instance")
    catalogue = MemoryCatalogue(old_release("9.0.53"), new)
    dated = date_changes(resolution, catalogue.indexed(old.package), catalogue)
    assert [c.since for c in dated.changes_of("moved")] == ["10.0.0"]
