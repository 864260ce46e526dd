"""The shape of a rule: metadata plus a function over a file or over the project."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from compat.check.analysis import FileFacts
from compat.check.context import CheckContext
from compat.check.model import Finding, RuleMeta
from compat.check.sources import SourceFile
from compat.record import Record

FileCheck = Callable[[CheckContext, SourceFile, FileFacts], Iterable[Finding]]
UnparsedCheck = Callable[[CheckContext, SourceFile], Iterable[Finding]]
ProjectCheck = Callable[[CheckContext], Iterable[Finding]]

PYTHON_ONLY = frozenset({"python"})
#: a rule that checks both languages: one whose facts are no language's (the CLI, the Terraform lock, the
#: repository's CI, cdktf.json) runs on every project the same way, its version facts named by the package
#: the language installs; one whose facts are the ecosystem's (manifests and locks, imports) reads a
#: TypeScript project through ``CheckContext.typescript`` / ``FileFacts.typescript``
#: (:mod:`compat.typescript.rule_facts`) and words its findings from a table in its module
EVERY_LANGUAGE = frozenset({"python", "typescript"})


class Rule(Record):
    meta: RuleMeta
    on_file: FileCheck | None = None  # run on each parsed source file
    on_unparsed: UnparsedCheck | None = None  # run on each Python file that could not be parsed
    on_project: ProjectCheck | None = None  # run once (manifests, cdktf.json, cdk.tf.json)
    needs_index: bool = False  # skipped (with one note) when the release has no symbol index
    needs_manifest: bool = False  # skipped (with one note) when the project has no dependency manifest
    languages: frozenset[str] = PYTHON_ONLY  # the source languages (cdktf.json ``language``) it checks
