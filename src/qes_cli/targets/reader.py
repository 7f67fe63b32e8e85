"""Read check-targets data as branches export it (SPEC §4, §4.1), validating every row.

DATA is one or more files or folders (every `.csv`/`.xlsx` in a folder, in name order). A CSV
(UTF-8, UTF-8 BOM, UTF-16 or GB18030/GBK) is read by one csv reader from one text stream: LF,
CRLF and CR line ends and quoted fields that span lines are read as csv reads them. A `.xlsx`
is read by python-calamine (first sheet, or `sheet`); its date cells arrive as dates, and a
number in a percent-formatted cell of the value column is read as Excel shows it (0.965 in a
`0.0%` cell is 96.5): which cells those are is read from the workbook's styles and the sheet's
cell tags (`percent_rows`).

Rows are checked with plain dict lookups, not a model per row, and summed into `Totals` as
they stream by, so memory does not grow with the rows (incidents, which are few, are kept one
by one so that a count can name them). Empty rows (a row of only commas) are skipped; a totals
row (first non-empty cell 合计, 总计, 小计 or Total) is skipped and reported. All malformed rows of
all files are collected (file, line, column) and raised together; nothing is judged from data
with errors.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from qes_cli.errors import InputError, MultiInputError
from qes_cli.targets.engine import Totals
from qes_cli.targets.vocab import (
    BUSINESSES,
    COLUMN_NAMES,
    DOMAINS,
    LEVELS,
    NEEDS,
    RECORDS,
    ROLES,
    TOTAL_LABELS,
)
from qes_cli.targets.vocab import key as _vkey
from qes_cli.text import Text, tr

MAX_REPORTED = 1000
_T = TypeVar("_T")
DATA_SUFFIXES = (".csv", ".xlsx")
# full-width ASCII (U+FF01–U+FF5E) and the ideographic space, as NFKC maps them; nothing else
FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_DATE_RE = re.compile(
    r"^([0-9]{4})(?:[-/.]([0-9]{1,2})(?:[-/.]([0-9]{1,2}))?|年([0-9]{1,2})月(?:([0-9]{1,2})日)?)"
    r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?$"
)  # ASCII digits only: other scripts' digits are not dates
_INT_RE = re.compile(
    r"^[0-9]{1,15}$"
)  # a count; more digits is not a count (and int() would refuse 4,300+)
_TOTAL_INITIALS = frozenset("合总小Tt \u3000\t")


def ascii_form(text: str) -> str:
    """Full-width ASCII (`２０２５`, `％`) as ASCII; every other character as it is."""
    return text if text.isascii() else text.translate(FULLWIDTH)


def _key(text: object) -> str:
    return _vkey(ascii_form(str(text)))


def detect_encoding(path: Path) -> str:
    """BOM first; else UTF-8 if the first MiB decodes as UTF-8; else GB18030 (superset of GBK)."""
    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


@dataclass
class _Errors:
    file: str
    items: list[InputError]
    count: int = 0
    headers: dict[str, str] = field(default_factory=dict)  # contract name → name in the file

    def add(self, line: int, column: str | None, message: Text) -> None:
        self.count += 1
        if len(self.items) < MAX_REPORTED:
            shown = self.headers.get(column, column) if column else None
            if column is None:
                text = message
            elif shown == column:
                text = tr("column '{column}': {message}", column=column, message=message)
            else:  # a Chinese header: name the column as the file does, and its contract name
                text = tr(
                    "column '{shown}' ({column}): {message}",
                    shown=shown,
                    column=column,
                    message=message,
                )
            self.items.append(InputError(text, file=self.file, line=line))


def parse_day(raw: object) -> tuple[int, int, str] | None:
    """(year, month, ISO text) of a date: YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, or the
    same without the day (YYYY-MM, YYYY年M月), optionally followed by a time as Excel writes a
    date-time; or an Excel date cell. None if it is not a real date."""
    if isinstance(raw, dt.date):  # a datetime is a date too
        return raw.year, raw.month, f"{raw.year:04d}-{raw.month:02d}-{raw.day:02d}"
    if not isinstance(raw, str):
        return None
    m = _DATE_RE.match(ascii_form(raw).strip())
    if not m:
        return None
    year = int(m.group(1))
    month_text, day_text = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
    month = int(month_text)
    try:
        dt.date(year, month, int(day_text or 1))
    except ValueError:
        return None
    iso = f"{year:04d}-{month:02d}" + (f"-{int(day_text):02d}" if day_text else "")
    return year, month, iso


def parse_date(text: str) -> tuple[int, int] | None:
    """(year, month) of a date as `parse_day` reads it; None if not a real date."""
    day = parse_day(text)
    return None if day is None else (day[0], day[1])


# ---- which files ---------------------------------------------------------------------------


def expand(paths: list[Path]) -> list[Path]:
    """Files to read: each path given, a folder as every .csv/.xlsx in it (name order; Excel's
    `~$` lock files and hidden files left out); a file named twice is read once."""
    out: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in DATA_SUFFIXES
                and not p.name.startswith(("~$", "."))
                and p.is_file()
            )
            if not found:
                from qes_cli.store.paths import display_path

                raise InputError(
                    tr("no .csv or .xlsx files in this folder"), file=display_path(path)
                )
        else:
            found = [path]
        for p in found:
            real = p.resolve()
            if real not in seen:
                seen.add(real)
                out.append(p)
    return out


def read_sources(paths: list[Path], *, sheet: str | None = None) -> Totals:
    """Validate every row of every file and sum the valid ones into one Totals; every problem
    of every file is raised together (each with its own file and line)."""
    from qes_cli.store.paths import display_path

    totals = Totals()
    problems: list[InputError] = []
    bad_rows = 0
    for path in expand(paths):
        file = display_path(path)
        try:
            _read_one(path, file, totals, sheet)
        except MultiInputError as e:
            problems += e.errors
            bad_rows += len(e.errors)
        except InputError as e:
            problems.append(e)
    if problems:
        if len(problems) == 1 and not isinstance(problems[0], MultiInputError):
            raise problems[0]
        raise MultiInputError(tr("{count} problems in the data", count=len(problems)), problems)
    if list(totals.branches) == [""]:
        totals.branches.clear()  # no branch anywhere: nothing to break down
    return totals


def read_records(
    path: Path, *, file: str, only_year: int | None = None, sheet: str | None = None
) -> Totals:
    """One file's rows, validated and summed (the sums of `only_year` alone, if given)."""
    totals = Totals()
    _read_one(path, file, totals, sheet)
    if list(totals.branches) == [""]:
        totals.branches.clear()
    if only_year is not None:
        totals.keep_year(only_year)
    return totals


