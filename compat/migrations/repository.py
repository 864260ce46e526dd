"""The repository step of a migration: every tool mention outside the Python code moves with it.

:func:`plan_repository_move` turns the mentions :func:`compat.mentions.scan_repository` found into
edits of their spans (every other byte of each file kept): npm packages and CLI runs of the other
family are renamed (``cdktf-cli`` -> ``cdktn-cli``, ``cdktf synth`` -> ``cdktn synth``), their versions
set to the target core's (the CLI is released with the core: ``cdktn-cli`` 0.24.0 requires ``cdktn``
0.24.0 exactly), and Node.js versions below the target's floor raised to it. What cannot be moved
safely is returned as :class:`compat.migrations.model.Unresolved` with its file and line: a version
built at run time, an action that installs the other family's CLI, a package no release is known for.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from packaging.version import InvalidVersion, Version

from compat.families import CDKTF, CDKTN, Family
from compat.mentions.model import Mention, RepositoryMentions
from compat.migrations.model import Unresolved
from compat.project.changes import FileChange
from compat.record import Record

#: a version as package managers write a simple one: an operator and a version
_SIMPLE = re.compile(r"^(?P<op>\^|~|=|==|>=|~=|v)?(?P<version>\d+(?:\.\d+){0,2}(?:[-.+][\w.]+)?)$")
_NODE = re.compile(r"^(?P<op>>=\s*|\^|~|v)?(?P<version>\d+(?:\.\d+){0,2})(?P<rest>\.x)?$")
_CLI_PACKAGES = {"cdktf": "cdktf-cli", "cdktn": "cdktn-cli"}


class ToolTarget(Record):
    """What the repository files move to."""

    family: Family
    core: Version  # the core (and CLI) version
    node_floor: Version | None = None  # the lowest Node.js the target runs on (None: unknown, unchanged)
    node_floor_source: str = ""
    npm_packages: Mapping[
        str, str
    ] = {}  # npm name of the target family -> exact version (prebuilt providers)
    python_packages: Mapping[str, str] = {}  # PyPI name of the target family -> exact version


class RepositoryMove(Record):
    changes: tuple[FileChange, ...]
    unresolved: tuple[Unresolved, ...]
    notes: tuple[str, ...]


def renamed(name: str, target: Family) -> str:
    """``name`` (npm or PyPI, either family) as the target family spells it."""
    other = CDKTF if target is CDKTN else CDKTN
    if name == other.core:
        return target.core
    if name == _CLI_PACKAGES[other.name]:
        return _CLI_PACKAGES[target.name]
    if name.startswith(f"@{other.name}/"):
        return f"@{target.name}/" + name.split("/", 1)[1]
    if other is CDKTF and name.startswith("cdktf-cdktf-provider-"):
        return "cdktn-provider-" + name[len("cdktf-cdktf-provider-") :]
    if other is CDKTN and name.startswith("cdktn-provider-"):
        return "cdktf-cdktf-provider-" + name[len("cdktn-provider-") :]
    return name


def shown(path: Path, root: Path) -> str:
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:
        return path.as_posix()


class _Planner:
    def __init__(self, found: RepositoryMentions, target: ToolTarget, root: Path) -> None:
        self.found, self.target, self.root = found, target, root
        self.edits: dict[Path, list[tuple[int, int, str]]] = {}
        self.unresolved: list[Unresolved] = []
        self.notes: list[str] = []
        self.inputs_moved: dict[tuple[Path, int], str] = {}  # an input default's (file, offset) -> version

    def edit(self, mention: Mention, span: tuple[int, int] | None, new: str) -> None:
        self.edit_at(mention.path, span, new)

    def edit_at(self, path: Path, span: tuple[int, int] | None, new: str) -> None:
        if span is None:
            return
        text = self.found.texts[path]
        if text[span[0] : span[1]] != new:
            self.edits.setdefault(path, []).append((span[0], span[1], new))

    def leave(self, mention: Mention, reason: str, replacement: str | None = None) -> None:
        symbol = mention.name + (f"@{mention.version}" if mention.version else "")
        self.unresolved.append(
            Unresolved(
                path=shown(mention.path, self.root),
                line=mention.line,
                symbol=symbol,
                reason=reason,
                replacement=replacement,
            )
        )

    def package_version(self, mention: Mention, new_name: str) -> str | None:
        """The version ``new_name`` moves to (None: no release known)."""
        core = str(self.target.core)
        if new_name in (self.target.family.core, _CLI_PACKAGES[self.target.family.name]):
            return core
        if mention.kind == "python-package":
            return self.target.python_packages.get(new_name)
        return self.target.npm_packages.get(new_name)

    def move(self, mention: Mention) -> None:
        kind = mention.kind
        if kind == "cli-command":
            new = self.target.family.core
            if mention.name != new:
                self.edit(mention, mention.name_span, new)
            return
        if kind in ("npm-dependency", "npm-package", "python-package"):
            self.move_package(mention)
        elif kind in ("action", "action-input"):
            self.move_action(mention)
        elif kind == "node-version":
            self.move_node(mention)

    def move_package(self, mention: Mention) -> None:
        new_name = renamed(mention.name, self.target.family)
        if not new_name.startswith(("cdktf", "cdktn", "@cdktf/", "@cdktn/")):
            return
        if mention.dynamic_version:
            version = self.package_version(mention, new_name)
            if version is not None and self.move_input(mention, new_name, version):
                return
            self.leave(
                mention,
                f"the version is built at run time ({mention.version}): compat cannot move "
                "it safely; set it where it is defined",
                f"{new_name}@{version}" if version and mention.kind != "python-package" else None,
            )
            return
        version = self.package_version(mention, new_name)
        written = mention.version
        if version is None:
            if new_name != mention.name:
                family = self.target.family
                known = (
                    f"PyPI lists no {new_name} release for {family.core} {self.target.core} (compat releases)"
                    if mention.kind == "python-package"
                    # compat's npm data lists only some releases: its silence says nothing about npm
                    else f"no {new_name} release for {family.core} {self.target.core} is known to compat "
                    f"(compat's PyPI data has no twin of it and its npm data lists only some releases; "
                    f"'npm view {new_name} versions' tells whether npm has one, to move to by hand)"
                )
                self.leave(
                    mention,
                    f"{known}: {mention.name} cannot move, and a prebuilt package of the other "
                    f"family beside a {family.core} core fails synth; generate local bindings with "
                    f"'{family.core} get' (a cdktf.json terraformProviders entry) instead",
                )
            return
        if written is None or written in ("latest", "*", "", "next"):
            if self.cli_install(mention, new_name):
                # npm's latest of the new CLI is the newest core, not the target's: its 'get' stops on a
                # core of another minor, so the install names the target's release
                named = f"{new_name}@{version}" if written is None else new_name
                self.edit(mention, mention.name_span, named)
                self.edit(mention, mention.version_span, version)
                return
            self.edit(mention, mention.name_span, new_name)
            return
        if mention.kind == "python-package":
            replacement = self.python_version(written, version)
        else:
            simple = _SIMPLE.match(written.strip())
            replacement = f"{simple.group('op') or ''}{version}" if simple else None
        if replacement is None:
            self.leave(
                mention,
                f"version {written!r} is not a plain version or range: set it to {version}",
                f"{new_name}@{version}",
            )
            return
        self.edit(mention, mention.name_span, new_name)
        self.edit(mention, mention.version_span, replacement)

    def written_version(self, mention: Mention, new_name: str, written: str, version: str) -> str | None:
        """What a version written ``written`` becomes (its operator kept; None: not a plain version)."""
        if written.strip() in ("latest", "*", "", "next"):
            return version if self.cli_install(mention, new_name) else None
        if mention.kind == "python-package":
            return self.python_version(written, version)
        simple = _SIMPLE.match(written.strip())
        return f"{simple.group('op') or ''}{version}" if simple else None

    def move_input(self, mention: Mention, new_name: str, version: str) -> bool:
        """Move an install whose version is an input of its own file (``cdktf-cli@${{ inputs.v }}``): the
        package, the input's default and the literal values the repository's callers pass; a caller's
        value built at run time is left with its file and line. False: the default cannot move."""
        source = mention.input
        if source is None:
            return False
        default = source.default
        moved = self.written_version(mention, new_name, default.value, version)
        if moved is None or default.span is None:
            return False
        # an input read by two installs moves once, and only if both move it to the same version
        key = (default.path, default.span.start)
        earlier = self.inputs_moved.get(key)
        if earlier is not None and earlier != moved:
            return False
        self.edit(mention, mention.name_span, new_name)
        if earlier is not None:
            return True
        self.inputs_moved[key] = moved
        self.edit_at(default.path, default.span, moved)
        where = shown(default.path, self.root)
        if default.value != moved:
            self.notes.append(
                f"{where}:{default.line}: input {source.name} (the {new_name} version of line "
                f"{mention.line}) default {default.value} -> {moved}"
            )
        for caller in source.callers:
            given = None if caller.dynamic else self.written_version(mention, new_name, caller.value, version)
            if given is None or caller.span is None:
                self.unresolved.append(
                    Unresolved(
                        path=shown(caller.path, self.root),
                        line=caller.line,
                        symbol=f"{source.name}: {caller.value}",
                        reason=f"passes the {new_name} version of {where}:{mention.line} in a form compat "
                        f"cannot move: set it to {version}",
                        replacement=version,
                    )
                )
            else:
                self.edit_at(caller.path, caller.span, given)
        return True

    def cli_install(self, mention: Mention, new_name: str) -> bool:
        """Whether ``mention`` installs or runs the other family's CLI from a shell line (a CI ``run:``, a
        Dockerfile, a Makefile), not a package.json script (``upgrade`` asks for the newest on purpose)."""
        return (
            new_name != mention.name
            and new_name == _CLI_PACKAGES[self.target.family.name]
            and mention.kind == "npm-package"
            and not mention.context.startswith("scripts.")
        )

    @staticmethod
    def python_version(written: str, version: str) -> str | None:
        if re.fullmatch(r"===?\s*[\w.+!-]+", written.strip()):
            return f"=={version}"
        try:
            parsed = Version(version)
        except InvalidVersion:
            return None
        return f">={parsed},<{parsed.major}.{parsed.minor + 1}.0"

    def move_action(self, mention: Mention) -> None:
        if mention.kind == "action-input":
            return  # reported with its action
        inputs = [
            m for m in self.found.in_file(mention.path) if m.kind == "action-input" and m.line > mention.line
        ][:1]
        where = f" (cdktfVersion at line {inputs[0].line})" if inputs else ""
        if mention.name == "hashicorp/terraform-cdk-action" and self.target.family is CDKTN:
            cli = _CLI_PACKAGES[self.target.family.name]
            install = f"npm install -g {cli}@{self.target.core}"
            self.leave(
                mention,
                f"this action installs cdktf-cli{where} and no action for "
                f"{self.target.family.name} is known: replace the step by '{install}' and a "
                f"'{self.target.family.core}' run",
                install,
            )
        elif mention.name == "hashicorp/terraform-cdk-action":
            for given in inputs:
                self.move_package_input(given)
        else:
            self.leave(mention, "an action compat does not know: check what it installs")

    def move_package_input(self, mention: Mention) -> None:
        if mention.dynamic_version:
            self.leave(
                mention, f"the version is built at run time ({mention.version}): set it where it is defined"
            )
        else:
            self.edit(mention, mention.version_span, str(self.target.core))

    def move_node(self, mention: Mention) -> None:
        floor = self.target.node_floor
        written = (mention.version or "").strip()
        if floor is None or not written:
            return
        # mise's ``prefix:20`` names the newest 20.x as ``20`` does; the prefix stays as written
        prefix = "prefix:" if written.startswith("prefix:") else ""
        match = _NODE.match(written.removeprefix(prefix))
        if match is None:
            pinned_elsewhere = written.startswith(("ref:", "path:", "sub-"))  # mise: a build, a path
            if (
                written.startswith("lts/")
                and written != "lts/*"
                or mention.dynamic_version
                or pinned_elsewhere
            ):
                self.leave(
                    mention,
                    f"Node.js {written!r} cannot be compared with the floor {floor} "
                    f"({self.target.node_floor_source}): check it by hand",
                )
            return
        try:
            current = Version(match.group("version"))
        except InvalidVersion:
            return
        parts = len(current.release)
        # a partial version (``20``) names its newest release: compare the majors (minors)
        if Version(".".join(str(p) for p in floor.release[:parts])) <= current:
            return
        if (match.group("op") or "").strip() in (">=", "^", "~"):
            new = str(floor)  # a range: its lowest version must reach the floor itself
        elif parts == 1 or match.group("rest"):
            # ``20`` -> ``22`` picks the newest 22.x, which is at or above the floor
            new = str(floor.major)
        else:
            new = ".".join(str(p) for p in (floor.release + (0, 0))[: max(parts, 3 if parts == 3 else parts)])
        if mention.version_span is None:
            self.leave(
                mention,
                f"Node.js {written} is below the floor {floor} ({self.target.node_floor_source}) and is "
                f"written in a form compat cannot edit in place: set it to {new} by hand",
            )
            return
        self.edit(
            mention,
            mention.version_span,
            f"{prefix}{match.group('op') or ''}{new}{match.group('rest') or ''}",
        )
        self.notes.append(
            f"{shown(mention.path, self.root)}:{mention.line}: Node.js {written} raised to "
            f"{new} ({self.target.node_floor_source})"
        )

    def changes(self) -> list[FileChange]:
        out = []
        for path, edits in sorted(self.edits.items()):
            text = self.found.texts[path]
            after = text
            for start, end, new in sorted(set(edits), reverse=True):
                after = after[:start] + new + after[end:]
            out.append(FileChange(path, text, after))
        return out


def plan_repository_move(
    found: RepositoryMentions, target: ToolTarget, root: Path | None = None
) -> RepositoryMove:
    """Edits moving every mention to ``target``; what cannot move is unresolved (paths from ``root``)."""
    planner = _Planner(found, target, root or found.root)
    for mention in found.mentions:
        planner.move(mention)
    for problem in found.unreadable:
        planner.notes.append(f"{shown(problem.path, planner.root)}: {problem.reason}")
    return RepositoryMove(tuple(planner.changes()), tuple(planner.unresolved), tuple(planner.notes))


def tool_target(
    family: Family, core: Version, bindings: Version | None, pins: Mapping[str, str] | None = None
) -> ToolTarget:
    """The :class:`ToolTarget` of a move to ``core`` (and AWS ``bindings``), with the Node.js floor
    read from ``data/runtimes.json`` (``engines.node`` of the CLI and of the AWS bindings on npm).

    ``pins`` are the PyPI pins of the move (``name -> "==version"``): their npm counterparts get
    the same versions (jsii publishes one version to both registries).
    """
    from compat.providers import provider_package
    from compat.runtimes import load_runtimes

    npm: dict[str, str] = {}
    python: dict[str, str] = {}
    if bindings is not None:
        npm[family.npm] = str(bindings)
        python[family.bindings] = str(bindings)
    for name, spec in (pins or {}).items():
        exact = spec[2:] if spec.startswith("==") else None
        package = provider_package(name)
        if exact is None or package is None:
            continue
        python[package.pypi] = exact
        npm[package.npm] = exact
    floors: list[tuple[Version, str]] = []
    try:
        engines = load_runtimes().engines
    except Exception:  # noqa: BLE001 - the floor is optional: no data, no Node.js change
        engines = {}
    cli = _CLI_PACKAGES[family.name]
    for npm_name, version in ((cli, core), (family.npm, bindings)):
        written = engines.get(npm_name, {}).get(str(version)) if version is not None else None
        floor = _floor(written)
        if floor is not None:
            floors.append((floor, f"{npm_name} {version} engines.node {written.strip() if written else ''}"))
    best = max(floors, default=None)
    return ToolTarget(
        family=family,
        core=core,
        node_floor=best[0] if best else None,
        node_floor_source=best[1] if best else "",
        npm_packages=npm,
        python_packages=python,
    )


def _floor(engines: str | None) -> Version | None:
    match = re.fullmatch(r"\s*>=?\s*v?(\d+(?:\.\d+){0,2})\s*", engines or "")
    try:
        return Version(match.group(1)) if match else None
    except InvalidVersion:
        return None
