"""The snapshot build end to end, against recorded PyPI/npm answers and small wheels built here."""

from __future__ import annotations

import io
import json
import re
import tarfile
from pathlib import Path
from typing import Any

import pytest
import responses
from registry.rangeserver import range_callback

from compat.databuild.build import build_snapshot, collect, implied_source
from compat.errors import CompatError
from compat.packed_rows import unpack_rows
from compat.registry.http import HttpClient
from compat.snapshot import parse_snapshot
from databuild.wheels import core_wheel, wheel

FIXTURES = Path(__file__).parent.parent / "fixtures" / "registry"
#: the Terraform check as the published cdktn-cli 0.24.0 bundle (bundle/bin/cmds/handlers.js) has it
MINIFIED_CHECK = (
    'KMe=Se(Qr()),qMe="1.2.0",wlr=/Terraform v\\d+.\\d+.\\d+/,d8=async()=>{};'
    "let t=`Warning: unsupported Terraform version [${e}] - please upgrade to >=${qMe}`;console.warn(t)"
)


def cli_bundle(script: str) -> bytes:
    """An npm tarball of a CLI whose bundle holds ``script``."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in (
            ("package/package.json", '{"name": "cdktn-cli"}'),
            ("package/bundle/bin/cmds/handlers.js", script),
            ("package/bundle/bin/cmds/handlers.js.map", "please upgrade to >=${X} X='9.9.9'"),
        ):
            data = text.encode()
            member = tarfile.TarInfo(name)
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return buffer.getvalue()


AWS = "registry.terraform.io/hashicorp/aws"

#: provider versions of the releases npm does not have, as their real package.json states them
NOT_ON_NPM = {
    ("cdktf-cdktf-provider-aws", "10.0.2"): {"cdktf": {"provider": {"name": AWS, "version": "4.33.0"}}},
    ("cdktn-provider-aws", "21.23.0"): {"cdktf": {"provider": {"name": AWS, "version": "6.28.0"}}},
    ("cdktn-provider-aws", "25.8.1"): {"cdktn": {"provider": {"name": AWS, "version": "6.69.1"}}},
}


class Registry:
    """PyPI, npm and the wheel host, recorded; counts the wheel requests."""

    def __init__(self, mock: responses.RequestsMock, broken: set[str] | None = None) -> None:
        self.wheel_requests: list[str] = []
        self.wheels: dict[str, bytes] = {}
        for name in ("cdktf-cdktf-provider-aws", "cdktn-provider-aws", "cdktf", "cdktn"):
            body = json.loads((FIXTURES / f"pypi-{name}.json").read_text())
            mock.get(f"https://pypi.org/pypi/{name}/json", json=body)
            for version in body["releases"]:
                self.wheels[f"{name}=={version}"] = (
                    wheel(name, version, NOT_ON_NPM.get((name, version)))
                    if name.endswith("provider-aws")
                    else core_wheel(name, version)
                )
        for line in ("cdktf", "cdktn"):
            mock.get(
                f"https://registry.npmjs.org/@{line}%2Fprovider-aws",
                body=(FIXTURES / f"npm-{line}-provider-aws.json").read_text(),
            )
            mock.get(f"https://registry.npmjs.org/{line}", body=(FIXTURES / f"npm-{line}.json").read_text())
        cli_tarball = "https://registry.npmjs.org/cdktn-cli/-/cdktn-cli-0.24.0.tgz"
        mock.get(
            "https://registry.npmjs.org/cdktn-cli",
            json={"name": "cdktn-cli", "versions": {"0.24.0": {"dist": {"tarball": cli_tarball}}}},
        )
        mock.add_callback(responses.GET, cli_tarball, callback=range_callback(cli_bundle(MINIFIED_CHECK)))
        mock.get(  # the registry's answer, trimmed to three versions and the fields compat reads
            "https://registry.npmjs.org/constructs",
            json={
                "name": "constructs",
                "versions": {
                    "10.4.2": {"version": "10.4.2", "engines": {"node": ">= 16.14.0"}},
                    "10.4.3": {"version": "10.4.3", "engines": {"node": ">= 16.14.0"}},
                    "10.8.1": {"version": "10.8.1", "engines": {"node": ">= 16.14.0"}},
                },
            },
        )
        mock.get("https://registry.npmjs.org/cdktf-cli", status=404)
        broken = broken or set()

        def reply(request: Any) -> tuple[int, dict[str, str], bytes]:
            filename = request.url.rsplit("/", 1)[1]
            match = re.fullmatch(r"(.+?)-([^-]+)-py3-none-any\.whl", filename)
            assert match, filename
            key = f"{match.group(1).replace('_', '-')}=={match.group(2)}"
            self.wheel_requests.append(key)
            if key in broken:
                return 500, {}, b"oops"
            return range_callback(self.wheels[key])(request)

        mock.add_callback(
            responses.GET,
            re.compile(r"https://(files\.pythonhosted\.org|pypi\.org)/packages/.*\.whl"),
            callback=reply,
        )


def _rows(document: dict[str, Any], package: str) -> dict[str, dict[str, Any]]:
    return {row["version"]: row for row in unpack_rows(document["packages"][package])}


def test_build_reads_every_release_and_says_where_each_provider_version_comes_from(tmp_path: Path) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        registry = Registry(mock)
        document, stats = collect(
            http=HttpClient(retries=0), work_dir=tmp_path, jobs=3, progress=lambda _: None
        )
    cdktf = _rows(document, "cdktf-cdktf-provider-aws")
    assert set(cdktf) == {"9.0.52", "10.0.2", "21.22.1"}
    assert cdktf["9.0.52"] | {"uploaded": ""} == {
        "version": "9.0.52",
        "uploaded": "",
        "provider_source": AWS,
        "provider_version": "4.33.0",
        "provider_version_from": "npm",
        "core_requirement": "cdktf<0.14.0,>=0.12.2",
        "constructs_requirement": "constructs<11.0.0,>=10.0.0",
        "requires_python": "~=3.7",
        "yanked": False,
        "deprecated": False,
        "engines_node": ">= 14.17.0",  # npm engines.node of the same version
    }
    assert (cdktf["10.0.2"]["provider_version"], cdktf["10.0.2"]["provider_version_from"]) == (
        "4.33.0",
        "wheel",
    )
    assert cdktf["21.22.1"]["deprecated"] is True
    cdktn = _rows(document, "cdktn-provider-aws")
    assert (cdktn["25.8.1"]["provider_version"], cdktn["25.8.1"]["provider_version_from"]) == (
        "6.69.1",
        "wheel",
    )
    assert cdktn["25.7.0"]["provider_version_from"] == "npm"
    assert cdktn["25.8.1"]["uploaded"] == "2026-10-16T08:48:12.798293Z"
    cores = _rows(document, "cdktf")
    assert cores["0.21.0"]["node_min"] == "20.9" and cores["0.21.0"]["terraform_min"] == "1.2.0"
    assert cores["0.21.0"]["requires_python"] == "~=3.9"
    # each core's own constructs requirement, from its wheel's METADATA (the whitespace pip allows dropped)
    assert cores["0.21.0"]["constructs_requirement"] == "constructs<11.0.0,>=10.4.2"
    assert _rows(document, "cdktn")["0.24.0"]["constructs_requirement"] == "constructs<10.8.0,>=10.6.0"
    # cdktn's floor is read from the cdktn-cli release of the same version; none on npm: unknown
    assert _rows(document, "cdktn")["0.24.0"]["terraform_min"] == "1.2.0"
    assert _rows(document, "cdktn")["0.25.0.dev65"]["terraform_min"] is None
    (floor,) = [f for f in document["core_facts"] if f["core"] == "cdktn" and f["kind"] == "terraform_min"]
    assert floor["versions"] == "==0.24.0" and floor["source"].endswith(
        "cdktn-cli-0.24.0.tgz (bundle/bin/cmds/handlers.js)"
    )
    # cdktf 10.0.2 is streamed; the cdktn READMEs in METADATA state their provider version
    assert (cdktn["21.23.0"]["provider_version"], cdktn["21.23.0"]["provider_version_from"]) == (
        "6.28.0",
        "wheel",
    )
    assert stats.jsii_streamed == 1 and stats.releases == 6
    # the whole wheels' size is read from the files themselves (the recorded index gives none); these
    # test wheels are tiny, so their Range reads cost more than the whole files would
    assert stats.bytes_downloaded > 0 and stats.whole_wheel_bytes > 0
    assert all(f["source"].startswith("https://") for f in document["features"])
    snapshot = parse_snapshot(document)  # what every other command reads
    release = snapshot.binding("cdktf-cdktf-provider-aws", "9.0.52")
    assert release is not None and str(release.core_specifier) == "<0.14.0,>=0.12.2"
    assert len(registry.wheel_requests) > 6
    # the npm section: every npm version of the bindings and of both cores, with npm's own ranges
    assert snapshot.npm_packages() == [
        "@cdktf/provider-aws",
        "@cdktn/provider-aws",
        "cdktf",
        "cdktn",
        "cdktn-cli",
        "constructs",
    ]
    assert [r.version for r in snapshot.npm("constructs")] == ["10.4.2", "10.4.3", "10.8.1"]
    assert snapshot.npm("cdktf-cli") == []  # npm answered 404: no entry
    assert snapshot.npm_pypi_name("@cdktn/provider-aws") == "cdktn-provider-aws"
    aws = snapshot.npm_release("@cdktf/provider-aws", "21.22.1")
    assert aws is not None
    assert (aws.peer_core, aws.peer_constructs, aws.engines_node) == ("^0.21.0", "^10.4.2", ">= 20.9.0")
    assert (aws.provider_version, aws.deprecated, aws.deprecated_message) == ("6.25.0", True, None)
    assert snapshot.npm_release("@cdktf/provider-aws", "10.0.2") is None  # PyPI only
    core = snapshot.npm_release("cdktn", "0.24.0")
    assert core is not None and (core.peer_constructs, core.peer_core) == (">=10.6.0 <10.8.0", None)
    assert snapshot.npm("@cdktf/provider-nosuch") == []


def test_an_interrupted_build_resumes_without_reading_the_wheels_again(tmp_path: Path) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        first = Registry(mock, broken={"cdktn-provider-aws==25.8.1"})
        with pytest.raises(CompatError, match="1 releases could not be read.*again to resume"):
            collect(http=HttpClient(retries=0), work_dir=tmp_path, jobs=2, progress=lambda _: None)
        assert "cdktn-provider-aws==25.8.1" in first.wheel_requests
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        second = Registry(mock)
        document, stats = collect(
            http=HttpClient(retries=0), work_dir=tmp_path, jobs=2, progress=lambda _: None
        )
    assert set(second.wheel_requests) == {"cdktn-provider-aws==25.8.1"}  # only the one that failed
    assert stats.tasks_resumed == 5 and stats.tasks_run == 1
    assert _rows(document, "cdktn-provider-aws")["25.8.1"]["provider_version"] == "6.69.1"


def test_nothing_is_written_when_a_release_fails(tmp_path: Path) -> None:
    out = tmp_path / "releases.json"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        Registry(mock, broken={"cdktf-cdktf-provider-aws==9.0.52"})
        with pytest.raises(CompatError):
            build_snapshot(
                out, http=HttpClient(retries=0), work_dir=tmp_path / "work", progress=lambda _: None
            )
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "source"),
    [
        ("aws", "registry.terraform.io/hashicorp/aws"),
        ("integrations/github", "registry.terraform.io/integrations/github"),
        ("example.com/a/b", "example.com/a/b"),
    ],
)
def test_implied_source(name: str, source: str) -> None:
    assert implied_source(name) == source


def test_an_unexpected_error_in_one_release_is_reported_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import compat.databuild.tasks as tasks

    real = tasks.read_wheel

    def flaky(http: HttpClient, url: str, *args: Any, **kwargs: Any) -> Any:
        if url.endswith("-21.22.1-py3-none-any.whl"):
            raise KeyError("member")
        return real(http, url, *args, **kwargs)

    monkeypatch.setattr(tasks, "read_wheel", flaky)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        Registry(mock)
        with pytest.raises(CompatError, match=r"cdktf-cdktf-provider-aws 21\.22\.1: KeyError"):
            collect(http=HttpClient(retries=0), work_dir=tmp_path, jobs=2, progress=lambda _: None)
    assert len(list(tmp_path.glob("*provider-aws/*.json"))) == 5  # the others are kept for the next run
    assert len(list(tmp_path.glob("cdkt[fn]/*.json"))) == 4  # and every core wheel read


@pytest.mark.parametrize(
    ("script", "floor"),
    [
        (MINIFIED_CHECK, "1.2.0"),
        # the CLI compiled without bundling (terraform-check.ts), as cdktf-cli shipped it
        (
            'const MIN_SUPPORTED_VERSION = "1.0.0";\nconst VERSION_REGEXP = /Terraform v\\d+.\\d+.\\d+/;\n'
            "const m = `unsupported Terraform version [${v}] - "
            "please upgrade to >=${MIN_SUPPORTED_VERSION}`;",
            "1.0.0",
        ),
        ("console.log('no version check here')", None),
        ('`please upgrade to >=${a}`; b.a="9.9.9"', None),  # another object's property: not the constant
    ],
)
def test_the_cli_floor_is_the_constant_its_upgrade_message_names(script: str, floor: str | None) -> None:
    from compat.databuild.cli_floor import parse_cli_floor

    assert parse_cli_floor(script) == floor


def test_a_cli_bundle_without_the_check_stops_the_build(tmp_path: Path) -> None:
    from packaging.version import Version

    from compat.databuild.cli_floor import cli_floors

    tarball = "https://registry.npmjs.org/cdktn-cli/-/cdktn-cli-0.24.0.tgz"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(
            "https://registry.npmjs.org/cdktn-cli",
            json={"name": "cdktn-cli", "versions": {"0.24.0": {"dist": {"tarball": tarball}}}},
        )
        mock.add_callback(responses.GET, tarball, callback=range_callback(cli_bundle("let x = 1;")))
        with pytest.raises(CompatError, match=r"no minimum Terraform check .* \(the CLI changed shape\)"):
            cli_floors(HttpClient(retries=0), "cdktn", [Version("0.24.0")])
        assert cli_floors(HttpClient(retries=0), "cdktn", [Version("0.23.4")]) == {}  # no such CLI release
        assert cli_floors(HttpClient(retries=0), "cdktf", [Version("0.21.0")]) == {}  # cited table instead


def test_cores_only_adds_each_core_constructs_requirement_and_keeps_the_rest(tmp_path: Path) -> None:
    """``compat data build --cores-only``: the core rows gain the ``constructs`` requirement of their
    wheels; every other fact of a row, and every other package, stays as the file had it."""
    from compat.databuild.build import rebuild_core_constructs
    from compat.packed_rows import pack_release_rows

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        Registry(mock)
        document, _ = collect(
            http=HttpClient(retries=0), work_dir=tmp_path / "w1", jobs=2, progress=lambda _: None
        )
        for core in ("cdktf", "cdktn"):  # as the snapshot was before: core rows without the field
            entry = document["packages"][core]
            rows = [
                {k: v for k, v in row.items() if k != "constructs_requirement"} for row in unpack_rows(entry)
            ]
            for key in ("encoding", "fields", "rows"):
                entry.pop(key, None)
            entry.update(pack_release_rows(rows))
        out = tmp_path / "releases.json"
        out.write_text(json.dumps(document))
        before = json.loads(out.read_text())
        stated = rebuild_core_constructs(
            out, http=HttpClient(retries=0), work_dir=tmp_path / "w2", jobs=2, progress=lambda _: None
        )
    after = json.loads(out.read_text())
    assert stated == {"cdktf": 2, "cdktn": 2}
    assert _rows(after, "cdktf")["0.21.0"] == _rows(before, "cdktf")["0.21.0"] | {
        "constructs_requirement": "constructs<11.0.0,>=10.4.2"
    }
    assert {k: v for k, v in after.items() if k != "packages"} == {
        k: v for k, v in before.items() if k != "packages"
    }
    others = {k: v for k, v in after["packages"].items() if k not in ("cdktf", "cdktn")}
    assert others == {k: v for k, v in before["packages"].items() if k not in ("cdktf", "cdktn")}
