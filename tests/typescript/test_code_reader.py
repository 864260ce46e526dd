"""The TypeScript reader behind the check's reader protocol (``LanguageReader``): files, read, the
imported packages, parse (with the per-file check run while the tree is alive), the facts the shared
file rules read, and the imports of the local bindings."""

from __future__ import annotations

from pathlib import Path

import pytest

from compat.check.code import LanguageReader
from compat.check.model import Finding, RuleMeta
from compat.check.sources import SourceText
from compat.project.cdktf_json import read_cdktf_json
from compat.project.local_bindings import local_bindings
from compat.typescript.code import ParsedTs, TypeScriptCode
from compat.typescript.context import rel
from compat.typescript.reader import PropsOf, TsFile, parse_source

MAIN = """\
import { App, Fn } from "cdktf";
import { AwsProvider } from "./.gen/providers/aws/provider";
import { Thing } from "./.gen/providers/google-beta/thing";
import type { Other } from "./.gen/providers/aws/other";
const x = Fn.upper("a");
"""


def _project(root: Path) -> Path:
    root.mkdir()
    (root / "cdktf.json").write_text(
        '{"language": "typescript", "app": "npx ts-node main.ts",'
        ' "terraformProviders": ["hashicorp/aws@~> 5.0", "hashicorp/google-beta@~> 6.0"]}'
    )
    (root / "main.ts").write_text(MAIN)
    (root / "util.ts").write_text("export const a = 1;\n")
    (root / "types.d.ts").write_text('import { App } from "cdktf";\n')
    (root / ".gen" / "providers" / "aws").mkdir(parents=True)
    (root / ".gen" / "providers" / "aws" / "index.ts").write_text('import { App } from "cdktf";\n')
    return root


def test_the_reader_lists_reads_and_parses_through_the_protocol(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    seen: list[str] = []

    def check(file: TsFile, props_of: PropsOf) -> list[Finding]:
        seen.append(file.rel)
        return [RuleMeta("X001", "source", "info", "x", "x").finding(file.rel, 1, 1, "checked")]

    reader: LanguageReader[ParsedTs] = TypeScriptCode(".gen", check)
    listed = sorted(f.rel for f in reader.files(root, ()))
    assert listed == ["main.ts", "util.ts"]  # generated bindings and declaration files are not the project's
    sources = [reader.read(root, root / rel) for rel in listed]
    assert reader.imported_tops(sources) == frozenset({"cdktf"})
    main, util = (reader.parse(source) for source in sources)
    assert seen == ["main.ts"] and [f.message for f in main.findings] == ["checked"]
    assert util.file.imports == () and util.findings == ()  # names nothing a rule reads: not parsed
    facts = reader.analyse(main, "", "cdktf", None, frozenset())
    assert [(c.name, c.line) for c in facts.function_calls] == [("upper", 5)]
    config = read_cdktf_json(root / "cdktf.json")
    found = reader.local_imports(root, main, local_bindings(config))
    assert [(i.line, i.dotted, i.entry.position if i.entry else None) for i in found] == [
        (2, "aws.provider", 0),
        (3, "google-beta.thing", 1),  # the type-only import of line 4 loads nothing
    ]


def test_the_parser_sees_the_files_own_bytes(tmp_path: Path) -> None:
    """A byte that is no UTF-8 survives the text the protocol carries: the reading is the raw bytes'."""
    root = tmp_path / "p"
    root.mkdir()
    data = b'import { Fn } from "cdktf";\n/* \xff\xfe */ const y = Fn.upper("a");\n'
    (root / "main.ts").write_bytes(data)
    reader = TypeScriptCode()
    parsed = reader.parse(reader.read(root, root / "main.ts"))
    assert parsed.file == parse_source(root / "main.ts", "main.ts", data, visit=lambda file, props: None)
    [call] = parsed.file.fn_calls
    assert call.line == 2


@pytest.mark.parametrize(
    ("root", "path", "expected"),
    [
        ("/p/proj", "/p/proj/src/a.ts", "src/a.ts"),
        ("/p/proj", "/p/project/a.ts", "../project/a.ts"),  # a prefix of the string, not of the parts
        ("/p/proj", "/p/proj", "."),
        ("/", "/a/b.ts", "a/b.ts"),
        ("/p/a/../proj", "/p/proj/a.ts", "a.ts"),  # os.path.relpath: the root normalised
        ("proj", "proj/a.ts", "a.ts"),
        (".", "x/a.ts", "x/a.ts"),
    ],
)
def test_relative_paths_are_those_pathlib_gives(root: str, path: str, expected: str) -> None:
    assert rel(Path(root), Path(path)) == expected


def test_imported_packages_are_read_after_whole_keywords_only() -> None:
    text = (
        'import { App } from "cdktf";\nexport * from\'@cdktf/provider-aws/lib/vpc\';\nimport "side-effect";\n'
        'const reimport = ximport"not-this"; const y = transfrom"nor-this"; import "./local";\n'
        'é_from "nor-that"; (from "yes-this")\n'
    )
    source = SourceText(Path("a.ts"), "a.ts", text)
    tops = TypeScriptCode().imported_tops([source])
    assert tops == frozenset({"cdktf", "@cdktf/provider-aws", "side-effect", "yes-this"})
