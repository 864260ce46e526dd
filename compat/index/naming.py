"""How the cdktf generator names classes: the Terraform type a class name spells.

One definition for ``check`` (IMP002's suggestion) and ``migrate`` (resolving a name the pinned
release lacks by intent): ``S3BucketVersioning`` spells ``aws_s3_bucket_versioning``, whose
construct is ``S3BucketVersioningA`` because the struct of ``aws_s3_bucket.versioning`` took the name.
"""

from __future__ import annotations

import re


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def tf_type_guesses(name: str) -> list[str]:
    """Terraform types a class name stands for: ``S3BucketVersioning`` -> ``aws_s3_bucket_versioning``."""
    base = snake(name)
    guesses = [f"aws_{base}", base]
    if base.startswith("data_aws_"):
        guesses.append(base[len("data_") :])
    return guesses
