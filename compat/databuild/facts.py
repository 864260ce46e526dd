"""Facts about the cores and the Terraform CLI that no registry API states, each with its source.

They come from /work/shared/docs/DOMAIN.md section 4 (checked against HashiCorp's changelogs and
the real packages) and are written into ``data/releases.json`` by ``compat data build``, source
URL included, so every row of the snapshot says where it comes from.
"""

from __future__ import annotations

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.record import Record
from compat.snapshot import TerraformFeature

_TF_CHANGELOG = "https://github.com/hashicorp/terraform/blob/{minor}/CHANGELOG.md"
_AWS_CHANGELOG = "https://github.com/hashicorp/terraform-provider-aws/blob/main/CHANGELOG.md"
_CDKTF_CHANGELOG = "https://github.com/hashicorp/terraform-cdk/blob/main/CHANGELOG.md"
# the bundled CLI sets the minimum next to its version check: "1.2.0",/Terraform v\d+.\d+.\d+/
_CDKTF_CLI_015 = "https://registry.npmjs.org/cdktf-cli/-/cdktf-cli-0.15.0.tgz"
_CDKTN_CLI = "https://registry.npmjs.org/cdktn-cli/-/cdktn-cli-0.24.0.tgz"
_CDKTN_CORE = "https://registry.npmjs.org/cdktn/-/cdktn-0.24.0.tgz (lib/provider-feature-constraints.js)"
_TOFU_CHANGELOG = "https://github.com/opentofu/opentofu/blob/{minor}/CHANGELOG.md"


class CoreFact(Record):
    """A fact that holds for every core version matching ``versions``."""

    core: str  # "cdktf" or "cdktn"
    versions: SpecifierSet
    value: str
    source: str


#: Minimum Node.js of the jsii runtime (cdktf) / of the CLI package (cdktn, npm ``engines``).
NODE_MIN: tuple[CoreFact, ...] = (
    CoreFact("cdktf", SpecifierSet(">=0.10.0.dev0,<0.16.0.dev0"), "14.17", _CDKTF_CHANGELOG),
    CoreFact("cdktf", SpecifierSet(">=0.16.0.dev0,<0.19.0.dev0"), "16.13", _CDKTF_CHANGELOG),
    CoreFact("cdktf", SpecifierSet(">=0.19.0.dev0,<0.21.0.dev0"), "18.12", _CDKTF_CHANGELOG),
    CoreFact("cdktf", SpecifierSet(">=0.21.0.dev0,<0.22.0.dev0"), "20.9", _CDKTF_CHANGELOG),
    # cdktn-cli 0.24.0 package.json: "engines": {"node": ">=22.19.0"}
    CoreFact("cdktn", SpecifierSet(">=0.24.0.dev0,<0.25.0.dev0"), "22.19.0", _CDKTN_CLI),
)

#: The Terraform version below which the core's CLI warns (MIN_SUPPORTED_VERSION in the CLI).
TERRAFORM_MIN: tuple[CoreFact, ...] = (
    CoreFact("cdktf", SpecifierSet(">=0.12.2,<0.15.0.dev0"), "1.0.0", _CDKTF_CHANGELOG),
    # checked in the cdktf-cli 0.15.0 and 0.21.0 npm tarballs
    CoreFact("cdktf", SpecifierSet(">=0.15.0.dev0"), "1.2.0", _CDKTF_CLI_015),
)
# cdktn: read from each cdktn-cli release's bundle by the data build (compat.databuild.cli_floor)


def core_fact(table: tuple[CoreFact, ...], core: str, version: Version) -> CoreFact | None:
    return next((f for f in table if f.core == core and f.versions.contains(version, prereleases=True)), None)


def _tf(minor: str) -> str:
    return _TF_CHANGELOG.format(minor=minor)


def _tofu(minor: str) -> str:
    return _TOFU_CHANGELOG.format(minor=minor)


class _OpenTofu(Record):
    """The OpenTofu side of a row: first version that accepts it, first that rejects it, the source."""

    min: str | None
    source: str
    removed_in: str | None = None


