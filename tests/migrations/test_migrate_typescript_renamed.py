"""``migrate --to cdktn`` of a TypeScript import of a class the target release renamed (matched by its
Terraform type in both jsii assemblies' indexes): the target class is imported under the binding the
file had, so every use keeps its text; a class whose props changed, a class the target removed, and a
list the writer cannot edit are listed with file and line."""

from __future__ import annotations

from pathlib import Path

from compat.index.model import ClassInfo, MemoryReleaseIndex, Param
from compat.index.tslayout import TsModule
from compat.index.typescript import TsRelease
from compat.migrations.resolve import Resolver
from compat.migrations.ts_imports import CoreMove, ProviderMove, move_imports

CORE = CoreMove("cdktf", "cdktn")


def _param(name: str, js: str) -> Param:
    return Param(name, "scalar", False, None, js)


def _release(package: str, version: str, classes: dict[tuple[str, str], ClassInfo]) -> TsRelease:
    exports: dict[str, frozenset[str]] = {"": frozenset()}
    for module, name in classes:
        exports[module] = exports.get(module, frozenset()) | {name}
    index = MemoryReleaseIndex(package, version, None, exports, classes)
    layout = {m: TsModule(m, m.replace("_", ""), "lib/" + m.replace("_", "-")) for m in exports if m}
    return TsRelease(index, layout)


def _move(target_params: dict[str, Param], text: str) -> tuple[str, list[tuple[int, str, str]]]:
    length = {"length": _param("length", "length")}
    source = _release(
        "cdktf-cdktf-provider-random",
        "5.0.0",
        {
            ("password", "Password"): ClassInfo("Password", "construct", "random_password", length),
            ("zone", "Zone"): ClassInfo("Zone", "construct", "random_zone"),
        },
    )
    target = _release(
        "cdktn-provider-random",
        "13.0.0",
        {
            ("password", "RandomPassword"): ClassInfo(
                "RandomPassword", "construct", "random_password", target_params
            )
        },
    )
    move = ProviderMove(
        "@cdktf/provider-random",
        "@cdktn/provider-random",
        "@cdktn/provider-random 13.0.0",
        source,
        target,
        Resolver(source.index, target.index),
    )
    moved = move_imports(Path("main.ts"), "main.ts", text.encode(), CORE, [move])
    return moved.after.decode(), [(u.line, u.symbol, u.reason) for u in moved.unresolved]


SAME = {"length": _param("length", "length")}


def test_a_renamed_class_is_imported_under_the_old_binding_and_uses_keep_their_text() -> None:
    text = (
        "import { Password } from '@cdktf/provider-random/lib/password';\r\n"
        "const p: Password = new Password(this, 'p', { length: 16 });\r\n"
    )
    after, unresolved = _move(SAME, text)
    assert unresolved == []
    assert after == (
        "import { RandomPassword as Password } from '@cdktn/provider-random/lib/password';\r\n"
        "const p: Password = new Password(this, 'p', { length: 16 });\r\n"
    )


def test_an_alias_and_a_type_modifier_are_kept() -> None:
    text = 'import { type Password as Pw } from "@cdktf/provider-random/lib/password";\n'
    after, unresolved = _move(SAME, text)
    assert unresolved == []
    assert after == 'import { type RandomPassword as Pw } from "@cdktn/provider-random/lib/password";\n'


def test_a_renamed_class_whose_props_changed_is_listed_not_written() -> None:
    text = "import { Password } from '@cdktf/provider-random/lib/password';\n"
    after, unresolved = _move({"size": _param("size", "size")}, text)
    assert after == text
    [(line, symbol, reason)] = unresolved
    assert (line, symbol) == (1, "Password")
    assert "is RandomPassword in @cdktn/provider-random 13.0.0" in reason
    assert "parameter length removed" in reason


def test_a_removed_class_leaves_the_whole_statement_listed() -> None:
    text = "import { Password, Zone } from '@cdktf/provider-random/lib/password';\n"
    after, unresolved = _move(SAME, text)
    assert after == text
    assert [(line, symbol) for line, symbol, _ in unresolved] == [(1, "Zone")]


