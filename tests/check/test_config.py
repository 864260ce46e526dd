"""The options of one project: the command's flags over the project's settings, else PATH's."""

from __future__ import annotations

from pathlib import Path

from compat.check.config import CheckOptions, project_run


def test_flags_win_and_each_setting_fills_only_what_no_flag_gave(tmp_path: Path) -> None:
    root = tmp_path / "infra"
    root.mkdir()
    (root / "compat.toml").write_text(
        'terraform = "1.5.7"\npython = "3.9"\nselect = ["VER"]\n'
        'exclude = ["stacks/generated", "../elsewhere"]\nstrict = true\n'
    )
    run = project_run(root, tmp_path, CheckOptions(python="3.12", offline=True), strict=False)
    assert run.options == CheckOptions(
        terraform="1.5.7", python="3.12", offline=True, select=("VER",), exclude=("stacks/generated",)
    )
    assert run.strict is True
    tofu = project_run(root, tmp_path, CheckOptions(opentofu="1.10.0"), strict=False)
    assert (tofu.options.terraform, tofu.options.opentofu) == (None, "1.10.0")


def test_a_project_without_settings_takes_those_of_the_folder_checked(tmp_path: Path) -> None:
    root = tmp_path / "apps" / "web"
    root.mkdir(parents=True)
    (tmp_path / "compat.toml").write_text('ignore = ["SYN"]\nexclude = ["apps/web/vendor"]\n')
    run = project_run(root, tmp_path, CheckOptions(), strict=False)
    assert run.options.ignore == ("SYN",)
    assert run.options.exclude == ("vendor",)
    assert run.strict is False
