"""Look inside an XLSX before openpyxl expands it: zip bombs and gigabyte cells are refused unread.

openpyxl reads the whole shared-strings table into memory before the first row, and keeps any one
cell whole however long it is. So the zip directory is checked first (how many parts, how big
they say they are, how hard they are compressed), then every XML part is streamed through expat
once, counting without keeping: shared strings, rows, columns, cells and the length of each text.
"""

from __future__ import annotations

import io
import zipfile
from xml.parsers import expat

from bot.importing.errors import UnreadableFile
from bot.importing.limits import MB, RATIO_FLOOR, Limits

CHUNK = 1 << 20
CELL, ITEM, ROW, SHEET = 1, 2, 3, 4
_KINDS = {"c": CELL, "si": ITEM, "row": ROW, "sheet": SHEET}
_CELL_PARTS = ("worksheet", "sst")


def check_workbook(data: bytes, limits: Limits) -> None:
    """Raise UnreadableFile when the XLSX is bigger inside than any vacancy list can be."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        if len(parts) > limits.parts:
            raise UnreadableFile("import.too_many_parts", limit=limits.parts)
        for part in parts:
            _check_declared(part, limits)
        if sum(part.file_size for part in parts) > limits.total_bytes:
            raise UnreadableFile("import.total_too_big", limit=limits.total_bytes // MB)
        for part in parts:
            _scan(archive, part, limits)


def _check_declared(part: zipfile.ZipInfo, limits: Limits) -> None:
    """What the zip directory says, before a byte is decompressed."""
    if part.file_size > limits.part_bytes:
        raise UnreadableFile(
            "import.part_too_big", part=part.filename, limit=limits.part_bytes // MB
        )
    ratio = part.file_size / max(part.compress_size, 1)
    if part.file_size > RATIO_FLOOR and ratio > limits.ratio:
        raise UnreadableFile(
            "import.compression_ratio", part=part.filename, ratio=int(ratio), limit=limits.ratio
        )


def _looks_like_xml(head: bytes) -> bool:
    """Images and other binary parts are never parsed as XML; anything that could be is scanned."""
    if head[:3] == b"\xef\xbb\xbf" or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    return head.lstrip(b" \t\r\n\x00")[:1] == b"<"  # NULs: UTF-16 without a byte-order mark


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: Limits) -> None:
    """Stream one part through the counting parser, refusing as soon as a limit is passed."""
    counter = _Counter(part.filename, limits)
    size = 0
    with archive.open(part) as stream:
        head = stream.read(CHUNK)
        if not _looks_like_xml(head):
            return
        chunk = head
        while chunk:
            size += len(chunk)
            cap = limits.part_bytes if counter.kind in _CELL_PARTS else limits.other_part_bytes
            if size > cap:
                raise UnreadableFile("import.part_too_big", part=part.filename, limit=cap // MB)
            counter.feed(chunk)
            chunk = stream.read(CHUNK)
    counter.close()


def _column(ref: str) -> int:
    """1 for "A7", 28 for "AB7"; a reference openpyxl could not read is refused."""
    letters = ref.rstrip("0123456789")
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
        raise UnreadableFile("import.bad_reference", value=ref[:20])
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not value.is_integer():
        raise UnreadableFile("import.bad_reference", value=text[:20])
    return int(value)


class _Counter:
    """expat callbacks that count what openpyxl would build, and refuse past the limits."""

    def __init__(self, name: str, limits: Limits) -> None:
        self.name, self.limits = name, limits
        self.kind: str | None = None  # the root element: worksheet, sst, workbook, ...
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.buffer_size = 1 << 16
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.StartElementHandler = self._root
        self.row = self.rows = self.cells = self.strings = self.sheets = 0
        self.row_cells = self.after = self.chars = self.text = self.depth = self.run = 0
        self.last_ref: str | None = None
        # The most bytes a cell's text (escaped: "&#x10FFFF;" is 10 bytes a character) and a tag
        # can need between one "<" and the next; expat would hand longer ones to us whole.
        self.longest_run = limits.cell_chars * 12 + 4096

    def feed(self, chunk: bytes) -> None:
        if self.kind is not None and self.kind not in (*_CELL_PARTS, "workbook"):
            return  # past the root, nothing more can declare entities; the size cap is enough
        self._runs(chunk)
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError as error:
            raise UnreadableFile("import.unreadable", path=self.name, reason=str(error)) from error

    def close(self) -> None:
        if self.kind in (*_CELL_PARTS, "workbook"):
            try:
                self.parser.Parse(b"", True)
            except expat.ExpatError as error:
                reason = str(error)
                raise UnreadableFile("import.unreadable", path=self.name, reason=reason) from error
            self._end_row()

    def _runs(self, chunk: bytes) -> None:
        """Refuse a gigabyte attribute or text before expat builds it into one string."""
        pieces = chunk.split(b"<")
        longest = self.run + len(pieces[0])
        if len(pieces) > 1:
            longest = max(longest, max(map(len, pieces[1:-1]), default=0), len(pieces[-1]))
            self.run = len(pieces[-1])
        else:
            self.run = longest
        if longest > self.longest_run:
            raise UnreadableFile("import.cell_too_long", limit=self.limits.cell_chars)

    def _doctype(self, *_: object) -> None:
        # No spreadsheet part has a DTD; one is how entity expansion bombs get in.
        raise UnreadableFile("import.xml_doctype", part=self.name)

    def _root(self, name: str, attrs: dict[str, str]) -> None:
        self.kind = name.rpartition(":")[2]
        if self.kind in (*_CELL_PARTS, "workbook"):
            self.parser.StartElementHandler = self._start
        if self.kind in _CELL_PARTS:
            self.parser.EndElementHandler = self._end
            self.parser.CharacterDataHandler = self._text

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        kind = _KINDS.get(name) or (":" in name and _KINDS.get(name.rpartition(":")[2]))
        if kind in (CELL, ITEM):
            # Text is charged to the outermost cell or shared string open: a nested one cannot
            # start the count again for text openpyxl would still join to the outer one.
            if not self.depth:
                self.chars = 0
            self.depth += 1
        if kind == CELL:
            self._cell(attrs.get("r"))
        elif kind == ROW:
            self._row(attrs.get("r"))
        elif kind == ITEM:
            self.strings += 1
            if self.strings > self.limits.shared_strings:
                raise UnreadableFile("import.too_many_strings", limit=self.limits.shared_strings)
        elif kind == SHEET and self.kind == "workbook":
            self.sheets += 1
            if self.sheets > self.limits.parts:  # openpyxl opens every sheet named here
                raise UnreadableFile("import.too_many_parts", limit=self.limits.parts)

    def _end(self, name: str) -> None:
        kind = _KINDS.get(name) or (":" in name and _KINDS.get(name.rpartition(":")[2]))
        if kind in (CELL, ITEM) and self.depth:
            self.depth -= 1

    def _cell(self, ref: str | None) -> None:
        self.row_cells += 1
        if self.row_cells > self.limits.columns:
            raise UnreadableFile("import.too_many_columns", row=self.row, limit=self.limits.columns)
        if ref:
            self.last_ref, self.after = ref, 0
        else:
            self.after += 1

    def _row(self, ref: str | None) -> None:
        self._end_row()
        self.row = _row_number(ref) if ref else self.row + 1
        self.rows += 1
        if max(self.row, self.rows) > self.limits.rows:
            raise UnreadableFile("import.too_many_rows", limit=self.limits.rows)

    def _end_row(self) -> None:
        """openpyxl fills a row with blanks up to its last cell: that is what it costs."""
        width = _column(self.last_ref) + self.after if self.last_ref else self.after
        width = max(width, self.row_cells)
        if width > self.limits.columns:
            raise UnreadableFile("import.too_many_columns", row=self.row, limit=self.limits.columns)
        self.cells += width
        if self.cells > self.limits.cells:
            raise UnreadableFile("import.too_many_cells", limit=self.limits.cells)
        self.row_cells = self.after = 0
        self.last_ref = None

    def _text(self, data: str) -> None:
        if not self.depth:
            return  # between cells: whitespace, or text openpyxl never reads into a cell
        self.chars += len(data)
        if self.chars > self.limits.cell_chars:
            if self.kind == "worksheet":
                limit = self.limits.cell_chars
                raise UnreadableFile("import.cell_too_long_row", row=self.row, limit=limit)
            raise UnreadableFile("import.cell_too_long", limit=self.limits.cell_chars)
        if self.kind == "sst":
            self.text += len(data)
            if self.text > self.limits.text_chars:
                raise UnreadableFile("import.too_much_text", limit=self.limits.text_chars)
