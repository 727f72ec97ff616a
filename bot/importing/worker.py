"""Parse a spreadsheet in a separate, bounded process, so the server keeps answering meanwhile.

The child is a fresh interpreter started with exec (what multiprocessing's "spawn" does; a threaded
server is never forked). It caps its own address space (RLIMIT_AS) and CPU time before it reads
the file, and the parent kills it at the wall-time limit. It gets no secrets: its environment is
empty but for what finding the interpreter needs. Rows come back in pickled batches as they
stream, so the child never holds the whole table, and the parent unpickles nothing but cells.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import io
import json
import logging
import os
import pickle
import sys
from typing import Any

from bot.importing.child import HEADER
from bot.importing.errors import UnreadableFile
from bot.importing.limits import LIMITS, MB, Limits
from bot.importing.reader import Row, Table, table_of

log = logging.getLogger("gongyou.import")

_BOOT = (
    "import json, sys; sys.path[:] = json.loads(sys.argv[1]); "
    "from bot.importing.child import main; main(int(sys.argv[2]), float(sys.argv[3]))"
)
_KEEP_ENV = ("PATH", "LD_LIBRARY_PATH", "SYSTEMROOT")
MAX_FRAME = 64 * MB  # the child sends batches of a few MB


async def read_in_worker(data: bytes, name: str, limits: Limits = LIMITS) -> Table:
    """The table in `data`, parsed by a child process within `limits`; else UnreadableFile."""
    if len(data) > limits.file_bytes:
        raise UnreadableFile("import.file_too_big", path=name, limit=limits.file_bytes // MB)
    process = await _start(limits)
    try:
        async with asyncio.timeout(limits.seconds):
            return await _exchange(process, data, name, limits)
    except TimeoutError:
        raise UnreadableFile("import.worker_timeout", seconds=int(limits.seconds)) from None
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):  # it may have just ended
                process.kill()
        await process.wait()


async def _start(limits: Limits) -> asyncio.subprocess.Process:
    """A fresh interpreter running bot.importing.child, with none of our environment's secrets."""
    try:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-I",
            "-c",
            _BOOT,
            json.dumps(sys.path),
            str(limits.memory_bytes),
            str(limits.seconds),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env={k: v for k, v in os.environ.items() if k in _KEEP_ENV},
        )
    except OSError as error:  # out of processes or file descriptors
        log.warning("import worker did not start", extra={"fields": {"error": str(error)}})
        raise UnreadableFile("import.worker_failed") from error


async def _exchange(
    process: asyncio.subprocess.Process, data: bytes, name: str, limits: Limits
) -> Table:
    request = pickle.dumps({"name": name, "limits": limits.as_dict(), "data": data}, protocol=5)
    sending = asyncio.create_task(_send(process, request))
    complaint = asyncio.create_task(_last_line(process))
    rows: list[Row] = []
    try:
        assert process.stdout is not None
        while (frame := await _frame(process.stdout)) is not None:
            if frame[0] == "rows":
                rows.extend(frame[1])
            elif frame[0] == "refused":
                raise UnreadableFile(frame[1], **frame[2])
            elif frame[0] == "done":
                return table_of(rows)
        await process.wait()
        raise _died(process.returncode, await complaint, limits)
    finally:
        sending.cancel()
        complaint.cancel()


async def _send(process: asyncio.subprocess.Process, request: bytes) -> None:
    assert process.stdin is not None
    try:
        process.stdin.write(request)
        await process.stdin.drain()
        process.stdin.close()
    except OSError:
        pass  # the child is gone (a broken pipe); reading its answer says why


async def _last_line(process: asyncio.subprocess.Process) -> str:
    """The child's last line on stderr (its exception, if it died of one), read as it comes."""
    assert process.stderr is not None
    tail = b""
    while chunk := await process.stderr.read(1 << 16):
        tail = (tail + chunk)[-4096:]
    lines = tail.strip().splitlines()
    return lines[-1][-300:].decode(errors="replace") if lines else ""


def _died(returncode: int | None, complaint: str, limits: Limits) -> UnreadableFile:
    if "MemoryError" in complaint:
        return UnreadableFile("import.worker_memory", limit=limits.memory_bytes // MB)
    log.warning(
        "import worker failed", extra={"fields": {"returncode": returncode, "error": complaint}}
    )
    return UnreadableFile("import.worker_failed")


class _CellsOnly(pickle.Unpickler):
    """Cells are str, numbers, None and datetime values; nothing else may come back."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "datetime" and name in ("date", "datetime", "time", "timedelta", "timezone"):
            return getattr(datetime, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")


async def _frame(stream: asyncio.StreamReader) -> tuple | None:
    """The next frame from the child, or None at the end of its output."""
    try:
        header = await stream.readexactly(HEADER)
    except asyncio.IncompleteReadError:
        return None
    size = int.from_bytes(header, "big")
    if size > MAX_FRAME:
        raise UnreadableFile("import.worker_failed")
    try:
        body = await stream.readexactly(size)
    except asyncio.IncompleteReadError:
        return None
    return _CellsOnly(io.BytesIO(body)).load()
