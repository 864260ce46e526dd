"""The one definition of a project's Python files: what is walked, what is skipped, what is never opened."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from compat.project import load_project
from compat.project.files import MAX_BYTES, find_projects, python_files

T = TypeVar("T")
_POSIX_ONLY = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symlinks")


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, failing the test (instead of hanging it) when it takes longer than ``seconds``."""
    box: list[T] = []
    thread = threading.Thread(target=lambda: box.append(work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert box, f"did not finish within {seconds} s"
    return box[0]


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def rels(root: Path, exclude: tuple[str, ...] = ()) -> list[str]:
    return [f.rel for f in python_files(root, exclude)]


def hostile(root: Path) -> Path:
    """A project with two symlinks to itself, a link up, a FIFO named x.py and a big.py -> /dev/zero."""
    write(root, {"cdktf.json": "{}", "main.py": "from cdktf import App\n", "stacks/s.py": "x = 1\n"})
    (root / "self1").symlink_to(".")
    (root / "self2").symlink_to(".")
    (root / "stacks" / "up").symlink_to("..")
    os.mkfifo(root / "x.py")
    (root / "big.py").symlink_to("/dev/zero")
    return root


def test_generated_vendored_and_hidden_code_is_not_the_projects(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            "cdktf.json": "{}",
            "main.py": "",
            "stacks/network.py": "",
            "imports/aws/__init__.py": "",
            "cdktf.out/stacks/x.py": "",
            "node_modules/a/b.py": "",
            ".venv/lib/site.py": "",
            "env1/pyvenv.cfg": "",
            "env1/lib/mod.py": "",
            "lambda/handler.py": "",
            "lambda/requests/api.py": "",
            "lambda/requests-2.31.0.dist-info/RECORD": "",
            "app.egg-info/x.py": "",
            ".github/scripts/release.py": "",
            "generated/g.py": "",
            "env/prod.py": "",  # stage settings, not a virtualenv: no pyvenv.cfg
        },
    )
    assert rels(root, ("./generated/",)) == ["main.py", "env/prod.py", "stacks/network.py"]


def test_gitignored_paths_are_skipped_deepest_rule_wins(tmp_path: Path) -> None:
    root = write(
        tmp_path / "app",
        {
            ".gitignore": "out/\n*_gen.py\n",
            "cdktf.json": "{}",
            "main.py": "",
            "out/o.py": "",
            "stacks/a_gen.py": "",
            "stacks/b.py": "",
            "stacks/.gitignore": "!a_gen.py\n",
        },
    )
    assert rels(root) == ["main.py", "stacks/a_gen.py", "stacks/b.py"]


def test_gitignore_above_the_project_applies_up_to_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path, {".gitignore": "scratch/\n"})  # above the repository: not this repository's rules
    repo = write(
        tmp_path / "repo",
        {
            ".gitignore": "infra/legacy/\n",
            "infra/cdktf.json": "{}",
            "infra/main.py": "",
            "infra/legacy/old.py": "",
            "infra/scratch/s.py": "",
        },
    )
    (repo / ".git").mkdir()
    assert rels(repo / "infra") == ["main.py", "scratch/s.py"]


def test_a_gitignored_folder_pointed_at_explicitly_is_walked(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".gitignore": "sandbox/\n",
            "sandbox/cdktf.json": "{}",
            "sandbox/main.py": "",
            "sandbox/out/o.py": "",
            "sandbox/.gitignore": "out/\n",
        },
    )
    (tmp_path / ".git").mkdir()
    assert find_projects(tmp_path) == []
    assert rels(tmp_path / "sandbox") == ["main.py"]
    assert find_projects(tmp_path / "sandbox") == [tmp_path / "sandbox"]


def test_nested_project_files_belong_to_the_nested_project(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "cdktf.json": "{}",
            "main.py": "",
            "examples/demo/cdktf.json": "{}",
            "examples/demo/main.py": "",
            "imports/cdktf.json": "{}",
            "lambda/x-1.0.dist-info/METADATA": "",
            "lambda/cdktf.json": "{}",
        },
    )
    assert rels(tmp_path) == ["main.py"]
    assert rels(tmp_path / "examples" / "demo") == ["main.py"]
    assert find_projects(tmp_path) == [root, root / "examples" / "demo"]


def test_template_folders_are_not_projects_nor_project_code(tmp_path: Path) -> None:
    # cookiecutter (and copier) name a template's folders with Jinja placeholders: its cdktf.json and
    # .py files hold "{{ cookiecutter.x }}" text until rendered, and cdktf never runs them as they are
    template = "{{ cookiecutter.cdktf_directory_name }}"
    write(
        tmp_path,
        {
            "cookiecutter.json": "{}",
            f"{template}/cdktf.json": '{"projectId": "{{ cookiecutter.project_id }}"}',
            f"{template}/src/{{{{ cookiecutter.mod }}}}/main.py": "from {{ cookiecutter.mod }} import x\n",
            "app/cdktf.json": "{}",
            "app/main.py": "",
            "app/templates/{{cookiecutter.name}}/handler.py": "",
        },
    )
    assert find_projects(tmp_path) == [tmp_path / "app"]
    assert rels(tmp_path / "app") == ["main.py"]
    assert rels(tmp_path / template) == []  # pointed at: walked, but its placeholder folders are not


