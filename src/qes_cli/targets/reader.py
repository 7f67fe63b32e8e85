"""Stream a check-targets CSV (UTF-8, UTF-8 BOM, UTF-16 or GB18030/GBK), validating every row.

Rows are checked with plain dict lookups, not a model per row, and handed to a sink one at a
time, so memory does not grow with the file. All malformed rows are collected (file, line,
column) and raised together; nothing is judged from a file with errors.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from qes_cli.errors import InputError, MultiInputError

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
_INT_RE = re.compile(r"^\d+$")


class Sink(Protocol):
    """Receives valid rows; the engine's aggregator implements it."""

    def incident(self, year: int, domain: str, major: bool) -> None: ...
    def satisfaction(self, year: int, month: int, business: str, value: float) -> None: ...
    def inspection(self, year: int, role: str, checked: int, total: int) -> None: ...
    def year(self, year: int) -> None: ...


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

    def add(self, line: int, column: str | None, message: str) -> None:
        self.count += 1
        if len(self.items) < MAX_REPORTED:
            where = f"column '{column}': " if column else ""
            self.items.append(InputError(where + message, file=self.file, line=line))


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


def read_records(path: Path, sink: Sink, *, file: str, only_year: int | None = None) -> int:
    """Validate and stream every row of `path` into `sink`; returns the number of records."""
    if not path.is_file():
        raise InputError("data file not found", file=file)
    encoding = detect_encoding(path)
    errors = _Errors(file, [])
    rows = 0
    try:
        with path.open(encoding=encoding, newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, None)
            if header is None:
                raise InputError("empty file: a header row is required", file=file, line=1)
            index = _header_index(header, file)
            width = len(header)
            missing_reported: set[str] = set()
            for cells in reader:
                line = reader.line_num
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue
                rows += 1
                if len(cells) != width:
                    errors.add(line, None, f"row has {len(cells)} cells but the header has {width}")
                    continue
                _row(cells, index, line, errors, missing_reported, sink, only_year)
    except UnicodeDecodeError as e:
        raise InputError(
            f"not valid {encoding} text (mixed encodings?) near byte {e.start}: save the file as "
            f"UTF-8 or GBK throughout",
            file=file,
        ) from e
    except csv.Error as e:
        raise InputError(f"malformed CSV: {e}", file=file) from e
    if errors.items:
        extra = errors.count - len(errors.items)
        items = list(errors.items)
        if extra:
            items.append(InputError(f"… and {extra} more malformed rows", file=file))
        raise MultiInputError(f"{file}: {errors.count} malformed rows", items)
    return rows


def _header_index(header: list[str], file: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        canon = COLUMN_NAMES.get(_key(name).lstrip("\ufeff"))
        if canon is not None and canon not in index:
            index[canon] = i
    missing = [c for c in ("date", "record") if c not in index]
    if missing:
        raise InputError(
            f"header lacks column(s) {', '.join(missing)} (English or Chinese names: "
            f"date/日期, record/记录类型, …)",
            file=file,
            line=1,
        )
    return index


def _row(
    cells: list[str],
    index: dict[str, int],
    line: int,
    errors: _Errors,
    missing_reported: set[str],
    sink: Sink,
    only_year: int | None,
) -> None:
    ok = True
    when = parse_date(cells[index["date"]])
    if when is None:
        errors.add(
            line,
            "date",
            f"{cells[index['date']]!r} is not a date (YYYY-MM-DD, YYYY/MM/DD or YYYY-MM)",
        )
        ok = False
    raw_record = cells[index["record"]]
    record = RECORDS.get(_key(raw_record))
    if record is None:
        errors.add(
            line,
            "record",
            f"unknown record type {raw_record!r} (incident/事件, satisfaction/满意度, inspection/检查)",
        )
        return
    for col in NEEDS[record]:
        if col not in index:
            if col not in missing_reported:
                missing_reported.add(col)
                errors.add(line, col, f"missing from the header, needed by {record} rows")
            ok = False
    if not ok:
        return
    assert when is not None
    year, month = when
    if record == "incident":
        raw_domain, raw_level = cells[index["domain"]], cells[index["level"]]
        domain, level = DOMAINS.get(_key(raw_domain)), LEVELS.get(_key(raw_level))
        if domain is None:
            errors.add(
                line,
                "domain",
                f"unknown domain {raw_domain!r} (quality, network_security, information_security, ehs)",
            )
        if level is None:
            errors.add(
                line, "level", f"unknown level {raw_level!r} (redline/红线, 1–4 or 一级–四级)"
            )
        if domain is None or level is None:
            return
        if only_year is None or only_year == year:
            sink.year(year)
            sink.incident(year, domain, level in MAJOR_LEVELS)
    elif record == "satisfaction":
        raw_business, raw_value = cells[index["business"]], cells[index["value"]]
        business = BUSINESSES.get(_key(raw_business))
        value = _percent(raw_value)
        if business is None:
            errors.add(
                line,
                "business",
                f"unknown business {raw_business!r} (huawei_asp, self_developed, operations, overseas)",
            )
        if value is None:
            errors.add(line, "value", f"{raw_value!r} is not a percentage between 0 and 100")
        if business is None or value is None:
            return
        if only_year is None or only_year == year:
            sink.year(year)
            sink.satisfaction(year, month, business, value)
    else:
        raw_role, raw_checked, raw_total = (
            cells[index["role"]],
            cells[index["checked"]],
            cells[index["total"]],
        )
        role = ROLES.get(_key(raw_role))
        checked = int(raw_checked) if _INT_RE.match(raw_checked.strip()) else None
        total = int(raw_total) if _INT_RE.match(raw_total.strip()) else None
        if role is None:
            errors.add(line, "role", f"unknown role {raw_role!r} (qa/质量经理, qc/质检工程师)")
        if checked is None:
            errors.add(line, "checked", f"{raw_checked!r} is not a whole number ≥ 0")
        if total is None:
            errors.add(line, "total", f"{raw_total!r} is not a whole number ≥ 0")
        if role is None or checked is None or total is None:
            return
        if checked > total:
            errors.add(line, "checked", f"checked {checked} is more than total {total}")
            return
        if only_year is None or only_year == year:
            sink.year(year)
            sink.inspection(year, role, checked, total)


def _percent(text: str) -> float | None:
    t = text.strip().removesuffix("%").strip()
    if not t or t[0] in "=+@" or t.lower() in ("nan", "inf", "-inf", "+inf", "infinity"):
        return None
    try:
        value = float(t)
    except ValueError:
        return None
    return value if 0.0 <= value <= 100.0 else None
