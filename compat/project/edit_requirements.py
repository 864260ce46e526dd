"""Careful line edits of ``requirements*.txt``: only the name and the specifier of a requirement change.

Everything around them (indentation, extras, markers, continuation backslashes, trailing comments,
``--hash`` options) stays as written. A line with hashes gets a note: its hashes no longer match.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from compat.project.model import canonical
from compat.project.requirements import scan
from compat.project.wanted import WantedPin

_HEAD = re.compile(
    r"^(?P<indent>\s*)(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?P<extras>\s*\[[^\]]*\])?(?P<gap>\s*)"
)
_SPEC = re.compile(r"^(?P<spec>(?:[<>=!~]=?=?\s*[^\s;,#\\]+\s*(?:,\s*)?)*)")


def edit_requirements(
    path: Path,
    text: str,
    wanted: Mapping[str, WantedPin],
    renames: Mapping[str, str],
    add: Sequence[WantedPin],
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
