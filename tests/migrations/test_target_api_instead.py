"""An item of the moved-code check names what the move's release has instead, where the rename graph
from the installed release proves it (a class matched under another name or module, a Terraform type
the provider documents as replaced by one the target has a class for, a documented argument), and
nothing where it does not (never a guess from the name)."""

from __future__ import annotations

from compat.check.model import Finding
from compat.index.model import ClassInfo, MemoryReleaseIndex, Param
from compat.migrations.resolve import Resolver
from compat.migrations.target_api import fresh, instead


def _construct(name: str, tf_type: str, *params: str) -> ClassInfo:
    return ClassInfo(name, "construct", tf_type, {p: Param(p, "string", False) for p in params})


def _release(package: str, version: str, classes: dict[tuple[str, str], ClassInfo]) -> MemoryReleaseIndex:
    exports: dict[str, set[str]] = {"": set()}
    for module, name in classes:
        exports.setdefault(module, set()).add(name)
        exports[""].add(module)
    return MemoryReleaseIndex(package, version, None, {k: frozenset(v) for k, v in exports.items()}, classes)


#: cloudflare 4 -> 5 (documented: cloudflare_record became cloudflare_dns_record); a resource whose
#: class was renamed with its Terraform type kept; AWS 6 removed aws_eip.vpc (documented: domain)
SOURCE = _release(
    "cdktf-cdktf-provider-x",
    "1.0.0",
    {
        ("record", "Record"): _construct("Record", "cloudflare_record", "name"),
        ("thing", "Thing"): _construct("Thing", "x_thing", "name"),
        ("eip", "Eip"): _construct("Eip", "aws_eip", "vpc", "domain"),
        ("gone", "Gone"): _construct("Gone", "x_gone", "name"),
    },
)
TARGET = _release(
    "cdktn-provider-x",
    "2.0.0",
    {
        ("dns_record", "DnsRecord"): _construct("DnsRecord", "cloudflare_dns_record", "name"),
        ("data_cloudflare_dns_record", "DataCloudflareDnsRecord"): _construct(
            "DataCloudflareDnsRecord", "cloudflare_dns_record", "name"
        ),
        ("thing", "ThingA"): _construct("ThingA", "x_thing", "name"),
        ("eip", "Eip"): _construct("Eip", "aws_eip", "domain"),
    },
)
RESOLVERS = {"cdktn_provider_x": Resolver(SOURCE, TARGET)}


def _finding(code: str, symbol: str, message: str = "in cdktn-provider-x 2.0.0") -> Finding:
    return Finding(
        code=code,
        category="api",
        severity="error",
        path="main.py",
        line=3,
        column=1,
        message=message,
        symbol=symbol,
        suggestion=None,
    )


def test_a_class_renamed_in_the_target_is_named() -> None:
    found = instead(_finding("IMP002", "cdktn_provider_x.thing.Thing"), RESOLVERS)
    assert found is not None
    assert found.words.startswith(
        "Thing is gone from cdktn_provider_x.thing in cdktn-provider-x 2.0.0; "
        "it has cdktn_provider_x.thing.ThingA"
    )
    assert found.replacement == "from cdktn_provider_x.thing import ThingA"


def test_a_documented_replacement_type_is_named_by_its_class_in_the_target() -> None:
    found = instead(_finding("IMP002", "cdktn_provider_x.record.Record"), RESOLVERS)
    assert found is not None
    assert "it has cdktn_provider_x.dns_record.DnsRecord" in found.words  # the resource, not the data source
    assert found.replacement == "from cdktn_provider_x.dns_record import DnsRecord"


def test_a_documented_argument_replacement_is_named() -> None:
    found = instead(_finding("API001", "Eip.vpc"), RESOLVERS)
    assert found is not None
    assert found.words.startswith('vpc is gone from Eip in cdktn-provider-x 2.0.0; it has domain = "vpc"')
    assert found.replacement == 'domain = "vpc"'


def test_nothing_is_said_where_the_graph_proves_nothing() -> None:
    assert instead(_finding("IMP002", "cdktn_provider_x.gone.Gone"), RESOLVERS) is None  # no documented row
    assert instead(_finding("API001", "Thing.other"), RESOLVERS) is None
    assert instead(_finding("IMP002", "cdktn_provider_y.thing.Thing"), RESOLVERS) is None  # no resolver
    assert instead(_finding("API001", "Eip.vpc"), {}) is None


def test_an_item_carries_what_the_target_has() -> None:
    [item] = fresh(
        [_finding("IMP002", "cdktn_provider_x.thing.Thing", "cdktn_provider_x.thing has no Thing")],
        [],
        [],
        ["cdktn-provider-x 2.0.0"],
        lambda finding: instead(finding, RESOLVERS),
    )
    assert item.reason.endswith(
        "; Thing is gone from cdktn_provider_x.thing in cdktn-provider-x 2.0.0; it has "
        "cdktn_provider_x.thing.ThingA (renamed from Thing to ThingA (matched by Terraform type))"
    )
    assert item.replacement == "from cdktn_provider_x.thing import ThingA"


def test_the_resolver_names_the_class_of_a_documented_replacement_type() -> None:
    """What ``migrate``'s own rewrite lists too (its items read the resolver's ``removed`` change)."""
    [removed] = Resolver(SOURCE, TARGET).resolve("record", "Record").changes_of("removed")
    assert removed.after == "dns_record.DnsRecord"
    assert removed.detail.endswith(
        "; cdktn-provider-x 2.0.0 has dns_record.DnsRecord, the construct for cloudflare_dns_record"
    )
    [gone] = Resolver(SOURCE, TARGET).resolve("gone", "Gone").changes_of("removed")
    assert (gone.after, gone.detail) == (None, "resource type x_gone has no class in cdktn-provider-x 2.0.0")
