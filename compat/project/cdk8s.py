"""What ``cdk8s import`` writes into the folder ``cdktf get`` writes to: the modules of a ``cdk8s.yaml``.

A project using both CDKs (cdktf for the cloud, cdk8s for the cluster) often keeps one ``imports/``
folder for both: cdk8s-cli reads ``cdk8s.yaml`` (lib/config.js ``CONFIG_FILE``) and writes each spec
of its ``imports`` list into ``importDirectory`` (default ``imports``, lib/cli/cmds/import.js
``DEFAULT_OUTDIR``), relative to that file. A spec's module is ``k8s`` for ``k8s[@version]``, the
``NAME`` of ``NAME:=SPEC``; a CRD (file, URL, ``github:``) or Helm chart is named from what the file or
chart holds (``cert-manager.io`` CRDs: ``imports/io/cert_manager``), which compat does not fetch.
"""

from __future__ import annotations

from pathlib import Path

from compat.record import Record

CONFIG_FILE = "cdk8s.yaml"
DEFAULT_IMPORT_DIRECTORY = "imports"
PREFIX_DELIM = ":="  # cdk8s-cli lib/util.js
MAX_BYTES = 256 * 1024  # a cdk8s.yaml is a few lines


class Cdk8sImports(Record):
    """The top-level modules ``cdk8s import`` writes into a folder."""

    names: frozenset[str]
    any_name: bool  # some spec's module is named by the content of a CRD or chart

    def may_write(self, module: str) -> bool:
        return self.any_name or module in self.names


def cdk8s_imports(root: Path, folder: str) -> Cdk8sImports | None:
    """What the ``cdk8s.yaml`` of ``root`` imports into ``root / folder`` (None: nothing, or unreadable)."""
    config = _config(root / CONFIG_FILE)
    if config is None:
        return None
    directory = config.get("importDirectory", DEFAULT_IMPORT_DIRECTORY)
    specs = config.get("imports")
    if not isinstance(directory, str) or not isinstance(specs, list):
        return None
    if (root / directory).resolve() != (root / folder).resolve():
        return None
    names: set[str] = set()
    any_name = False
    for spec in specs:
        if not isinstance(spec, str):
            continue
        name = _module_name(spec.strip())
        if name is None:
            any_name = True
        else:
            names.update({name, name.replace("-", "_")})
    return Cdk8sImports(names=frozenset(names), any_name=any_name) if names or any_name else None


def _module_name(spec: str) -> str | None:
    """The module ``spec`` is written to, when its text says (None: named by the CRD or chart)."""
    if PREFIX_DELIM in spec:
        return spec.split(PREFIX_DELIM, 1)[0].strip() or None
    if spec == "k8s" or spec.startswith("k8s@"):
        return "k8s"
    return None


def _config(path: Path) -> dict[object, object] | None:
    """The plain mapping of a cdk8s.yaml (None: absent, oversized or not a YAML mapping)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    from compat.mentions.ci_yaml import YamlError, load_yaml

    try:
        documents = load_yaml(text)
    except YamlError:
        return None
    first = documents[0] if documents else None
    return dict(first) if isinstance(first, dict) else None
