"""Property: editing one requirements line changes its specifier and nothing else, and is idempotent."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet

from compat.project.formats.requirements import edit_requirements, scan
from compat.project.wanted import WantedPin

names = st.sampled_from(["cdktf", "CDKTF", "cdktf_cdktf_provider_aws", "cdktf-cdktf-provider-aws"])
extras = st.sampled_from(["", "[crt]", "[a,b]"])
specs = st.sampled_from(["", "==0.20.12", ">=0.20,<0.21", " >= 0.20", "~=0.20.0", "==0.20.*"])
markers = st.sampled_from(["", ' ; python_version >= "3.9"', ";sys_platform=='linux'"])
comments = st.sampled_from(["", "  # core", " # pinned by hand"])
options = st.sampled_from(["", " --hash=sha256:0123abcd"])


@given(names, extras, specs, markers, options, comments)
def test_edit_changes_only_the_specifier(
    name: str, extra: str, spec: str, marker: str, option: str, comment: str
) -> None:
    line = f"{name}{extra}{spec}{marker}{option}{comment}\n"
    text = "# header\n" + line + "boto3>=1.28\n"
    path = Path("requirements.txt")
    wanted = {WantedPin.of(name, "==9.9.9").package: WantedPin.of(name, "==9.9.9")}
    after, _notes = edit_requirements(path, text, wanted, {}, [])
    before_items, after_items = scan(path, text), scan(path, after)
    assert [i.requirement.name for i in after_items] == [i.requirement.name for i in before_items]
    edited = after_items[0].requirement
    assert edited.specifier == SpecifierSet("==9.9.9")
    assert edited.extras == before_items[0].requirement.extras
    assert edited.marker == before_items[0].requirement.marker
    new_line = after.splitlines()[1]
    assert new_line.endswith(f"{option}{comment}") and new_line.startswith(name)
    assert after.splitlines()[0] == "# header" and after.splitlines()[2] == "boto3>=1.28"
    again, _ = edit_requirements(path, after, wanted, {}, [])
    assert again == after