_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def _read_one(path: Path, file: str, totals: Totals, sheet: str | None) -> None:
    if not path.is_file():
        raise InputError(tr("data file not found"), file=file)
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic == _OLE_MAGIC:
        raise InputError(
            tr("an .xls workbook (Excel 97–2003) or other OLE file: save it as .xlsx or CSV"),
            file=file,
        )
    if magic == _ZIP_MAGIC or path.suffix.lower() == ".xlsx":
        _read_xlsx(path, file, totals, sheet)
    else:
        _read_csv(path, file, totals)


def _raise_collected(errors: _Errors, file: str) -> None:
    if errors.items:
        extra = errors.count - len(errors.items)
        items = list(errors.items)
        if extra:
            items.append(
                InputError(tr("… and {extra} more malformed rows", extra=extra), file=file)
            )
        raise MultiInputError(
            tr("{file}: {count} malformed rows", file=file, count=errors.count), items
        )


def _read_csv(path: Path, file: str, totals: Totals) -> None:
    encoding = detect_encoding(path)
    with path.open("rb") as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding=encoding, newline=""))
        try:
            scanner = _RowScanner(reader, _read_header(reader, file), file, totals)
            scanner.scan()
        except UnicodeDecodeError as e:
            raise _decode_error(path, encoding, file) from e
        except csv.Error as e:
            raise InputError(
                tr("malformed CSV: {problem}", problem=str(e)),
                file=file,
                line=_record_start(path, encoding),
            ) from e
    _raise_collected(scanner.errors, file)


