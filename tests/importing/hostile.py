"""Hostile XLSX files, built in memory: zip bombs, gigabyte strings, millions of shared strings.

The zip is written by hand so that a part can expand to gigabytes without the test compressing
gigabytes: a deflate block compressed once after a full flush refers to nothing before it, so the
same bytes repeated decode to the same text repeated. The CRC is the real one.
"""

from __future__ import annotations

import asyncio
import os
import signal
import struct
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


@dataclass(frozen=True)
class Repeat:
    """`chunk` written `times` times, compressed once."""

    chunk: bytes
    times: int


Piece = bytes | Repeat


@dataclass(frozen=True)
class Part:
    name: str
    pieces: Sequence[Piece]
    declared_size: int | None = None  # a lie in the zip directory, when set


def _deflate(pieces: Iterable[Piece]) -> tuple[bytes, int, int]:
    """(raw deflate stream, CRC-32, uncompressed size)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out: list[bytes] = []
    crc = size = 0
    for piece in pieces:
        if isinstance(piece, Repeat):
            out.append(compressor.flush(zlib.Z_FULL_FLUSH))
            block = compressor.compress(piece.chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
            out.append(block * piece.times)
            for _ in range(piece.times):
                crc = zlib.crc32(piece.chunk, crc)
            size += len(piece.chunk) * piece.times
        else:
            out.append(compressor.compress(piece))
            crc = zlib.crc32(piece, crc)
            size += len(piece)
    out.append(compressor.flush())
    return b"".join(out), crc, size


def zip_bytes(parts: Iterable[Part]) -> bytes:
    """A zip archive of deflated parts (no zip64: every size stays under 4 GB)."""
    body, directory = bytearray(), bytearray()
    count = 0
    for part in parts:
        data, crc, size = _deflate(part.pieces)
        size = part.declared_size if part.declared_size is not None else size
        name = part.name.encode()
        offset = len(body)
        fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(name))
        body += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields, 0) + name + data
        directory += struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset
        )
        directory += name
        count += 1
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
    return bytes(body + directory + end)


def _xml(text: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text).encode()


def skeleton(shared: bool) -> list[Part]:
    strings = (
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
        if shared
        else ""
    )
    types = (
        f'<Types xmlns="{PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
        f"{strings}</Types>"
    )
    root_rels = (
        f'<Relationships xmlns="{PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    workbook = (
        f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        '<sheets><sheet name="岗位" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'<Relationships xmlns="{PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    return [
        Part("[Content_Types].xml", [_xml(types)]),
        Part("_rels/.rels", [_xml(root_rels)]),
        Part("xl/workbook.xml", [_xml(workbook)]),
        Part("xl/_rels/workbook.xml.rels", [_xml(workbook_rels)]),
    ]


def workbook(
    sheet: Sequence[Piece],
    shared: Sequence[Piece] | None = None,
    *,
    dimension: str | None = None,
    sheet_size: int | None = None,
    strings_size: int | None = None,
) -> bytes:
    """An XLSX whose sheetData holds `sheet` and whose <sst> holds `shared`, both raw XML."""
    claim = f'<dimension ref="{dimension}"/>' if dimension else ""
    head = _xml(f'<worksheet xmlns="{MAIN}">{claim}<sheetData>')
    parts = [*skeleton(shared is not None)]
    parts.append(
        Part("xl/worksheets/sheet1.xml", [head, *sheet, b"</sheetData></worksheet>"], sheet_size)
    )
    if shared is not None:
        sst = _xml(f'<sst xmlns="{MAIN}" count="1" uniqueCount="1">')
        parts.append(Part("xl/sharedStrings.xml", [sst, *shared, b"</sst>"], strings_size))
    return zip_bytes(parts)


def inline(row: int, values: Sequence[str]) -> bytes:
    """One sheet row of inline strings."""
    cells = "".join(
        f'<c r="{_letters(n)}{row}" t="inlineStr"><is><t>{v}</t></is></c>'
        for n, v in enumerate(values, start=1)
    )
    return f'<row r="{row}">{cells}</row>'.encode()


def shared_row(row: int, indexes: Sequence[int]) -> bytes:
    """One sheet row of shared-string references."""
    cells = "".join(
        f'<c r="{_letters(n)}{row}" t="s"><v>{i}</v></c>' for n, i in enumerate(indexes, start=1)
    )
    return f'<row r="{row}">{cells}</row>'.encode()


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


HEADER = ["用人单位", "岗位名称", "工作地点", "招聘人数"]
GOOD = ["陇原建工集团", "电焊工", "白银区", "8"]


def vacancy_sheet(extra: Sequence[bytes] = ()) -> list[bytes]:
    """The header and one good vacancy as inline strings, then `extra` rows."""
    return [inline(1, HEADER), inline(2, GOOD), *extra]


def import_workers() -> list[int]:
    """Import worker processes started by this test process (Linux: read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
        if f"\nPPid:\t{os.getpid()}\n" in status and b"bot.importing.child" in command:
            found.append(int(entry.name))
    return found


def _state(pid: int) -> str | None:
    """The process state letter from /proc (R, S, T, Z...), or None once it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


async def pause_worker(deadline: float = 30.0) -> int | None:
    """SIGSTOP this process's import worker as soon as it runs: its pid once it is stopped, or
    None when it had already finished (the caller tries again with another file)."""
    loop = asyncio.get_running_loop()
    until = loop.time() + deadline
    while not (workers := import_workers()):
        assert loop.time() < until, "no import worker process was started"
        await asyncio.sleep(0.01)
    pid = workers[0]
    try:
        os.kill(pid, signal.SIGSTOP)
    except ProcessLookupError:
        return None
    while (state := _state(pid)) not in ("T", "t", "Z", "X", None):
        assert loop.time() < until, f"worker {pid} did not stop"
        await asyncio.sleep(0.01)
    return pid if state in ("T", "t") else None
