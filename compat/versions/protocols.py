"""Terraform plugin protocols: the first CLI that runs a provider speaking each major version.

Protocol 5 came with Terraform 0.12; protocol 6 is accepted from 1.0, and the registry installer
accepts it from 1.0.3. Current Terraform speaks 5 and 6 (DOMAIN.md section 4). A domain fact of its
own, apart from the registry client, so that rules can use it without loading HTTP machinery.
"""

from __future__ import annotations

from collections.abc import Mapping

from packaging.version import Version

PROTOCOL_MIN_TERRAFORM: Mapping[int, str] = {5: "0.12.0", 6: "1.0.3"}


def protocol_floor(major: int) -> Version:
    """The first Terraform that runs a provider speaking plugin protocol ``major``."""
    return Version(PROTOCOL_MIN_TERRAFORM[major])
