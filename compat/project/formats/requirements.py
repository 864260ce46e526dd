"""``requirements*.txt`` (pip): pins read with their line; a requirement rewritten, the rest kept.

pip's format is line based: ``#`` after whitespace starts a comment, a trailing backslash joins the
next line, lines starting with ``-`` are options (``-r``, ``-c``, ``--index-url``) and options
such as ``--hash`` may follow a requirement. A path, URL or VCS line (``./dist/cdktf-0.0.0-py3-none-any.whl``,
``-e git+https://...#egg=cdktf``, ``cdktf @ file:///...``) installs a package that is not a registry
release: its pin carries :attr:`Pin.source`. One whose name cannot be told is skipped, and so is
(with a note) a line compat cannot read that does not name a cdktf package.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.specifiers import SpecifierSet

from compat.errors import CompatError
from compat.patterns import LazyPattern
from compat.project._toml import first_line
from compat.project.formats.base import Edited, ManifestFormat, ManifestSource
from compat.project.model import Manifest, Pin, canonical, is_cdktf_package
from compat.record import Record

if TYPE_CHECKING:
    from packaging.requirements import Requirement

    from compat.project.wanted import WantedPin

_COMMENT = LazyPattern(r"(^|\s)#.*$")
_OPTIONS = LazyPattern(r"\s+--?[A-Za-z]")
_NAME = LazyPattern(r"^[A-Za-z0-9][A-Za-z0-9._-]*")
_URL = LazyPattern(r"^\w+(\+\w+)?://")
_EDITABLE = LazyPattern(r"^(-e|--editable)(\s+|=)")
#: a line naming another requirements file (compat reads it only when it is a manifest of its own)
_INCLUDE = LazyPattern(r"^[ \t]*(?:-r|--requirement|-c|--constraint)(?:[ \t]+|=)(\S+)", re.MULTILINE)
_EGG = LazyPattern(r"[#&]egg=([A-Za-z0-9][A-Za-z0-9._-]*)")


class RequirementLine(Record):
    """One logical line: ``first`` and ``last`` are 0-based physical line indexes."""

    first: int
    last: int
    requirement_text: str  # the requirement part (no comment, no options)
    requirement: Requirement
    source: str | None = None  # a path, URL or VCS target the package is installed from


def _named_target(target: str) -> str | None:
    """The package a path or URL installs, when its ``#egg=`` or its wheel / sdist file name says."""
    egg = _EGG.search(target)
    if egg:
        return egg.group(1)
    from packaging.utils import (  # with packaging.tags: only for a wheel / sdist line
        InvalidSdistFilename,
        InvalidWheelFilename,
        parse_sdist_filename,
        parse_wheel_filename,
    )

    filename = target.split("#", 1)[0].split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    try:
        return (
            str(parse_wheel_filename(filename)[0])
            if filename.endswith(".whl")
            else str(parse_sdist_filename(filename)[0])
        )
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None


def _direct(body: str) -> tuple[Requirement, str] | None:
    """A path / URL / editable line as a requirement on its package plus where it comes from."""
    target = _EDITABLE.sub("", body, count=1).strip()
    if target.startswith("-") or not (target.startswith((".", "/")) or _URL.match(target)):
        return None
    from packaging.requirements import Requirement  # PEP 508 parser: only where one is read

    name = _named_target(target)
    return (Requirement(name), target) if name else None


def _logical_lines(lines: list[str]) -> list[tuple[int, int, str]]:
    joined: list[tuple[int, int, str]] = []
    index = 0
    while index < len(lines):
        first, text = index, lines[index].rstrip("\r\n")
        while text.endswith("\\") and index + 1 < len(lines):
            index += 1
            text = text[:-1] + lines[index].rstrip("\r\n")
        joined.append((first, index, text))
        index += 1
    return joined


def requirement_part(text: str) -> str:
    """The requirement of a logical line without its comment and trailing options."""
    body = _COMMENT.sub("", text).strip()
    return _OPTIONS.split(body, maxsplit=1)[0].strip()


