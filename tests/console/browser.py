"""A real `gongyou serve` in a subprocess, and the distribution's Chromium driven by Playwright.

Playwright is only the driver: the browser is the one the system's package manager installed
(/usr/bin/chromium, or GONGYOU_CHROMIUM), never one Playwright downloads.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from server_process import free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("GONGYOU_CHROMIUM", "/usr/bin/chromium")
# What Chromium needs on a machine without a display, a sandbox or a network beyond loopback.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# As tests/conftest.py reads it: under CI=true a missing browser fails instead of skipping.
IN_CI = os.environ.get("CI", "").lower() == "true"
STARTED = "Uvicorn running on"
START_SECONDS = 120.0
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def chromium_problem() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set GONGYOU_CHROMIUM)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


def launch(playwright):
    """Headless Chromium from the distribution, in a fresh profile Playwright makes and removes."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)


def clean_env(database_url: str, port: int) -> dict[str, str]:
    """The environment of a fresh shell, with only this server's database and port set."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GONGYOU_", "TELEGRAM_", "TWILIO_"))
    }
    env |= {"GONGYOU_DATABASE_URL": database_url, "GONGYOU_PORT": str(port)}
    env["PYTHONPATH"] = str(ROOT)
    return env


def gongyou(env: dict[str, str], *args: str, cwd: Path) -> str:
    """Run one `gongyou` command to completion; its standard output."""
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


class ServedConsole:
    """`gongyou serve` on a free port; its log goes to a file, read to see when it is up."""

    def __init__(self, database_url: str, workdir: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = clean_env(database_url, self.port)
        self.workdir = workdir
        self.log_path = workdir / f"serve-{self.port}.log"

    def __enter__(self) -> ServedConsole:
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"],
            env=self.env,
            cwd=self.workdir,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_SECONDS
        while STARTED not in self.log_path.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise RuntimeError("server did not start:\n" + self.log_path.read_text())
            time.sleep(0.05)  # polling a condition with a deadline, not timing anything
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def cli(self, *args: str) -> str:
        return gongyou(self.env, *args, cwd=self.workdir)

    def login_link(self, telegram_id: int) -> str:
        """A fresh one-time link through the real CLI, as an admin would get one."""
        out = self.cli("staff", "login-link", "--telegram-id", str(telegram_id), "--json")
        url = json.loads(out)["url"]
        assert url.startswith(self.base + "/console/login/"), url
        return url