def _read_header(reader: Iterator[list[Any]], file: str) -> list[Any]:
    header = next(reader, [])
    if not header or all(_blank(c) for c in header):
        raise InputError(tr("empty file: a header row is required"), file=file, line=1)
    header = ["" if c is None else str(c) for c in header]
    header[0] = header[0].lstrip("\ufeff")  # a second BOM that the codec left
    return header


# Undecodable bytes become this lone surrogate, which none of the three codecs ever decodes to.
_MARK = "\udfff"


def _mark_undecodable(error: UnicodeError) -> tuple[str, int]:
    if isinstance(error, UnicodeDecodeError):
        return _MARK, error.end
    raise error


codecs.register_error("qes-mark-undecodable", _mark_undecodable)


def _decode_error(path: Path, encoding: str, file: str) -> InputError:
    """The error for bytes that are not `encoding`, on the line that holds them.

    The text stream decodes ahead of the csv reader, so the line the error surfaced on is not
    the one to name: a second pass, only on this error path, marks the bytes and finds them."""
    with path.open("rb") as raw:
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="qes-mark-undecodable", newline="")
        line = next((n for n, text in enumerate(stream, 1) if _MARK in text), 1)
    if line == 1:
        return InputError(
            tr("not valid {encoding} text in the header", encoding=encoding), file=file, line=1
        )
    return InputError(
        tr("not valid {encoding} text (mixed encodings?): save the file as UTF-8 or GBK throughout",
           encoding=encoding.replace("-sig", "")),
        file=file, line=line,
    )  # fmt: skip


def _record_start(path: Path, encoding: str) -> int:
    """The line on which the record that csv could not parse starts (a second pass, run only
    after a csv.Error: the reader gives up lines later, at the end of a runaway quoted field)."""
    start = 1
    with path.open("rb") as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding=encoding, newline=""))
        try:
            for _ in reader:
                start = reader.line_num + 1
        except csv.Error:
            pass
    return start


# ---- .xlsx ---------------------------------------------------------------------------------


class _SheetRows:
    """A sheet's rows as lists of cells, counting Excel's row numbers like csv's `line_num`."""

    def __init__(self, rows: Iterator[list[Any]], first_line: int) -> None:
        self.rows, self.line_num = rows, first_line - 1
        self.percent: set[int] = set()  # rows whose value cell is percent-formatted
        self.value_column = -1

    def __iter__(self) -> Iterator[list[Any]]:
        percent, column = self.percent, self.value_column
        for row in self.rows:
            self.line_num += 1
            if percent and self.line_num in percent:
                v = row[column]
                if v.__class__ is float or v.__class__ is int:
                    row[column] = round(v * 100, 9)  # as Excel shows it: 0.965 → 96.5
            yield row

    def __next__(self) -> list[Any]:
        self.line_num += 1
        return next(self.rows)