def test_a_class_removed_with_a_documented_replacement_names_it() -> None:
    source = _release(
        "cdktf-cdktf-provider-cloudflare",
        "11.0.0",
        {("record", "Record"): ClassInfo("Record", "construct", "cloudflare_record")},
    )
    target = _release(
        "cdktn-provider-cloudflare",
        "14.2.1",
        {("dns_record", "DnsRecord"): ClassInfo("DnsRecord", "construct", "cloudflare_dns_record")},
    )
    move = ProviderMove(
        "@cdktf/provider-cloudflare",
        "@cdktn/provider-cloudflare",
        "@cdktn/provider-cloudflare 14.2.1",
        source,
        target,
        Resolver(source.index, target.index),
    )
    text = "import { Record } from '@cdktf/provider-cloudflare/lib/record';\n"
    moved = move_imports(Path("main.ts"), "main.ts", text.encode(), CORE, [move])
    assert moved.after.decode() == text
    [item] = moved.unresolved
    assert (item.line, item.symbol) == (1, "Record")
    assert "renamed in Cloudflare provider 5.0" in item.reason and "version-5-upgrade" in item.reason
    assert item.replacement is not None and item.replacement.startswith("cloudflare_dns_record")


def test_a_name_the_source_lacks_is_read_by_its_terraform_type_and_said_so() -> None:
    """``S3BucketVersioning`` from ``lib/s3-bucket-versioning`` (the class there is
    ``S3BucketVersioningA``): imported by alias, with a note naming the reading."""
    source = _release(
        "cdktf-cdktf-provider-aws",
        "19.65.1",
        {
            ("s3_bucket_versioning", "S3BucketVersioningA"): ClassInfo(
                "S3BucketVersioningA", "construct", "aws_s3_bucket_versioning"
            )
        },
    )
    target = _release(
        "cdktn-provider-aws",
        "23.0.0",
        {
            ("s3_bucket_versioning", "S3BucketVersioningA"): ClassInfo(
                "S3BucketVersioningA", "construct", "aws_s3_bucket_versioning"
            )
        },
    )
    move = ProviderMove(
        "@cdktf/provider-aws",
        "@cdktn/provider-aws",
        "@cdktn/provider-aws 23.0.0",
        source,
        target,
        Resolver(source.index, target.index),
    )
    text = 'import { S3BucketVersioning } from "@cdktf/provider-aws/lib/s3-bucket-versioning";\n'
    moved = move_imports(Path("main.ts"), "main.ts", text.encode(), CORE, [move])
    assert moved.after.decode() == (
        "import { S3BucketVersioningA as S3BucketVersioning } "
        'from "@cdktn/provider-aws/lib/s3-bucket-versioning";\n'
    )
    assert moved.unresolved == ()
    [note] = moved.notes
    assert note.startswith("main.ts:1: ") and "read as s3_bucket_versioning.S3BucketVersioningA" in note


def test_a_root_class_of_an_unindexed_release_names_the_documented_removal_its_name_spells() -> None:
    """``@cdktf/provider-azurerm`` 0.2.8 is not indexed: ``AppService`` is read as ``azurerm_app_service``
    by its name, which AzureRM 4 removed, and the replacement it documents is named."""
    target = _release(
        "cdktn-provider-azurerm",
        "18.9.0",
        {
            ("resource_group", "ResourceGroup"): ClassInfo(
                "ResourceGroup", "construct", "azurerm_resource_group"
            )
        },
    )
    move = ProviderMove(
        "@cdktf/provider-azurerm", "@cdktn/provider-azurerm", "azurerm 18.9.0", None, target, None
    )
    text = 'import { AppService, ResourceGroup } from "@cdktf/provider-azurerm";\n'
    moved = move_imports(Path("main.ts"), "main.ts", text.encode(), CORE, [move])
    assert moved.after.decode() == text
    by_symbol = {u.symbol: u for u in moved.unresolved}
    assert "azurerm_app_service, by its name" in by_symbol["AppService"].reason
    assert by_symbol["AppService"].replacement == "azurerm_linux_web_app or azurerm_windows_web_app"
    assert by_symbol["ResourceGroup"].replacement is not None  # moved, by the same name, to its folder
