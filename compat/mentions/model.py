"""Value objects of the repository-files scanner: a mention, its spans, a file it could not read."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from compat.record import Record

#: what a mention is:
#: ``npm-dependency`` a package.json dependency (``cdktf-cli``, ``cdktf``, ``@cdktf/provider-aws``);
#: ``npm-package`` a package named with a version in a shell command (``npm i -g cdktf-cli@0.21.0``);
#: ``python-package`` a requirement in a shell command (``pip install cdktf==0.21.0``);
#: ``cli-command`` a run of the CLI (``cdktf synth``, ``npx cdktf deploy``);
#: ``action`` a CI action (``uses: hashicorp/terraform-cdk-action@v5``), its inputs ``action-input``;
#: ``node-version`` / ``terraform-version`` / ``opentofu-version`` a runtime version a file pins.
MentionKind = Literal[
    "npm-dependency",
    "npm-package",
    "python-package",
    "cli-command",
    "action",
    "action-input",
    "node-version",
    "terraform-version",
    "opentofu-version",
]


class Span(Record):
    """Character offsets ``[start, end)`` into the file's text (as read, newlines untranslated)."""

    start: int
    end: int


class InputValue(Record):
    """A value given to a CI input: the default its file declares, or what a caller passes (``with:``)."""

    path: Path
    line: int  # 1-based
    value: str  # as written, without quotes
    span: Span | None  # None: written in a form that cannot be edited in place (a block scalar)

    @property
    def dynamic(self) -> bool:
        return any(mark in self.value for mark in ("$", "{{", "%"))


class InputSource(Record):
    """The input of a composite action (``inputs:``) or reusable workflow (``on.workflow_call.inputs``)
    a version is read from: its default in the same file, and the values the repository's callers pass."""

    name: str
    default: InputValue
    callers: tuple[InputValue, ...] = ()


class Mention(Record):
    path: Path
    line: int  # 1-based line of the mention (of its name, else its version)
    column: int  # 1-based
    kind: MentionKind
    name: str  # what is named: "cdktf-cli", "cdktf", "@cdktf/provider-aws", "hashicorp/terraform-cdk-action"
    name_span: Span | None  # where the name is written (None: implied, e.g. by .nvmrc)
    version: str | None  # the version text as written ("0.21.0", "^0.21.0", "${{ env.CDKTF }}")
    version_span: Span | None
    context: str  # where it sits: "devDependencies", "scripts.synth", "run", "with.cdktfVersion", ...
    #: the folders a CI command concerns, when the file states them literally (``working-directory: main``,
    #: ``cd main``; :mod:`compat.mentions.workdir`): the one it runs in, or for a global install the ones
    #: the later commands of its job run in; empty: not stated, the repository root, or built at run
    #: time, so the mention applies to every project of the repository
    folders: tuple[Path, ...] = ()
    #: it puts a tool on the runner for the later steps of its job, whatever their folder (``npm i -g``,
    #: ``yarn global add``, a setup action's version input, terraform-cdk-action's ``cdktfVersion``)
    job_wide: bool = False
    #: the CI input its version is read from (``cdktf-cli@${{ inputs.cli-version }}``), when the same file
    #: declares that input with a default (:mod:`compat.mentions.ci_inputs`)
    input: InputSource | None = None

    def applies_to(self, project: Path) -> bool:
        """The mention concerns ``project``: no folder stated, or a command runs in the project, in a
        folder of it, or in a folder holding it (``cd infra`` for ``infra/app``); a command that runs
        in a sibling project's folder does not."""
        if not self.folders:
            return True
        return any(f == project or project in f.parents or f in project.parents for f in self.folders)

    def from_default(self) -> Mention | None:
        """The mention with the version its input's default gives (``${{ inputs.v }}`` of a composite
        action or reusable workflow declaring ``v`` with a default), when no caller in the repository
        passes the input; None otherwise (a caller outside the repository is not seen)."""
        source = self.input
        if source is None or source.callers or source.default.dynamic:
            return None
        where = f"{self.context}, input {source.name} default at line {source.default.line}"
        return self._replace(version=source.default.value, version_span=None, context=where, input=None)

    @property
    def dynamic_version(self) -> bool:
        """The version is built at run time (a variable, an expression), so no tool can move it safely."""
        return self.version is not None and any(mark in self.version for mark in ("$", "{{", "%"))


class Unreadable(Record):
    """A file the scanner could not read or parse (its mentions may be missing)."""

    path: Path
    reason: str


class RepositoryMentions(Record):
    root: Path  # the repository root (the folder holding .git), else the project folder
    mentions: tuple[Mention, ...]
    texts: Mapping[Path, str]  # the text of every file holding a mention, as read
    unreadable: tuple[Unreadable, ...] = ()

    def in_file(self, path: Path) -> list[Mention]:
        return [m for m in self.mentions if m.path == path]


class LineIndex:
    """1-based line and column of an offset, from one pass over the text."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self._starts.append(index + 1)

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def offset(self, line: int, column: int) -> int:
        """Offset of 0-based ``line`` and ``column`` (ruamel's positions)."""
        return self._starts[line] + column if line < len(self._starts) else self._starts[-1]


def mention(
    path: Path,
    index: LineIndex,
    kind: MentionKind,
    name: str,
    name_span: Span | None,
    version: str | None,
    version_span: Span | None,
    context: str,
) -> Mention:
    """A :class:`Mention`, positioned at its name (else its version)."""
    anchor = name_span or version_span
    line, column = index.position(anchor.start) if anchor else (1, 1)
    return Mention(
        path=path,
        line=line,
        column=column,
        kind=kind,
        name=name,
        name_span=name_span,
        version=version,
        version_span=version_span,
        context=context,
    )


def texts_of(mentions: list[Mention], texts: Mapping[Path, str]) -> dict[Path, str]:
    return {m.path: texts[m.path] for m in mentions}
