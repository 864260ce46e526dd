"""Which files of a repository are read for tool mentions, and the one entry point that reads them.

The folders are the project's and each above it up to the repository root (the folder holding
``.git``; outside a repository, the project's folder only): a monorepo's sibling projects are not
read. In each: package.json, Makefile / justfile, Dockerfiles, YAML CI files (GitLab, pre-commit,
Bitbucket, Azure, CodeBuild, Taskfile), shell scripts (also under ``scripts/`` and ``bin/``),
version files and mise's config files (``mise.toml``, ``.config/mise.toml``, ...); at the repository
root also ``.github/workflows``, ``.github/actions/*/action.yml`` and ``.circleci/config.yml``.
Files over 1 MB, links and non-regular files are not read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from compat.mentions.ci_yaml import YamlError, load_yaml
from compat.mentions.model import InputValue, LineIndex, Mention, RepositoryMentions, Unreadable
from compat.mentions.version_files import NODE_FILES, version_file_mentions
from compat.project.files import repository_root
from compat.versions.detect import FolderNames
from compat.versions.mise import environment_files, is_mise_config, mise_files

MAX_BYTES = 1_000_000
_MAKEFILES = frozenset({"Makefile", "makefile", "GNUmakefile", "justfile", "Justfile"})
_YAML_FILES = frozenset(
    {
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        "bitbucket-pipelines.yml",
        "azure-pipelines.yml",
        "buildspec.yml",
        "Taskfile.yml",
        "Taskfile.yaml",
        "cloudbuild.yaml",
        "cloudbuild.yml",
    }
)
#: Every mention in a YAML file holds one of these (lower-cased): the shell patterns all name
#: ``cdktf``/``cdktn`` or a ``node:`` image, and the actions read are the cdktf ones and the
#: setup actions of Terraform, OpenTofu and Node.js. A file holding none is not parsed when only the
#: mentions matter (``compat check``): ruamel.yaml and its parse are a fifth of a small check.
#: (Only a name spelt with YAML escapes, ``"setup-\x6eode"``, would be missed.)
_YAML_WORDS = ("cdkt", "terraform", "opentofu", "setup-node", "node:")


def scanned_folders(project: Path) -> tuple[Path, list[Path]]:
    """The repository root (else ``project``) and the folders read, the project's first."""
    project = project.resolve()
    root = repository_root(project)
    if root is None:
        return project, [project]
    folders = [project]
    folders.extend(p for p in project.parents if p == root or root in p.parents)
    return root, folders


