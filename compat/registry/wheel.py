"""Read single members of a remote wheel with HTTP Range requests.

A wheel is a zip file. Its central directory sits at the end, so one request for the tail
gives every member's name, size, CRC and offset; each member is then one more request
(adjacent members are fetched together). The ~37 MB jsii tarball is never downloaded
unless asked for, and then only streamed.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from compat.errors import RegistryError
from compat.registry.http import HttpClient

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"
_TAIL_GUESS = 1 << 20  # enough for the central directory of every cdktf wheel seen (2,221 members: ~300 KB)
MAX_TAIL = 32 << 20  # a central directory larger than this is not a wheel compat reads
MAX_MEMBER = 64 << 20  # a module read whole (the largest __init__.py of the AWS bindings: ~6 MB)
MAX_STREAMED = 1 << 30  # a member streamed (the jsii tarball: ~37 MB compressed)
_STORED, _DEFLATED = 0, 8


@dataclass(frozen=True)
class ZipMember:
    name: str
    compress_type: int
    compressed_size: int
    file_size: int
    header_offset: int
    crc32: int


def parse_central_directory(tail: bytes, tail_offset: int) -> dict[str, ZipMember]:
    """Members listed in the central directory contained in ``tail`` (which starts at ``tail_offset``).

    Every offset and size is checked against the file: a hostile directory is a :class:`RegistryError`.
    """
    try:
        return _parse_central_directory(tail, tail_offset)
    except (struct.error, IndexError, ValueError) as error:
        raise RegistryError(f"corrupt zip central directory ({error})") from error


def _parse_central_directory(tail: bytes, tail_offset: int) -> dict[str, ZipMember]:
    size = tail_offset + len(tail)
    eocd_at = tail.rfind(_EOCD)
    if eocd_at < 0 or len(tail) - eocd_at < 22:
        raise RegistryError("not a zip file: no end-of-central-directory record")
    _, _, _, _, count, cd_size, cd_offset, _ = struct.unpack("<4s4H2LH", tail[eocd_at : eocd_at + 22])
    if cd_offset == 0xFFFFFFFF or count == 0xFFFF:
        locator_at = tail.rfind(_EOCD64_LOCATOR, 0, eocd_at)
        if locator_at < 0:
            raise RegistryError("zip64 wheel without a zip64 locator")
        (eocd64_offset,) = struct.unpack("<Q", tail[locator_at + 8 : locator_at + 16])
        rec = eocd64_offset - tail_offset
        if rec < 0 or tail[rec : rec + 4] != b"PK\x06\x06":
            raise RegistryError("corrupt zip64 end-of-central-directory record")
        count, cd_size, cd_offset = struct.unpack("<QQQ", tail[rec + 32 : rec + 56])
    if cd_offset + cd_size > size or count > cd_size // 46:
        raise RegistryError("corrupt zip: the central directory does not fit the file")
    start = cd_offset - tail_offset
    if start < 0:
        if cd_size > MAX_TAIL or tail_offset - cd_offset > MAX_TAIL:
            raise RegistryError("zip central directory larger than any wheel compat reads")
        raise NeedMoreTail(tail_offset - cd_offset)
    members: dict[str, ZipMember] = {}
    pos = start
    for _ in range(count):
        if tail[pos : pos + 4] != _CENTRAL:
            raise RegistryError("corrupt zip central directory")
        (method, crc, csize, usize, name_len, extra_len, comment_len, offset) = struct.unpack(
            "<6xH4xLLLHHH8xL", tail[pos + 4 : pos + 46]
        )
        name = tail[pos + 46 : pos + 46 + name_len].decode("utf-8", "replace")  # never asked for if odd
        extra = tail[pos + 46 + name_len : pos + 46 + name_len + extra_len]
        if 0xFFFFFFFF in (csize, usize, offset):
            usize, csize, offset = _zip64_sizes(extra, usize, csize, offset)
        if offset + 30 + csize > cd_offset:
            raise RegistryError(f"corrupt zip: member {name!r} runs into the central directory")
        members[name] = ZipMember(name, method, csize, usize, offset, crc)
        pos += 46 + name_len + extra_len + comment_len
    return members


def _zip64_sizes(extra: bytes, usize: int, csize: int, offset: int) -> tuple[int, int, int]:
    pos = 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack("<HH", extra[pos : pos + 4])
        if tag == 1:
            needed = 8 * [usize, csize, offset].count(0xFFFFFFFF)
            if size < needed or pos + 4 + size > len(extra):
                raise RegistryError("corrupt zip64 extra field: shorter than the sizes it must hold")
            values = list(struct.unpack(f"<{size // 8}Q", extra[pos + 4 : pos + 4 + size // 8 * 8]))
            if usize == 0xFFFFFFFF:
                usize = values.pop(0)
            if csize == 0xFFFFFFFF:
                csize = values.pop(0)
            if offset == 0xFFFFFFFF:
                offset = values.pop(0)
            break
        pos += 4 + size
    return usize, csize, offset


class NeedMoreTail(RegistryError):
    def __init__(self, missing: int) -> None:
        super().__init__(f"central directory starts {missing} bytes before the tail read")
        self.missing = missing


def _decompress(member: ZipMember, raw: bytes) -> bytes:
    """The member's bytes, never more than its declared size (a zip bomb stops there)."""
    if member.file_size > MAX_MEMBER:
        raise RegistryError(f"zip member {member.name} declares {member.file_size} bytes: too large to read")
    if member.compress_type == _STORED:
        data = raw
    elif member.compress_type == _DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            data = inflater.decompress(raw, member.file_size + 1)
        except zlib.error as error:
            raise RegistryError(f"corrupt zip member {member.name}: {error}") from error
        if len(data) > member.file_size:
            raise RegistryError(f"zip member {member.name} inflates beyond its declared size")
    else:
        raise RegistryError(f"zip member {member.name} uses unsupported compression {member.compress_type}")
    if zlib.crc32(data) != member.crc32:
        raise RegistryError(f"zip member {member.name} failed its CRC check")
    return data


