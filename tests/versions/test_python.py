"""The project's Python as the owning tool reads it: pipenv one interpreter, uv / Poetry every Python."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from compat.errors import CompatError
from compat.versions import ProjectPython, detect_python

CDKTF_021 = SpecifierSet("~=3.9")  # Requires-Python of cdktf 0.21 (DOMAIN.md section 6)
RUNNING = (3, 11, 7)


def _detect(root: Path, flag: str | None = None) -> ProjectPython:
    return detect_python(root, flag, interpreter=RUNNING)


def _pipfile(root: Path, requires: str) -> Path:
    (root / "Pipfile").write_text(f'[packages]\ncdktf = "*"\n\n[requires]\n{requires}\n')
    return root


def test_pipfile_bare_major_admits_any_python_3(tmp_path: Path) -> None:
    python = _detect(_pipfile(tmp_path, 'python_version = "3"'))
    assert (python.tool, python.resolution) == ("pipenv", "one")
    assert python.source == "Pipfile [requires] python_version"
    assert python.declared and python.exact is None and Version("3.12") in python.interpreters
    assert python.excluded_by(CDKTF_021) is None  # pipenv may well run 3.12
    assert python.version == Version("3.11.7")  # the one interpreter: the running one, which "3" admits
    assert str(python) == "3"


def test_pipfile_minor_is_the_one_interpreter(tmp_path: Path) -> None:
    python = _detect(_pipfile(tmp_path, 'python_version = "3.7"'))
    assert python.exact == Version("3.7") and python.version == Version("3.7")
    assert python.excluded_by(CDKTF_021) == Version("3.7")
    assert python.explain(Version("3.7")) == "pipenv runs Python 3.7 (Pipfile [requires] python_version)"


def test_python_full_version_wins(tmp_path: Path) -> None:
    python = _detect(_pipfile(tmp_path, 'python_version = "3.8"\npython_full_version = "3.9.2"'))
    assert python.exact == Version("3.9.2") and python.excluded_by(CDKTF_021) is None
    assert python.source == "Pipfile [requires] python_full_version"


def test_pipfile_lock_meta_requires_when_the_pipfile_says_nothing(tmp_path: Path) -> None:
    (tmp_path / "Pipfile").write_text('[packages]\ncdktf = "*"\n')
    lock = {"_meta": {"requires": {"python_version": "3.8"}}, "default": {}, "develop": {}}
    (tmp_path / "Pipfile.lock").write_text(json.dumps(lock))
    python = _detect(tmp_path)
    assert python.exact == Version("3.8") and python.source == "Pipfile.lock _meta.requires python_version"


def test_unreadable_pipfile_python_is_a_note(tmp_path: Path) -> None:
    (tmp_path / ".python-version").write_text("3.12\n")
    python = _detect(_pipfile(tmp_path, 'python_version = "three"'))
    assert python.exact == Version("3.12") and python.source == ".python-version"
    assert any("'three'" in note for note in python.notes)


def test_uv_resolves_for_every_admitted_python(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.8"\n')
    (tmp_path / "uv.lock").write_text("version = 1\n")
    python = _detect(tmp_path)
    assert (python.tool, python.resolution, python.version) == ("uv", "lowest", Version("3.8"))
    assert python.excluded_by(CDKTF_021) == Version("3.8")
    assert "uv resolves for every Python that '>=3.8' admits" in python.explain(Version("3.8"))
    assert python.excluded_by(SpecifierSet(">=3.6,<3.12")) is None  # uv ignores upper bounds


def test_poetry_reads_upper_bounds_too(tmp_path: Path) -> None:
    text = '[tool.poetry.dependencies]\npython = "^3.9"\ncdktf = "^0.21.0"\n'
    (tmp_path / "pyproject.toml").write_text(text)
    python = _detect(tmp_path)
    assert (python.tool, python.resolution) == ("Poetry", "every")
    assert python.excluded_by(CDKTF_021) is None
    assert python.excluded_by(SpecifierSet(">=3.6,<3.12")) == Version("3.12")


def test_requires_python_without_a_locking_tool_is_pip_one_interpreter(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.8"\n')
    python = _detect(tmp_path)
    assert (python.tool, python.resolution) == ("pip", "one")
    assert python.excluded_by(CDKTF_021) is None  # pip may run 3.9+
    assert python.excluded_by(SpecifierSet("<3.8")) == Version("3.8")  # none of them qualifies


def test_bad_requires_python_is_a_note_not_an_abort(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=three"\n')
    python = _detect(tmp_path)
    assert not python.declared and python.notes


def test_nothing_declared_is_never_a_basis_for_an_error(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("cdktf==0.21.0\n")
    python = detect_python(tmp_path, interpreter=(3, 8, 10))
    assert not python.declared and python.source == "the running interpreter"
    assert python.version == Version("3.8.10") and python.excluded_by(CDKTF_021) is None


def test_patch_level_bounds_are_read_per_minor(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.8.1"\n')
    (tmp_path / "uv.lock").write_text("version = 1\n")
    python = _detect(tmp_path)
    assert python.interpreters[0] == Version("3.8")
    assert python.excluded_by(SpecifierSet(">=3.8.1")) is None


def test_flag(tmp_path: Path) -> None:
    python = _detect(tmp_path, "3.8")
    assert python.exact == Version("3.8") and python.source == "--python"
    assert _detect(tmp_path, "3").exact is None
    with pytest.raises(CompatError, match="--python"):
        _detect(tmp_path, "three")
