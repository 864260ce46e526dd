"""How the check engine reads a project of each language: the per-language project loaders.

The engine (:mod:`compat.check.engine`) runs one sequence for every project: the rules selected for
its language, the release snapshot, the project read once, the context built, the rules planned, the
file rules and the project rules dispatched, the standing of each finding applied once, the findings
sorted into one :class:`~compat.check.model.CheckResult`. What depends on the language is how the
project and its code are read:

- a Python project is read by :func:`compat.check.project.load_facts` and its files one at a time
  through its :class:`~compat.check.code.CodeReader` in the engine's main loop (the context is decided
  by a textual pass, and a tree lives only for its turn);
- a *read-first* project is read whole by its language's loader
  (:data:`~compat.check.read_first.ReadFirstLoader`), code included, because what its code imports
  decides the context: a TypeScript project's readings (the imports and props tree-sitter read, each
  file's tree checked against the symbol indexes while alive) name the npm packages the code loads and
  the local bindings it imports. The loader hands the engine a
  :class:`~compat.check.read_first.ReadProject`: the project's facts, the context the rules read, and
  its code (what each file gives the file rules, the findings the reader made while reading, the
  releases the report shows).

:func:`read_first_loader` is the registry by language (cdktf.json ``language``): the loader of a
language is imported only when a project of it is checked, so a Python check loads no TypeScript
module.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a Python project's check loads no read-first protocol
    from compat.check.read_first import ReadFirstLoader


def read_first_loader(language: str) -> ReadFirstLoader | None:
    """The loader of a read-first ``language`` (cdktf.json ``language``, as :mod:`compat.languages` names
    it); None: the engine reads the project itself (Python, and a language compat does not read)."""
    if language == "typescript":
        from compat.typescript.loader import load_typescript

        return load_typescript
    return None


def language_of(root: Path) -> str:
    """The language of the project at ``root`` as cdktf.json names it (Python without a cdktf.json)."""
    if not (root / "cdktf.json").is_file():
        return "python"
    from compat.languages import project_language

    return project_language(root).language