#: OpenTofu 1.6.0, its first release, forked from Terraform 1.6 and accepts everything Terraform 1.5 does
_TOFU_BASELINE = _OpenTofu("1.6.0", "https://github.com/opentofu/opentofu/blob/v1.6/CHANGELOG.md")


def _feature(
    key: str,
    description: str,
    min_terraform: str | None,
    source: str,
    opentofu: _OpenTofu | None,
    *,
    removed_in: str | None = None,
    provider_min: str | None = None,
    experimental_from: str | None = None,
    only: str | None = None,
) -> TerraformFeature:
    """One row; ``opentofu`` None means OpenTofu's side is not known (never judged)."""
    return TerraformFeature(
        key,
        description,
        min_terraform,
        removed_in,
        provider_min,
        source,
        min_opentofu=opentofu.min if opentofu else None,
        opentofu_removed_in=opentofu.removed_in if opentofu else None,
        opentofu_source=opentofu.source if opentofu else None,
        experimental_from=experimental_from,
        only=only,
    )


_S3_ASSUME_ROLE_TOP_LEVEL = (
    "role_arn",
    "session_name",
    "external_id",
    "assume_role_duration_seconds",
    "assume_role_policy",
    "assume_role_policy_arns",
    "assume_role_tags",
    "assume_role_transitive_tag_keys",
)

_WRITE_ONLY = (
    ("aws_rds_cluster", "master_password_wo", "5.87.0"),
    ("aws_ssm_parameter", "value_wo", "5.87.0"),
    ("aws_db_instance", "password_wo", "5.88.0"),
    ("aws_secretsmanager_secret_version", "secret_string_wo", "5.88.0"),
)

_TOFU_17 = _OpenTofu("1.7.0", _tofu("v1.7"))
_TOFU_EPHEMERAL = _OpenTofu(
    "1.11.0", "https://opentofu.org/docs/v1.11/language/ephemerality/ephemeral-resources/"
)
_TOFU_WRITE_ONLY = _OpenTofu(
    "1.11.0", "https://opentofu.org/docs/v1.11/language/ephemerality/write-only-attributes/"
)
# OpenTofu kept the deprecated top-level assume-role arguments of its S3 backend (not removed)
_TOFU_S3 = _OpenTofu("1.6.0", "https://opentofu.org/docs/v1.6/language/settings/backends/s3/")

