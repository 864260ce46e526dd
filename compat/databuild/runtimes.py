"""``compat data runtimes``: the runtime facts that live inside npm packages, into ``runtimes.json``.

- jsii's Node.js support table: ``lib/constants.js`` of the newest ``@jsii/check-node`` (the module
  that prints "Node 20 is end-of-life" at every synth), end of jsii support defaulting, as there, to
  ``DEFAULT_EXTENDED_SUPPORT_MONTHS`` after end of life;
- ``engines.node`` of every version of the prebuilt AWS packages and of ``cdktn-cli`` (npm packuments);
- cdktn's own CLI feature data from its core package: ``lib/functions/function-availability.generated.js``
  and ``lib/provider-feature-constraints.js``.

The JavaScript is read with patterns, never run; a file whose shape changed is an error, not a guess.
"""

from __future__ import annotations

import io
import re
import tarfile
from datetime import date, timedelta
from typing import Any

from compat.errors import CompatError
from compat.registry.http import HttpClient
from compat.registry.npm import NpmClient

JSII_CHECK_NODE = "@jsii/check-node"
CDKTN_CORE = "cdktn"
ENGINES_PACKAGES = ("@cdktf/provider-aws", "@cdktn/provider-aws", "cdktn-cli")
FUNCTIONS_FILE = "package/lib/functions/function-availability.generated.js"
FEATURES_FILE = "package/lib/provider-feature-constraints.js"
CONSTANTS_FILE = "package/lib/constants.js"

_MAPPED = r"\[([\d,\s]+)\]\.map\(\(majorVersion\)\s*=>\s*new NodeRelease\(majorVersion,\s*\{(.*?)\}\)\)"
_DATE = r"new Date\('(\d{4}-\d{2}-\d{2})'\)"


def _packument(http: HttpClient, name: str) -> tuple[str, dict[str, Any]]:
    url = NpmClient(http).packument_url(name)
    body = http.get_json(url, ttl=3600.0)
    if not isinstance(body, dict) or not isinstance(body.get("versions"), dict):
        raise CompatError(f"{url}: not an npm packument")
    return url, body


def _latest_tarball(http: HttpClient, name: str) -> tuple[str, dict[str, bytes]]:
    """The newest release's tarball URL and its members."""
    _, body = _packument(http, name)
    latest = (body.get("dist-tags") or {}).get("latest")
    row = body["versions"].get(latest) if latest else None
    if not isinstance(row, dict):
        raise CompatError(f"npm {name}: no latest version")
    url = row["dist"]["tarball"]
    size = http.content_length(url)
    raw = http.get_range(url, 0, size - 1)
    members: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as archive:
        for member in archive.getmembers():
            if member.isfile() and member.name.endswith((".js", ".json")):
                handle = archive.extractfile(member)
                if handle is not None:
                    members[member.name] = handle.read()
    return url, members


def _plus_months(day: date, months: int) -> date:
    """JavaScript's ``new Date(y, m + months, d)``: a day past the month's end rolls over."""
    year, month = divmod(day.month - 1 + months, 12)
    first = date(day.year + year, month + 1, 1)
    return first + timedelta(days=day.day - 1)


def _node_options(body: str, major: int, months: int) -> dict[str, Any]:
    end_of_life = re.search(rf"endOfLife:\s*{_DATE}", body)
    if end_of_life is None:
        raise CompatError(f"{JSII_CHECK_NODE}: Node {major} has no endOfLife")
    eol = date.fromisoformat(end_of_life.group(1))
    support = re.search(rf"endOfJsiiSupport:\s*{_DATE}", body)
    supported = re.search(r"supportedRange:\s*'([^']+)'", body)
    return {
        "major": major,
        "end_of_life": eol.isoformat(),
        "end_of_jsii_support": (
            date.fromisoformat(support.group(1)) if support else _plus_months(eol, months)
        ).isoformat(),
        "supported_range": supported.group(1) if supported else f"^{major}.0.0",
        "untested": bool(re.search(r"untested:\s*true", body)),
    }


def parse_node_releases(text: str) -> list[dict[str, Any]]:
    """jsii's ``NodeRelease.ALL_RELEASES`` from ``@jsii/check-node`` ``lib/constants.js``."""
    months_match = re.search(r"DEFAULT_EXTENDED_SUPPORT_MONTHS\s*=\s*(\d+)", text)
    if months_match is None or "ALL_RELEASES" not in text:
        raise CompatError(f"{JSII_CHECK_NODE} constants.js changed shape: no support table found")
    months = int(months_match.group(1))
    table = text[text.index("ALL_RELEASES") :]
    rows: dict[int, dict[str, Any]] = {}
    for majors, body in re.findall(_MAPPED, table, re.S):
        for major in (int(m) for m in majors.split(",") if m.strip()):
            rows[major] = _node_options(body, major, months)
    for major_text, body in re.findall(r"new NodeRelease\((\d+),\s*\{(.*?)\}\)", table, re.S):
        rows[int(major_text)] = _node_options(body, int(major_text), months)
    if not rows:
        raise CompatError(f"{JSII_CHECK_NODE} constants.js changed shape: no NodeRelease found")
    return [rows[major] for major in sorted(rows)]


