"""Tool mentions in repository files: where a repository names the cdktf / cdktn CLI, core, bindings,
or the Node.js / Terraform / OpenTofu versions they run on, outside the Python code.

One reader (:func:`scan_repository`) finds every mention with its exact span in the file's text
(package.json dependencies and scripts, GitHub Actions and GitLab CI, Makefile, Dockerfile, shell
scripts, ``.nvmrc`` / ``.node-version`` / ``.tool-versions``, pre-commit). ``compat migrate`` moves
them (:mod:`compat.migrations.repository`), ``compat check`` reports the ones left on the other family;
both edit or point at the spans, never at a re-serialised file.
"""

from compat.mentions.model import Mention, MentionKind, RepositoryMentions, Span, Unreadable
from compat.mentions.scan import scan_repository, scanned_folders

__all__ = [
    "Mention",
    "MentionKind",
    "RepositoryMentions",
    "Span",
    "Unreadable",
    "scan_repository",
    "scanned_folders",
]
