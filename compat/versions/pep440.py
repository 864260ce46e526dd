"""PEP 440 helpers the rules share, so that no rule parses a version string itself."""

from __future__ import annotations

from packaging.version import Version


def final_of(version: Version) -> Version:
    """The final release a pre-release leads to (``0.25.0.dev65`` -> ``0.25.0``); a final one itself."""
    return Version(version.base_version)
