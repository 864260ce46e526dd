"""The commands of a YAML CI file: which string scalars are shell scripts, the shell session and the job
each runs in, the folder it starts in (:mod:`compat.mentions.workdir`), and the reach of what a step puts
on the runner for the rest of its job.

A job is a mapping under a ``jobs:`` key (GitHub Actions, CircleCI, Azure Pipelines) or a GitLab CI job
(a top-level mapping of ``.gitlab-ci.yml`` with a ``script:``, not a hidden ``.template``). A mention
that is job-wide (a global install, a setup action's version, :attr:`Mention.job_wide`) concerns the
folders the job's later commands run in: every command of a ``run:`` script after it (a ``cd`` runs
nothing), a later ``hashicorp/terraform-cdk-action`` step (in its ``workingDirectory``) and a later local
action (``uses: ./...``, anywhere). One of them at the repository root or in an unknown folder makes it
repository-wide; otherwise it concerns them and its own step's folder (none stated: only them). Outside
any job (a composite action, a GitLab ``default:`` or template, a Bitbucket step) a job-wide mention is
repository-wide.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from compat.mentions.ci_yaml import CDK_ACTION, action_name, mappings, step_mentions
from compat.mentions.model import LineIndex, Mention, Span
from compat.mentions.workdir import ROOT, Cwd, ScriptFolder, literal_folder
from compat.record import Record

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

#: YAML keys whose string values are never commands: step titles and the like
_NOT_SHELL = frozenset({"name", "description", "title", "id", "uses", "if", "stage", "stages"})
_IMAGE_KEYS = frozenset({"image", "container"})
#: sequences whose items run in one shell, one after the other (GitLab CI, Bitbucket Pipelines): a ``cd``
#: in an item moves the later ones
_SESSION_LISTS = frozenset({"script", "before_script", "after_script"})
#: the keys whose strings a runner runs as commands (GitHub ``run``, GitLab lists, CircleCI ``command``,
#: Azure ``script`` / ``bash`` / ``pwsh``); the other strings of a job (``runs-on``, an action's inputs,
#: ``env``) run nothing
_SCRIPT_KEYS = _SESSION_LISTS | {"run", "command", "bash", "pwsh", "powershell"}
#: the order GitLab runs a job's lists in
_GITLAB_ORDER = {"before_script": 0, "script": 1, "after_script": 2}
#: top-level keys of ``.gitlab-ci.yml`` that are no job
_GITLAB_KEYWORDS = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "cache"}
    | {"before_script", "after_script"}
)
#: keys that start commands in a folder this reader does not follow (CircleCI's ``working_directory``,
#: Azure's ``workingDirectory``, Taskfile's ``dir``): a file using one has no folder followed
_OTHER_FOLDER_KEYS = frozenset({"working_directory", "workingDirectory", "dir"})
_MOVES = re.compile(r"(?<![\w-])(?:cd|pushd|popd)(?![\w-])")


class ShellScalar(Record):
    """A string scalar of a YAML file that may hold commands."""

    span: Span
    key: str  # its key (a sequence item: the sequence's)
    cwd: Cwd  # the folder it starts in, as the file states it (:mod:`compat.mentions.workdir`)
    session: int  # scalars of one shell session (a GitLab ``script:`` list) share it
    job: int | None  # the job it runs in (None: none this reader knows)
    rank: int  # where its list runs in its job (GitLab: before_script, script, after_script)


#: job -> where each of its commands runs: ((rank of its list, offset), folder; None: root or unknown)
_Ran = dict[int, list[tuple[tuple[int, int], Path | None]]]


class _Walk(Record):
    scalars: list[ShellScalar]
    job_of: dict[int, int | None]  # id of each mapping -> its job


def _start_folder(documents: list[object]) -> Cwd:
    """Where the commands of a CI file start: its base folder (the repository root for GitHub Actions),
    unless a step checks the repository out into ``path:`` or the file sets folders some other way
    (:data:`_OTHER_FOLDER_KEYS`); then no folder of it is followed."""
    nodes = list(mappings(documents))
    inputs = {id(node.get("with")) for node in nodes if "uses" in node}  # an action's inputs set no folder
    for node in nodes:
        if id(node) not in inputs and any(key in node for key in _OTHER_FOLDER_KEYS):
            return None
        uses, given = node.get("uses"), node.get("with")
        checkout = isinstance(uses, str) and action_name(uses) == "actions/checkout"
        if checkout and hasattr(given, "get") and given.get("path") not in (None, "", ".", "./"):
            return None
    return ROOT


def _working_directory(node: Any, inherited: Cwd, start: Cwd) -> Cwd:
    """A GitHub Actions workflow or job mapping's ``defaults.run.working-directory``, else ``inherited``."""
    from ruamel.yaml.comments import CommentedMap

    defaults = node.get("defaults")
    run = defaults.get("run") if isinstance(defaults, CommentedMap) else None
    if isinstance(run, CommentedMap) and "working-directory" in run:
        return literal_folder(run.get("working-directory"), start)
    return inherited


