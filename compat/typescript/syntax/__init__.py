"""The tree-sitter reading of TypeScript behind :mod:`compat.typescript.reader`, one concept a module."""
