"""The journal on its own: order, durability across processes, torn lines, locks and take-over."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from storage.journal import SUFFIX, Journal

ROOT = Path(__file__).resolve().parents[2]

# Another server process: journals `count` records, then holds its files, dies mid-write, or exits
# without closing anything (the kernel drops its locks, its files stay).
WRITER = """
import os, sys
from pathlib import Path
from storage.journal import Journal

directory, count, then = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
journal = Journal(directory, name="sms", key="from")
for n in range(count):
    journal.append({"from": f"+861380000{n:04d}", "n": n, "by": "other"})
if then == "torn":
    (path,) = [p for p in directory.iterdir() if p.suffix == ".jsonl"]
    with open(path, "ab") as torn:
        torn.write(b'{"from": "+8613800009999", "n": 9')  # the crash comes mid-line
print("written", flush=True)
if then == "hold":
    sys.stdin.readline()
os._exit(0)
"""


def other_process(directory: Path, count: int, then: str) -> subprocess.Popen[str]:
    """A writer in a process of its own, returned once its records are on disk."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(directory), str(count), then],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "written"
    return writer


def journal_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix == SUFFIX)


def sms_journal(directory: Path) -> Journal:
    return Journal(directory, name="sms", key="from")


def record(n: int, phone: str = "+8613800001234") -> dict[str, object]:
    return {"from": phone, "n": n, "body": f"第{n}条 message"}


def test_nothing_journaled_leaves_no_trace(tmp_path: Path) -> None:
    journal = sms_journal(tmp_path / "spool")
    assert journal.claim() == []
    journal.close()
    assert not (tmp_path / "spool").exists()


def test_records_come_back_in_the_order_written_and_the_file_goes_when_released(tmp_path):
    journal = sms_journal(tmp_path)
    written = [record(n, f"+86138000{n % 7:05d}") for n in range(200)]
    for one in written:
        journal.append(one)
    (held,) = journal.claim()
    assert held.records == written
    assert journal_files(tmp_path) == [held.path]
    journal.release(held)
    assert journal_files(tmp_path) == []
    assert journal.claim() == []
    journal.close()


def test_records_written_after_a_claim_wait_for_the_next_one(tmp_path):
    journal = sms_journal(tmp_path)
    journal.append(record(1))
    (first,) = journal.claim()
    journal.append(record(2))  # arrives while the first file is being replayed
    journal.release(first)
    (second,) = journal.claim()
    assert second.records == [record(2)]
    journal.release(second)
    journal.close()


def test_an_unreleased_claim_is_offered_again(tmp_path):
    journal = sms_journal(tmp_path)
    journal.append(record(1))
    (held,) = journal.claim()
    journal.append(record(2))
    # The replay stopped (the database went away again): the next round gets both files, in order.
    assert [f.records for f in journal.claim()] == [[record(1)], [record(2)]]
    assert held in journal.claim()
    journal.close()


def test_holds_knows_which_senders_wait(tmp_path):
    journal = sms_journal(tmp_path)
    journal.append(record(1, "+8613800000001"))
    journal.append(record(2, "+8613800000001"))
    assert journal.holds("+8613800000001")
    assert not journal.holds("+8613800000002")
    (held,) = journal.claim()
    assert journal.holds("+8613800000001")  # claimed is not yet replayed
    journal.release(held)
    assert not journal.holds("+8613800000001")
    journal.close()


def test_records_are_on_disk_before_append_returns(tmp_path):
    journal = sms_journal(tmp_path)
    journal.append(record(1))
    (path,) = journal_files(tmp_path)
    # Read by a reader of its own, while the writer still holds the file open.
    assert path.read_bytes().decode().splitlines() == [
        '{"from":"+8613800001234","n":1,"body":"第1条 message"}'
    ]
    journal.close()


def test_close_keeps_the_files_for_the_next_process(tmp_path):
    journal = sms_journal(tmp_path)
    journal.append(record(1))
    journal.close()
    restarted = sms_journal(tmp_path)
    (held,) = restarted.claim()
    assert held.records == [record(1)]
    assert restarted.holds("+8613800001234")
    restarted.release(held)
    assert journal_files(tmp_path) == []
    restarted.close()


def test_a_live_process_file_is_left_alone_and_taken_over_once_it_dies(tmp_path):
    writer = other_process(tmp_path, 3, "hold")
    try:
        (path,) = journal_files(tmp_path)
        before = path.read_bytes()
        journal = sms_journal(tmp_path)
        assert journal.claim() == []
        assert path.read_bytes() == before
        assert not journal.holds("+8613800000000")
    finally:
        writer.kill()  # SIGKILL: no clean-up of its own
        writer.wait()
    (held,) = journal.claim()
    assert held.path == path
    assert [r["n"] for r in held.records or ()] == [0, 1, 2]
    assert journal.holds("+8613800000000")
    journal.release(held)
    assert journal_files(tmp_path) == []
    assert not journal.holds("+8613800000000")
    journal.close()


def test_a_torn_last_line_from_a_crash_mid_write_is_ignored(tmp_path):
    other_process(tmp_path, 2, "torn").wait()
    journal = sms_journal(tmp_path)
    (held,) = journal.claim()
    assert [r["n"] for r in held.records or ()] == [0, 1]
    journal.release(held)
    journal.close()


def test_a_dead_process_file_is_taken_over_by_one_process_only(tmp_path):
    other_process(tmp_path, 2, "exit").wait()
    first, second = sms_journal(tmp_path), sms_journal(tmp_path)
    (held,) = first.claim()
    assert second.claim() == []  # first holds it now
    first.release(held)
    assert second.claim() == []  # replayed and gone, never replayed twice
    first.close()
    second.close()


def test_journals_of_another_kind_are_not_taken(tmp_path):
    other = Journal(tmp_path, name="telegram", key="from")
    other.append(record(1))
    other.close()
    assert sms_journal(tmp_path).claim() == []


@pytest.mark.parametrize("blocker", ["a file where the directory should be", "inside a file"])
def test_an_unwritable_journal_raises(tmp_path, blocker):
    (tmp_path / "taken").write_text("not a directory")
    directory = tmp_path / "taken" if blocker.startswith("a file") else tmp_path / "taken" / "spool"
    journal = sms_journal(directory)
    with pytest.raises(OSError):
        journal.append(record(1))
    assert not journal.holds("+8613800001234")
    journal.close()