def _job_roots(documents: list[object], gitlab: bool) -> set[int]:
    """The ids of the job mappings of ``documents``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    roots: set[int] = set()
    for node in mappings(documents):
        jobs = node.get("jobs")
        children = (
            jobs.values()
            if isinstance(jobs, CommentedMap)
            else jobs
            if isinstance(jobs, CommentedSeq)
            else []
        )
        roots.update(id(child) for child in children if isinstance(child, CommentedMap))
    if gitlab:
        for document in documents:
            if not isinstance(document, CommentedMap):
                continue
            for key, value in document.items():
                name = str(key)
                job = isinstance(value, CommentedMap) and "script" in value
                if job and not name.startswith(".") and name not in _GITLAB_KEYWORDS:
                    roots.add(id(value))
    return roots


def _inherited_moves(documents: list[object]) -> bool:
    """Some ``before_script`` of a GitLab file outside its jobs' own (``default:``, the top level, a
    template) may change folder: a job without its own starts its script where that one left it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    seen: set[int] = set()
    stack = [node.get("before_script") for node in mappings(documents)]
    while stack:  # each list once: an alias is not followed twice
        node = stack.pop()
        if isinstance(node, str) and _MOVES.search(node):
            return True
        if isinstance(node, (CommentedMap, CommentedSeq)) and id(node) not in seen:
            seen.add(id(node))
            stack.extend(node.values() if isinstance(node, CommentedMap) else node)
    return False


def _key_line(node: CommentedMap, key: str) -> int | None:
    try:
        line, _column = node.lc.key(key)
    except (KeyError, TypeError, AttributeError):
        return None  # a merged (``<<: *template``) key has no position of its own
    return int(line)


def _gitlab_job(
    node: CommentedMap, cwd: Cwd, inherited_moves: bool, local: frozenset[str]
) -> tuple[bool, Cwd]:
    """Whether a GitLab job's ``before_script`` and ``script`` can be read as the one shell GitLab runs
    them in (before_script first in the file too), and the folder its ``script`` starts in: without a
    ``before_script`` of its own, unknown when one it may inherit changes folder or it extends a template
    of another file (``local``: the top-level keys of this one)."""
    if "before_script" not in node:
        extends = node.get("extends")
        named = [extends] if isinstance(extends, str) else extends if isinstance(extends, list) else []
        elsewhere = extends is not None and (not named or any(name not in local for name in named))
        return False, None if inherited_moves or elsewhere else cwd
    before, script = _key_line(node, "before_script"), _key_line(node, "script")
    if before is None or script is None or before > script:
        return False, None
    return True, cwd


#: the key of a scalar standing for GitLab's ``!reference [...]`` in a script: lines this reader does not
#: see run there, so the shell's folder is unknown from it on
REFERENCE = "!reference"


def _is_reference(node: object) -> bool:
    tag = getattr(node, "tag", None)
    return getattr(tag, "value", None) == REFERENCE


