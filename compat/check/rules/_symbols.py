"""Where a name the pinned release lacks went: same Terraform type, another module, other releases."""

from __future__ import annotations

from compat.check.context import CheckContext
from compat.index.model import ReleaseIndex
from compat.index.naming import tf_type_guesses
from compat.record import Record


class Replacement(Record):
    module: str
    name: str
    reason: str  # why: "the construct for Terraform type ...", "that module exports it in 19.65.1"


def replacement(index: ReleaseIndex, module: str, name: str) -> Replacement | None:
    """The class of ``index`` to use instead of ``module.name`` (absent there), if one can be named.

    First a construct of the same Terraform type in the same module (``S3BucketVersioningA``),
    then the module that now exports the same name, then a same-type construct elsewhere. The
    index answers each Terraform type with one lookup; a class is read only when it is a candidate.
    """
    data_wanted = name.startswith("DataAws")
    same_type = [
        (found_module, found_name, tf_type)
        for tf_type in tf_type_guesses(name)
        for found_module, found_name in index.classes_for_tf_type(tf_type)
        if found_name.startswith("DataAws") == data_wanted
    ]

    def construct(found_module: str, found_name: str) -> bool:
        info = index.class_info(found_module, found_name)
        return info is not None and info.kind == "construct"

    for found_module, found_name, tf_type in same_type:
        if found_module == module and construct(found_module, found_name):
            return Replacement(found_module, found_name, f"the construct for Terraform type {tf_type}")
    elsewhere = index.modules_exporting(name)
    if elsewhere:
        return Replacement(elsewhere[0], name, f"that module exports it in {index.version}")
    for found_module, found_name, tf_type in same_type:
        if construct(found_module, found_name):
            return Replacement(found_module, found_name, f"the construct for Terraform type {tf_type}")
    return None


def release_range(ctx: CheckContext, name: str) -> str | None:
    """The releases of the family where ``name`` exists, from the index engineer's ``find`` (when built)."""
    try:
        from compat.index import find
    except ImportError:
        return None
    try:
        hits = find(name, package=ctx.bindings.name if ctx.bindings else ctx.family.bindings)
    except Exception:  # the index is optional help for a message, never a reason to fail
        return None
    parts: list[str] = []
    for hit in hits[:3]:
        dotted = f"{ctx.package_module}.{hit.module}" if hit.module else ctx.package_module
        parts.append(f"{dotted} in {hit.first_version}..{hit.last_version}")
    return "; ".join(parts) or None
