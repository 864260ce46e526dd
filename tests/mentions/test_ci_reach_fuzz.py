"""Property tests of the CI folder reader: any shell line or CI file built from the shapes it reads (and
broken ones) is read without an exception, and no folder is ever invented outside the repository."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from hypothesis import given, settings
from hypothesis import strategies as st

from compat.mentions.scan import file_mentions
from compat.mentions.workdir import ROOT, line_commands, package_scope

WORDS = [
    "cd", "pushd", "popd", "if", "then", "else", "elif", "fi", "do", "done", "while", "{", "}", "(", ")",
    "npm", "pnpm", "yarn", "bun", "sudo", "-g", "--global", "--location", "global", "--location=global",
    "--prefix", "--prefix=", "-C", "--dir", "--cwd", "--cwd=", "i", "add", "install", "cdktf-cli@0.19.2",
    "cdktf", "synth", "main", "../other", "..", "../..", "-", "~", "$DIR", "${{ matrix.d }}", "'a b'", '"',
    "'", "&&", "||", ";", "|", "\\", "#", "apps/main", "/abs",
]  # fmt: skip
LINE = st.lists(st.sampled_from(WORDS), max_size=14).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINE, max_size=6))
def test_shell_lines_are_read_and_folders_stay_inside(lines: list[str]) -> None:
    cwd, depth = ROOT, 0
    for line in lines:
        commands, cwd, depth = line_commands(line, cwd, depth)
        assert depth >= 0
        assert [c.start for c in commands] == sorted(c.start for c in commands)
        for command in commands:
            scope = package_scope(command.text, command.cwd)
            for folder in (command.cwd, scope.folder, cwd):
                assert folder is None or not folder.is_absolute() and ".." not in folder.parts
        assert cwd is None or isinstance(cwd, PurePosixPath)


STEP = st.sampled_from(
    [
        "      - run: {line}\n",
        "      - run: |\n          {line}\n          {line}\n",
        "      - working-directory: {word}\n        run: {line}\n",
        "      - uses: hashicorp/terraform-cdk-action@v5\n        with:\n          cdktfVersion: 0.19.2\n"
        "          workingDirectory: {word}\n",
        "      - uses: ./.github/actions/{word}\n",
        "      - uses: actions/setup-node@v4\n        with: {{node-version: 20}}\n",
        "      - run: '{line}'\n",
        "  {word}:\n    steps:\n",
        "    defaults: {{run: {{working-directory: {word}}}}}\n",
        "- [{line}\n",
        "      -\n",
    ]
)
GITLAB = st.sampled_from(
    [
        "{word}:\n  script:\n    - {line}\n",
        "{word}:\n  before_script: [{line}]\n  script:\n    - {line}\n    - [{line}]\n",
        "default:\n  before_script:\n    - {line}\n",
        ".t:\n  before_script: ['{line}']\n",
        "j:\n  extends: .t\n  script: '{line}'\n",
        "j:\n  script:\n    - {line}\n  before_script:\n    - {line}\n",
        "  <<: *{word}\n",
        "a: &{word} {{script: [x]}}\n",
    ]
)
FOLDER = st.sampled_from(["main", "other", "./main", "..", "$X", "'a'", "", "-", "x: y"])


def _fill(parts: list[str], lines: list[str], words: list[str]) -> str:
    return "".join(
        part.format(line=lines[n % len(lines)].replace("\n", " "), word=words[n % len(words)])
        for n, part in enumerate(parts)
    )


@settings(max_examples=300, deadline=None)
@given(
    st.booleans(),
    st.lists(STEP | GITLAB, min_size=1, max_size=8),
    st.lists(LINE, min_size=1, max_size=4),
    st.lists(FOLDER, min_size=1, max_size=4),
)
def test_ci_files_are_read_without_an_exception(
    gitlab: bool, parts: list[str], lines: list[str], words: list[str]
) -> None:
    root = Path("/repo")
    text = _fill(parts, lines, words)
    if gitlab:
        path = root / ".gitlab-ci.yml"
    else:
        path = root / ".github" / "workflows" / "ci.yml"
        text = "on: push\njobs:\n  ci:\n    steps:\n" + text
    found, _problem = file_mentions(path, text, root)
    for mention in found:
        assert all(root in folder.parents for folder in mention.folders)
