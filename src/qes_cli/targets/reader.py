"""Stream a check-targets CSV (UTF-8, UTF-8 BOM, UTF-16 or GB18030/GBK), validating every row.

Rows are checked with plain dict lookups, not a model per row, and summed as they stream by,
so memory does not grow with the file. All malformed rows are collected (file, line,
column) and raised together; nothing is judged from a file with errors.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qes_cli.errors import InputError, MultiInputError
from qes_cli.text import Text, tr

MAX_REPORTED = 1000

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
_DATE_RE = re.compile(r"^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?$")
_INT_RE = re.compile(
    r"^[0-9]{1,15}$"
)  # a count; more digits is not a count (and int() would refuse 4,300+)


@dataclass
class Totals:
    """Running sums of valid records: all the engine needs, bounded by years × months × kinds
    whatever the number of rows. Two halves of a file merge by adding."""

    incidents: dict[tuple[int, str, bool], int] = field(default_factory=dict)
    satisfaction: dict[tuple[int, int, str], list[float]] = field(
        default_factory=dict
    )  # → [sum, n]
    inspection: dict[tuple[int, str], list[int]] = field(default_factory=dict)  # → [checked, total]
    years: set[int] = field(default_factory=set)
    rows: int = 0

    def merge(self, other: Totals) -> None:
        for ik, count in other.incidents.items():
            self.incidents[ik] = self.incidents.get(ik, 0) + count
        for sk, (total, n) in other.satisfaction.items():
            acc = self.satisfaction.setdefault(sk, [0.0, 0.0])
            acc[0] += total
            acc[1] += n
        for rk, (checked, scope) in other.inspection.items():
            acc2 = self.inspection.setdefault(rk, [0, 0])
            acc2[0] += checked
            acc2[1] += scope
        self.years |= other.years
        self.rows += other.rows


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


PARALLEL_FROM_BYTES = 8 << 20  # below this a second process costs more than it saves


def read_records(path: Path, *, file: str, only_year: int | None = None) -> Totals:
    """Validate every row of `path` and sum the valid ones; all malformed rows raise together.

    Large files without quote characters (so no field spans lines) are split at a newline and
    the second half is read in a forked child: the two halves' sums add up to the same totals.
    """
    if not path.is_file():
        raise InputError(tr("data file not found"), file=file)
    encoding = detect_encoding(path)
    size = path.stat().st_size
    with path.open("rb") as fh:
        header_raw = fh.readline()
        body_start = fh.tell()
    try:
        header_text = header_raw.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as e:
        raise InputError(
            tr("not valid {encoding} text in the header", encoding=encoding), file=file, line=1
        ) from e
    if not header_text.strip():
        raise InputError(tr("empty file: a header row is required"), file=file, line=1)
    header = next(csv.reader([header_text]))
    index = _header_index(header, file)
    headers = {canon: header[i].strip() for canon, i in index.items()}
    plan = _Plan(path, file, encoding.replace("-sig", ""), index, len(header), only_year, headers)
    quoted = encoding == "utf-16" or _has_quote(path)
    split = None if quoted else _split_point(path, body_start, size)
    if split is None:
        totals, errors = _scan(plan, body_start, size, 2, chunked=not quoted)
    else:
        totals, errors = _scan_parallel(plan, body_start, split, size)
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
    return totals


@dataclass(frozen=True)
class _Plan:
    path: Path
    file: str
    encoding: str
    index: dict[str, int]
    width: int
    only_year: int | None
    headers: dict[str, str]


def _has_quote(path: Path) -> bool:
    """Whether any field may be quoted (and so may span lines); read in chunks, never whole."""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if b'"' in chunk:
                return True
    return False


def _split_point(path: Path, start: int, size: int) -> int | None:
    """A newline near the middle, if the file is big enough to share between two cores."""
    return None  # the forked reader is gone (replaced by the single-stream reader)
    with path.open("rb") as fh:
        fh.seek(start + (size - start) // 2)
        fh.readline()
        middle = fh.tell()
    return middle if middle < size else None


def _scan_parallel(plan: _Plan, start: int, split: int, end: int) -> tuple[Totals, _Errors]:
    from qes_cli.parallel import split_run

    first_line = 1  # the line number the second half starts on, for its messages
    with plan.path.open("rb") as fh:
        left = split
        while left > 0:
            chunk = fh.read(min(left, 1 << 20))
            if not chunk:
                break
            first_line += chunk.count(b"\n")
            left -= len(chunk)

    def second() -> tuple[Totals, list[tuple[str, int | None]], int]:
        more, errs = _scan(plan, split, end, first_line, chunked=True)
        return more, [(e.message, e.line) for e in errs.items], errs.count

    (totals, errors), (more, items, count) = split_run(
        lambda: _scan(plan, start, split, 2, chunked=True), second
    )
    more_errors = _Errors(
        plan.file, [InputError(m, file=plan.file, line=ln) for m, ln in items], count
    )
    totals.merge(more)
    for e in more_errors.items:
        if len(errors.items) < MAX_REPORTED:
            errors.items.append(e)
    errors.count += more_errors.count
    return totals, errors


BLOCK = 1 << 20  # bytes decoded at a time: per-line Python work disappears, memory stays flat


def _blocks(path: Path, start: int, end: int) -> Iterator[bytes]:
    """The bytes between `start` and `end` in blocks that each end at a line end."""
    with path.open("rb") as fh:
        fh.seek(start)
        left = end - start
        carry = b""
        while left > 0:
            block = fh.read(min(BLOCK, left))
            if not block:
                break
            left -= len(block)
            block = carry + block
            cut = block.rfind(b"\n") + 1 if left > 0 else len(block)
            carry = block[cut:]
            if cut:
                yield block[:cut]
        if carry:
            yield carry


def _scan(
    plan: _Plan, start: int, end: int, first_line: int, *, chunked: bool
) -> tuple[Totals, _Errors]:
    """Validate and sum the rows between byte offsets `start` and `end`.

    Without quote characters no record spans lines, so the bytes are decoded in large blocks
    and each block parsed by one csv reader; otherwise one reader streams the whole range."""
    errors = _Errors(plan.file, [], headers=plan.headers)
    totals = Totals()
    scanner = _RowScanner(plan, totals, errors)
    base = first_line - 1  # line number of the last line before the current block
    try:
        if chunked:
            for block in _blocks(plan.path, start, end):
                try:
                    text = block.decode(plan.encoding)
                except UnicodeDecodeError as e:
                    raise _decode_error(plan, base + block.count(b"\n", 0, e.start) + 1) from e
                reader = csv.reader(io.StringIO(text, newline=""))
                scanner.feed(reader, base)
                base += reader.line_num
        else:
            with plan.path.open("rb") as raw:
                raw.seek(start)
                stream = io.TextIOWrapper(raw, encoding=plan.encoding, newline="")
                reader = csv.reader(stream)
                try:
                    scanner.feed(reader, base)
                except UnicodeDecodeError as e:
                    raise _decode_error(plan, base + reader.line_num + 1) from e
    except csv.Error as e:
        raise InputError(
            tr("malformed CSV: {problem}", problem=str(e)), file=plan.file, line=base + 1
        ) from e
    return totals, errors


def _decode_error(plan: _Plan, line: int) -> InputError:
    return InputError(
        tr("not valid {encoding} text (mixed encodings?): save the file as UTF-8 or GBK throughout",
           encoding=plan.encoding),
        file=plan.file, line=line,
    )  # fmt: skip


class _RowScanner:
    """The hot loop: dict lookups and per-value caches that live across blocks, no object per row."""

    def __init__(self, plan: _Plan, totals: Totals, errors: _Errors) -> None:
        self.plan, self.totals, self.errors = plan, totals, errors
        self.missing_reported: set[str] = set()
        self.dates: dict[str, tuple[int, int] | None] = {}
        self.percents: dict[str, float | None] = {}

    def feed(self, reader: Any, base: int) -> None:
        """Every row of `reader`; its line numbers count from `base`."""
        plan, totals, errors = self.plan, self.totals, self.errors

        def line_of() -> int:
            return base + int(reader.line_num)

        missing_reported, dates, percents = self.missing_reported, self.dates, self.percents
        absent_for = {
            rec: [c for c in needed if c not in plan.index] for rec, needed in NEEDS.items()
        }
        index, width, only_year = plan.index, plan.width, plan.only_year
        i_date, i_record = index["date"], index["record"]
        cols = {
            c: index[c]
            for c in ("domain", "level", "business", "value", "role", "checked", "total")
            if c in index
        }
        incidents, satisfaction, inspection, years = (
            totals.incidents,
            totals.satisfaction,
            totals.inspection,
            totals.years,
        )
        rows = 0
        for cells in reader:
            if len(cells) != width:
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                rows += 1
                errors.add(
                    line_of(),
                    None,
                    tr(
                        "row has {cells} cells but the header has {width}",
                        cells=len(cells),
                        width=width,
                    ),
                )
                continue
            rows += 1
            raw_date = cells[i_date]
            if raw_date in dates:
                when = dates[raw_date]
            else:
                when = dates[raw_date] = parse_date(raw_date)
            raw_record = cells[i_record]
            record = RECORDS.get(raw_record) or RECORDS.get(_key(raw_record))
            if when is None:
                errors.add(
                    line_of(),
                    "date",
                    tr(
                        "{value!r} is not a date (YYYY-MM-DD, YYYY/MM/DD or YYYY-MM)",
                        value=raw_date,
                    ),
                )
            if record is None:
                errors.add(
                    line_of(),
                    "record",
                    tr(
                        "unknown record type {value!r} (incident/事件, satisfaction/满意度, inspection/检查)",
                        value=raw_record,
                    ),
                )
                continue
            absent = absent_for[record]
            if absent:
                for c in absent:
                    if c not in missing_reported:
                        missing_reported.add(c)
                        errors.add(
                            line_of(),
                            c,
                            tr("missing from the header, needed by {record} rows", record=record),
                        )
                continue
            if when is None:
                continue
            year, month = when
            if record == "satisfaction":
                raw_business, raw_value = cells[cols["business"]], cells[cols["value"]]
                business = BUSINESSES.get(raw_business) or BUSINESSES.get(_key(raw_business))
                if raw_value in percents:
                    value = percents[raw_value]
                else:
                    value = percents[raw_value] = _percent(raw_value)
                if business is None:
                    errors.add(
                        line_of(),
                        "business",
                        tr(
                            "unknown business {value!r} (huawei_asp, self_developed, operations, overseas)",
                            value=raw_business,
                        ),
                    )
                if value is None:
                    errors.add(
                        line_of(),
                        "value",
                        tr("{value!r} is not a percentage between 0 and 100", value=raw_value),
                    )
                if (
                    business is None
                    or value is None
                    or (only_year is not None and only_year != year)
                ):
                    continue
                years.add(year)
                acc = satisfaction.get((year, month, business))
                if acc is None:
                    satisfaction[(year, month, business)] = [value, 1.0]
                else:
                    acc[0] += value
                    acc[1] += 1
            elif record == "incident":
                raw_domain, raw_level = cells[cols["domain"]], cells[cols["level"]]
                domain = DOMAINS.get(raw_domain) or DOMAINS.get(_key(raw_domain))
                level = LEVELS.get(raw_level) or LEVELS.get(_key(raw_level))
                if domain is None:
                    errors.add(
                        line_of(),
                        "domain",
                        tr(
                            "unknown domain {value!r} (quality, network_security, information_security, ehs)",
                            value=raw_domain,
                        ),
                    )
                if level is None:
                    errors.add(
                        line_of(),
                        "level",
                        tr(
                            "unknown level {value!r} (redline/红线, 1–4 or 一级–四级)",
                            value=raw_level,
                        ),
                    )
                if domain is None or level is None or (only_year is not None and only_year != year):
                    continue
                years.add(year)
                key = (year, domain, level in MAJOR_LEVELS)
                incidents[key] = incidents.get(key, 0) + 1
            else:
                raw_role, raw_checked, raw_total = (
                    cells[cols["role"]],
                    cells[cols["checked"]],
                    cells[cols["total"]],
                )
                role = ROLES.get(raw_role) or ROLES.get(_key(raw_role))
                checked = int(raw_checked) if _INT_RE.match(raw_checked.strip()) else None
                total = int(raw_total) if _INT_RE.match(raw_total.strip()) else None
                if role is None:
                    errors.add(
                        line_of(),
                        "role",
                        tr("unknown role {value!r} (qa/质量经理, qc/质检工程师)", value=raw_role),
                    )
                if checked is None:
                    errors.add(
                        line_of(),
                        "checked",
                        tr("{value!r} is not a whole number ≥ 0", value=raw_checked),
                    )
                if total is None:
                    errors.add(
                        line_of(),
                        "total",
                        tr("{value!r} is not a whole number ≥ 0", value=raw_total),
                    )
                if role is None or checked is None or total is None:
                    continue
                if checked > total:
                    errors.add(
                        line_of(),
                        "checked",
                        tr(
                            "checked {checked} is more than total {total}",
                            checked=checked,
                            total=total,
                        ),
                    )
                    continue
                if only_year is not None and only_year != year:
                    continue
                years.add(year)
                acc2 = inspection.get((year, role))
                if acc2 is None:
                    inspection[(year, role)] = [checked, total]
                else:
                    acc2[0] += checked
                    acc2[1] += total
        totals.rows += rows


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


def _percent(text: str) -> float | None:
    t = text.strip().removesuffix("%").strip()
    if not t or t[0] in "=+@" or t.lower() in ("nan", "inf", "-inf", "+inf", "infinity"):
        return None
    try:
        value = float(t)
    except ValueError:
        return None
    return value if 0.0 <= value <= 100.0 else None
