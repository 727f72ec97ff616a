"""Real database outages for tests: a URL nothing answers on, and a PostgreSQL cluster of our own.

The cluster runs from the machine's PostgreSQL binaries on a spare port, so a test can stop it
mid-burst (`pg_ctl stop -m fast`) and start it again without touching the shared test server.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from server_process import free_port
from sqlalchemy.engine import make_url

from storage.engine import is_sqlite
from storage.migrate import upgrade

IN_CI = os.environ.get("CI", "").lower() == "true"
SUPERUSER = "postgres"


def unreachable(database_url: str, tmp_path: Path) -> str:
    """A URL of the same kind on which nothing answers: a closed port, or a missing directory."""
    if is_sqlite(database_url):
        return f"sqlite:///{tmp_path / 'missing' / 'gongyou.db'}"
    url = make_url(database_url).set(host="127.0.0.1", port=free_port())
    return url.render_as_string(hide_password=False)


def postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl are: `pg_config --bindir`, else the newest /usr/lib/postgresql/*/bin."""
    candidates: list[str] = []
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(found.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if candidate and all((Path(candidate) / tool).is_file() for tool in ("initdb", "pg_ctl")):
            return Path(candidate)
    return None


class Cluster:
    """A throw-away PostgreSQL cluster: initdb, start, stop, start again, and removed at the end."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.port = free_port()
        # initdb refuses to run as root: then the cluster belongs to the postgres system user.
        self.as_user = SUPERUSER if os.geteuid() == 0 else None
        self.root = Path(tempfile.mkdtemp(prefix="gongyou-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        if self.as_user is not None:
            owner = pwd.getpwnam(self.as_user)
            os.chown(self.root, owner.pw_uid, owner.pw_gid)
        self.url = f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/gongyou"

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bindir / tool), *args]
        if self.as_user is not None:
            command = ["runuser", "-u", self.as_user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.root)
        if done.returncode != 0:
            server_log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{tool} failed: {done.stderr}{done.stdout}\n{server_log}")

    def create(self) -> None:
        """initdb, start, and a migrated database `gongyou`."""
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
            "--no-sync", "--no-instructions",
        )  # fmt: skip
        self.start()
        import psycopg

        admin = make_url(self.url).set(database="postgres").render_as_string(False)
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("CREATE DATABASE gongyou")
        upgrade(self.url)

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off"
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), "-l", str(self.log), "-o", options)

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "stop", "-w", "-D", str(self.data), "-m", mode)

    def remove(self) -> None:
        with contextlib.suppress(RuntimeError):  # not running
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def own_cluster() -> Cluster:
    """A started, migrated cluster; skips without PostgreSQL binaries (fails under CI=true)."""
    bindir = postgres_bindir()
    if bindir is None:
        reason = "PostgreSQL server binaries (initdb, pg_ctl) not found: pg_config --bindir"
        if IN_CI:
            pytest.fail(f"CI=true requires them: {reason}")
        pytest.skip(reason)
    cluster = Cluster(bindir)
    try:
        cluster.create()
    except BaseException:
        cluster.remove()
        raise
    return cluster