def _walk(text: str, index: LineIndex, documents: list[object], start: Cwd, gitlab: bool) -> _Walk:
    """Every string scalar that may hold commands, with its key, session, job and the folder it starts in.

    ruamel gives where a node starts, not where it ends: a scalar ends where the next node of the
    document starts (a key, an item, a value), or at the end of the text.
    """
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    roots = _job_roots(documents, gitlab)
    inherited_moves = gitlab and _inherited_moves(documents)
    local = frozenset(
        str(key) for document in documents if isinstance(document, CommentedMap) for key in document
    )
    starts: set[int] = set()
    found: list[tuple[int, str, Cwd, int, int | None, int]] = []
    job_of: dict[int, int | None] = {}
    # (node, key, folder, shell session of a list's items, job, rank of the list in its job)
    stack: list[tuple[Any, str, Cwd, int | None, int | None, int]] = [
        (document, "", start, None, None, 0) for document in documents
    ]
    seen: set[int] = set()
    while stack:
        node, key, cwd, session, job, rank = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CommentedMap):
            job = id(node) if id(node) in roots else job
            job_of[id(node)] = job
            cwd = _working_directory(node, cwd, start)
            shared, script_cwd = (False, cwd)
            if gitlab and id(node) in roots:
                shared, script_cwd = _gitlab_job(node, cwd, inherited_moves, local)
            for child_key, value in node.items():
                try:
                    key_line, key_column = node.lc.key(child_key)
                    value_line, value_column = node.lc.value(child_key)
                except (KeyError, TypeError, AttributeError):
                    continue
                name = str(child_key)
                starts.add(index.offset(key_line, key_column))
                offset = index.offset(value_line, value_column)
                starts.add(offset)
                child_session = None if isinstance(value, str) else id(value)
                child_cwd, child_rank = cwd, rank
                if gitlab and id(node) in roots:
                    child_rank = _GITLAB_ORDER.get(name, 0)
                    if name in ("before_script", "script"):  # one shell, when ``shared``
                        child_session = id(node) if shared else child_session
                        child_cwd = script_cwd if name == "script" else cwd
                if isinstance(value, str):
                    step = name == "run" and "working-directory" in node
                    runs_in = literal_folder(node.get("working-directory"), start) if step else child_cwd
                    alone = offset if child_session is None else child_session
                    if name not in _NOT_SHELL:
                        found.append((offset, name, runs_in, alone, job, child_rank))
                    elif name == "name" and key in _IMAGE_KEYS:  # GitLab's image: {name: ...}
                        found.append((offset, key, runs_in, offset, job, rank))
                elif name in _SESSION_LISTS and _is_reference(value):
                    found.append((offset, REFERENCE, None, child_session or offset, job, child_rank))
                else:
                    listed = child_session if name in _SESSION_LISTS else None
                    stack.append((value, name, child_cwd, listed, job, child_rank))
        elif isinstance(node, CommentedSeq):
            for number, item in enumerate(node):
                try:
                    item_line, item_column = node.lc.item(number)
                except (KeyError, TypeError, AttributeError, IndexError):
                    continue
                offset = index.offset(item_line, item_column)
                starts.add(offset)
                if isinstance(item, str):
                    found.append((offset, key, cwd, offset if session is None else session, job, rank))
                elif _is_reference(item):  # GitLab's !reference [.template, script]: lines from elsewhere
                    found.append((offset, REFERENCE, None, offset if session is None else session, job, rank))
                elif isinstance(item, CommentedSeq):  # GitLab flattens a nested list into the script
                    stack.append((item, key, cwd, session, job, rank))
                else:
                    stack.append((item, key, cwd, None, job, rank))
    ordered = sorted(starts)
    scalars = []
    for offset, key, runs_in, session, job, rank in found:
        following = bisect_right(ordered, offset)
        end = ordered[following] if following < len(ordered) else len(text)
        span = _scalar_text(text, offset, end)
        scalars.append(ShellScalar(span=span, key=key, cwd=runs_in, session=session, job=job, rank=rank))
    return _Walk(scalars=scalars, job_of=job_of)


def _scalar_text(text: str, start: int, end: int) -> Span:
    """The span of the scalar written at ``start``, the next node starting at ``end``: inside its quotes
    when quoted (what the shell runs: ``- "cd infra"`` is ``cd infra``), else up to a flow collection's
    ``,`` / ``]`` / ``}`` (``before_script: [cd infra]``: a plain scalar in a flow holds none of them; one in
    a block may, and runs to ``end``)."""
    quote = text[start : start + 1]
    if quote in ("'", '"'):
        position = start + 1
        while position < end:
            char = text[position]
            if quote == '"' and char == "\\":
                position += 2
                continue
            if char == quote:
                if quote == "'" and text[position + 1 : position + 2] == "'":
                    position += 2
                    continue
                return Span(start + 1, position)
            position += 1
        return Span(start, end)
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start].rstrip()
    if before.endswith(("[", ",", "{")) or before.endswith(":") and "{" in before:
        cut = min((i for i in (text.find(c, start, end) for c in ",]}") if i >= 0), default=end)
        return Span(start, cut)
    return Span(start, end)


def _anchor(found: Mention) -> int:
    span = found.name_span or found.version_span
    return span.start if span is not None else 0


