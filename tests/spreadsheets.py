"""Vacancy lists as the agencies' spreadsheets: CSV bytes and XLSX bytes, built in memory."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

Row = Sequence[object]


def csv_bytes(header: Row, rows: Sequence[Row], encoding: str = "utf-8-sig") -> bytes:
    """A CSV file in `encoding` (Excel's own is UTF-8 with BOM, or GBK)."""
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode(encoding)


def xlsx_bytes(header: Row, rows: Sequence[Row]) -> bytes:
    """An XLSX workbook whose first sheet holds the header and rows."""
    book = Workbook()
    for row in [header, *rows]:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
