"""What `gongyou` loads before it does anything: fresh interpreters, checked by module, not timed.

benchmarks/bench_cli.py times the start-up; these tests keep the imports that made it slow out.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from storage.migrate import alembic_config, at_head, heads, upgrade

# Nothing of these is needed to parse arguments or print help.
HEAVY = (
    "aiosqlite",
    "alembic",
    "apscheduler",
    "matplotlib",
    "openpyxl",
    "psycopg",
    "pydantic",
    "pypinyin",
    "rich",
    "sqlalchemy",
    "starlette",
    "telegram",
    "twilio",
    "uvicorn",
)
# One chat message needs the dialog, matching and the database, none of these.
NOT_FOR_CHAT = (
    "alembic",  # the test databases are at head already
    "apscheduler",
    "matplotlib",
    "openpyxl",
    "pypinyin",  # 找工作 is read exactly; pinyin readings load with the first message needing them
    "rich",
    "starlette",
    "telegram",
    "twilio",
    "uvicorn",
)
PROBE = """
import json, sys
try:
{code}
finally:
    packages = sorted({{name.split(".")[0] for name in sys.modules}})
    print("\\nMODULES " + json.dumps(packages), file=sys.stderr)
"""


def run_probe(code: str, stdin: str = "") -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run `code` in a fresh interpreter; its result and the top-level packages it imported."""
    script = PROBE.format(code=textwrap.indent(code, "    "))
    done = subprocess.run(
        [sys.executable, "-c", script], input=stdin, capture_output=True, text=True, timeout=120
    )
    marker = done.stderr.rindex("MODULES ")
    return done, set(json.loads(done.stderr[marker + len("MODULES ") :]))


def test_building_the_parser_imports_nothing_heavy():
    done, loaded = run_probe("import bot.cli\nbot.cli.parser()")
    assert done.returncode == 0, done.stderr
    assert loaded & set(HEAVY) == set()


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["chat", "--help"],
        ["import", "--help"],
        ["serve", "--help"],
        ["demo", "--help"],
        ["db", "upgrade", "--help"],
        ["understand", "--help"],
        ["staff", "--help"],
        ["application", "set", "--help"],
        ["training", "add", "--help"],
        ["departure", "edit", "--help"],
        ["enrol", "--help"],
        ["roster", "--help"],
    ],
    ids=" ".join,
)
def test_help_imports_nothing_heavy(argv):
    done, loaded = run_probe(f"from bot.cli import main\nmain({argv!r})")
    assert done.returncode == 0 and "usage: gongyou" in done.stdout, done.stderr
    assert loaded & set(HEAVY) == set()


def test_one_message_chat_loads_no_channel_server_or_spreadsheet_package(database_url):
    done, loaded = run_probe("from bot.cli import main\nmain(['chat'])", stdin="找工作\n")
    assert done.returncode == 0, done.stderr
    assert "[1条短信]" in done.stdout
    assert {"bot", "sqlalchemy"} <= loaded  # the probe saw the real command
    assert loaded & set(NOT_FOR_CHAT) == set()


def test_heads_are_the_ones_alembic_reads(tmp_path):
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config(f"sqlite:///{tmp_path / 'x.db'}"))
    assert heads() == frozenset(scripts.get_heads())


@pytest.mark.parametrize("revision", [None, "0001", "0002"], ids=["fresh", "0001", "0002"])
def test_chat_brings_an_older_database_to_head(revision, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'gongyou.db'}"
    if revision:
        upgrade(url, revision)
        assert not at_head(url)
    monkeypatch.setenv("GONGYOU_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat"],
        input="找工作\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert at_head(url)


def test_at_head_reads_an_sqlite_file_as_it_is(tmp_path):
    """at_head() reads SQLite with the standard library: it creates no file, and tells a database
    at head from a missing, empty or older one."""
    import sqlite3

    path = tmp_path / "gongyou.db"
    url = f"sqlite:///{path}"
    assert not at_head(url)
    assert not path.exists()
    sqlite3.connect(path).close()
    assert not at_head(url)  # no version table
    upgrade(url, "0001")
    assert not at_head(url)
    upgrade(url)
    assert at_head(url)
    assert not at_head("sqlite://")  # in memory: always empty
