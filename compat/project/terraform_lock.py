"""``.terraform.lock.hcl``: the provider versions ``terraform init`` / ``tofu init`` locked.

The file is written by the CLI (``depsfile`` in Terraform, the same in OpenTofu) in one fixed
shape, which is all this reader accepts::

    # This file is maintained automatically by "terraform init".
    provider "registry.terraform.io/hashicorp/aws" {
      version     = "5.31.0"
      constraints = "~> 5.0"
      hashes = [
        "h1:...",
      ]
    }

A file in any other shape (hand-written HCL with expressions, heredocs, unknown blocks) is not
guessed at: :func:`read_terraform_lock` returns it with a ``problem`` and no providers, and the
check says it was not read. A full HCL parser (python-hcl2) was measured at 0.17 s per process
(lark start-up) against well under a millisecond here, for a file the CLI generates.

A cdktf project has the lock where the CLI ran: ``cdktf.out/stacks/<stack>/.terraform.lock.hcl``
(cdktf runs ``terraform init`` there), or committed at the project root.
"""

from __future__ import annotations

import re
from pathlib import Path

from packaging.version import InvalidVersion, Version

from compat.patterns import LazyPattern
from compat.record import Record

FILENAME = ".terraform.lock.hcl"
#: the largest lock compat reads (a lock of 50 providers with every platform's hashes is ~60 KB)
MAX_BYTES = 2_000_000
#: the first cdktf release whose CLI compares a synthesized stack's lock with its ``required_providers``
#: and runs ``terraform init -upgrade`` itself when a locked version violates them on deploy/diff
#: (hashicorp/terraform-cdk PR #2020, cli-core ``CdktfStack.checkNeedsUpgrade``; every cdktn has it)
SELF_UPGRADING_CDKTF = Version("0.15.3")

_BLOCK = LazyPattern(r'provider\s+"([^"\\]+)"\s*\{')
_ATTRIBUTE = LazyPattern(r"([A-Za-z_][\w-]*)\s*=\s*")
_STRING = LazyPattern(r'"((?:[^"\\\n]|\\.)*)"')
_SPACE = LazyPattern(r"(?:\s+|#[^\n]*|//[^\n]*)*")


class LockedProvider(Record):
    """One ``provider`` block: its address, the locked version and the constraints recorded with it."""

    address: str  # as written, e.g. "registry.terraform.io/hashicorp/aws"
    version: Version
    constraints: str | None  # the constraint ``init`` saw ("~> 5.0"), None when not recorded
    line: int  # 1-based line of the ``provider`` keyword

    @property
    def key(self) -> str:
        """``namespace/type`` in lower case: the host differs between Terraform and OpenTofu locks."""
        return provider_key(self.address)


class TerraformLock(Record):
    path: Path
    providers: tuple[LockedProvider, ...]
    problem: str | None = None  # why the file was not read (then ``providers`` is empty)


def cli_upgrades_stack_lock(core: str, version: Version) -> bool:
    """Whether ``cdktf deploy``/``diff`` of this core upgrade a stale stack lock themselves."""
    return core == "cdktn" or version >= SELF_UPGRADING_CDKTF


def provider_key(address: str) -> str:
    """``registry.terraform.io/hashicorp/aws`` -> ``hashicorp/aws``; ``aws`` -> ``hashicorp/aws``."""
    parts = address.strip().lower().split("/")
    if len(parts) == 1:
        return f"hashicorp/{parts[0]}"
    return "/".join(parts[-2:])


class _Unreadable(Exception):
    pass


class _Reader:
    """A cursor over the text that knows the lock file's few forms (blocks, strings, string lists)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def skip(self) -> None:
        match = _SPACE.match(self.text, self.at)
        assert match is not None  # the pattern matches the empty string too
        self.at = match.end()

    def line(self) -> int:
        return self.text.count("\n", 0, self.at) + 1

    def take(self, pattern: LazyPattern, what: str) -> re.Match[str]:
        self.skip()
        found = pattern.match(self.text, self.at)
        if found is None:
            raise _Unreadable(f"expected {what} at line {self.line()}")
        self.at = found.end()
        return found

    def take_char(self, char: str) -> bool:
        self.skip()
        if self.text.startswith(char, self.at):
            self.at += 1
            return True
        return False

    def value(self) -> str | list[str]:
        """A string or a list of strings (``hashes = [...]``, a trailing comma allowed)."""
        if not self.take_char("["):
            return self.take(_STRING, "a string").group(1)
        items: list[str] = []
        while not self.take_char("]"):
            items.append(self.take(_STRING, "a string").group(1))
            if not self.take_char(","):
                if not self.take_char("]"):
                    raise _Unreadable(f"expected , or ] at line {self.line()}")
                break
        return items


def parse_terraform_lock(text: str) -> tuple[LockedProvider, ...]:
    """The provider blocks of a lock file's text; raises ValueError when it is not in the CLI's shape."""
    reader = _Reader(text)
    found: list[LockedProvider] = []
    try:
        while True:
            reader.skip()
            if reader.at >= len(text):
                return tuple(found)
            line = reader.line()
            address = reader.take(_BLOCK, 'a provider "ADDRESS" { block').group(1)
            attributes: dict[str, str | list[str]] = {}
            while not reader.take_char("}"):
                name = reader.take(_ATTRIBUTE, "an attribute or }").group(1)
                attributes[name] = reader.value()
            version, constraints = attributes.get("version"), attributes.get("constraints")
            if not isinstance(version, str):
                raise _Unreadable(f"provider {address!r} has no version string")
            if constraints is not None and not isinstance(constraints, str):
                raise _Unreadable(f"provider {address!r}: constraints is not a string")
            try:
                parsed = Version(version)
            except InvalidVersion as error:
                raise _Unreadable(f"provider {address!r} has an invalid version {version!r}") from error
            found.append(LockedProvider(address, parsed, constraints, line))
    except _Unreadable as error:
        raise ValueError(str(error)) from None


def read_terraform_lock(path: Path) -> TerraformLock:
    """One lock file; an unreadable one comes back with its ``problem`` (never an exception)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return TerraformLock(path, (), f"larger than {MAX_BYTES // 1_000_000} MB")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return TerraformLock(path, (), f"cannot be read ({error.__class__.__name__})")
    try:
        return TerraformLock(path, parse_terraform_lock(text))
    except ValueError as error:
        return TerraformLock(path, (), f"not in the form terraform init writes ({error})")


def terraform_lock_paths(root: Path) -> list[Path]:
    """The project's lock files: the committed one at ``root``, then each synthesized stack's."""
    found = [root / FILENAME] if (root / FILENAME).is_file() else []
    stacks = root / "cdktf.out" / "stacks"
    if stacks.is_dir() and not stacks.is_symlink():
        found += sorted(p for p in stacks.glob(f"*/{FILENAME}") if p.is_file() and not p.is_symlink())
    return found


def read_terraform_locks(root: Path) -> tuple[TerraformLock, ...]:
    return tuple(read_terraform_lock(path) for path in terraform_lock_paths(root))
