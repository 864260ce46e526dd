"""Mentions in YAML CI files read for their structure (ruamel.yaml round-trip, which keeps positions).

Every mapping with a ``uses:`` key is a step (GitHub Actions workflows and composite actions): the
action's inputs that pin the tools (``cdktfVersion``, ``terraformVersion``, setup-terraform's
``terraform_version``, setup-opentofu's ``tofu_version``, setup-node's ``node-version``) are mentions
at their exact value span. ``run:`` scripts and GitLab ``script:`` lines are read as shell text by
:mod:`compat.mentions.shell` over the whole file, so a mention has one position whatever the YAML style.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from compat.mentions.model import LineIndex, Mention, MentionKind, Span, mention

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

#: ``owner/name`` of an action -> its inputs that pin a tool: input -> (kind, name)
KNOWN_ACTIONS: dict[str, dict[str, tuple[MentionKind, str]]] = {
    "hashicorp/terraform-cdk-action": {
        "cdktfVersion": ("action-input", "cdktf-cli"),
        "terraformVersion": ("terraform-version", "terraform"),
    },
    "hashicorp/setup-terraform": {"terraform_version": ("terraform-version", "terraform")},
    "opentofu/setup-opentofu": {"tofu_version": ("opentofu-version", "opentofu")},
    "actions/setup-node": {"node-version": ("node-version", "node")},
}


class YamlError(ValueError):
    pass


#: deeper than this (flow brackets, or block indentation in columns) a file is not handed to the parser:
#: ruamel.yaml recurses per level and takes seconds to fail on 50,000 (no CI file nests past a dozen)
MAX_NESTING = 200


def too_nested(text: str) -> bool:
    """A cheap bound on the nesting of ``text`` (quotes ignored: an over-estimate is only a skip)."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif char in "]}":
            depth = max(depth - 1, 0)
    if deepest > MAX_NESTING:
        return True
    return any(len(line) - len(line.lstrip(" ")) > MAX_NESTING * 4 for line in text.splitlines())


def load_yaml(text: str) -> Any:
    """Every document of ``text`` (round-trip nodes, with positions); :class:`YamlError` if unreadable."""
    if too_nested(text):
        raise YamlError(f"nested deeper than {MAX_NESTING} levels")
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = True
    try:
        return list(yaml.load_all(text))
    except (YAMLError, RecursionError, ValueError, TypeError, AttributeError) as error:
        raise YamlError(str(error).splitlines()[0] if str(error) else type(error).__name__) from error


def action_name(uses: str) -> str:
    """``hashicorp/terraform-cdk-action`` of ``hashicorp/terraform-cdk-action@v5`` (or of a sub-path)."""
    base = uses.split("@", 1)[0]
    return "/".join(base.split("/")[:2]).lower()


def _scalar_span(text: str, index: LineIndex, line: int, column: int) -> tuple[str, Span]:
    """The scalar written at 0-based (line, column): its text without quotes and its span."""
    start = index.offset(line, column)
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if start < len(text) and text[start] in "\"'":
        quote = text[start]
        close = text.find(quote, start + 1, end)
        close = end if close < 0 else close
        return text[start + 1 : close], Span(start + 1, close)
    raw = text[start:end]
    cut = raw.find(" #")
    raw = raw if cut < 0 else raw[:cut]
    for stop in (",", "}"):  # a flow mapping: {node-version: 20, cache: npm}
        if stop in raw and text[start - 1 : start] != "|":
            raw = raw.split(stop, 1)[0]
    raw = raw.rstrip()
    return raw, Span(start, start + len(raw))


def mappings(documents: list[Any]) -> Iterator[Any]:
    """Every mapping of ``documents``, each once (an alias is not followed twice)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    stack = list(documents)
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias: one node reached twice
            continue
        seen.add(id(node))
        if isinstance(node, CommentedMap):
            yield node
            stack.extend(node.values())
        elif isinstance(node, CommentedSeq):
            stack.extend(node)


#: the action that runs the cdktf CLI in its ``workingDirectory`` input (relative to the checkout, the
#: action's own ``./`` by default) after installing ``cdktf-cli@<cdktfVersion>`` with ``npm install -g``
CDK_ACTION = "hashicorp/terraform-cdk-action"


def action_mentions(path: Path, text: str, index: LineIndex, documents: list[object]) -> Iterator[Mention]:
    """The steps of ``documents`` that use an action of the tools, and the inputs that pin them."""
    for _step, found in step_mentions(path, text, index, documents):
        yield found


def step_mentions(
    path: Path, text: str, index: LineIndex, documents: list[object]
) -> Iterator[tuple[CommentedMap, Mention]]:
    """:func:`action_mentions`, each with its step. The inputs that pin a tool put it on the runner for
    the job's later steps (a setup action adds it to the PATH, terraform-cdk-action installs cdktf-cli
    globally): they are job-wide."""
    for step in mappings(documents):
        uses = step.get("uses")
        if not isinstance(uses, str):
            continue
        name = action_name(uses)
        inputs = KNOWN_ACTIONS.get(name)
        if inputs is None and "cdktf" not in name and "cdktn" not in name and "terraform-cdk" not in name:
            continue
        line, column = step.lc.value("uses")
        written, span = _scalar_span(text, index, line, column)
        at = written.find("@")
        version = written[at + 1 :] if at >= 0 else None
        version_span = Span(span.start + at + 1, span.end) if at >= 0 else None
        name_span = Span(span.start, span.start + (at if at >= 0 else len(written)))
        if inputs is None or "cdktfVersion" in inputs:
            yield step, mention(path, index, "action", name, name_span, version, version_span, "uses")
        given = step.get("with")
        if inputs is None or not hasattr(given, "lc"):
            continue
        for key, (kind, tool) in inputs.items():
            if key not in given or given.get(key) is None or isinstance(given.get(key), (dict, list)):
                continue
            line, column = given.lc.value(key)
            value, value_span = _scalar_span(text, index, line, column)
            found = mention(path, index, kind, tool, None, value, value_span, f"with.{key}")
            yield step, found._replace(job_wide=True)