def test_oversized_files_are_listed_not_read(tmp_path: Path) -> None:
    write(tmp_path, {"cdktf.json": "{}", "small.py": ""})
    with open(tmp_path / "huge.py", "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no disk used
    found = {f.rel: f.oversized for f in python_files(tmp_path)}
    assert found == {"huge.py": True, "small.py": False}


@_POSIX_ONLY
def test_symlink_loops_fifos_and_devices_are_never_walked_or_opened(tmp_path: Path) -> None:
    root = hostile(tmp_path / "app")
    assert within(5, lambda: rels(root)) == ["main.py", "stacks/s.py"]
    assert within(5, lambda: find_projects(root)) == [root]


@_POSIX_ONLY
def test_symlinked_folder_inside_the_repository_is_walked_once(tmp_path: Path) -> None:
    write(tmp_path, {"shared/lib.py": "", "app/cdktf.json": "{}", "app/main.py": ""})
    (tmp_path / ".git").mkdir()
    (tmp_path / "app" / "shared").symlink_to("../shared")
    (tmp_path / "app" / "again").symlink_to("../shared")
    (tmp_path / "app" / "root").symlink_to("/")  # outside the repository: not followed, but listed
    assert rels(tmp_path / "app") == ["main.py", "root", "again/lib.py"]  # a folder's files first
    unread = [(f.rel, f.outside) for f in python_files(tmp_path / "app") if not f.readable]
    assert unread == [("root", Path("/"))]


@_POSIX_ONLY
def test_family_detection_finishes_on_a_hostile_tree(tmp_path: Path) -> None:
    root = hostile(tmp_path / "app")  # no manifest names a family: detection reads the code
    project = within(10, lambda: load_project(root, use_snapshot=False))
    assert project.family.name == "cdktf" and project.family_source == "the code imports cdktf"


def test_family_detection_and_check_read_the_same_files(tmp_path: Path) -> None:
    """A cdktn import inside a vendored or ignored folder says nothing about the project's family."""
    root = write(
        tmp_path / "app",
        {
            "cdktf.json": "{}",
            "main.py": "import cdktf\n",
            ".gitignore": "scratch/\n",
            "scratch/try.py": "import cdktn\n",
            "lambda/dep/m.py": "import cdktn\n",
            "lambda/dep-1.dist-info/x": "",
        },
    )
    assert load_project(root, use_snapshot=False).family_source == "the code imports cdktf"


def test_manifests_of_the_app_may_sit_at_the_repository_root(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Pipfile": '[packages]\ncdktf = "==0.20.12"\n\n[requires]\npython_version = "3.11"\n',
            "pyproject.toml": "[tool.ruff]\nline-length = 100\n",
            "infra/cdktf.json": '{"language": "python", "app": "pipenv run python main.py"}',
            "infra/pyproject.toml": "[tool.black]\nline-length = 100\n",  # installs nothing: search goes on
            "infra/main.py": "import cdktf\n",
        },
    )
    (tmp_path / ".git").mkdir()
    project = load_project(tmp_path / "infra", use_snapshot=False)
    assert [m.path for m in project.manifests] == [tmp_path / "Pipfile"]
    assert str(project.python.version) == "3.11"


def test_manifests_above_the_repository_root_are_not_the_apps(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "Pipfile": '[packages]\ncdktf = "==0.20.12"\n',
            "repo/infra/cdktf.json": "{}",
            "repo/infra/main.py": "import cdktn\n",
        },
    )
    (tmp_path / "repo" / ".git").mkdir()
    project = load_project(tmp_path / "repo" / "infra", use_snapshot=False)
    assert project.manifests == () and project.family.name == "cdktn"


def test_each_file_is_named_below_the_root_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``path`` is ``root / rel`` for an absolute, relative or ``..``-spelled root; ``rel`` is POSIX."""
    write(tmp_path / "proj", {"main.py": "", "stacks/a.py": "", "stacks/deep/b.py": ""})
    monkeypatch.chdir(tmp_path / "proj" / "stacks")
    for root in (tmp_path / "proj", Path(".."), Path("../../proj")):
        listed = [(f.path, f.rel) for f in python_files(root)]
        assert listed == [
            (root / "main.py", "main.py"),
            (root / "stacks/a.py", "stacks/a.py"),
            (root / "stacks/deep/b.py", "stacks/deep/b.py"),
        ]
