"""Parsing a JSON manifest (cdktf.json, Pipfile.lock) once, with one clear error line naming the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compat.errors import CompatError


def parse_json_object(path: Path, text: str, what: str = "a JSON object") -> dict[str, Any]:
    """The JSON object in ``text``; malformed JSON or another JSON value -> CompatError naming ``path``."""
    try:
        document = json.loads(text.removeprefix("\ufeff"))  # a BOM, as the cdktf CLI reads past it
    except ValueError as error:
        raise CompatError(f"{path}: not valid JSON ({error})") from error
    except RecursionError as error:
        raise CompatError(f"{path}: JSON nested too deeply to read") from error
    if not isinstance(document, dict):
        raise CompatError(f"{path}: not {what} (no JSON object)")
    return document
