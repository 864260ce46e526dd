"""Terraform language and backend features that need a newer (or older) CLI, and where they show.

The gates default to DOMAIN.md section 4 (each checked against the Terraform changelogs) and are
replaced, key by key, by ``compat.snapshot.load_snapshot().features`` when the snapshot has them.
Detection reads synthesized ``cdk.tf.json`` documents; ``add_override("terraform....")`` paths and
core ``S3Backend(...)`` keywords are turned into the same document shape first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from packaging.version import Version

from compat.snapshot import TerraformFeature


@dataclass(frozen=True)
class Gate:
    key: str
    description: str
    min_terraform: str | None
    removed_in: str | None = None
    experimental_from: str | None = None  # accepted, but experimental, from this version to min_terraform
    provider_min: str | None = None  # the AWS provider version that introduced it, where that matters


_DEFAULTS = (
    Gate("moved_block", "moved blocks", "1.1"),
    Gate("cloud_block", "the terraform cloud block", "1.1"),
    Gate("lifecycle_precondition", "lifecycle precondition", "1.2"),
    Gate("lifecycle_postcondition", "lifecycle postcondition", "1.2"),
    Gate("terraform_data", "the terraform_data resource", "1.4"),
    Gate("import_block", "import blocks", "1.5"),
    Gate("check_block", "check blocks", "1.5"),
    Gate("removed_block", "removed blocks", "1.7"),
    Gate("provider_functions", "provider-defined functions (provider::...)", "1.8", provider_min="5.40.0"),
    Gate("ephemeral_resources", "ephemeral resources", "1.10", provider_min="5.77.0"),
    Gate("s3_backend_use_lockfile", "S3 backend use_lockfile", "1.11", experimental_from="1.10"),
    *(Gate(f"s3_backend_{argument}", f"S3 backend top-level {argument} (use the assume_role block)",
           None, removed_in="1.10") for argument in (
        "role_arn", "session_name", "external_id", "assume_role_duration_seconds", "assume_role_policy",
        "assume_role_policy_arns", "assume_role_tags", "assume_role_transitive_tag_keys")),
    Gate("write_only_arguments", "write-only arguments (*_wo)", "1.11", provider_min="5.87.0"),
)

#: S3 backend arguments Terraform 1.10 removed in favour of the ``assume_role`` block.
S3_ASSUME_ROLE_ARGUMENTS = frozenset({
    "role_arn", "session_name", "external_id", "assume_role_duration_seconds", "assume_role_policy",
    "assume_role_policy_arns", "assume_role_tags", "assume_role_transitive_tag_keys",
})


def gates(features: Iterable[TerraformFeature] = ()) -> dict[str, Gate]:
    """The defaults, each replaced by the snapshot's row of the same key when there is one."""
    table = {gate.key: gate for gate in _DEFAULTS}
    for feature in features:
        # per-argument rows ("write_only:aws_rds_cluster.master_password_wo") are kept under their own key
        old = table.get(feature.key)
        table[feature.key] = Gate(
            feature.key, feature.description, feature.min_terraform, feature.removed_in,
            old.experimental_from if old else None, feature.provider_min)
    return table


def provider_gate(table: dict[str, Gate], use: Use) -> Gate | None:
    """The most precise row for the provider side of a use (a write-only argument has its own row)."""
    if use.key == "write_only_arguments" and len(use.path) == 4 and use.path[0] == "resource":
        precise = table.get(f"write_only:{use.path[1]}.{use.path[3]}")
        if precise is not None and precise.provider_min:
            return precise
    gate = table.get(use.key)
    return gate if gate is not None and gate.provider_min else None


@dataclass(frozen=True)
class Use:
    """A feature found in a document: its key and the JSON path it sits at."""

    key: str
    path: tuple[str, ...]

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


def _strings(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _strings(item, (*path, str(number)))


def _blocks(doc: dict[str, Any], kind: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    section = doc.get(kind)
    if not isinstance(section, dict):
        return
    for type_name, by_name in section.items():
        if isinstance(by_name, dict):
            for name, body in by_name.items():
                if isinstance(body, dict):
                    yield type_name, name, body


def detect(doc: dict[str, Any]) -> list[Use]:
    """The gated features a ``cdk.tf.json``-shaped document uses."""
    uses: list[Use] = []
    for key, feature in (("moved", "moved_block"), ("import", "import_block"), ("check", "check_block"),
                         ("removed", "removed_block"), ("ephemeral", "ephemeral_resources")):
        if doc.get(key):
            uses.append(Use(feature, (key,)))
    terraform = doc.get("terraform")
    if isinstance(terraform, dict):
        if terraform.get("cloud"):
            uses.append(Use("cloud_block", ("terraform", "cloud")))
        backend = terraform.get("backend")
        s3 = backend.get("s3") if isinstance(backend, dict) else None
        if isinstance(s3, dict):
            if "use_lockfile" in s3:
                uses.append(Use("s3_backend_use_lockfile", ("terraform", "backend", "s3", "use_lockfile")))
            for argument in sorted(S3_ASSUME_ROLE_ARGUMENTS & set(s3)):
                path = ("terraform", "backend", "s3", argument)
                uses.append(Use(f"s3_backend_{argument}", path))
    for kind in ("resource", "data"):
        for type_name, name, body in _blocks(doc, kind):
            if kind == "resource" and type_name == "terraform_data":
                uses.append(Use("terraform_data", (kind, type_name, name)))
            lifecycle = body.get("lifecycle")
            if isinstance(lifecycle, dict):
                for condition in ("precondition", "postcondition"):
                    if lifecycle.get(condition):
                        where = (kind, type_name, name, "lifecycle", condition)
                        uses.append(Use(f"lifecycle_{condition}", where))
            for argument in body:
                if argument.endswith(("_wo", "_wo_version")):
                    uses.append(Use("write_only_arguments", (kind, type_name, name, argument)))
    for found, text in _strings(doc, ()):
        if "provider::" in text:
            uses.append(Use("provider_functions", found))
    return uses


def document_for_path(dotted: str) -> dict[str, Any]:
    """A dotted override path as a nested document.

    ``"terraform.backend.s3.use_lockfile"`` -> ``{"terraform": {"backend": {"s3": {"use_lockfile": True}}}}``.
    """
    parts = [p for p in dotted.split(".") if p]
    doc: dict[str, Any] = {}
    cursor = doc
    for part in parts[:-1]:
        cursor = cursor.setdefault(part, {})
    if parts:
        cursor[parts[-1]] = True
    return doc


@dataclass(frozen=True)
class Verdict:
    severity: str  # "error" or "warning"
    message: str
    removed: bool = False  # the CLI no longer accepts it (rather than: not yet)


def judge(gate: Gate, terraform: str) -> Verdict | None:
    """Whether Terraform ``terraform`` accepts the feature; None when it does."""
    cli = Version(terraform)
    if gate.removed_in and cli >= Version(gate.removed_in):
        return Verdict("error", f"{gate.description}: removed in Terraform {gate.removed_in}, "
                                f"the CLI is {terraform}", removed=True)
    if gate.min_terraform and cli < Version(gate.min_terraform):
        if gate.experimental_from and cli >= Version(gate.experimental_from):
            return Verdict("warning", f"{gate.description}: experimental in Terraform {terraform} "
                                      f"(generally available from {gate.min_terraform})")
        return Verdict("error", f"{gate.description}: needs Terraform >= {gate.min_terraform}, "
                                f"the CLI is {terraform}")
    return None
