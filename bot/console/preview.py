"""An upload's dry run and real import, kept as plain data: counts and every bad row's cells and
reasons, rendered later in whichever language the desk reads."""

from __future__ import annotations

from typing import Any

from bot.importing.errors import UnreadableFile
from bot.importing.reader import Table
from bot.importing.rows import Problem
from bot.importing.service import ImportReport, import_table, render_problem, unreadable_report
from bot.importing.worker import read_in_worker
from bot.staff.commands import imported
from storage.models import ConsoleUpload, Staff

MAX_SHOWN = 2000  # bad rows kept for the page; a sheet with more says how many more
CELL_CHARS = 200
COLUMNS = 30


def _plain(value: object) -> object:
    return value if isinstance(value, int | float | str | bool) or value is None else str(value)


def _problem(problem: Problem) -> dict[str, Any]:
    return {"key": problem.key, "params": {k: _plain(v) for k, v in problem.params.items()}}


def reason(problem: dict[str, Any], locale: str) -> str:
    """A stored problem as catalog text in `locale`."""
    return render_problem(Problem(problem["key"], dict(problem["params"])), locale)


def _labelled(header: list[str], row: list[object]) -> list[tuple[str, str]]:
    """(column heading, cell) for each filled cell of a row, as the sheet's author wrote it."""
    pairs = []
    for index, cell in enumerate(row[:COLUMNS]):
        text = "" if cell is None else str(cell).strip()[:CELL_CHARS]
        if text:
            pairs.append((header[index] if index < len(header) else "", text))
    return pairs


def as_preview(report: ImportReport, table: Table | None) -> dict[str, Any]:
    """What the preview page shows, small enough to keep with the upload."""
    cells = dict(table.rows) if table else {}
    header = [str(h)[:CELL_CHARS] for h in (table.header if table else [])][:COLUMNS]
    bad = [
        {
            "row": number,
            "cells": _labelled(header, cells.get(number, [])),
            "problems": [_problem(p) for p in problems],
        }
        for number, problems in report.errors[:MAX_SHOWN]
    ]
    return {
        "ok": report.ok,
        "meeting": report.meeting,
        "rows": report.rows,
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "bad": bad,
        "bad_total": len(report.errors),
        "file_problem": _problem(report.file_problem) if report.file_problem else None,
        # Rows the import checks hold (or, before confirming, would hold), each with its reasons.
        "held": [row.as_json() for row in report.held.rows[:MAX_SHOWN]],
        "held_total": len(report.held.rows),
        "held_counts": dict(report.held.counts()),
    }


async def _report(state, upload: ConsoleUpload, dry_run: bool) -> tuple[ImportReport, Table | None]:
    """Parse in the bounded worker, then check (and unless dry_run, write) as the CLI does."""
    try:
        table = await read_in_worker(upload.data, upload.file_name)
    except UnreadableFile as error:
        return unreadable_report(upload.meeting, error), None
    report = await import_table(
        state.sessions,
        table,
        upload.meeting,
        held_on=upload.held_on,
        place=upload.place,
        source=upload.file_name,
        dry_run=dry_run,
        turn=state.turn,
    )
    return report, table


async def preview_of(state, upload: ConsoleUpload, dry_run: bool = True) -> dict[str, Any]:
    report, table = await _report(state, upload, dry_run)
    return as_preview(report, table)


async def run_import(state, upload: ConsoleUpload, staff: Staff) -> dict[str, Any]:
    """Import for real; on success the meeting is hosted and the import audited."""
    report, table = await _report(state, upload, dry_run=False)
    if report.ok:
        await imported(state.sessions, staff, report, upload.file_name, "console", state.turn)
    return as_preview(report, table)
