"""Terraform language and backend features that need a newer (or older) CLI, and where they show.

The rows are :data:`compat.databuild.facts.FEATURES` (Terraform and OpenTofu, each side with its
source) replaced, key by key, by ``compat.snapshot.load_snapshot().features`` when the snapshot has them.
Detection reads synthesized ``cdk.tf.json`` documents; ``add_override("terraform....")`` paths and
core ``S3Backend(...)`` keywords are turned into the same document shape first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from packaging.version import Version

from compat.record import Record
from compat.snapshot import TerraformFeature
from compat.versions.cli_names import CLI_LABELS, Cli

#: one row of the feature table, for both CLIs (see :class:`compat.snapshot.TerraformFeature`)
Gate = TerraformFeature


#: S3 backend arguments Terraform 1.10 removed in favour of the ``assume_role`` block.
S3_ASSUME_ROLE_ARGUMENTS = frozenset(
    {
        "role_arn",
        "session_name",
        "external_id",
        "assume_role_duration_seconds",
        "assume_role_policy",
        "assume_role_policy_arns",
        "assume_role_tags",
        "assume_role_transitive_tag_keys",
    }
)


def gates(features: Iterable[TerraformFeature] = ()) -> dict[str, Gate]:
    """The rows of :data:`compat.databuild.facts.FEATURES`, each replaced by the snapshot's row of its key.

    A snapshot row written before the table had an OpenTofu side keeps the built-in description,
    OpenTofu side and Terraform experimental range of its key.
    """
    from compat.databuild.facts import FEATURES

    table = {gate.key: gate for gate in FEATURES}
    for feature in features:
        # per-argument rows ("write_only:aws_rds_cluster.master_password_wo") are kept under their own key
        old = table.get(feature.key)
        if old is not None and feature.opentofu_source is None:
            feature = feature._replace(
                description=old.description,
                min_opentofu=old.min_opentofu,
                opentofu_removed_in=old.opentofu_removed_in,
                opentofu_source=old.opentofu_source,
                only=feature.only or old.only,
                experimental_from=feature.experimental_from or old.experimental_from,
            )
        table[feature.key] = feature
    return table


def provider_gate(table: dict[str, Gate], use: Use) -> Gate | None:
    """The most precise row for the provider side of a use (a write-only argument has its own row)."""
    if use.key == "write_only_arguments" and len(use.path) == 4 and use.path[0] == "resource":
        precise = table.get(f"write_only:{use.path[1]}.{use.path[3]}")
        if precise is not None and precise.provider_min:
            return precise
    gate = table.get(use.key)
    return gate if gate is not None and gate.provider_min else None


class Use(Record):
    """A feature found in a document: its key and the JSON path it sits at."""

    key: str
    path: tuple[str, ...]

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


def strings(value: object, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, str(key)))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from strings(item, (*path, str(number)))


def _blocks(doc: dict[str, object], kind: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    section = doc.get(kind)
    if not isinstance(section, dict):
        return
    for type_name, by_name in section.items():
        if isinstance(by_name, dict):
            for name, body in by_name.items():
                if isinstance(body, dict):
                    yield type_name, name, body


_LIFECYCLE = (
    ("precondition", "lifecycle_precondition"),
    ("postcondition", "lifecycle_postcondition"),
    ("enabled", "lifecycle_enabled"),
    ("action_trigger", "action_block"),
    ("destroy", "lifecycle_destroy"),
)


def _blocks_of(value: object) -> list[dict[str, object]]:
    """A nested block as cdk.tf.json writes it: one object, or a list of them."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def _import_identity(imports: object) -> list[Use]:
    """``import`` blocks that name the resource by ``identity`` (a list of blocks in cdk.tf.json)."""
    blocks = imports if isinstance(imports, list) else [imports]
    return [
        Use("import_identity", ("import", str(number), "identity"))
        for number, block in enumerate(blocks)
        if isinstance(block, dict) and "identity" in block
    ]