def _candidates(root: Path, folders: list[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    listed = FolderNames()  # which of mise's ~20 config paths can exist, one listing a folder
    for folder in folders:
        for child in _children(folder):
            name = child.name
            wanted = (
                name == "package.json"
                or name in _MAKEFILES
                or name in _YAML_FILES
                or name in NODE_FILES
                or name == ".tool-versions"
                or is_mise_config(child)
                or name.startswith("Dockerfile")
                or name.endswith((".Dockerfile", ".dockerfile", ".sh"))
            )
            if wanted and child not in seen:
                seen.add(child)
                yield child
        # mise's config files in subfolders (.config/mise.toml, ...), every config environment's included
        configs = mise_files(folder, names=listed.names(folder))
        for config in (*configs, *(path for _env, path in environment_files(folder, listed))):
            if config.parent != folder and config not in seen:
                seen.add(config)
                yield config
        for sub in ("scripts", "bin"):
            for child in _children(folder / sub):
                if child.name.endswith(".sh") and child not in seen:
                    seen.add(child)
                    yield child
    github = root / ".github"
    for child in _children(github / "workflows"):
        if child.suffix in (".yml", ".yaml"):
            yield child
    for action in _children(github / "actions"):
        for child in _children(action):
            if child.name in ("action.yml", "action.yaml"):
                yield child
    for child in _children(root / ".circleci"):
        if child.name in ("config.yml", "config.yaml"):
            yield child


def _children(folder: Path) -> list[Path]:
    try:
        if folder.is_symlink() or not folder.is_dir():
            return []
        return sorted(folder.iterdir())
    except OSError:
        return []


def _read(path: Path) -> str | Unreadable:
    try:
        if path.is_symlink() or not path.is_file():
            return Unreadable(path, "not a regular file")
        if path.stat().st_size > MAX_BYTES:
            return Unreadable(path, f"larger than {MAX_BYTES // 1_000_000} MB: not read")
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as error:
        return Unreadable(path, f"cannot be read ({error.__class__.__name__})")


def scan_repository(project: Path, *, mentions_only: bool = False) -> RepositoryMentions:
    """Every mention of the tools in the repository files around ``project`` (see the module doc).

    ``mentions_only``: a YAML file that can hold no mention (:data:`_YAML_WORDS`) is not parsed, so
    it is not listed as unreadable either (a check reads only the mentions; a migration says which
    files it could not read). A CI command stated to run in another project's folder (``cd main``,
    ``working-directory: main``) is not the project's: :meth:`Mention.applies_to`."""
    root, folders = scanned_folders(project)
    mentions: list[Mention] = []
    texts: dict[Path, str] = {}
    unreadable: list[Unreadable] = []
    github: dict[Path, str] = {}  # the GitHub Actions files read: their local calls pass inputs
    for path in _candidates(root, folders):
        text = _read(path)
        if isinstance(text, Unreadable):
            unreadable.append(text)
            continue
        if path.suffix in (".yml", ".yaml") and root / ".github" in path.parents:
            github[path] = text
        if mentions_only and path.suffix in (".yml", ".yaml") and not _may_mention(text):
            continue
        found, problem = file_mentions(path, text, root)
        if problem is not None:
            unreadable.append(problem)
        found = [m for m in found if m.applies_to(folders[0])]
        if found:
            texts[path] = text
            mentions.extend(found)
    if any(m.input is not None for m in mentions):
        mentions = _with_callers(mentions, github, texts, root)
    mentions.sort(key=lambda m: (m.path.as_posix(), m.line, m.column))
    return RepositoryMentions(root=root, mentions=tuple(mentions), texts=texts, unreadable=tuple(unreadable))


def _with_callers(
    mentions: list[Mention], github: dict[Path, str], texts: dict[Path, str], root: Path
) -> list[Mention]:
    """``mentions`` whose version is read from an input, each given the values the repository's GitHub
    workflows and actions pass to that input (their files' texts added to ``texts``)."""
    from compat.mentions.ci_inputs import local_calls

    passed: dict[tuple[Path, str], list[InputValue]] = {}
    for path, text in github.items():
        try:
            documents = load_yaml(text)
        except YamlError:
            continue
        for call in local_calls(path, text, LineIndex(text), documents, root):
            for name, value in call.inputs.items():
                passed.setdefault((call.callee, name), []).append(value)
    out = []
    for found in mentions:
        source = found.input
        callers = passed.get((found.path, source.name), []) if source is not None else []
        if source is not None and callers:
            found = found._replace(input=source._replace(callers=tuple(callers)))
            for caller in callers:
                texts.setdefault(caller.path, github[caller.path])
        out.append(found)
    return out


def _may_mention(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in _YAML_WORDS)


def file_mentions(path: Path, text: str, root: Path | None = None) -> tuple[list[Mention], Unreadable | None]:
    """The mentions of one file, by its kind; a file that does not parse is read as shell lines."""
    name = path.name
    if name == "package.json":
        from compat.mentions.json_spans import JsonSpanError  # each reader imported for its first file
        from compat.mentions.package_json import package_json_mentions

        try:
            return list(package_json_mentions(path, text)), None
        except JsonSpanError as error:
            return [], Unreadable(path, f"not valid JSON ({error})")
    if name in NODE_FILES or name == ".tool-versions":
        return list(version_file_mentions(path, text)), None
    if path.suffix == ".toml":
        if not is_mise_config(path):
            return [], None
        from compat.mentions.mise_toml import MiseTomlError, mise_mentions

        try:
            return list(mise_mentions(path, text)), None
        except MiseTomlError as error:
            said = "its Node.js, Terraform and OpenTofu versions, if any, not read"
            return [], Unreadable(path, f"not valid TOML ({error}): {said}")
    from compat.mentions.shell import shell_mentions

    index = LineIndex(text)
    if path.suffix in (".yml", ".yaml"):
        try:
            documents = load_yaml(text)
        except YamlError as error:
            fallback = list(shell_mentions(path, text, index, "line", images=True))
            return fallback, Unreadable(path, f"not valid YAML ({error}): read line by line")
        from compat.mentions.ci_files import yaml_mentions

        in_root_ci = root is not None and any(root / ci in path.parents for ci in (".github", ".circleci"))
        base = root if in_root_ci and root is not None else path.parent
        found = yaml_mentions(path, text, index, documents, base)
        if any(m.dynamic_version for m in found):
            from compat.mentions.ci_inputs import input_defaults, with_defaults

            defaults = input_defaults(path, text, index, documents)
            found = list(with_defaults(found, defaults)) if defaults else found
        return found, None
    docker = name.startswith("Dockerfile") or name.endswith((".Dockerfile", ".dockerfile"))
    context = "Dockerfile" if docker else "Makefile" if name in _MAKEFILES else "script"
    return list(shell_mentions(path, text, index, context, images=docker)), None
