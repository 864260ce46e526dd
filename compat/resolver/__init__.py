"""The resolver: pure functions over the release snapshot (``resolve``, ``why``, ``matrix``)."""

from compat.resolver.matrix import MatrixRow, matrix, newest_minor, terraform_minors
from compat.resolver.model import Rejection, Resolution, Selection, Target, Verdict
from compat.resolver.solve import judge, resolve, why

__all__ = [
    "MatrixRow",
    "Rejection",
    "Resolution",
    "Selection",
    "Target",
    "Verdict",
    "judge",
    "matrix",
    "newest_minor",
    "resolve",
    "terraform_minors",
    "why",
]
