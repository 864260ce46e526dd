"""A data source of a provider other than AWS resolves to its data source, never to the resource of
the same Terraform type (kubernetes 2.x ``DataKubernetesNamespace`` once read as ``namespace.Namespace``)."""

from __future__ import annotations

from compat.index.model import ClassInfo, MemoryReleaseIndex
from compat.migrations.resolve import Resolver, is_data_source


def _flat() -> MemoryReleaseIndex:
    classes = {
        ("", "Namespace"): ClassInfo("Namespace", "construct", tf_type="kubernetes_namespace"),
        ("", "DataKubernetesNamespace"): ClassInfo(
            "DataKubernetesNamespace", "construct", tf_type="kubernetes_namespace"
        ),
    }
    return MemoryReleaseIndex(
        "cdktf-cdktf-provider-kubernetes", "2.0.43", "2.11.0", {"": frozenset(n for _, n in classes)}, classes
    )


def _per_resource() -> MemoryReleaseIndex:
    classes = {
        ("namespace", "Namespace"): ClassInfo("Namespace", "construct", tf_type="kubernetes_namespace"),
        ("data_kubernetes_namespace", "DataKubernetesNamespace"): ClassInfo(
            "DataKubernetesNamespace", "construct", tf_type="kubernetes_namespace"
        ),
    }
    exports = {m: frozenset({n}) for m, n in classes}
    return MemoryReleaseIndex(
        "cdktn-provider-kubernetes", "13.0.0", "2.38.0", {"": frozenset(), **exports}, classes
    )


def test_a_data_source_of_another_provider_stays_a_data_source() -> None:
    resolver = Resolver(_flat(), _per_resource())
    data = resolver.resolve("", "DataKubernetesNamespace")
    assert data.target is not None
    assert (data.target.module, data.target.name) == ("data_kubernetes_namespace", "DataKubernetesNamespace")
    resource = resolver.resolve("", "Namespace")
    assert resource.target is not None and resource.target.module == "namespace"


def test_a_resource_named_data_something_is_a_resource() -> None:
    assert not is_data_source("", "DataFactory", "azurerm_data_factory")
    assert is_data_source("", "DataAzurermDataFactory", "azurerm_data_factory")
    assert is_data_source("data_aws_vpc", "DataAwsVpc")