def _read_xlsx(path: Path, file: str, totals: Totals, sheet: str | None) -> None:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as e:  # calamine raises its own types for every kind of broken file
        raise InputError(
            tr("not a readable .xlsx workbook: {problem}", problem=str(e) or type(e).__name__),
            file=file,
        ) from e
    with book:
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise InputError(
                tr("no sheet {sheet!r} in this workbook (sheets: {known})", sheet=sheet,
                   known=", ".join(names)),
                file=file,
            )  # fmt: skip
        if not names:
            raise InputError(tr("empty file: a header row is required"), file=file, line=1)
        name = sheet if sheet is not None else names[0]
        from concurrent.futures import ThreadPoolExecutor

        from qes_cli.targets.xlsx import column_letters, percent_cells

        pool = ThreadPoolExecutor(1)  # the styles pass runs while calamine parses the sheet
        formats = pool.submit(percent_cells, path, name)
        pool.shutdown(wait=False)
        try:
            data = book.get_sheet_by_name(name)
            start = data.start
            # iter_rows starts at the sheet's first row (Excel's row 1) and first used column
            rows = _SheetRows(iter(data.iter_rows()), 1)
            for _ in range(start[0] if start else 0):  # empty rows above the table
                next(rows)
        except Exception as e:
            raise InputError(
                tr("not a readable .xlsx workbook: {problem}", problem=str(e) or type(e).__name__),
                file=file,
            ) from e
        header = _read_header(rows, file)
        scanner = _RowScanner(rows, header, file, totals)
        if scanner.i_value >= 0:
            rows.value_column = scanner.i_value
            letters = column_letters((start[1] if start else 0) + scanner.i_value)
            rows.percent = formats.result().get(letters, set())
        scanner.scan()
    _raise_collected(scanner.errors, file)


# ---- the rows ------------------------------------------------------------------------------

CACHE_SIZE = 10_000  # values each cache remembers: real files repeat a few hundred


def _remember(cache: dict[Any, _T], raw: Any, parse: Callable[[Any], _T]) -> _T:
    """`parse(raw)`, kept in `cache` for the next row with the same text while there is room."""
    value = parse(raw)
    if len(cache) < CACHE_SIZE:
        cache[raw] = value
    return value


def _blank(cell: Any) -> bool:
    return cell is None or cell == "" or (cell.__class__ is str and not cell.strip())


def _lookup(table: dict[Any, str], raw: Any) -> str | None:
    """`raw` matched after trimming, lower-casing and full-width folding; a match is added to
    `table` (the scanner's own copy) so the next row with the same text is one lookup."""
    found = table.get(raw) or table.get(_key(raw))
    if found is not None and len(table) < CACHE_SIZE:
        table[raw] = found
    return found