FEATURES: tuple[TerraformFeature, ...] = (
    _feature("moved_block", "`moved` blocks", "1.1.0", _tf("v1.1"), _TOFU_BASELINE),
    _feature("cloud_block", "`cloud` block in the `terraform` block", "1.1.0", _tf("v1.1"), _TOFU_BASELINE),
    _feature("lifecycle_precondition", "lifecycle `precondition`", "1.2.0", _tf("v1.2"), _TOFU_BASELINE),
    _feature("lifecycle_postcondition", "lifecycle `postcondition`", "1.2.0", _tf("v1.2"), _TOFU_BASELINE),
    _feature("terraform_data", "`terraform_data` managed resource", "1.4.0", _tf("v1.4"), _TOFU_BASELINE),
    _feature("import_block", "`import` blocks", "1.5.0", _tf("v1.5"), _TOFU_BASELINE),
    _feature("check_block", "`check` blocks", "1.5.0", _tf("v1.5"), _TOFU_BASELINE),
    _feature("removed_block", "`removed` blocks", "1.7.0", _tf("v1.7"), _TOFU_17),
    _feature(
        "provider_functions",
        "provider-defined functions (`provider::aws::...`)",
        "1.8.0",
        _tf("v1.8"),
        _TOFU_17,
        provider_min="5.40.0",
    ),
    _feature(
        "ephemeral_resources",
        "ephemeral resources",
        "1.10.0",
        _tf("v1.10"),
        _TOFU_EPHEMERAL,
        provider_min="5.77.0",
    ),
    _feature(
        "s3_backend_use_lockfile",
        "S3 backend `use_lockfile` (S3-native locking)",
        "1.11.0",
        _tf("v1.11"),
        _OpenTofu("1.10.0", _tofu("v1.10")),
        experimental_from="1.10.0",
    ),
    *(
        _feature(
            f"s3_backend_{name}",
            f"S3 backend top-level `{name}` (use the `assume_role` block)",
            None,
            _tf("v1.10"),
            _TOFU_S3,
            removed_in="1.10.0",
        )
        for name in _S3_ASSUME_ROLE_TOP_LEVEL
    ),
    _feature(
        "s3_backend_use_legacy_workflow",
        "S3 backend `use_legacy_workflow` (the legacy credential search)",
        "1.6.0",
        _tf("v1.6"),
        _OpenTofu("1.6.0", "https://opentofu.org/docs/v1.8/intro/upgrading/", removed_in="1.8.0"),
    ),
    _feature(
        "write_only_arguments",
        "write-only arguments (`*_wo`)",
        "1.11.0",
        _tf("v1.11"),
        _TOFU_WRITE_ONLY,
        provider_min="5.87.0",
    ),
    *(
        _feature(
            f"write_only:{resource}.{attribute}",
            f"write-only argument `{resource}.{attribute}`",
            "1.11.0",
            _AWS_CHANGELOG,
            _TOFU_WRITE_ONLY,
            provider_min=provider,
        )
        for resource, attribute, provider in _WRITE_ONLY
    ),
    _feature(
        "state_encryption",
        "state encryption (`terraform { encryption }`)",
        None,
        _tofu("v1.7"),
        _TOFU_17,
        only="opentofu",
    ),
    _feature(
        "lifecycle_enabled",
        "the `enabled` lifecycle meta-argument",
        None,
        "https://opentofu.org/docs/v1.11/intro/whats-new/",
        _OpenTofu("1.11.0", "https://opentofu.org/docs/v1.11/intro/whats-new/"),
        only="opentofu",
    ),
    # resource identity: Terraform 1.12 changelog; OpenTofu per cdktn's provider-feature-constraints
    _feature(
        "import_identity",
        "`import` blocks by resource `identity`",
        "1.12.0",
        _tf("v1.12"),
        _OpenTofu("1.12.0", _CDKTN_CORE),
    ),
    # OpenTofu's side of actions and list resources is not known: never judged for OpenTofu
    _feature("action_block", "`action` blocks and lifecycle `action_trigger`", "1.14.0", _tf("v1.14"), None),
    _feature(
        "list_resources", "list resources (`*.tfquery.hcl`, `terraform query`)", "1.14.0", _tf("v1.14"), None
    ),
)


class ChangelogFeature(Record):
    """A feature whose first release is read from the CLIs' own changelogs by the data build
    (:mod:`compat.databuild.cli_sources`): the entry is named by its pull request or issue number.

    ``terraform`` / ``opentofu`` None: that CLI's changelog states no such entry; its side stays unknown
    (never judged) unless ``only`` says the feature exists only in the other CLI.
    """

    key: str
    description: str
    terraform: str | None  # "38784": the changelog entry ([#38784](.../issues/38784))
    opentofu: str | None
    only: str | None = None


#: Rows read from the changelogs (``compat data build --terraform-source DIR --opentofu-source DIR``).
CHANGELOG_FEATURES: tuple[ChangelogFeature, ...] = (
    # Terraform 1.16.0 "Resource `lifecycle` blocks now support `destroy = false`"; OpenTofu 1.12.0
    # "New `lifecycle` meta-argument `destroy`"
    ChangelogFeature("lifecycle_destroy", "the `destroy` lifecycle meta-argument", "38784", "3409"),
    # Terraform 1.16.0 "`terraform_data`: The new `store` block"
    ChangelogFeature("terraform_data_store", "the `store` block of `terraform_data`", "38298", None),
    # Terraform 1.16.0 "Resource action triggers can now use `on_failure` modes"
    ChangelogFeature(
        "action_trigger_on_failure", "`on_failure` of a lifecycle `action_trigger`", "38722", None
    ),
    # OpenTofu 1.12.0 "`import` blocks now allow ... the `identity` argument": OpenTofu's side of the
    # FEATURES row (whose Terraform side stays as it is)
    ChangelogFeature("import_identity", "`import` blocks by resource `identity`", None, "3671"),
    # OpenTofu 1.12.0 "Input variables can now be declared as `const = true`"; no Terraform release has it
    ChangelogFeature("variable_const", "`const` input variables", None, "3946", only="opentofu"),
)
