"""Start-up of the staff tools: `gongyou --help` and a one-message `gongyou chat`.

Each run is a fresh interpreter (`python -m bot.cli ...`), as a staff member starts it; the
baseline, measured in the same run and interleaved with the commands so that a busy machine slows
all three alike, is `python -c pass`. The chat answers a new seeker's `找工作` on a migrated
SQLite database holding the demo meeting, in a temporary directory. One warm-up round (bytecode
caches, the database) is not counted. Target: under 1 s each, wall clock, on a 2-core machine.

    python benchmarks/bench_cli.py [--runs 15]

Prints median, max and min wall clock per command (min: the run least slowed by other work on the
machine), the median CPU time (what the command itself costs, whatever else runs), the load
average, and the median above the bare interpreter; the last line is one JSON object: runs,
target_ms, and {median_ms, max_ms, min_ms, cpu_median_ms} for python, help and chat.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.demo import prepare  # noqa: E402

TARGET_MS = 1000
MESSAGE = "找工作\n"


def commands(round_: int) -> dict[str, tuple[list[str], str]]:
    """name -> (argv, stdin) of each thing timed; each chat is a new seeker's first message."""
    cli = [sys.executable, "-m", "bot.cli"]
    phone = f"+86139{round_:08d}"
    return {
        "python": ([sys.executable, "-c", "pass"], ""),
        "help": ([*cli, "--help"], ""),
        "chat": ([*cli, "chat", "--phone", phone], MESSAGE),
    }


def _cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def timed(argv: list[str], stdin: str, env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall-clock, CPU) milliseconds of one run; a failing command stops the benchmark. On a
    machine shared with other work the wall clock waits for the CPU; the CPU time is what the
    command itself costs."""
    start, cpu = time.perf_counter(), _cpu_seconds()
    done = subprocess.run(argv, input=stdin, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv[1:])} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, (_cpu_seconds() - cpu) * 1000


def measure(runs: int, env: dict[str, str], cwd: Path) -> dict[str, list[tuple[float, float]]]:
    """Round-robin over the commands, so load on the machine falls on all of them alike."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands(0)}
    for round_ in range(runs + 1):
        for name, (argv, stdin) in commands(round_).items():
            elapsed = timed(argv, stdin, env, cwd)
            if round_:  # round 0 warms bytecode caches and the database
                times[name].append(elapsed)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'gongyou.db'}"
        assert prepare(url).ok
        # A staff member's Python keeps the bytecode it compiles; a shell that turns that off
        # (PYTHONDONTWRITEBYTECODE) would time compiling every changed module on every run.
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith("GONGYOU_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        env |= {"GONGYOU_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
        times = measure(args.runs, env, Path(folder))
    stats = {
        name: {
            "median_ms": round(statistics.median(wall for wall, _ in runs)),
            "max_ms": round(max(wall for wall, _ in runs)),
            "min_ms": round(min(wall for wall, _ in runs)),
            "cpu_median_ms": round(statistics.median(cpu for _, cpu in runs)),
        }
        for name, runs in times.items()
    }
    base = stats["python"]["median_ms"]
    print(f"runs: {args.runs} of each, fresh processes (target: < {TARGET_MS} ms each)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    labels = {"python": "python -c pass", "help": "gongyou --help", "chat": "gongyou chat (1 msg)"}
    for name, label in labels.items():
        median, worst, best, cpu = (
            stats[name][k] for k in ("median_ms", "max_ms", "min_ms", "cpu_median_ms")
        )
        extra = "" if name == "python" else f"  ({median - base:+5d} ms over python)"
        print(
            f"{label:<22} median {median:5d} ms  max {worst:5d} ms  min {best:5d} ms  "
            f"cpu {cpu:5d} ms{extra}"
        )
    print(json.dumps({"runs": args.runs, "target_ms": TARGET_MS} | stats))


if __name__ == "__main__":
    main()
