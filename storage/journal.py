"""An append-only journal of JSON lines on local disk, for what the database cannot take yet.

Each process appends to a file of its own and holds an exclusive `flock` on it while it lives, so
processes never interleave writes, and a journal file nobody holds belongs to a process that died:
any process may take it over. A record is on disk (written and fsynced) before `append` returns.
A reader claims files — its own, sealed against further appends, and every unheld one — and
deletes a file only once the caller says everything in it is stored elsewhere. A line torn by a
crash mid-write has no newline at the end and is skipped: its writer never answered for it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import secrets
import socket
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("gongyou.journal")

SUFFIX = ".jsonl"
Record = dict[str, Any]


@dataclass(eq=False)
class JournalFile:
    """One journal file this process holds open under its lock."""

    path: Path
    fd: int
    size: int = 0
    records: list[Record] | None = None  # read when claimed
    adopted: bool = False  # written by another process, now dead


def _fsync_directory(directory: Path) -> None:
    """Make a created, renamed or deleted name durable, not just the file's bytes."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _read(fd: int) -> bytes:
    chunks, offset = [], 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def parse(data: bytes, name: str) -> list[Record]:
    """The records of a journal file; a torn last line and unreadable lines are logged and skipped."""
    *lines, torn = data.split(b"\n")
    if torn:
        log.warning("journal ends in a torn line, skipped", extra={"fields": {"file": name}})
    records = []
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if isinstance(record, dict):
            records.append(record)
        elif line.strip():
            log.error("journal line unreadable", extra={"fields": {"file": name, "line": number}})
    return records


class Journal:
    """The journal files named `{name}-*.jsonl` in `directory`; `key` names the field `holds` asks about."""

    def __init__(self, directory: Path, *, name: str, key: str) -> None:
        self.directory = Path(directory).absolute()
        self.name = name
        self.key = key
        self._active: JournalFile | None = None
        self._claimed: list[JournalFile] = []  # sealed: read, replayed, deleted when done
        self._keys: Counter[str] = Counter()  # key values with records not yet released
        self._lock = threading.Lock()

    # -- writing ----------------------------------------------------------------------------

    def append(self, record: Record) -> None:
        """Write one record and fsync it; raises OSError (or ValueError) when it is not on disk."""
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
        with self._lock:
            active = self._active or self._create()
            self._active = active
            try:
                if os.write(active.fd, line) != len(line):
                    raise OSError("short write to the journal")
                os.fsync(active.fd)
            except OSError:
                self._cut_back(active)
                raise
            active.size += len(line)
            self._keys[str(record.get(self.key))] += 1

    def _create(self) -> JournalFile:
        """A new file, locked before its name appears, so no reader ever mistakes it for a dead one."""
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = f"{self.name}-{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(4)}"
        temporary, path = self.directory / f".{name}.tmp", self.directory / f"{name}{SUFFIX}"
        flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
        fd = os.open(temporary, flags, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.rename(temporary, path)
            _fsync_directory(self.directory)
        except OSError:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return JournalFile(path, fd)

    def _cut_back(self, active: JournalFile) -> None:
        """After a failed write: drop its partial line, else stop appending to this file at all."""
        try:
            os.ftruncate(active.fd, active.size)
            os.fsync(active.fd)
        except OSError:
            # Sealed: the torn line stays last, where readers skip it.
            self._claimed.append(active)
            self._active = None

    # -- reading ----------------------------------------------------------------------------

    def holds(self, value: object) -> bool:
        """Whether a record with this key value waits in a file of this process."""
        return self._keys.get(str(value), 0) > 0

    def claim(self) -> list[JournalFile]:
        """Every file to replay: earlier claims, this process's file so far, and dead processes' files."""
        with self._lock:
            if self._active is not None and self._active.size:
                self._claimed.append(self._active)
                self._active = None
            self._claimed += self._adopt()
            for held in self._claimed:
                if held.records is None:
                    held.records = parse(_read(held.fd), held.path.name)
                    if held.adopted:  # this process's own records were counted as appended
                        self._keys.update(str(r.get(self.key)) for r in held.records)
            return list(self._claimed)

    def _adopt(self) -> list[JournalFile]:
        """Files no live process holds: their writers died (or shut down) before replaying them."""
        try:
            names = sorted(os.listdir(self.directory))
        except FileNotFoundError:
            return []
        mine = {held.path.name for held in self._claimed}
        adopted = []
        for name in names:
            if name.startswith(f"{self.name}-") and name.endswith(SUFFIX) and name not in mine:
                held = self._take(self.directory / name)
                if held is not None:
                    adopted.append(held)
        if adopted:
            log.info("journal files taken over", extra={"fields": {"files": len(adopted)}})
        return adopted

    @staticmethod
    def _take(path: Path) -> JournalFile | None:
        """The file locked for this process, or None while its writer lives or once it is gone."""
        try:
            fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # Another reader may have replayed and deleted it between our open and our lock.
            if os.stat(path).st_ino != os.fstat(fd).st_ino:
                raise FileNotFoundError(path)
        except OSError:
            os.close(fd)
            return None
        return JournalFile(path, fd, os.fstat(fd).st_size, adopted=True)

    def release(self, held: JournalFile) -> None:
        """Delete a claimed file whose every record is stored elsewhere now."""
        with self._lock:
            if held not in self._claimed:
                return  # released already
            # Unlinked before the lock goes, so nobody can take over a replayed file.
            with contextlib.suppress(FileNotFoundError):
                os.unlink(held.path)
            _fsync_directory(self.directory)
            os.close(held.fd)
            self._claimed.remove(held)
            self._keys.subtract(str(r.get(self.key)) for r in held.records or ())
            self._keys = +self._keys

    def close(self) -> None:
        """Let go of every file, kept on disk for the next process (an empty one is deleted)."""
        with self._lock:
            held = [*self._claimed, *([self._active] if self._active else [])]
            for journal_file in held:
                if journal_file.size == 0 and not journal_file.records:
                    with contextlib.suppress(OSError):
                        os.unlink(journal_file.path)
                os.close(journal_file.fd)
            self._claimed, self._active = [], None
            self._keys.clear()
