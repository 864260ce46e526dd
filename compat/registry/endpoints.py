"""Where the registries are: pypi.org and registry.npmjs.org, unless the user runs behind a mirror.

The package index, first found wins:

1. ``--index-url`` on the command line;
2. ``PIP_INDEX_URL`` (pip's own environment variable);
3. ``index-url`` in ``[tool.compat]`` (pyproject.toml) or ``compat.toml``;
4. ``index-url`` in pip's configuration files (``[install]`` before ``[global]``; the file named by
   ``PIP_CONFIG_FILE``, else the virtualenv's, the user's and the system's ``pip.conf``).

The npm registry: ``--npm-registry`` if a command has it, ``NPM_CONFIG_REGISTRY`` (or
``npm_config_registry``), ``npm-registry`` in ``[tool.compat]``, ``registry=`` in ``~/.npmrc``.

An index other than pypi.org is read through the simple repository API in its JSON form
(PEP 691), which Artifactory, Nexus, devpi and pypiserver serve; pypi.org through its JSON API.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from compat.errors import CompatError
from compat.registry.redact import redact_url

PYPI_SIMPLE = "https://pypi.org/simple"
NPM_REGISTRY = "https://registry.npmjs.org"


class _Chosen:
    """What the command line and the project settings said (set once per run by the CLI)."""

    def __init__(self) -> None:
        self.index_url: str | None = None
        self.project_index_url: str | None = None
        self.npm_registry: str | None = None
        self.project_npm_registry: str | None = None


_chosen = _Chosen()


def _checked(url: str, where: str) -> str:
    url = url.strip()
    if not url.startswith(("https://", "http://")):
        raise CompatError(f"{where}: {redact_url(url)!r} is not an http(s) URL")
    return url.rstrip("/")


def use(
    *,
    index_url: str | None = None,
    project_index_url: str | None = None,
    npm_registry: str | None = None,
    project_npm_registry: str | None = None,
) -> None:
    """Record ``--index-url`` and the project's settings for this run."""
    _chosen.index_url = _checked(index_url, "--index-url") if index_url else None
    _chosen.project_index_url = (
        _checked(project_index_url, "[tool.compat] index-url") if project_index_url else None
    )
    _chosen.npm_registry = _checked(npm_registry, "--npm-registry") if npm_registry else None
    _chosen.project_npm_registry = (
        _checked(project_npm_registry, "[tool.compat] npm-registry") if project_npm_registry else None
    )


def _pip_config_files() -> list[Path]:
    """pip's configuration files, lowest priority first (pip's own order)."""
    named = os.environ.get("PIP_CONFIG_FILE")
    if named:
        return [] if named == os.devnull else [Path(named)]
    home = Path(os.path.expanduser("~"))
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    files = [Path("/etc/xdg/pip/pip.conf"), Path("/etc/pip.conf"), home / ".pip" / "pip.conf"]
    files += [config_home / "pip" / "pip.conf", Path(sys.prefix) / "pip.conf"]
    return files


def _pip_config_index() -> str | None:
    import configparser  # only when a registry is asked for

    found: str | None = None
    for path in _pip_config_files():
        parser = configparser.RawConfigParser()
        try:
            if not parser.read(path, encoding="utf-8"):
                continue
        except (configparser.Error, OSError, UnicodeDecodeError):
            continue  # pip would complain; compat only looks for the index
        for section in ("global", "install"):  # later wins: [install] over [global], later files too
            value = parser.get(section, "index-url", fallback=None)
            if value and value.strip().startswith(("https://", "http://")):
                found = _checked(value.split()[0], str(path))
            elif value:  # a local (file:) index: pip's business, not a registry compat can read
                from compat.notice import warn_once

                shown = redact_url(value.strip())
                warn_once(f"{path}: index-url {shown!r} is not an http(s) URL: using pypi.org")
    return found


def pypi_index_url() -> str | None:
    """The simple index to read instead of pypi.org; None for pypi.org itself."""
    env = os.environ.get("PIP_INDEX_URL")
    chosen = (
        _chosen.index_url
        or (_checked(env, "PIP_INDEX_URL") if env else None)
        or _chosen.project_index_url
        or _pip_config_index()
    )
    if chosen is None or chosen.rstrip("/") == PYPI_SIMPLE:
        return None
    return chosen


def _npmrc_registry() -> str | None:
    path = Path(os.path.expanduser("~")) / ".npmrc"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        key, _, value = line.partition("=")
        if key.strip() == "registry" and value.strip():
            return _checked(value, str(path))
    return None


def npm_registry_url() -> str:
    """The npm registry to read (https://registry.npmjs.org unless configured)."""
    env = os.environ.get("NPM_CONFIG_REGISTRY") or os.environ.get("npm_config_registry")  # noqa: SIM112 (npm's spelling)
    return (
        _chosen.npm_registry
        or (_checked(env, "NPM_CONFIG_REGISTRY") if env else None)
        or _chosen.project_npm_registry
        or _npmrc_registry()
        or NPM_REGISTRY
    )
