"""Version semantics: HashiCorp constraints, provider entries, Poetry constraints, detection."""

from compat.versions.detect import Detected, detect_python, detect_terraform
from compat.versions.hashicorp import Clause, HashiConstraint, parse_constraint, parse_version, pessimistic
from compat.versions.poetry import poetry_specifier
from compat.versions.providers import ProviderRequirement, parse_provider
from compat.versions.python import ProjectPython

__all__ = [
    "Clause",
    "Detected",
    "HashiConstraint",
    "ProjectPython",
    "ProviderRequirement",
    "detect_python",
    "detect_terraform",
    "parse_constraint",
    "parse_provider",
    "parse_version",
    "pessimistic",
    "poetry_specifier",
]
