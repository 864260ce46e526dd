"""Mentions in shell text: CI ``run:`` scripts, Makefile recipes, Dockerfile ``RUN``, npm scripts.

Read line by line with patterns for the few shapes that name the tools: a package with a version
(``cdktf-cli@0.21.0``, ``cdktf==0.21.0``), a package on an install line, a run of the CLI
(``cdktf synth``) and a Node.js image (``node:20``). Comment lines are skipped. A version written
with a variable (``cdktf-cli@$CDKTF_VERSION``) is still a mention, marked as dynamic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from compat.mentions.model import LineIndex, Mention, MentionKind, Span, mention

if TYPE_CHECKING:
    from compat.mentions.workdir import ScriptFolder

#: a version as a shell word: up to whitespace, quote, or a shell operator
#: each ``$`` has exactly one reading (``${{ }}``, ``${ }``, ``$( )`` or a lone ``$``), so a word that
#: fails to match is given up in linear time, never by trying every split of it
_WORD = (
    r"(?:\$\{\{[^}\n]*\}\}|\$\{(?!\{)[^}\n]*\}|\$\([^)\n]*\)|\$(?![{(])"
    r"|[^\s\"'`;|&()<>,\]$])+"
)
_CLI_PACKAGE = re.compile(rf"(?<![\w@/.$-])(?P<name>cdkt[fn]-cli)(?:@(?P<version>{_WORD}))?(?![\w-])")
_NPM_PACKAGE = re.compile(
    rf"(?<![\w@/.$-])(?P<name>@cdkt[fn]/[a-z0-9][\w.-]*?|cdkt[fn])(?:@(?P<version>{_WORD}))?(?=$|[\s\"'`;|&)])"
)
_NPM_INSTALL = re.compile(
    r"\b(?:npm\s+(?:i|install|add|ci)|yarn\s+(?:global\s+)?add|pnpm\s+(?:add|i|install)|bun\s+(?:add|install)"
    r"|npx|pnpx|bunx)\b"
)
_PY_PACKAGE = re.compile(
    r"(?<![\w@/.$-])(?P<name>cdkt[fn]-cdktf-provider-[a-z0-9-]+|cdktn-provider-[a-z0-9-]+|cdkt[fn])"
    r"(?P<version>(?:===?|>=|<=|~=|!=|<|>)\s*[\w.*+!$-]+(?:\s*,\s*(?:===?|>=|<=|~=|!=|<|>)\s*[\w.*+!$-]+)*)"
)
_PY_INSTALL = re.compile(r"\b(?:pip3?|uv\s+pip|uv\s+add|poetry\s+add|pipenv\s+install|pipx)\b")
_SUBCOMMANDS = (
    "synth|deploy|diff|destroy|get|init|list|ls|output|outputs|plan|apply|watch|convert|provider|debug"
    "|login|logout|force-unlock|migrate|help|version|--version|-v"
)
#: ``cdktf synth``, ``npx cdktf get``, ``./node_modules/.bin/cdktf deploy``, ``$(yarn bin)/cdktf synth``
_CLI_COMMAND = re.compile(
    rf"(?:(?<=bin/)|(?<=bin\)/)|(?<![\w./@$-]))(?P<name>cdkt[fn])(?=[ \t]+(?:{_SUBCOMMANDS})(?![\w-]))"
)
_NODE_IMAGE = re.compile(r"(?<![\w/.-])(?:library/)?node:(?P<version>\d+(?:\.\d+){0,2})(?![\w.])")
#: the CLI images whose tag is the CLI's version: ``hashicorp/terraform:1.5.7`` (Docker Hub, also through
#: ``docker.io/`` or ``public.ecr.aws/``) and ``ghcr.io/opentofu/opentofu:1.8.0`` (``-minimal`` tags too);
#: a tag that is no version (``light``, ``latest``, ``${TF}``) is not a pin
_CLI_IMAGE = re.compile(
    r"(?<![\w/.-])(?:(?:docker\.io|index\.docker\.io|public\.ecr\.aws|ghcr\.io)/)?"
    r"(?P<name>hashicorp/terraform|opentofu/opentofu):"
    r"(?P<version>\d+\.\d+(?:\.\d+)?(?:-(?:alpha|beta|rc)[\w.]*)?)(?=$|[\s\"'@]|-[a-z])"
)
_IMAGE_CLI: dict[str, tuple[MentionKind, str]] = {
    "hashicorp/terraform": ("terraform-version", "terraform"),
    "opentofu/opentofu": ("opentofu-version", "opentofu"),
}


#: a command continued past this many characters is read line by line (a hostile file of ``\\`` lines
#: would otherwise rebuild an ever longer command at each line)
_LONGEST_COMMAND = 4096
#: what a YAML scalar's span may hold after its text, up to the next node (``- `` of the next item)
_YAML_MARKS = " \t-?:,[]{}|>"


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """(offset, line) of each line of ``text[start:end]``, newline excluded."""
    position = start
    for line in text[start:end].split("\n"):
        yield position, line
        position += len(line) + 1


def shell_mentions(
    path: Path,
    text: str,
    index: LineIndex,
    context: str,
    start: int = 0,
    end: int | None = None,
    images: bool = False,
    session: ScriptFolder | None = None,
) -> Iterator[Mention]:
    """Every mention in ``text[start:end]`` read as shell lines; ``images`` (a Dockerfile, a CI ``image:``):
    also the Node.js, Terraform and OpenTofu images (``FROM node:20``, ``FROM hashicorp/terraform:1.5.7``,
    ``COPY --from=ghcr.io/opentofu/opentofu:1.8.0 ...``).

    ``session`` (a CI script): the folder the script starts in, moved by its ``cd`` lines as they are
    read; each mention gets the folder its command runs in (:mod:`compat.mentions.workdir`)."""
    for offset, line in _lines(text, start, len(text) if end is None else end):
        if line.lstrip().startswith("#"):
            continue
        if session is None:
            yield from _line_mentions(path, line, offset, index, context, images)
            continue
        from compat.mentions.workdir import command_at, line_commands, package_scope  # a CI script's first

        commands, session.cwd, session.depth = line_commands(line, session.cwd, session.depth)
        carried, session.carry = session.carry, None
        if carried is not None and commands:  # the line goes on the command the last one ended with ``\``
            commands[0] = commands[0]._replace(text=f"{carried.text} {commands[0].text}", cwd=carried.cwd)
        for number, command in enumerate(commands):
            ran = command.text.strip(_YAML_MARKS) and not command.moves  # not a YAML item's dash
            if ran and (number or carried is None):
                session.ran.append((offset + command.start, package_scope(command.text, command.cwd).folder))
        if commands and line.rstrip().endswith("\\") and len(commands[-1].text) < _LONGEST_COMMAND:
            last = commands[-1]
            session.carry = last._replace(text=last.text.rstrip().removesuffix("\\"))
        for found in _line_mentions(path, line, offset, index, context, images):
            anchor = found.name_span or found.version_span
            at = command_at(commands, anchor.start - offset if anchor else 0)
            scope = package_scope(at.text, at.cwd) if at is not None else None
            folder = session.absolute(scope.folder) if scope is not None else None
            if scope is not None and scope.job_wide:
                found = found._replace(job_wide=True)
            yield found if folder is None else found._replace(folders=(folder,))


def _line_mentions(
    path: Path, line: str, offset: int, index: LineIndex, context: str, images: bool
) -> Iterator[Mention]:
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def found(match: re.Match[str], kind: MentionKind, versioned: bool = True) -> Mention:
        taken.append((match.start(), match.end()))
        name_span = Span(offset + match.start("name"), offset + match.end("name"))
        version = match.group("version") if versioned else None
        version_span = (
            Span(offset + match.start("version"), offset + match.end("version"))
            if version is not None
            else None
        )
        return mention(path, index, kind, match.group("name"), name_span, version, version_span, context)

    for match in _CLI_PACKAGE.finditer(line):
        yield found(match, "npm-package")
    install = _NPM_INSTALL.search(line)
    if install is not None:
        for match in _NPM_PACKAGE.finditer(line, install.end()):
            if free(match.start(), match.end()) and not _is_command(line, match):
                yield found(match, "npm-package")
    if _PY_INSTALL.search(line):
        for match in _PY_PACKAGE.finditer(line):
            if free(match.start(), match.end()):
                yield found(match, "python-package")
    for match in _CLI_COMMAND.finditer(line):
        if free(match.start(), match.end()):
            yield found(match, "cli-command", versioned=False)
    if images:
        for match in _NODE_IMAGE.finditer(line):
            span = Span(offset + match.start("version"), offset + match.end("version"))
            yield mention(path, index, "node-version", "node", None, match.group("version"), span, context)
        for match in _CLI_IMAGE.finditer(line):
            kind, tool = _IMAGE_CLI[match.group("name")]
            span = Span(offset + match.start("version"), offset + match.end("version"))
            where = f"{context} {match.group('name')}"
            yield mention(path, index, kind, tool, None, match.group("version"), span, where)


def _is_command(line: str, match: re.Match[str]) -> bool:
    """``npx cdktf synth``: the bare core name followed by a subcommand runs the CLI."""
    return match.group("version") is None and bool(_CLI_COMMAND.match(line, match.start()))