class _RowScanner:
    """Validates and sums rows: one small check per record type, dict lookups, and caches for
    the values that repeat and cost a parse (dates, percentages, counts); no object per row."""

    def __init__(self, reader: Any, header: list[str], file: str, totals: Totals) -> None:
        self.reader = reader
        index = _header_index(header, file)
        self.file, self.width = file, len(header)
        self.i_date, self.i_record = index["date"], index["record"]
        self.i_domain, self.i_level = index.get("domain", -1), index.get("level", -1)
        self.i_business, self.i_value = index.get("business", -1), index.get("value", -1)
        self.i_role = index.get("role", -1)
        self.i_checked, self.i_total = index.get("checked", -1), index.get("total", -1)
        self.i_branch = index.get("branch", -1)
        self.absent = {rec: [c for c in needed if c not in index] for rec, needed in NEEDS.items()}
        self.check = {
            "incident": self.incident,
            "satisfaction": self.satisfaction,
            "inspection": self.inspection,
        }
        self.errors = _Errors(
            file, [], headers={canon: header[i].strip() for canon, i in index.items()}
        )
        self.totals = totals
        # the scanner's own copies of the value tables, which learn the spellings it meets
        self.records, self.domains, self.levels = dict(RECORDS), dict(DOMAINS), dict(LEVELS)
        self.businesses, self.roles = dict(BUSINESSES), dict(ROLES)
        self.missing_reported: set[str] = set()
        self.dates: dict[Any, tuple[int, int, str] | None] = {}
        self.percents: dict[Any, float | None] = {}
        self.numbers: dict[Any, int | None] = {}
        self.branch_names: dict[Any, str] = {}
        self.late_skips = 0  # empty or totals rows found only once their date failed
        # the largest satisfaction value and where the first one is: all in 0–1 is an error
        self.value_max = -1.0
        self.value_line = 0

    def add(self, column: str | None, message: Text) -> None:
        """One error on the current row (csv counts a quoted line break as a line)."""
        self.errors.add(self.reader.line_num, column, message)

    def scan(self) -> None:
        """Every row after the header: skip empty rows and totals rows, check the rest.

        The loop is the hot path (a million rows is a few seconds of Python), so a good
        satisfaction or inspection row is checked and summed right here, with every name a
        local and every value from a cache; any row that is not plainly good goes to the
        per-kind methods, which check it again and word its errors."""
        width, record = self.width, self.record
        # With the date in the first column, a row whose date is valid can be neither empty nor
        # a totals row: the check then runs only on rows that fail (record() calls it), which
        # keeps it off the path of every good row. Otherwise each row's first cell is looked at.
        first_check = self.i_date != 0
        i_date, i_record, i_branch = self.i_date, self.i_record, self.i_branch
        i_business, i_value = self.i_business, self.i_value
        i_role, i_checked, i_total = self.i_role, self.i_checked, self.i_total
        names = self.branch_names
        # bound lookups of the caches: None for a text not met before (or not valid)
        date_of, kind_of = self.dates.get, self.records.get
        business_of, percent_of = self.businesses.get, self.percents.get
        role_of, number_of = self.roles.get, self.numbers.get
        fast = {kind for kind, missing in self.absent.items() if not missing}
        sat, insp = self.totals.satisfaction, self.totals.inspection
        sat_get, insp_get = sat.get, insp.get
        rows = 0
        for cells in self.reader:
            if len(cells) != width:
                if self.empty_or_totals(cells):
                    continue
                rows += 1
                self.add(
                    None,
                    tr(
                        "row has {cells} cells but the header has {width}",
                        cells=len(cells),
                        width=width,
                    ),
                )
                continue
            if first_check:
                first = cells[0]
                if (not first or (first.__class__ is str and first[0] in _TOTAL_INITIALS)) and (
                    self.empty_or_totals(cells)
                ):
                    continue
            rows += 1
            raw = cells[i_date]
            when = date_of(raw)
            raw = cells[i_record]
            kind = kind_of(raw)
            if when is None or kind not in fast:
                record(cells)  # a date or record type not met before, or a problem
                continue
            raw = cells[i_branch] if i_branch >= 0 else ""
            branch = names[raw] if raw in names else self.new_branch(raw)
            if kind == "satisfaction":
                raw = cells[i_business]
                business = business_of(raw)
                raw = cells[i_value]
                value = percent_of(raw)
                if business is None or value is None:
                    self.satisfaction(cells, when, branch)
                    continue
                key = (when[0], when[1], business, branch)
                acc = sat_get(key)
                if acc is None:
                    sat[key] = [value, 1.0]
                else:
                    acc[0] += value
                    acc[1] += 1
            elif kind == "inspection":
                raw = cells[i_role]
                role = role_of(raw)
                raw = cells[i_checked]
                checked = number_of(raw)
                raw = cells[i_total]
                total = number_of(raw)
                if role is None or checked is None or total is None or checked > total:
                    self.inspection(cells, when, branch)
                    continue
                key = (when[0], when[1], role, branch)
                acc2 = insp_get(key)
                if acc2 is None:
                    insp[key] = [checked, total, 1]
                else:
                    acc2[0] += checked
                    acc2[1] += total
                    acc2[2] += 1
            else:
                self.incident(cells, when, branch)
        rows -= self.late_skips
        self.totals.rows += rows
        if 0.0 <= self.value_max <= 1.0:
            self.errors.add(
                self.value_line,
                "value",
                tr(
                    "every satisfaction value in this file lies between 0 and 1 (the largest is "
                    "{largest}): percentages exported as fractions? Write 96.5 or 96.5%, or format "
                    "the cells as percent in Excel",
                    largest=self.value_max,
                ),
            )

    def new_branch(self, raw: Any) -> str:
        """A branch cell not met before: its name (trimmed, full-width folded), noted in the
        order first seen."""
        branch = "" if _blank(raw) else ascii_form(str(raw)).strip()
        self.branch_names[raw] = branch
        self.totals.branches.setdefault(branch, None)
        return branch

    def new_percent(self, raw: Any) -> float | None:
        """A value text not met before: parsed, remembered, and the file's largest value kept
        (a value met before cannot change the largest, so cached rows skip this)."""
        value = _remember(self.percents, raw, _percent)
        if value is not None and value > self.value_max:
            if self.value_max < 0:
                self.value_line = self.reader.line_num
            self.value_max = value
        return value

    def empty_or_totals(self, cells: list[Any]) -> bool:
        """True for a row to skip: every cell empty, or a totals row (reported as skipped)."""
        first = next((c for c in cells if not _blank(c)), None)
        if first is None:
            return True
        label = _key(first).rstrip(":：")
        if label in TOTAL_LABELS:
            self.totals.skipped.append((self.file, self.reader.line_num, str(first).strip()))
            return True
        return False

    def record(self, cells: list[Any]) -> None:
        """The checks every row gets (date, record type, the columns that type needs), then
        the check of its type."""
        raw_date = cells[self.i_date]
        dates, records = self.dates, self.records
        when = dates[raw_date] if raw_date in dates else _remember(dates, raw_date, parse_day)
        raw_record = cells[self.i_record]
        record = records[raw_record] if raw_record in records else _lookup(records, raw_record)
        if (when is None or record is None) and not self.i_date and self.empty_or_totals(cells):
            self.late_skips += 1  # counted as a row by scan(): take it back
            return
        if when is None:
            self.add(
                "date",
                tr(
                    "{value!r} is not a date (YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日 or YYYY-MM)",
                    value=raw_date,
                ),
            )
        if record is None:
            self.add(
                "record",
                tr(
                    "unknown record type {value!r} (incident/事件, satisfaction/满意度, inspection/检查)",
                    value=raw_record,
                ),
            )
        elif self.absent[record]:
            self.report_absent(record)
        elif when is not None:
            raw = cells[self.i_branch] if self.i_branch >= 0 else ""
            names = self.branch_names
            self.check[record](cells, when, names[raw] if raw in names else self.new_branch(raw))

    def report_absent(self, record: str) -> None:
        """Columns `record` rows need but the header lacks: each reported once, on its first row."""
        for column in self.absent[record]:
            if column not in self.missing_reported:
                self.missing_reported.add(column)
                self.add(
                    column, tr("missing from the header, needed by {record} rows", record=record)
                )

    def incident(self, cells: list[Any], when: tuple[int, int, str], branch: str) -> None:
        """Domain and level known: kept as one small tuple (incidents are few)."""
        raw_domain, raw_level = cells[self.i_domain], cells[self.i_level]
        domains, levels = self.domains, self.levels
        domain = domains[raw_domain] if raw_domain in domains else _lookup(domains, raw_domain)
        level = levels[raw_level] if raw_level in levels else _lookup(levels, _whole(raw_level))
        if domain is None:
            self.add(
                "domain",
                tr(
                    "unknown domain {value!r} (quality, network_security, information_security, ehs)",
                    value=raw_domain,
                ),
            )
        if level is None:
            self.add(
                "level",
                tr("unknown level {value!r} (redline/红线, 1–4 or 一级–四级)", value=raw_level),
            )
        if domain is None or level is None:
            return
        year, month, iso = when
        self.totals.incidents.append(
            (year, month, domain, level, branch, f"{self.file}:{self.reader.line_num}", iso)
        )

    def satisfaction(self, cells: list[Any], when: tuple[int, int, str], branch: str) -> None:
        """Business known, value a percentage: summed per (year, month, business, branch)."""
        raw_business, raw_value = cells[self.i_business], cells[self.i_value]
        businesses, percents = self.businesses, self.percents
        business = (
            businesses[raw_business]
            if raw_business in businesses
            else _lookup(businesses, raw_business)
        )
        value = percents[raw_value] if raw_value in percents else self.new_percent(raw_value)
        if business is None:
            self.add(
                "business",
                tr(
                    "unknown business {value!r} (huawei_asp, self_developed, operations, overseas)",
                    value=raw_business,
                ),
            )
        if value is None:
            self.add(
                "value",
                tr("{value!r} is not a percentage between 0 and 100", value=raw_value),
            )
        if business is None or value is None:
            return
        key = (when[0], when[1], business, branch)
        acc = self.totals.satisfaction.get(key)
        if acc is None:
            self.totals.satisfaction[key] = [value, 1.0]
        else:
            acc[0] += value
            acc[1] += 1

    def inspection(self, cells: list[Any], when: tuple[int, int, str], branch: str) -> None:
        """Role known, checked ≤ total, both whole numbers: summed per (year, month, role, branch)."""
        raw_role, raw_checked, raw_total = (
            cells[self.i_role],
            cells[self.i_checked],
            cells[self.i_total],
        )
        roles, numbers = self.roles, self.numbers
        role = roles[raw_role] if raw_role in roles else _lookup(roles, raw_role)
        checked = (
            numbers[raw_checked]
            if raw_checked in numbers
            else _remember(numbers, raw_checked, _count)
        )
        total = (
            numbers[raw_total] if raw_total in numbers else _remember(numbers, raw_total, _count)
        )
        if role is None:
            self.add(
                "role", tr("unknown role {value!r} (qa/质量经理, qc/质检工程师)", value=raw_role)
            )
        if checked is None:
            self.add("checked", tr("{value!r} is not a whole number ≥ 0", value=raw_checked))
        if total is None:
            self.add("total", tr("{value!r} is not a whole number ≥ 0", value=raw_total))
        if role is None or checked is None or total is None:
            return
        if checked > total:
            self.add(
                "checked",
                tr("checked {checked} is more than total {total}", checked=checked, total=total),
            )
            return
        key = (when[0], when[1], role, branch)
        acc = self.totals.inspection.get(key)
        if acc is None:
            self.totals.inspection[key] = [checked, total, 1]
        else:
            acc[0] += checked
            acc[1] += total
            acc[2] += 1


