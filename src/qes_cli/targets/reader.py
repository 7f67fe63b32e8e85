"""Stream a check-targets CSV (UTF-8, UTF-8 BOM, UTF-16 or GB18030/GBK), validating every row.

One csv reader reads the whole file, header included, from one text stream: LF, CRLF and CR
line ends and quoted fields that span lines are all read as csv reads them. Rows are checked
with plain dict lookups, not a model per row, and summed as they stream by, so memory does not
grow with the file. All malformed rows are collected (file, line, column) and raised together;
nothing is judged from a file with errors.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from qes_cli.errors import InputError, MultiInputError
from qes_cli.targets.engine import Totals
from qes_cli.text import Text, tr

if TYPE_CHECKING:
    from _csv import Reader

MAX_REPORTED = 1000
_T = TypeVar("_T")

COLUMN_NAMES = {
    "date": "date", "日期": "date",
    "record": "record", "记录类型": "record",
    "domain": "domain", "领域": "domain",
    "level": "level", "等级": "level",
    "business": "business", "业务品类": "business",
    "value": "value", "数值": "value",
    "role": "role", "角色": "role",
    "checked": "checked", "抽检数": "checked",
    "total": "total", "总数": "total",
}  # fmt: skip
RECORDS = {"incident": "incident", "事件": "incident", "satisfaction": "satisfaction",
           "满意度": "satisfaction", "inspection": "inspection", "检查": "inspection"}  # fmt: skip
DOMAINS = {"quality": "quality", "质量": "quality", "network_security": "network_security",
           "网络安全": "network_security", "information_security": "information_security",
           "信息安全": "information_security", "ehs": "ehs"}  # fmt: skip
LEVELS = {"redline": "redline", "红线": "redline", "1": "1", "一级": "1", "2": "2", "二级": "2",
          "3": "3", "三级": "3", "4": "4", "四级": "4"}  # fmt: skip
BUSINESSES = {"huawei_asp": "huawei_asp", "华为asp服务业务": "huawei_asp",
              "self_developed": "self_developed", "自研服务业务": "self_developed",
              "operations": "operations", "运营服务业务": "operations",
              "overseas": "overseas", "海外服务业务": "overseas"}  # fmt: skip
ROLES = {"qa": "qa", "质量经理": "qa", "qc": "qc", "质检工程师": "qc"}
NEEDS = {
    "incident": ("domain", "level"),
    "satisfaction": ("business", "value"),
    "inspection": ("role", "checked", "total"),
}
MAJOR_LEVELS = frozenset({"redline", "1"})
_DATE_RE = re.compile(r"^([0-9]{4})[-/]([0-9]{1,2})(?:[-/]([0-9]{1,2}))?$")  # ASCII digits
_INT_RE = re.compile(
    r"^[0-9]{1,15}$"
)  # a count; more digits is not a count (and int() would refuse 4,300+)


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


def _key(text: str) -> str:
    return text.strip().lower().replace(" ", "")


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


def parse_date(text: str) -> tuple[int, int] | None:
    """(year, month) of YYYY-MM-DD, YYYY/MM/DD or YYYY-MM; None if not a real date."""
    m = _DATE_RE.match(text.strip())
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2))
    try:
        dt.date(year, month, int(m.group(3) or 1))
    except ValueError:
        return None
    return year, month


def read_records(path: Path, *, file: str, only_year: int | None = None) -> Totals:
    """Validate every row of `path` and sum the valid ones; all malformed rows raise together."""
    if not path.is_file():
        raise InputError(tr("data file not found"), file=file)
    encoding = detect_encoding(path)
    with path.open("rb") as raw:
        reader = csv.reader(io.TextIOWrapper(raw, encoding=encoding, newline=""))
        try:
            scanner = _RowScanner(reader, _read_header(reader, file), file, only_year)
            scanner.scan()
        except UnicodeDecodeError as e:
            raise _decode_error(path, encoding, file) from e
        except csv.Error as e:
            raise InputError(
                tr("malformed CSV: {problem}", problem=str(e)),
                file=file,
                line=_record_start(path, encoding),
            ) from e
    errors = scanner.errors
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
    return scanner.totals


def _read_header(reader: Reader, file: str) -> list[str]:
    header = next(reader, [])
    if not header or (len(header) == 1 and not header[0].strip()):
        raise InputError(tr("empty file: a header row is required"), file=file, line=1)
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


CACHE_SIZE = 10_000  # values each cache remembers: real files repeat a few hundred


def _remember(cache: dict[str, _T], raw: str, parse: Callable[[str], _T]) -> _T:
    """`parse(raw)`, kept in `cache` for the next row with the same text while there is room."""
    value = parse(raw)
    if len(cache) < CACHE_SIZE:
        cache[raw] = value
    return value


class _RowScanner:
    """Validates and sums rows: one small check per record type, dict lookups, and caches for
    the values that repeat and cost a parse (dates, percentages, counts); no object per row."""

    def __init__(self, reader: Reader, header: list[str], file: str, only_year: int | None) -> None:
        self.reader = reader
        index = _header_index(header, file)
        self.width, self.only_year = len(header), only_year
        self.i_date, self.i_record = index["date"], index["record"]
        self.i_domain, self.i_level = index.get("domain", -1), index.get("level", -1)
        self.i_business, self.i_value = index.get("business", -1), index.get("value", -1)
        self.i_role = index.get("role", -1)
        self.i_checked, self.i_total = index.get("checked", -1), index.get("total", -1)
        self.absent = {rec: [c for c in needed if c not in index] for rec, needed in NEEDS.items()}
        self.check = {
            "incident": self.incident,
            "satisfaction": self.satisfaction,
            "inspection": self.inspection,
        }
        self.errors = _Errors(
            file, [], headers={canon: header[i].strip() for canon, i in index.items()}
        )
        self.totals = Totals()
        self.missing_reported: set[str] = set()
        self.dates: dict[str, tuple[int, int] | None] = {}
        self.percents: dict[str, float | None] = {}
        self.numbers: dict[str, int | None] = {}

    def add(self, column: str | None, message: Text) -> None:
        """One error on the current row (csv counts a quoted line break as a line)."""
        self.errors.add(self.reader.line_num, column, message)

    def scan(self) -> None:
        """Every row after the header: skip blank lines, count the rest, check each."""
        width, totals = self.width, self.totals
        for cells in self.reader:
            if len(cells) == width:
                totals.rows += 1
                self.record(cells)
            elif len(cells) > 1 or (cells and cells[0].strip()):
                totals.rows += 1
                self.add(
                    None,
                    tr(
                        "row has {cells} cells but the header has {width}",
                        cells=len(cells),
                        width=width,
                    ),
                )
        self.keep_only(self.only_year)

    def keep_only(self, year: int | None) -> None:
        """Drop the sums of other years than `year` (if given); note the years summed. Every
        row was checked whatever its year: a bad row of another year is still an error."""
        t = self.totals
        if year is not None:
            t.incidents = {k: n for k, n in t.incidents.items() if k[0] == year}
            t.satisfaction = {k: acc for k, acc in t.satisfaction.items() if k[0] == year}
            t.inspection = {k: acc2 for k, acc2 in t.inspection.items() if k[0] == year}
        t.years = {k[0] for sums in (t.incidents, t.satisfaction, t.inspection) for k in sums}

    def record(self, cells: list[str]) -> None:
        """The checks every row gets (date, record type, the columns that type needs), then
        the check of its type."""
        raw_date = cells[self.i_date]
        dates = self.dates
        when = dates[raw_date] if raw_date in dates else _remember(dates, raw_date, parse_date)
        raw_record = cells[self.i_record]
        record = RECORDS.get(raw_record) or RECORDS.get(_key(raw_record))
        if when is None:
            self.add(
                "date",
                tr("{value!r} is not a date (YYYY-MM-DD, YYYY/MM/DD or YYYY-MM)", value=raw_date),
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
            self.check[record](cells, *when)

    def report_absent(self, record: str) -> None:
        """Columns `record` rows need but the header lacks: each reported once, on its first row."""
        for column in self.absent[record]:
            if column not in self.missing_reported:
                self.missing_reported.add(column)
                self.add(
                    column, tr("missing from the header, needed by {record} rows", record=record)
                )

    def incident(self, cells: list[str], year: int, month: int) -> None:
        """Domain and level known: counted per (year, domain, major or general)."""
        raw_domain, raw_level = cells[self.i_domain], cells[self.i_level]
        domain = DOMAINS.get(raw_domain) or DOMAINS.get(_key(raw_domain))
        level = LEVELS.get(raw_level) or LEVELS.get(_key(raw_level))
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
        incidents = self.totals.incidents
        key = (year, domain, level in MAJOR_LEVELS)
        incidents[key] = incidents.get(key, 0) + 1

    def satisfaction(self, cells: list[str], year: int, month: int) -> None:
        """Business known, value a percentage: summed per (year, month, business)."""
        raw_business, raw_value = cells[self.i_business], cells[self.i_value]
        business = BUSINESSES.get(raw_business) or BUSINESSES.get(_key(raw_business))
        percents = self.percents
        value = (
            percents[raw_value]
            if raw_value in percents
            else _remember(percents, raw_value, _percent)
        )
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
        acc = self.totals.satisfaction.get((year, month, business))
        if acc is None:
            self.totals.satisfaction[(year, month, business)] = [value, 1.0]
        else:
            acc[0] += value
            acc[1] += 1

    def inspection(self, cells: list[str], year: int, month: int) -> None:
        """Role known, checked ≤ total, both whole numbers: summed per (year, role)."""
        raw_role, raw_checked, raw_total = (
            cells[self.i_role],
            cells[self.i_checked],
            cells[self.i_total],
        )
        role = ROLES.get(raw_role) or ROLES.get(_key(raw_role))
        numbers = self.numbers
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
        acc = self.totals.inspection.get((year, role))
        if acc is None:
            self.totals.inspection[(year, role)] = [checked, total]
        else:
            acc[0] += checked
            acc[1] += total


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


def _count(text: str) -> int | None:
    """A whole number ≥ 0 in ASCII digits (no sign, no `_`: more than int() would refuse)."""
    return int(text) if _INT_RE.match(text.strip()) else None


def _percent(text: str) -> float | None:
    """0–100, `%` optional, in ASCII: float() alone would also take `9_6` and `٩٦`."""
    t = text.strip().removesuffix("%").strip()
    if not t or t[0] in "=+@" or t.lower() in ("nan", "inf", "-inf", "+inf", "infinity"):
        return None
    if not t.isascii() or "_" in t:
        return None
    try:
        value = float(t)
    except ValueError:
        return None
    return value if 0.0 <= value <= 100.0 else None
