"""What the TypeScript reader keeps of a file once its tree is gone: its imports, its ``new`` calls
with the keys of their props literals and its ``Fn`` calls (a call of a name a binding declares again
where it stands is no import's and is not kept)."""

from __future__ import annotations

from pathlib import Path

from compat.record import Record


class ImportedName(Record):
    name: str  # the exported name (``AwsProvider``, ``ec2``, ``default``)
    local: str  # the binding in this file (``AwsProvider`` or its ``as`` alias)
    line: int
    column: int


class TsImport(Record):
    """``import { a, b as c } from "spec"`` / ``import * as ns from "spec"`` / ``import d from "spec"``."""

    specifier: str
    line: int  # 1-based line of the specifier string
    column: int  # 1-based
    names: tuple[ImportedName, ...]
    namespace: str | None  # ``import * as ns``: the local name of the whole module
    type_only: bool  # ``import type {...}``: erased, never loaded


class Opaque(Record):
    """A value that is no literal: a variable, a call, a template, a spread. Nothing is said about it."""

    line: int


class PropKey(Record):
    """One key of a construct call's props literal, as the file keeps it once its tree is gone."""

    key: str
    line: int
    column: int


class Props(Record):
    """The props of a construct call when they are an object literal: its own keys (the values are
    read, while the tree is alive, through :class:`ObjectView`). The keys' names and places are kept
    apart, each place as the tree gave it: a rule reads the names of every call and the place of a
    key only for its findings (a :class:`PropKey` a key would cost four times its place)."""

    names: tuple[str, ...]  # the keys' names, in the literal's order
    points: tuple[tuple[int, int], ...]  # where each key starts: 0-based row and column (bytes)
    line: int
    column: int
    spread: bool  # ``...rest`` (or a computed key, a method) inside: keys may come from elsewhere

    def key(self, at: int) -> PropKey:
        """``names[at]`` with its place."""
        row, column = self.points[at]
        return PropKey(key=self.names[at], line=row + 1, column=column + 1)

    @property
    def keys(self) -> tuple[PropKey, ...]:
        """Every key with its place."""
        return tuple(self.key(at) for at in range(len(self.names)))


class NewCall(Record):
    """``new a.b.C(scope, "id", { ... })``: the callee as a dotted path, and the props literal."""

    callee: tuple[str, ...]  # ("aws", "s3Bucket", "S3Bucket") or ("S3Bucket",)
    line: int
    column: int
    arguments: int  # how many arguments were passed
    props: Props | Opaque | None  # the props argument (third; second of a backend); None: none


class FnCall(Record):
    """``Fn.name(...)`` on an object bound by an import (``Fn`` from cdktf / cdktn)."""

    receiver: str
    name: str
    line: int
    column: int


class TsFile(Record):
    path: Path
    rel: str
    imports: tuple[TsImport, ...]
    calls: tuple[NewCall, ...]
    fn_calls: tuple[FnCall, ...]
    error: bool  # the parser recovered from a syntax error somewhere
    #: the file's text holds ``Wo``, which every write-only prop's name does (``passwordWo``): without
    #: it no call's props need be searched for one
    mentions_wo: bool = False
