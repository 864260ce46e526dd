"""Which source language a cdktf project is written in, and whether compat reads it.

cdktf.json's ``language`` (what ``cdktf init`` writes: typescript, python, go, java, csharp) decides
how ``cdktf synth`` runs the app and which bindings ``cdktf get`` generates. A project in a language
compat does not read must never pass a check silently: in CI that would be a pass that checked
nothing. A cdktf.json without ``language`` is read as Python, as compat always has.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from compat.errors import CompatError
from compat.record import Record

#: The languages ``compat check`` reads, in the order the messages name them.
SUPPORTED: tuple[str, ...] = ("python", "typescript")

_SPELLINGS = {"ts": "typescript", "py": "python", "c#": "csharp", "dotnet": "csharp", "golang": "go"}


def language_name(value: str | None) -> str:
    """cdktf.json's ``language`` as compat names it: lower case, common spellings folded, Python when none."""
    if value is None or not value.strip():
        return "python"
    name = value.strip().lower()
    return _SPELLINGS.get(name, name)


class ProjectLanguage(Record):
    root: Path
    language: str  # lower case, as cdktf.json names it ("python" when it names none)


def project_language(root: Path) -> ProjectLanguage:
    """The language cdktf.json at ``root`` names; malformed cdktf.json -> CompatError naming it."""
    from compat.project._json import parse_json_object
    from compat.project._toml import read_text

    path = root / "cdktf.json"
    document = parse_json_object(path, read_text(path))
    value = document.get("language")
    if value is None:
        return ProjectLanguage(root=root, language="python")
    if not isinstance(value, str) or not value.strip():
        raise CompatError(f'{path}: "language" must be a non-empty string')
    return ProjectLanguage(root=root, language=language_name(value))


def supported_text() -> str:
    return ", ".join(SUPPORTED)


def _display(root: Path, base: Path) -> str:
    try:
        rel = root.relative_to(base)
    except ValueError:
        return str(root)
    return str(rel) if str(rel) != "." else str(base.name or base)


class LanguageSplit(Record):
    """The projects under a path, split into those compat reads and those it does not."""

    checked: tuple[ProjectLanguage, ...]
    skipped: tuple[ProjectLanguage, ...]

    def skipped_line(self, base: Path) -> str:
        """One line naming the projects checked and those not, for stderr of a mixed folder."""
        checked = ", ".join(f"{_display(p.root, base)} ({p.language})" for p in self.checked)
        skipped = ", ".join(f"{_display(p.root, base)} ({p.language})" for p in self.skipped)
        return (
            f"compat: checked {len(self.checked)} of {len(self.checked) + len(self.skipped)} projects: "
            f"{checked}; not checked: {skipped}: compat reads {supported_text()} projects only"
        )


def split_projects(projects: Sequence[Path], base: Path) -> LanguageSplit:
    """Split ``projects`` by language; when none is in a language compat reads -> CompatError (exit 2)."""
    found = [project_language(root) for root in projects]
    checked = tuple(p for p in found if p.language in SUPPORTED)
    skipped = tuple(p for p in found if p.language not in SUPPORTED)
    if not checked and skipped:
        raise CompatError(unsupported_message(skipped, base))
    return LanguageSplit(checked=checked, skipped=skipped)


def unsupported_message(skipped: Sequence[ProjectLanguage], base: Path) -> str:
    languages = sorted({p.language for p in skipped})
    if len(skipped) == 1:
        where = _display(skipped[0].root, base)
        return (
            f'{where}: cdktf.json says "language": "{skipped[0].language}", which compat does not read '
            f"(supported: {supported_text()}): nothing was checked"
        )
    return (
        f"{len(skipped)} projects in {', '.join(languages)}, which compat does not read "
        f"(supported: {supported_text()}): nothing was checked"
    )


#: the languages the commands that write a project read by default: their edits are Python's
WRITERS: tuple[str, ...] = ("python",)

#: the languages ``compat pin`` writes (package.json for TypeScript)
PINNED: tuple[str, ...] = ("python", "typescript")

#: the languages ``compat migrate`` moves (TypeScript: to cdktn, :mod:`compat.migrations.ts_planner`)
MIGRATORS: tuple[str, ...] = ("python", "typescript")


def is_typescript(path: Path) -> bool:
    """Whether ``path`` (a project folder or a file in it) is a TypeScript project by its cdktf.json."""
    root = path.parent if path.is_file() else path
    return (root / "cdktf.json").is_file() and project_language(root).language == "typescript"


def require_supported(root: Path, command: str, supported: tuple[str, ...] = WRITERS) -> str:
    """For commands on one project (pin, migrate): a cdktf.json in a language ``command`` does not
    read -> exit 2, never a run that changes nothing and says it is done. Returns the language."""
    if not (root / "cdktf.json").is_file():
        return "python"
    found = project_language(root)
    if found.language not in supported:
        where = _display(found.root, root.parent)
        raise CompatError(
            f'{where}: cdktf.json says "language": "{found.language}", which compat {command} does not read '
            f"(supported: {', '.join(supported)}; compat check reads {supported_text()}): nothing was changed"
        )
    return found.language
