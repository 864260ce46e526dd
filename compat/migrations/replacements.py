"""Replacements the providers document for what they removed, with where they say so.

Only documented facts go here (each row names its source); everything else that was removed is
reported without a replacement. Keys are Terraform names: ``"aws_eip.vpc"`` for an argument,
``"aws_opsworks_stack"`` for a whole resource type, ``"aws_opsworks_*"`` for a family.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

V6_GUIDE = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-6-upgrade"
CLOUDFLARE_V5_GUIDE = (
    "https://registry.terraform.io/providers/cloudflare/cloudflare/latest/docs/guides/version-5-upgrade"
)
AZURERM_V4_GUIDE = (
    "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/guides/4.0-upgrade-guide"
)


@dataclass(frozen=True)
class DocumentedReplacement:
    key: str  # "aws_eip.vpc", "aws_opsworks_*"
    replacement: str | None  # what to write instead; None when the provider documents no replacement
    note: str  # why it went
    source: str  # URL


TABLE: tuple[DocumentedReplacement, ...] = (
    DocumentedReplacement(
        "aws_eip.vpc",
        'domain = "vpc"',
        "deprecated in AWS provider 5.0 (EC2-Classic retired), removed in 6.0",
        "https://github.com/hashicorp/terraform-provider-aws/pull/31567",
    ),
    DocumentedReplacement(
        "aws_flow_log.log_group_name",
        "log_destination = <CloudWatch log group ARN>",
        "removed in AWS provider 6.0",
        V6_GUIDE,
    ),
    DocumentedReplacement(
        "aws_eks_addon.resolve_conflicts",
        "resolve_conflicts_on_create / resolve_conflicts_on_update",
        "removed in AWS provider 6.0",
        V6_GUIDE,
    ),
    DocumentedReplacement(
        "aws_opsworks_*",
        None,
        "AWS OpsWorks Stacks reached end of life; the provider removed its resources in 6.0",
        V6_GUIDE,
    ),
    DocumentedReplacement(
        "aws_simpledb_domain",
        None,
        "Amazon SimpleDB resources were removed in AWS provider 6.0",
        V6_GUIDE,
    ),
    DocumentedReplacement(
        "aws_worklink_*",
        None,
        "Amazon WorkLink reached end of life; removed in AWS provider 6.0",
        V6_GUIDE,
    ),
    DocumentedReplacement(
        "aws_redshift_service_account",
        None,
        "removed in AWS provider 6.0: use the service principal redshift.amazonaws.com instead",
        V6_GUIDE,
    ),
    DocumentedReplacement(
        "cloudflare_record",
        "cloudflare_dns_record (a moved block keeps the state)",
        "renamed in Cloudflare provider 5.0",
        CLOUDFLARE_V5_GUIDE,
    ),
    DocumentedReplacement(
        "cloudflare_zone_settings_override",
        "one cloudflare_zone_setting per setting (setting_id, value)",
        "replaced in Cloudflare provider 5.0",
        CLOUDFLARE_V5_GUIDE,
    ),
    DocumentedReplacement(
        "azurerm_app_service_plan",
        "azurerm_service_plan",
        "deprecated in AzureRM provider 3.x, removed in 4.0",
        AZURERM_V4_GUIDE,
    ),
    DocumentedReplacement(
        "azurerm_app_service",
        "azurerm_linux_web_app or azurerm_windows_web_app",
        "deprecated in AzureRM provider 3.x, removed in 4.0",
        AZURERM_V4_GUIDE,
    ),
    DocumentedReplacement(
        "azurerm_mysql_*",
        "the azurerm_mysql_flexible_* resources (Azure Database for MySQL single server was retired)",
        "deprecated in AzureRM provider 3.x, removed in 4.0",
        AZURERM_V4_GUIDE,
    ),
    DocumentedReplacement(
        "azurerm_function_app",
        "azurerm_linux_function_app or azurerm_windows_function_app",
        "deprecated in AzureRM provider 3.x, removed in 4.0",
        AZURERM_V4_GUIDE,
    ),
)


def documented(key: str) -> DocumentedReplacement | None:
    """The documented replacement for a removed resource type or argument (exact key first)."""
    for row in TABLE:
        if row.key == key:
            return row
    for row in TABLE:
        if "*" in row.key and fnmatchcase(key, row.key):
            return row
    return None