def detect(doc: dict[str, object]) -> list[Use]:
    """The gated features a ``cdk.tf.json``-shaped document uses."""
    uses: list[Use] = []
    for key, feature in (
        ("moved", "moved_block"),
        ("import", "import_block"),
        ("check", "check_block"),
        ("removed", "removed_block"),
        ("ephemeral", "ephemeral_resources"),
        ("action", "action_block"),
    ):
        if doc.get(key):
            uses.append(Use(feature, (key,)))
    uses += _import_identity(doc.get("import"))
    terraform = doc.get("terraform")
    if isinstance(terraform, dict):
        for key, feature in (("cloud", "cloud_block"), ("encryption", "state_encryption")):
            if terraform.get(key):
                uses.append(Use(feature, ("terraform", key)))
        backend = terraform.get("backend")
        s3 = backend.get("s3") if isinstance(backend, dict) else None
        if isinstance(s3, dict):
            for argument in ("use_lockfile", "use_legacy_workflow"):
                if argument in s3:
                    uses.append(Use(f"s3_backend_{argument}", ("terraform", "backend", "s3", argument)))
            for argument in sorted(S3_ASSUME_ROLE_ARGUMENTS & set(s3)):
                path = ("terraform", "backend", "s3", argument)
                uses.append(Use(f"s3_backend_{argument}", path))
    for kind in ("resource", "data"):
        for type_name, name, body in _blocks(doc, kind):
            if kind == "resource" and type_name == "terraform_data":
                uses.append(Use("terraform_data", (kind, type_name, name)))
                if body.get("store") not in (None, [], {}):
                    uses.append(Use("terraform_data_store", (kind, type_name, name, "store")))
            lifecycle = body.get("lifecycle")
            if isinstance(lifecycle, dict):
                for condition, feature in _LIFECYCLE:
                    if condition in lifecycle and lifecycle[condition] not in (None, [], {}):
                        uses.append(Use(feature, (kind, type_name, name, "lifecycle", condition)))
                if any("on_failure" in t for t in _blocks_of(lifecycle.get("action_trigger"))):
                    trigger = (kind, type_name, name, "lifecycle", "action_trigger")
                    uses.append(Use("action_trigger_on_failure", trigger))
            for argument in body:
                if argument.endswith(("_wo", "_wo_version")):
                    uses.append(Use("write_only_arguments", (kind, type_name, name, argument)))
    variables = doc.get("variable")
    for name, body in variables.items() if isinstance(variables, dict) else ():
        if isinstance(body, dict) and body.get("const") is not None:
            uses.append(Use("variable_const", ("variable", name, "const")))
    for found, text in strings(doc, ()):
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


class GateVerdict(Record):
    severity: str  # "error" or "warning"
    message: str
    removed: bool = False  # the CLI no longer (or, for the other CLI's feature, never) accepts it
    fix: str = ""


def judge(gate: Gate, version: Version, cli: Cli = "terraform") -> GateVerdict | None:
    """Whether ``cli`` at ``version`` accepts the feature; None when it does or when nothing is known."""
    name = CLI_LABELS[cli]
    if gate.only is not None and gate.only != cli:
        other: Cli = "terraform" if cli == "opentofu" else "opentofu"
        since = gate.min_opentofu if other == "opentofu" else gate.min_terraform
        return GateVerdict(
            "error",
            f"{gate.description}: exists only in {CLI_LABELS[other]}"
            f"{f' (>= {since})' if since else ''}, the CLI is {name} {version}",
            removed=True,
            fix=f"remove it, or deploy with {CLI_LABELS[other]}",
        )
    if cli == "opentofu":
        if gate.opentofu_source is None:
            return None  # OpenTofu's side is not known: never an error resting on a guess
        minimum, removed_in, experimental = gate.min_opentofu, gate.opentofu_removed_in, None
    else:
        minimum, removed_in, experimental = gate.min_terraform, gate.removed_in, gate.experimental_from
    current = version
    if removed_in and current >= Version(removed_in):
        message = f"{gate.description}: removed in {name} {removed_in}, the CLI is {name} {version}"
        return GateVerdict(
            "error", message, removed=True, fix=f"remove it (or stay below {name} {removed_in})"
        )
    if minimum and current < Version(minimum):
        if experimental and current >= Version(experimental):
            return GateVerdict(
                "warning",
                f"{gate.description}: experimental in {name} {version} (generally available from {minimum})",
                fix=f"use {name} {minimum} or newer",
            )
        message = f"{gate.description}: needs {name} >= {minimum}, the CLI is {name} {version}"
        return GateVerdict("error", message, fix=f"use {name} {minimum} or newer")
    return None


def source_of(gate: Gate, cli: Cli) -> str:
    """Where the row's side for ``cli`` comes from."""
    return (gate.opentofu_source or "") if cli == "opentofu" else gate.source