def scan(path: Path, text: str, notes: list[str] | None = None) -> list[RequirementLine]:
    """The requirement lines of ``text``; unreadable lines of other packages go to ``notes``."""
    from packaging.requirements import (  # PEP 508 parser: only where one is read
        InvalidRequirement,
        Requirement,
    )

    found: list[RequirementLine] = []
    for first, last, logical in _logical_lines(text.splitlines(keepends=True)):
        body = requirement_part(logical)
        if not body:
            continue
        if body.startswith(("-", ".", "/")) or _URL.match(body):
            direct = _direct(body)
            if direct is not None:
                found.append(RequirementLine(first, last, body, *direct))
            continue
        try:
            requirement = Requirement(body)
        except InvalidRequirement as error:
            message = f"{path}:{first + 1}: not a valid requirement {body!r} ({first_line(error)})"
            name = _NAME.match(body)
            if name and is_cdktf_package(name.group(0)):
                raise CompatError(message) from error
            if notes is not None:
                notes.append(f"{message}: skipped (not a cdktf package)")
            continue
        found.append(RequirementLine(first, last, body, requirement, requirement.url))
    return found


def read_requirements(source: ManifestSource) -> Manifest[SpecifierSet]:
    path, text, _ = source
    notes: list[str] = []
    pins = tuple(
        Pin(
            package=canonical(item.requirement.name),
            name_as_written=item.requirement.name,
            path=path,
            line=item.first + 1,
            raw=item.requirement_text,
            specifier=item.requirement.specifier,
            kind="requirements",
            section=path.name,
            source=item.source,
        )
        for item in scan(path, text, notes)
    )
    return Manifest(
        path,
        "requirements",
        pins,
        tuple(notes),
        includes=tuple(_INCLUDE.findall(text)),
        allows_prereleases=any(line.strip() == "--pre" for line in text.splitlines()),
    )


_HEAD = LazyPattern(
    r"^(?P<indent>\s*)(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?P<extras>\s*\[[^\]]*\])?(?P<gap>\s*)"
)
_SPEC = LazyPattern(r"^(?P<spec>(?:[<>=!~]=?=?\s*[^\s;,#\\]+\s*(?:,\s*)?)*)")


def edit_requirements(
    path: Path,
    text: str,
    wanted: Mapping[str, WantedPin[SpecifierSet]],
    renames: Mapping[str, str],
    add: Sequence[WantedPin[SpecifierSet]],
) -> tuple[str, list[str]]:
    """The edited text and notes (stale hashes, requirements it could not edit)."""
    lines = text.splitlines(keepends=True)
    notes: list[str] = []
    for item in scan(path, text):
        old = canonical(item.requirement.name)
        new_name = renames.get(old, item.requirement.name)
        pin = wanted.get(canonical(new_name))
        respec = pin is not None and not pin.satisfied_by(item.requirement.specifier)
        if new_name == item.requirement.name and not respec:
            continue
        if item.source:
            notes.append(
                f"{path}:{item.first + 1}: {item.requirement.name} comes from {item.source}: left as written"
            )
            continue
        line = lines[item.first]
        head = _HEAD.match(line)
        if not head or canonical(head["name"]) != old:
            notes.append(
                f"{path}:{item.first + 1}: could not edit {item.requirement_text!r}: left as written"
            )
            continue
        rest = line[head.end() :]
        spec = _SPEC.match(rest)
        spec_text = spec["spec"] if spec else ""
        trailing = rest[len(spec_text) :]
        new_spec = pin.text if (pin and respec) else spec_text.strip()
        extras = head["extras"] or ""
        if spec_text.strip():  # name [gap] spec [spec_ws] trailing
            spec_ws = spec_text[len(spec_text.rstrip()) :]
            edited = f"{head['indent']}{new_name}{extras}{head['gap']}{new_spec}{spec_ws}{trailing}"
        else:  # a bare name: the specifier goes right after it, the gap stays before the rest
            edited = f"{head['indent']}{new_name}{extras}{new_spec}{head['gap']}{trailing}"
        lines[item.first] = edited
        if "--hash" in "".join(lines[item.first : item.last + 1]):
            notes.append(
                f"{path}:{item.first + 1}: the --hash values of {new_name} no longer match: regenerate them"
            )
    if add:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines += [f"{pin.package}{pin.text}\n" for pin in add]
    return "".join(lines), notes


class RequirementsFormat(ManifestFormat[SpecifierSet]):
    """pip's requirements files; no lock (a ``--hash`` line is edited with a note instead)."""

    kind = "requirements"
    filename = "requirements*.txt"
    rank = 3

    def read(self, source: ManifestSource) -> Manifest[SpecifierSet]:
        return read_requirements(source)

    def edit(
        self,
        path: Path,
        text: str,
        wanted: Mapping[str, WantedPin[SpecifierSet]],
        renames: Mapping[str, str],
        add: Sequence[WantedPin[SpecifierSet]],
    ) -> Edited:
        edited, notes = edit_requirements(path, text, wanted, renames, add)
        return Edited(edited, tuple(notes))
