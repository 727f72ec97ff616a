"""How big a vacancy list may be: checked before a spreadsheet is expanded, and while it streams.

A real meeting sheet has at most a few hundred thousand rows of a dozen short columns; the limits
leave generous room for that and refuse what can only be a mistake or an attack (a zip bomb, one
cell holding a gigabyte, twenty million shared strings).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Every bound the importer enforces; the worker process gets its own copy."""

    file_bytes: int = 200 * MB  # the file as sent or named on the command line
    rows: int = 500_000  # the last spreadsheet row number, header included
    columns: int = 200  # cells in one row, counted up to the last one filled
    cell_chars: int = 5_000  # one cell; a vacancy field is never longer
    cells: int = 10_000_000  # all rows' cells together, blanks inside a row included
    text_chars: int = 200_000_000  # all text of the file together
    shared_strings: int = 2_000_000  # distinct texts an XLSX may declare
    parts: int = 1_000  # files inside an XLSX (a real one has a dozen)
    part_bytes: int = 512 * MB  # one sheet or the shared strings, uncompressed
    other_part_bytes: int = 16 * MB  # any other XML inside an XLSX (styles, workbook, rels)
    total_bytes: int = 1024 * MB  # everything inside an XLSX, uncompressed
    ratio: int = 200  # uncompressed to compressed, for parts over RATIO_FLOOR (XML gives 5-20)
    memory_bytes: int = 1024 * MB  # the worker process's address space
    seconds: float = 300.0  # the worker process's wall time

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


RATIO_FLOOR = 1 * MB  # small parts may compress as well as they like
LIMITS = Limits()
