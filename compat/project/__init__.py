"""The project model: cdktf.json, manifests and lock files, read with file and line, written alike."""

from compat.project.load import load_project
from compat.project.model import (
    CdktfConfig,
    Installed,
    LockFile,
    Manifest,
    Pin,
    Project,
    ProviderEntry,
    canonical,
)

__all__ = [
    "CdktfConfig",
    "Installed",
    "LockFile",
    "Manifest",
    "Pin",
    "Project",
    "ProviderEntry",
    "canonical",
    "load_project",
]
