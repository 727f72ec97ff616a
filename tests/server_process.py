"""`gongyou` commands as real processes: started when their own log says so, never by waiting."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

STARTED = "Uvicorn running on"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_environment() -> dict[str, str]:
    """This process's environment without the developer's GONGYOU_, TELEGRAM_ or TWILIO_ variables."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GONGYOU_", "TELEGRAM_", "TWILIO_"))
    }


class ServerProcess:
    """A `gongyou` subprocess (serve, demo) with its output kept in `log`, a line at a time."""

    def __init__(
        self, args: list[str], env: dict[str, str], cwd: Path, *, watchdog: float = 300
    ) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", *args],
            env=env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.log: list[str] = []
        self._drain: threading.Thread | None = None
        # A watchdog, so a server that never starts fails the test instead of hanging it.
        self.watchdog = threading.Timer(watchdog, self.process.kill)
        self.watchdog.start()

    def wait_started(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)
            if STARTED in line:
                # Keep reading its output, so a full pipe never stalls the server.
                self._drain = threading.Thread(target=self._read_rest, daemon=True)
                self._drain.start()
                return
        pytest.fail("server exited before starting:\n" + "".join(self.log))

    def _read_rest(self) -> None:
        assert self.process.stdout is not None
        self.log.extend(self.process.stdout)

    def stop(self, timeout: float = 60) -> int:
        """SIGTERM, then the exit code once the process and its output have ended."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        if self._drain is not None:
            self._drain.join(timeout)
        self.watchdog.cancel()
        return code