def _cli_pairs(body: str) -> dict[str, str]:
    return dict(re.findall(r"(terraform|opentofu):\s*\"([^\"]+)\"", body))


def parse_functions(text: str) -> dict[str, dict[str, str]]:
    """``functionVersionConstraints`` of cdktn: function -> {"terraform": ">=1.9.0", "opentofu": ...}."""
    match = re.search(r"functionVersionConstraints\s*=\s*\{(.*?)\n\};", text, re.S)
    if match is None:
        raise CompatError(f"{CDKTN_CORE} {FUNCTIONS_FILE}: functionVersionConstraints not found")
    return {name: _cli_pairs(body) for name, body in re.findall(r"(\w+):\s*\{([^}]*)\}", match.group(1))}


def parse_provider_features(text: str) -> dict[str, dict[str, str]]:
    """``providerFeatureConstraints`` of cdktn: feature (``providerFunctions``...) -> CLI minimums."""
    names = dict(re.findall(r"ProviderFeature\[\"(\w+)\"\]\s*=\s*\"(\w+)\"", text))
    match = re.search(r"providerFeatureConstraints\s*=\s*\{(.*?)\n\};", text, re.S)
    if match is None or not names:
        raise CompatError(f"{CDKTN_CORE} {FEATURES_FILE}: providerFeatureConstraints not found")
    rows = re.findall(r"\[ProviderFeature\.(\w+)\]:\s*\{([^}]*)\}", match.group(1))
    return {names[member]: _cli_pairs(body) for member, body in rows if member in names}


def parse_supported(text: str) -> dict[str, str]:
    """The CLI versions cdktn supports at all, from the comment of the generated function table."""
    match = re.search(r"supported Terraform \((>=[\d.]+)\) and OpenTofu\s*\*?\s*\((>=[\d.]+)\)", text)
    return {"terraform": match.group(1), "opentofu": match.group(2)} if match else {}


def _text(members: dict[str, bytes], name: str, package: str) -> str:
    if name not in members:
        raise CompatError(f"npm {package}: {name} is not in the package")
    return members[name].decode("utf-8")


#: cdktn's provider-feature keys and the rows of compat's own table that say the same
CROSS_CHECKED = {
    "providerFunctions": "provider_functions",
    "ephemeralResources": "ephemeral_resources",
    "writeOnlyAttributes": "write_only_arguments",
    "resourceIdentity": "import_identity",
}


def cross_check(provider_features: dict[str, dict[str, str]], source: str) -> list[dict[str, Any]]:
    """cdktn's CLI minimums next to compat's (:data:`compat.databuild.facts.FEATURES`), both cited."""
    from compat.databuild.facts import FEATURES

    rows = {feature.key: feature for feature in FEATURES}
    checked = []
    for name, key in CROSS_CHECKED.items():
        theirs, ours = provider_features.get(name, {}), rows[key]
        mine = {
            "terraform": f">={ours.min_terraform}" if ours.min_terraform else None,
            "opentofu": f">={ours.min_opentofu}" if ours.min_opentofu else None,
        }
        checked.append(
            {
                "cdktn": {"feature": name, **theirs, "source": source},
                "compat": {
                    "feature": key,
                    **mine,
                    "source": ours.source,
                    "opentofu_source": ours.opentofu_source,
                },
                "agrees": all(theirs.get(cli) == mine[cli] for cli in ("terraform", "opentofu")),
            }
        )
    return checked


def build_runtimes(http: HttpClient) -> dict[str, Any]:
    """The document ``compat.runtimes.parse_runtimes`` reads."""
    jsii_url, jsii_members = _latest_tarball(http, JSII_CHECK_NODE)
    cdktn_url, cdktn_members = _latest_tarball(http, CDKTN_CORE)
    functions_text = _text(cdktn_members, FUNCTIONS_FILE, CDKTN_CORE)
    engines: dict[str, Any] = {}
    for name in ENGINES_PACKAGES:
        url, body = _packument(http, name)
        versions = {
            version: str((row.get("engines") or {}).get("node"))
            for version, row in body["versions"].items()
            if isinstance(row, dict)
            and isinstance(row.get("engines"), dict)
            and (row.get("engines") or {}).get("node")
        }
        engines[name] = {"source": url, "versions": versions}
    provider_features = parse_provider_features(_text(cdktn_members, FEATURES_FILE, CDKTN_CORE))
    features_source = f"{cdktn_url} ({FEATURES_FILE.removeprefix('package/')})"
    return {
        "schema": 1,
        "jsii_node": {
            "source": f"{jsii_url} ({CONSTANTS_FILE.removeprefix('package/')})",
            "releases": parse_node_releases(_text(jsii_members, CONSTANTS_FILE, JSII_CHECK_NODE)),
        },
        "engines": engines,
        "cdktn": {
            "source": cdktn_url,
            "functions": parse_functions(functions_text),
            "provider_features": provider_features,
            "supported": parse_supported(functions_text),
        },
        "cross_check": cross_check(provider_features, features_source),
    }
