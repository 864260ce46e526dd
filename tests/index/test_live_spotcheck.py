"""Live spot-check (network): the committed index equals what real wheels declare.

For releases that are not fixtures, the module list must equal the wheel's ``__init__.py`` files
and the exports of sampled modules must equal their ``__all__`` read with ``ast``.
"""

from __future__ import annotations

import ast

import pytest

from compat.families import family_of_package
from compat.index import open_release_index
from compat.index.api import embedded_index_path
from compat.index.build import module_key
from compat.registry.http import HttpClient
from compat.registry.pypi import PyPIClient

pytestmark = [
    pytest.mark.network,
    pytest.mark.skipif(not embedded_index_path().is_file(), reason="no committed index"),
]


def _all_of(source: str) -> frozenset[str]:
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == ["__all__"]:
            return frozenset(ast.literal_eval(node.value))
    return frozenset()


@pytest.mark.parametrize(
    ("package", "version", "sample"),
    [
        ("cdktf-cdktf-provider-aws", "4.0.1", ["s3", "iam"]),
        ("cdktf-cdktf-provider-aws", "15.0.0", ["s3_bucket", "iam_role", "provider"]),
        (
            "cdktf-cdktf-provider-aws",
            "19.0.0",
            ["route53_record", "lambda_function", "data_aws_iam_policy_document"],
        ),
        ("cdktn-provider-aws", "24.0.0", ["s3_bucket_versioning", "dynamodb_table"]),
    ],
)
def test_index_matches_wheel(package: str, version: str, sample: list[str]) -> None:
    family = family_of_package(package)
    assert family is not None
    wheel = PyPIClient(HttpClient()).wheel(package, version)
    keys = {module_key(path, family.module): path for path in wheel.members()}
    wheel_modules = sorted(k for k in keys if k is not None)
    index = open_release_index(package, version)
    assert index.modules() == wheel_modules
    for module, data in wheel.read_many([keys[m] for m in sample]):
        key = module_key(module, family.module)
        assert key is not None
        assert index.exports(key) == _all_of(data.decode("utf-8")), key
