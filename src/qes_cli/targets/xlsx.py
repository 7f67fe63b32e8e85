"""Which cells of a .xlsx sheet are percent-formatted, so they are read as Excel shows them.

python-calamine hands over a cell's number (0.965) but not its number format, and openpyxl,
which does, reads a 200,000-row sheet 14× slower (README, Performance). So the formats come
from the workbook's own parts: `xl/styles.xml` says which cell styles (`s="N"`) have a percent
number format (built-in 9 `0%` and 10 `0.00%`, or a custom format with a `%` outside quotes),
and one regular-expression pass over the sheet's XML, streamed from the zip in 1 MiB pieces,
finds the rows whose cell in the value column carries one of them.

A cell the pass cannot see as percent-formatted is read as its plain number; a column of
fractions then fails loudly (SPEC §4.1: all values in 0–1 is an error), never silently.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
BUILTIN_PERCENT = frozenset({9, 10})
CHUNK = 1 << 20
_QUOTED = re.compile(r'"[^"]*"|\\.')


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _percent_styles(book: zipfile.ZipFile) -> set[int]:
    """Indexes into cellXfs whose number format shows a percentage."""
    try:
        root = ElementTree.fromstring(book.read("xl/styles.xml"))
    except KeyError:
        return set()
    custom = {
        int(f.get("numFmtId", "-1")): f.get("formatCode", "") for f in root.iter(f"{MAIN}numFmt")
    }
    percent_ids = set(BUILTIN_PERCENT)
    percent_ids.update(i for i, code in custom.items() if "%" in _QUOTED.sub("", code))
    xfs = root.find(f"{MAIN}cellXfs")
    if xfs is None:
        return set()
    return {
        n
        for n, xf in enumerate(xfs.findall(f"{MAIN}xf"))
        if int(xf.get("numFmtId", "0")) in percent_ids
    }


def _sheet_part(book: zipfile.ZipFile, name: str) -> str | None:
    """The zip member holding sheet `name` (workbook.xml → its relationship → the part)."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rel_id = next(
        (s.get(f"{REL}id") for s in workbook.iter(f"{MAIN}sheet") if s.get("name") == name), None
    )
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def percent_cells(path: Path, sheet: str) -> dict[str, set[int]]:
    """Column letters → row numbers (1-based, as Excel numbers them) of the percent-formatted
    cells of sheet `sheet`; empty when the workbook has no percent format at all. Runs while
    calamine parses the same sheet (its Rust code releases the GIL), so it costs little time."""
    try:
        with zipfile.ZipFile(path) as book:
            styles = _percent_styles(book)
            if not styles:
                return {}
            part = _sheet_part(book, sheet)
            if part is None:
                return {}
            ids = "|".join(str(n) for n in sorted(styles)).encode()
            # Excel, LibreOffice, openpyxl and XlsxWriter write r= before s=
            cell = re.compile(rb'<c r="([A-Z]{1,3})([0-9]+)"[^>]*? s="(?:' + ids + rb')"')
            found: dict[str, set[int]] = {}
            tail = b""
            with book.open(part) as stream:
                while True:
                    chunk = stream.read(CHUNK)
                    text = tail + chunk
                    if chunk:
                        cut = text.rfind(b"<")
                        text, tail = text[:cut], text[cut:]
                    for letters, row in cell.findall(text):
                        found.setdefault(letters.decode(), set()).add(int(row))
                    if not chunk:
                        break
            return found
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError, OSError):
        return {}  # calamine read the sheet; without formats, fractions fail loudly


def percent_rows(path: Path, sheet: str, column: int) -> set[int]:
    """Row numbers whose cell in `column` (0-based) is percent-formatted."""
    return percent_cells(path, sheet).get(column_letters(column), set())
