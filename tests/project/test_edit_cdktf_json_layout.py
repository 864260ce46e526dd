"""Editing cdktf.json's terraformProviders changes the edited values only: each entry keeps its
layout (a real project's one-key-per-line objects were rewritten one per line) and an entry compat
could not read stays in the file."""

from __future__ import annotations

from pathlib import Path

from packaging.version import Version

from compat.project.cdktf_json import read_cdktf_json
from compat.project.edit_cdktf_json import edit_cdktf_json

OBJECTS = """{
  "language": "python",
  "terraformProviders": [
    {
      "name": "aws",
      "source": "hashicorp/aws",
      "version": "~> 5.0"
    },
    {
      "name": "helm",
      "source": "hashicorp/helm",
      "version": "~> 2.14.0"
    }
  ]
}
"""


def _edit(
    tmp_path: Path, text: str, *, prebuilt: bool = False, provider_version: Version | None = None
) -> tuple[str, list[str]]:
    path = tmp_path / "cdktf.json"
    path.write_text(text)
    return edit_cdktf_json(read_cdktf_json(path), text, prebuilt=prebuilt, provider_version=provider_version)


def test_a_new_aws_constraint_changes_only_its_value(tmp_path: Path) -> None:
    after, _ = _edit(tmp_path, OBJECTS, provider_version=Version("6.32.0"))
    assert after == OBJECTS.replace('"~> 5.0"', '"~> 6.32"')


def test_a_dropped_entry_goes_with_its_separator_and_the_others_keep_their_text(tmp_path: Path) -> None:
    after, notes = _edit(tmp_path, OBJECTS, prebuilt=True)
    assert after == OBJECTS.replace(
        """    {
      "name": "aws",
      "source": "hashicorp/aws",
      "version": "~> 5.0"
    },
""",
        "",
    )
    assert any("removed" in note for note in notes)


def test_an_entry_compat_could_not_read_stays_in_the_file(tmp_path: Path) -> None:
    text = '{\n  "terraformProviders": [\n    "hashicorp/google@~",\n    "hashicorp/aws@~> 5.0"\n  ]\n}\n'
    after, _ = _edit(tmp_path, text, provider_version=Version("6.32.0"))
    assert after == text.replace("aws@~> 5.0", "aws@~> 6.32")


def test_a_one_line_array_stays_one_line(tmp_path: Path) -> None:
    text = '{"terraformProviders": ["hashicorp/random@~> 3.1", "hashicorp/aws@~> 5.0"]}\n'
    after, _ = _edit(tmp_path, text, prebuilt=True)
    assert after == '{"terraformProviders": ["hashicorp/random@~> 3.1"]}\n'
