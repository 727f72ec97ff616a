"""The import worker process: parse one file within its limits and send the rows back in frames.

Started by bot.importing.worker as a fresh interpreter; it imports only what reading needs.
"""

from __future__ import annotations

import datetime
import io
import pickle
import sys

from bot.importing.errors import UnreadableFile
from bot.importing.limits import MB, Limits
from bot.importing.reader import Meter, Row, rows_of

HEADER = 8  # bytes of frame length before each pickled frame
BATCH_CHARS = 4 * MB  # text per batch, well under what the parent accepts in one frame
BATCH_ROWS = 2000
# What the parent accepts back; openpyxl gives nothing else, and anything else would become text.
PLAIN = frozenset(
    {
        str,
        int,
        float,
        bool,
        type(None),
        datetime.datetime,
        datetime.date,
        datetime.time,
        datetime.timedelta,
    }
)


def _bound(memory_bytes: int, seconds: float) -> None:
    """Cap this process: address space, and CPU time in case the parent is gone."""
    try:
        import resource
    except ImportError:  # not POSIX: the parent's wall-time limit still holds
        return
    for kind, value in (
        (resource.RLIMIT_AS, memory_bytes),
        (resource.RLIMIT_CPU, int(seconds) + 5),
    ):
        hard = resource.getrlimit(kind)[1]
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (value, hard))


def _write(out: io.BufferedWriter, frame: tuple) -> None:
    body = pickle.dumps(frame, protocol=5)
    out.write(len(body).to_bytes(HEADER, "big") + body)
    out.flush()


def _stream(out: io.BufferedWriter, request: dict) -> None:
    """Send the checked rows in batches, then "done"."""
    import csv

    # Our own cell limit (smaller) applies; csv's would refuse a long field with a vaguer error.
    csv.field_size_limit(2**31 - 1)
    limits = Limits(**request["limits"])
    batch: list[Row] = []
    meter = Meter()
    sent = 0  # cells and characters already sent
    for number, cells in rows_of(request.pop("data"), request["name"], limits, meter):
        if not PLAIN.issuperset(map(type, cells)):
            cells = [c if type(c) in PLAIN else str(c) for c in cells]
        batch.append((number, cells))
        if meter.cells + meter.text - sent >= BATCH_CHARS or len(batch) >= BATCH_ROWS:
            _write(out, ("rows", batch))
            batch, sent = [], meter.cells + meter.text
    _write(out, ("rows", batch))
    _write(out, ("done",))


def main(memory_bytes: int, seconds: float) -> None:
    """The worker process: one request on stdin, framed answers on stdout."""
    # openpyxl imports numpy when it can, only to write numpy numbers; numpy's BLAS thread pool
    # alone would take a hundred MB or more of the address space this process is allowed.
    sys.modules.setdefault("numpy", None)  # type: ignore[arg-type]
    _bound(memory_bytes, seconds)
    out = sys.stdout.buffer
    refusal: tuple[str, dict] | None = None
    try:
        _stream(out, pickle.load(sys.stdin.buffer))  # the request, from our own parent
    except UnreadableFile as error:
        refusal = (error.key, error.params)
    except MemoryError:
        refusal = ("import.worker_memory", {"limit": memory_bytes // MB})
    # Answered outside the except block, once the traceback has let the half-built rows go.
    if refusal is not None:
        _write(out, ("refused", *refusal))
