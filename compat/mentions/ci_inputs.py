"""Versions a GitHub Actions file reads from its own inputs (``cdktf-cli@${{ inputs.cli-version }}``).

A composite action declares its inputs under ``inputs:`` (with ``runs.using: composite``), a reusable
workflow under ``on.workflow_call.inputs``; each may give a ``default``. A version written exactly as
``${{ inputs.NAME }}`` in such a file is read from that default, unless a caller passes the input: the
callers are the steps (``uses: ./.github/actions/NAME``) and jobs (``uses: ./.github/workflows/F.yml``)
of the repository's other workflows and actions with ``with: NAME: ...``. GitHub resolves a ``./``
path from the repository root. A caller in another repository cannot be seen.

An input a workflow also declares for ``workflow_dispatch`` (its value then depends on the trigger) is
not read from a default.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from compat.mentions.ci_yaml import _scalar_span, mappings
from compat.mentions.model import InputSource, InputValue, LineIndex, Mention
from compat.patterns import LazyPattern
from compat.record import Record

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

_INPUT = LazyPattern(r"\$\{\{\s*inputs\.([A-Za-z_][\w-]*)\s*\}\}")


class LocalCall(Record):
    """A step or job of the repository that calls a local action or reusable workflow with inputs."""

    callee: Path  # the action.yml / action.yaml or workflow file called
    inputs: dict[str, InputValue]


def _value(path: Path, text: str, index: LineIndex, node: CommentedMap, key: str) -> InputValue | None:
    value = node.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    try:
        line, column = node.lc.value(key)
    except (KeyError, TypeError, AttributeError):
        return None
    start = index.offset(line, column)
    if text[start : start + 1] in ("|", ">"):  # a block scalar: not edited in place
        return InputValue(path=path, line=line + 1, value=str(value).strip(), span=None)
    written, span = _scalar_span(text, index, line, column)
    if isinstance(value, str) and written != value:  # escapes, a folded line: not edited in place
        return InputValue(path=path, line=line + 1, value=value, span=None)
    return InputValue(path=path, line=line + 1, value=written, span=span)


def _declared(document: object) -> tuple[CommentedMap | None, frozenset[str]]:
    """The ``inputs`` mapping of a composite action or of a workflow's ``workflow_call`` (None: neither),
    and the input names the workflow also declares for ``workflow_dispatch``."""
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(document, CommentedMap):
        return None, frozenset()
    runs = document.get("runs")
    if isinstance(runs, CommentedMap) and runs.get("using") == "composite":
        inputs = document.get("inputs")
        return (inputs if isinstance(inputs, CommentedMap) else None), frozenset()
    on = document.get("on")
    if not isinstance(on, CommentedMap):
        return None, frozenset()
    call, dispatch = on.get("workflow_call"), on.get("workflow_dispatch")
    inputs = call.get("inputs") if isinstance(call, CommentedMap) else None
    manual = dispatch.get("inputs") if isinstance(dispatch, CommentedMap) else None
    names = frozenset(str(k) for k in manual) if isinstance(manual, CommentedMap) else frozenset()
    return (inputs if isinstance(inputs, CommentedMap) else None), names


def input_defaults(path: Path, text: str, index: LineIndex, documents: list[object]) -> dict[str, InputValue]:
    """The declared default of every input of the file (see the module doc), by input name."""
    from ruamel.yaml.comments import CommentedMap

    if len(documents) != 1:
        return {}
    inputs, manual = _declared(documents[0])
    found: dict[str, InputValue] = {}
    for name, spec in (inputs or {}).items():
        if str(name) in manual or not isinstance(spec, CommentedMap) or "default" not in spec:
            continue
        value = _value(path, text, index, spec, "default")
        if value is not None:
            found[str(name)] = value
    return found


def with_defaults(mentions: Iterable[Mention], defaults: dict[str, InputValue]) -> Iterator[Mention]:
    """``mentions``, each whose version is exactly ``${{ inputs.NAME }}`` of a declared default given its
    :class:`InputSource`."""
    for found in mentions:
        match = _INPUT.fullmatch(found.version.strip()) if found.version else None
        default = defaults.get(match.group(1)) if match else None
        if match and default is not None:
            found = found._replace(input=InputSource(name=match.group(1), default=default))
        yield found


def local_calls(
    path: Path, text: str, index: LineIndex, documents: list[object], root: Path
) -> Iterator[LocalCall]:
    """Every step or job of the file that calls a local action or workflow (``uses: ./...``) with inputs."""
    from ruamel.yaml.comments import CommentedMap

    for node in mappings(documents):
        uses, given = node.get("uses"), node.get("with")
        if not isinstance(uses, str) or not uses.startswith("./") or not isinstance(given, CommentedMap):
            continue
        target = (root / uses).resolve() if ".." not in uses else None
        if target is None or root not in target.parents:
            continue
        if target.suffix in (".yml", ".yaml"):
            callees = [target]
        else:
            callees = [target / "action.yml", target / "action.yaml"]
        values = {str(key): _value(path, text, index, given, str(key)) for key in given}
        inputs = {key: value for key, value in values.items() if value is not None}
        for callee in callees:
            yield LocalCall(callee=callee, inputs=inputs)
