"""TypeScript cdktf / cdktn projects: package.json and npm/yarn/pnpm locks, a tree-sitter code reader,
and the rules of ``compat check`` on them."""
