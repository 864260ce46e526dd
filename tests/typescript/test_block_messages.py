"""The tsc code an API003 finding names: a list where one block goes is TS2559 when every field of the
block's struct is optional (a weak type: tsc says "has no properties in common", as the real
@cdktf/provider-cloudflare 5.0.0 RulesetRulesActionParameters gives), TS2322 otherwise."""

from __future__ import annotations

from types import MappingProxyType

from compat.index.model import ClassInfo, MemoryReleaseIndex, Param
from compat.typescript.symbols import PrebuiltRelease
from tests.typescript.test_symbols import VERSIONING, _findings, _resource_layout

SOURCE = (
    'import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";\n'
    'new S3Bucket(this, "a", { versioning: [{ enabled: true }] });\n'
)


def _with_versioning(struct: ClassInfo) -> PrebuiltRelease:
    release = _resource_layout()
    index = release.release_index
    assert isinstance(index, MemoryReleaseIndex)
    index.classes[("s3_bucket", "S3BucketVersioning")] = struct  # a fresh index per call
    return release


def test_a_list_for_a_block_of_optional_fields_is_ts2559() -> None:
    [finding] = _findings(SOURCE, _resource_layout())
    assert finding.code == "API003" and finding.message.endswith("not a list (TS2559)")


def test_a_list_for_a_block_with_a_required_field_is_ts2322() -> None:
    required = Param(name="enabled", shape="scalar", required=True, js_name="enabled")
    struct = VERSIONING._replace(params=MappingProxyType({**VERSIONING.params, "enabled": required}))
    [finding] = _findings(SOURCE, _with_versioning(struct))
    assert finding.code == "API003" and finding.message.endswith("not a list (TS2322)")