def _action_runs(
    step: CommentedMap, index: LineIndex, start: Cwd, session: ScriptFolder
) -> tuple[int, Path | None] | None:
    """Where a ``uses:`` step runs commands of the project: terraform-cdk-action in its
    ``workingDirectory``, a local action anywhere (None); any other action runs none of them."""
    uses = step.get("uses")
    try:
        line, column = step.lc.value("uses")
    except (KeyError, TypeError, AttributeError):
        return None
    offset = index.offset(line, column)
    if uses.startswith("./"):
        return offset, None
    if action_name(uses) != CDK_ACTION:
        return None
    given = step.get("with")
    written = given.get("workingDirectory") if hasattr(given, "get") else None
    return offset, session.absolute(literal_folder("./" if written is None else written, start))


def yaml_mentions(
    path: Path, text: str, index: LineIndex, documents: list[object], base: Path
) -> list[Mention]:
    """The mentions of a parsed YAML CI file whose folder ``.`` is ``base``, each with the folders it
    concerns (see the module doc)."""
    from compat.mentions.shell import shell_mentions

    start = _start_folder(documents)
    walk = _walk(text, index, documents, start, path.name == ".gitlab-ci.yml")
    resolved: dict[PurePosixPath, Path | None] = {}
    outside = ScriptFolder(base, start, resolved)
    placed: list[tuple[Mention, int | None, tuple[int, int]]] = []
    ran: _Ran = {}
    for step, found in step_mentions(path, text, index, documents):
        job = walk.job_of.get(id(step))
        runs = _action_runs(step, index, start, outside)
        folder = runs[1] if runs is not None else None
        if folder is not None and (found.kind == "action" or found.job_wide):
            found = found._replace(folders=(folder,))  # terraform-cdk-action's workingDirectory
        placed.append((found, job, (0, runs[0] if runs is not None else _anchor(found))))
    for step in mappings(documents):
        job = walk.job_of.get(id(step))
        if job is not None and isinstance(step.get("uses"), str):
            runs = _action_runs(step, index, start, outside)
            if runs is not None:
                ran.setdefault(job, []).append(((0, runs[0]), runs[1]))
    sessions: dict[int, ScriptFolder] = {}
    for scalar in sorted(walk.scalars, key=lambda s: s.span.start):
        session = sessions.get(scalar.session) or sessions.setdefault(
            scalar.session, ScriptFolder(base, scalar.cwd, resolved)
        )
        if scalar.key == REFERENCE:
            session.cwd = None
            if scalar.job is not None:
                ran.setdefault(scalar.job, []).append(((scalar.rank, scalar.span.start), None))
            continue
        already = len(session.ran)
        for found in shell_mentions(
            path,
            text,
            index,
            scalar.key,
            scalar.span.start,
            scalar.span.end,
            images=scalar.key in _IMAGE_KEYS,
            session=session,
        ):
            placed.append((found, scalar.job, (scalar.rank, _anchor(found) + 1)))
        if scalar.job is not None and scalar.key in _SCRIPT_KEYS:
            later = (((scalar.rank, at), session.absolute(cwd)) for at, cwd in session.ran[already:])
            ran.setdefault(scalar.job, []).extend(later)
    reach = {job: _Reach(commands) for job, commands in ran.items()}
    return [_reached(found, job, order, reach) for found, job, order in placed]


#: a job-wide mention whose later commands run in more folders than this is repository-wide
_MOST_FOLDERS = 64


class _Reach:
    """The folders a job's commands from each point on run in, for every job-wide mention at once."""

    def __init__(self, commands: list[tuple[tuple[int, int], Path | None]]) -> None:
        commands = sorted(commands, key=lambda command: command[0])
        self.orders = [order for order, _folder in commands]
        #: from the i-th command on: every folder, None when one is unknown, the root or too many
        self.after: list[frozenset[Path] | None] = [None] * len(commands)
        folders: frozenset[Path] | None = frozenset()
        for number in range(len(commands) - 1, -1, -1):
            folder = commands[number][1]
            if folder is None or (folders is not None and len(folders) >= _MOST_FOLDERS):
                folders = None
            elif folders is not None and folder not in folders:
                folders = folders | {folder}
            self.after[number] = folders

    def from_order(self, order: tuple[int, int]) -> frozenset[Path] | None:
        first = bisect_left(self.orders, order)
        return self.after[first] if first < len(self.after) else frozenset()


def _reached(found: Mention, job: int | None, order: tuple[int, int], reach: dict[int, _Reach]) -> Mention:
    """``found`` with the folders it concerns: a job-wide one those of its job's later commands."""
    if not found.job_wide:
        return found
    later = reach[job].from_order(order) if job in reach else frozenset() if job is not None else None
    if later is None:
        return found._replace(folders=())
    return found._replace(folders=tuple(sorted({*found.folders, *later})))
