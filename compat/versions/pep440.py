"""PEP 440 helpers the rules share, so that no rule parses a version string itself."""

from __future__ import annotations

from packaging.version import Version


def final_of(version: Version) -> Version:
    """The final release a pre-release leads to (``0.25.0.dev65`` -> ``0.25.0``); a final one itself."""
    return Version(version.base_version)


def data_version(text: str) -> Version:
    """A version compat's own data states (a protocol floor, a release): parsed here, not in a rule."""
    return Version(text)


def written_version(text: str | None) -> Version | None:
    """The version a repository file writes (``v1.5.7``, `` 1.9.0``); None when it names none."""
    from packaging.version import InvalidVersion

    try:
        return Version((text or "").strip().removeprefix("v"))
    except InvalidVersion:
        return None
