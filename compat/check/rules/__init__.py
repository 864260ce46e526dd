"""Every rule of ``compat check``, each with a stable code and a category: one per module, except
the API rules, which differ only by the kind of problem they report (one table in :mod:`.api`)."""

from __future__ import annotations

from compat.check.rules import (
    api,
    imp001_module_missing,
    imp002_name_missing,
    imp003_other_family,
    imp004_local_binding_not_generated,
    imp005_local_binding_old_layout,
    src001_syntax_error,
    src002_no_symbol_index,
    src003_unknown_prebuilt,
    syn001_feature_too_new,
    syn002_feature_removed,
    syn003_feature_newer_than_provider,
    syn004_function_not_in_cli,
    syn005_function_outside_targets,
    ver001_provider_constraint,
    ver002_core_requirement,
    ver003_python_requires,
    ver004_terraform_protocol,
    ver005_terraform_below_core_minimum,
    ver006_lock_drift,
    ver007_yanked,
    ver008_deprecated,
    ver009_unknown_release,
    ver010_duplicate_provider,
    ver011_node_below_floor,
    ver012_node_past_jsii_support,
    ver013_core_only_prereleases,
    ver014_undeclared_package,
    ver015_providers_disagree_on_core,
    ver016_other_family_tools,
    ver017_stale_lock,
    ver018_manifests_disagree,
    ver019_cli_release_unknown,
    ver020_terraform_lock,
    ver021_ci_pins,
)
from compat.check.rules.base import Rule

ALL_RULES: tuple[Rule, ...] = (
    *(
        module.RULE
        for module in (
            src001_syntax_error,
            src002_no_symbol_index,
            src003_unknown_prebuilt,
            imp001_module_missing,
            imp002_name_missing,
            imp003_other_family,
            imp004_local_binding_not_generated,
            imp005_local_binding_old_layout,
        )
    ),
    *api.RULES,
    *(
        module.RULE
        for module in (
            ver001_provider_constraint,
            ver002_core_requirement,
            ver003_python_requires,
            ver004_terraform_protocol,
            ver005_terraform_below_core_minimum,
            ver006_lock_drift,
            ver007_yanked,
            ver008_deprecated,
            ver009_unknown_release,
            ver010_duplicate_provider,
            ver011_node_below_floor,
            ver012_node_past_jsii_support,
            ver013_core_only_prereleases,
            ver014_undeclared_package,
            ver015_providers_disagree_on_core,
            ver016_other_family_tools,
            ver017_stale_lock,
            ver018_manifests_disagree,
            ver019_cli_release_unknown,
            ver020_terraform_lock,
            ver021_ci_pins,
            syn001_feature_too_new,
            syn002_feature_removed,
            syn003_feature_newer_than_provider,
            syn004_function_not_in_cli,
            syn005_function_outside_targets,
        )
    ),
)

RULES_BY_CODE = {rule.meta.code: rule for rule in ALL_RULES}
