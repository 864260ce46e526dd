"""``cdktf.json``: app, language, codeMakerOutput, terraformProviders/Modules, targetVersions.

Read with key order kept; the indentation is measured so a rewrite looks like the original.
"""

from __future__ import annotations

import re
from pathlib import Path

from compat.errors import CompatError
from compat.project._json import parse_json_object
from compat.project._toml import read_text
from compat.project.model import CdktfConfig, ProviderEntry
from compat.project.textpos import json_key_line, string_line
from compat.versions.providers import parse_provider

FILENAME = "cdktf.json"


def measure_indent(text: str) -> int | str | None:
    """The indent unit of a JSON text: spaces as an int, a tab as ``"\\t"``, None for one line."""
    for line in text.splitlines()[1:]:
        match = re.match(r"^([ \t]+)\S", line)
        if match:
            unit = match.group(1)
            return "\t" if unit.startswith("\t") else len(unit)
    return None


def _string_or_none(document: dict[str, object], key: str, path: Path) -> str | None:
    value = document.get(key)
    if value is not None and not isinstance(value, str):
        raise CompatError(f'{path}: "{key}" must be a string')
    return value


def read_cdktf_json(path: Path) -> CdktfConfig:
    text = read_text(path)
    document = parse_json_object(path, text)
    providers_raw = document.get("terraformProviders", [])
    if not isinstance(providers_raw, list):
        raise CompatError(f'{path}: "terraformProviders" must be an array')
    modules = document.get("terraformModules", [])
    if not isinstance(modules, list):
        raise CompatError(f'{path}: "terraformModules" must be an array')
    key_line = json_key_line(text, "terraformProviders")
    providers = []
    notes = []
    for index, entry in enumerate(providers_raw):
        line = string_line(text, entry, key_line - 1) if isinstance(entry, str) else 0
        try:
            requirement = parse_provider(entry, f"{path.name}:{line or key_line}")
        except CompatError as error:
            # one entry Terraform would reject (`cdktf get` fails on it; synth with prebuilt packages
            # does not read it): said, left out, the rest of the project checked
            notes.append(
                f"{error}: the entry was left out of the check (Terraform rejects it at 'cdktf get')"
            )
            continue
        providers.append(ProviderEntry(requirement, index, line or key_line, entry))
    targets = document.get("targetVersions") or {}
    if not isinstance(targets, dict) or not all(isinstance(v, str) for v in targets.values()):
        raise CompatError(f'{path}: "targetVersions" must be an object of version strings')
    return CdktfConfig(
        path=path,
        document=document,
        app=_string_or_none(document, "app", path),
        language=_string_or_none(document, "language", path),
        code_maker_output=_string_or_none(document, "codeMakerOutput", path),
        providers=tuple(providers),
        modules=tuple(modules),
        target_versions=dict(targets),
        indent=measure_indent(text),
        notes=tuple(notes),
    )