def _local_payload(member: ZipMember, blob: bytes, at: int) -> bytes:
    """The compressed bytes of ``member`` from ``blob``, whose byte 0 is file offset ``at``."""
    pos = member.header_offset - at
    if blob[pos : pos + 4] != _LOCAL:
        raise RegistryError(f"corrupt local header for {member.name}")
    name_len, extra_len = struct.unpack("<HH", blob[pos + 26 : pos + 30])
    start = pos + 30 + name_len + extra_len
    payload = blob[start : start + member.compressed_size]
    if len(payload) != member.compressed_size:
        raise _ShortRead(member)
    return payload


class _ShortRead(Exception):
    def __init__(self, member: ZipMember) -> None:
        self.member = member


_LOCAL_SLACK = 30 + 512  # local header + name + a generous extra field


class RemoteWheel:
    """A wheel on a server that honours Range requests, read member by member."""

    def __init__(self, http: HttpClient, url: str, *, tail_guess: int = _TAIL_GUESS) -> None:
        self.http = http
        self.url = url
        self.tail_guess = tail_guess  # bytes read first from the end; more when the directory is longer
        self._members: dict[str, ZipMember] | None = None
        self.size: int | None = None  # of the whole file, once the central directory was read

    def members(self) -> dict[str, ZipMember]:
        if self._members is None:
            tail = self.http.get_range(self.url, -self.tail_guess, 0)
            size = self.http.content_length(self.url) if len(tail) == self.tail_guess else len(tail)
            self.size = size
            try:
                self._members = parse_central_directory(tail, size - len(tail))
            except NeedMoreTail as more:
                need = len(tail) + more.missing
                tail = self.http.get_range(self.url, -need, 0)
                self._members = parse_central_directory(tail, size - len(tail))
        return self._members

    def read(self, name: str) -> bytes:
        for _, data in self.read_many([name]):
            return data
        raise RegistryError(f"{self.url} has no member {name}")  # pragma: no cover

    def read_many(self, names: Iterable[str], max_request: int = 8 << 20) -> Iterator[tuple[str, bytes]]:
        """Yield ``(name, data)`` for ``names`` in file order, coalescing neighbours into one request."""
        members = self.members()
        wanted = []
        for name in names:
            if name not in members:
                raise RegistryError(f"{self.url} has no member {name}")
            if max(members[name].compressed_size, members[name].file_size) > MAX_MEMBER:
                raise RegistryError(f"{self.url}: member {name} is too large to read")
            wanted.append(members[name])
        wanted.sort(key=lambda m: m.header_offset)
        for group in _coalesce(wanted, max_request):
            start = group[0].header_offset
            end = group[-1].header_offset + group[-1].compressed_size + _LOCAL_SLACK
            blob = self.http.get_range(self.url, start, end - 1) if start < end else b""
            for member in group:
                try:
                    payload = _local_payload(member, blob, start)
                except _ShortRead:  # an unusually long extra field: fetch this member alone
                    extra = self.http.get_range(
                        self.url,
                        member.header_offset,
                        member.header_offset + member.compressed_size + 30 + 65535 * 2 - 1,
                    )
                    payload = _local_payload(member, extra, member.header_offset)
                yield member.name, _decompress(member, payload)

    def stream(self, name: str) -> Iterator[bytes]:
        """The decompressed bytes of one (large) member, streamed."""
        member = self.members().get(name)
        if member is None:
            raise RegistryError(f"{self.url} has no member {name}")
        head = self.http.get_range(self.url, member.header_offset, member.header_offset + 30 - 1)
        if head[:4] != _LOCAL:
            raise RegistryError(f"corrupt local header for {member.name}")
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        start = member.header_offset + 30 + name_len + extra_len
        if member.file_size > MAX_STREAMED:
            raise RegistryError(f"zip member {name} declares {member.file_size} bytes: too large to read")
        inflater = zlib.decompressobj(-15) if member.compress_type == _DEFLATED else None
        produced = 0
        for block in self.http.stream_range(self.url, start, start + member.compressed_size - 1):
            pending = block
            while pending:  # inflate in bounded pieces: a zip bomb never sits in memory whole
                piece = inflater.decompress(pending, 1 << 20) if inflater else pending
                pending = inflater.unconsumed_tail if inflater else b""
                produced += len(piece)
                if produced > member.file_size:
                    raise RegistryError(f"zip member {name} inflates beyond its declared size")
                yield piece
        if inflater:
            yield inflater.flush()


def _coalesce(members: list[ZipMember], max_request: int) -> Iterator[list[ZipMember]]:
    group: list[ZipMember] = []
    gap_limit = 64 << 10  # fetching a small unwanted member is cheaper than a new request
    for member in members:
        if group:
            last = group[-1]
            gap = member.header_offset - (last.header_offset + last.compressed_size + _LOCAL_SLACK)
            span = member.header_offset + member.compressed_size - group[0].header_offset
            if gap > gap_limit or span > max_request:
                yield group
                group = []
        group.append(member)
    if group:
        yield group