def _header_index(header: list[str], file: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        canon = COLUMN_NAMES.get(_key(name).lstrip("\ufeff"))
        if canon is not None and canon not in index:
            index[canon] = i
    missing = [c for c in ("date", "record") if c not in index]
    if missing:
        raise InputError(
            tr(
                "header lacks column(s) {columns} (English or Chinese names: "
                "date/日期, record/记录类型, …)",
                columns=", ".join(missing),
            ),
            file=file,
            line=1,
        )
    return index


def _whole(raw: Any) -> Any:
    """An Excel number cell holding a whole number (level 2.0) as its text ('2')."""
    if raw.__class__ is float and raw.is_integer():
        return str(int(raw))
    return raw if raw.__class__ is str else str(raw)


def _count(raw: Any) -> int | None:
    """A whole number ≥ 0 in ASCII digits (no sign, no `_`: more than int() would refuse), or
    an Excel number cell holding one."""
    if raw.__class__ is float or raw.__class__ is int:
        return int(raw) if raw >= 0 and float(raw).is_integer() and raw < 1e15 else None
    if raw.__class__ is not str:
        return None
    text = ascii_form(raw).strip()
    return int(text) if _INT_RE.match(text) else None


def _percent(raw: Any) -> float | None:
    """0–100, `%` optional, in ASCII (full-width forms normalised): float() alone would also
    take `9_6` and `٩٦`; or an Excel number cell (already ×100 when percent-formatted)."""
    if raw.__class__ is float or raw.__class__ is int:
        return float(raw) if 0.0 <= raw <= 100.0 else None
    if raw.__class__ is not str:
        return None
    t = ascii_form(raw).strip().removesuffix("%").strip()
    if not t or t[0] in "=+@" or t.lower() in ("nan", "inf", "-inf", "+inf", "infinity"):
        return None
    if not t.isascii() or "_" in t:
        return None
    try:
        value = float(t)
    except ValueError:
        return None
    return value if 0.0 <= value <= 100.0 else None
