"""Read a CSV (UTF-8, UTF-8 with BOM or GB18030) or XLSX file into a header and numbered rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from bot.importing.errors import UnreadableFile
from bot.importing.fields import cell_text
from bot.importing.limits import LIMITS, MB, Limits
from bot.importing.xlsx_check import check_workbook

__all__ = ["Cell", "Table", "UnreadableFile", "read_path", "read_table", "rows_of", "table_of"]

Cell = str | int | float | date | datetime | None
XLSX = (".xlsx", ".xlsm")
CSV = (".csv", ".txt", ".tsv", "")
Row = tuple[int, list[Cell]]  # (1-based row number as the spreadsheet shows it, cells)


@dataclass
class Table:
    header: list[str]
    rows: list[Row]


def decode(data: bytes) -> str:
    """UTF-8 (BOM stripped) when it decodes, else GB18030, the superset of GBK that Excel writes."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise UnreadableFile("import.unreadable", path="", reason=str(error)) from error


def _csv_rows(text: str) -> Iterator[list[Cell]]:
    # The header row decides the delimiter: csv.Sniffer guesses wrong on Chinese text.
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes, limits: Limits) -> Iterator[Sequence[Cell]]:
    check_workbook(data, limits)  # before openpyxl expands anything
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        # The sheet's <dimension> is only the file's claim; openpyxl would pad every row to it.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


@dataclass
class Meter:
    """What has been read so far: the cells and the characters of text."""

    cells: int = 0
    text: int = 0


def _checked(raw: Iterable[Sequence[Cell]], limits: Limits, meter: Meter) -> Iterator[Row]:
    """The non-blank rows, refusing rows, columns, cells and text past the limits as they stream."""
    for number, row in enumerate(raw, start=1):
        if number > limits.rows:
            raise UnreadableFile("import.too_many_rows", limit=limits.rows)
        if len(row) > limits.columns:
            raise UnreadableFile("import.too_many_columns", row=number, limit=limits.columns)
        meter.cells += len(row)
        if meter.cells > limits.cells:
            raise UnreadableFile("import.too_many_cells", limit=limits.cells)
        strings = [c for c in row if isinstance(c, str)]
        if strings and max(map(len, strings)) > limits.cell_chars:
            raise UnreadableFile("import.cell_too_long_row", row=number, limit=limits.cell_chars)
        joined = "".join(strings)
        meter.text += len(joined)
        if meter.text > limits.text_chars:
            raise UnreadableFile("import.too_much_text", limit=limits.text_chars)
        others = len(row) - len(strings) - row.count(None)
        if not others and not joined.strip():
            continue  # a blank row
        if "\x00" in joined:
            # PostgreSQL refuses NUL in text; a stray one from a broken export must not crash.
            row = [c.replace("\x00", "") if isinstance(c, str) else c for c in row]
        yield number, list(row)


def rows_of(
    data: bytes, name: str, limits: Limits = LIMITS, meter: Meter | None = None
) -> Iterator[Row]:
    """The non-blank rows of a file, streamed and checked; the first is the header."""
    meter = meter or Meter()
    try:
        if len(data) > limits.file_bytes:
            raise UnreadableFile("import.file_too_big", limit=limits.file_bytes // MB)
        suffix = Path(name).suffix.lower()
        if suffix in XLSX:
            yield from _checked(_xlsx_rows(data, limits), limits, meter)
        elif suffix in CSV:
            yield from _checked(_csv_rows(decode(data)), limits, meter)
        else:
            raise UnreadableFile("import.unsupported", suffix=suffix or name)
    except UnreadableFile as error:
        error.params.setdefault("path", name)
        raise
    except MemoryError:
        raise
    except Exception as error:  # a corrupt zip, a binary file named .csv, ...
        reason = str(error) or type(error).__name__
        raise UnreadableFile("import.unreadable", path=name, reason=reason[:300]) from error


def table_of(rows: Iterable[Row]) -> Table:
    """A Table from checked rows: the first is the header."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        raise UnreadableFile("import.no_header")
    header = ["" if c is None else cell_text(c) for c in first[1]]
    return Table(header, list(iterator))


def read_table(data: bytes, name: str, limits: Limits = LIMITS) -> Table:
    """Parse file content in this process; `name` chooses the format by its suffix."""
    return table_of(rows_of(data, name, limits))


def read_bytes(path: Path, limits: Limits = LIMITS) -> bytes:
    """A file's content, refused unread past the size limit."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.file_bytes + 1)
    except OSError as error:
        raise UnreadableFile(
            "import.unreadable", path=str(path), reason=error.strerror or str(error)
        ) from error
    if len(data) > limits.file_bytes:
        raise UnreadableFile("import.file_too_big", path=str(path), limit=limits.file_bytes // MB)
    return data


def read_path(path: Path, limits: Limits = LIMITS) -> Table:
    """Read a file from disk in this process (trusted files: the demo, benchmarks)."""
    return read_table(read_bytes(path, limits), path.name, limits)
