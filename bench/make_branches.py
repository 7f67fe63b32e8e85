"""Write branch exports as the 16 branches really send them, for the check-targets benchmarks.

Usage: python bench/make_branches.py ROWS OUT_DIR            16 files of together ROWS records
       python bench/make_branches.py ROWS OUT.xlsx --xlsx    one sheet of ROWS records

The CSV files are what Excel writes in China: GBK with Chinese headers and values, UTF-8 with
a BOM, UTF-16 (Excel's "Unicode text" saved as .csv) and plain UTF-8; dates as 2025/3/5,
2025.3.5 or 2025年3月5日, percentages with `%`, rows of only commas where formatted cells
were empty, and a 合计 totals row at the end. The .xlsx has real date cells and percent-formatted
value cells (0.965 shown as 96.5%). Deterministic for a given ROWS.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

BRANCHES = ["上海", "浙江", "江西", "广西", "海南", "甘肃", "宁夏", "天津",
            "江苏", "安徽", "福建", "湖北", "四川", "重庆", "服务研究院", "欧洲"]  # fmt: skip
BUSINESS_ZH = ["华为ASP服务业务", "自研服务业务", "运营服务业务", "海外服务业务"]
DOMAIN_ZH = ["质量", "网络安全", "信息安全", "EHS"]
LEVEL_ZH = ["红线", "一级", "二级", "二级", "三级", "三级", "三级", "四级", "四级", "四级", "四级"]
ROLE_ZH = {"qa": "质量经理", "qc": "质检工程师"}
HEADER_ZH = [
    "日期",
    "记录类型",
    "领域",
    "等级",
    "业务品类",
    "数值",
    "角色",
    "抽检数",
    "总数",
    "分支机构",
    "备注",
]
HEADER_EN = [
    "date",
    "record",
    "domain",
    "level",
    "business",
    "value",
    "role",
    "checked",
    "total",
    "branch",
    "note",
]
# (encoding, Chinese header and values?) per branch, cycling
FLAVOURS = [("gbk", True), ("utf-8-sig", True), ("utf-16", True), ("utf-8", False)]


def record(
    rng: random.Random, branch: str, year: int, zh: bool
) -> tuple[tuple[int, int, int], list[object]]:
    """(date, [record, domain, level, business, value, role, checked, total, branch, note])."""
    when = (year, rng.randint(1, 12), rng.randint(1, 28))
    kind = rng.random()
    if kind < 0.02:
        d, lv = rng.randrange(4), rng.choice(LEVEL_ZH)
        if zh:
            return when, ["事件", DOMAIN_ZH[d], lv, "", "", "", "", "", branch, "事件通报"]
        en_level = {"红线": "redline", "一级": "1", "二级": "2", "三级": "3", "四级": "4"}[lv]
        domain = ["quality", "network_security", "information_security", "ehs"][d]
        return when, ["incident", domain, en_level, "", "", "", "", "", branch, "event"]
    if kind < 0.80:
        b = rng.randrange(4)
        score = round(min(100.0, rng.gauss(95.5, 2.5)), 1)
        business = (
            BUSINESS_ZH[b] if zh else ["huawei_asp", "self_developed", "operations", "overseas"][b]
        )
        return when, [
            "满意度" if zh else "satisfaction",
            "",
            "",
            business,
            score,
            "",
            "",
            "",
            branch,
            "回访",
        ]
    total = rng.randint(5, 60)
    role = "qa" if rng.random() < 0.5 else "qc"
    ratio = rng.uniform(0.25, 0.45) if role == "qa" else rng.uniform(0.7, 0.95)
    return when, ["检查" if zh else "inspection", "", "", "", "", ROLE_ZH[role] if zh else role,
                  round(total * ratio), total, branch, "抽检"]  # fmt: skip


def date_text(when: tuple[int, int, int], i: int) -> str:
    y, m, d = when
    return (f"{y}/{m}/{d}", f"{y}.{m}.{d}", f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}")[i % 4]


def write_csvs(rows: int, out: Path, year: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    per = [
        rows // len(BRANCHES) + (1 if i < rows % len(BRANCHES) else 0) for i in range(len(BRANCHES))
    ]
    for i, (branch, n) in enumerate(zip(BRANCHES, per, strict=True)):
        rng = random.Random(f"{rows}-{branch}")
        encoding, zh = FLAVOURS[i % len(FLAVOURS)]
        lines = [",".join(HEADER_ZH if zh else HEADER_EN)]
        for k in range(n):
            when, cells = record(rng, branch, year, zh)
            if cells[4] != "":  # satisfaction: a percentage as Excel shows it
                cells[4] = f"{cells[4]}%"
            lines.append(",".join([date_text(when, k + i), *(str(c) for c in cells)]))
            if k % 5000 == 4999:
                lines.append(",,,,,,,,,,")  # formatted but empty cells
        lines.append("合计,,,,,,,,,,")
        name = f"{i + 1:02d}-{branch}.csv"
        (out / name).write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def write_xlsx(rows: int, out: Path, year: int) -> None:
    import datetime as dt

    import xlsxwriter

    out.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"xlsx-{rows}")
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    sheet = book.add_worksheet("数据")
    date_fmt = book.add_format({"num_format": "yyyy/m/d"})
    pct_fmt = book.add_format({"num_format": "0.0%"})
    sheet.write_row(0, 0, HEADER_ZH)
    for r in range(1, rows + 1):
        when, cells = record(rng, BRANCHES[r % len(BRANCHES)], year, True)
        sheet.write_datetime(r, 0, dt.datetime(*when), date_fmt)
        for c, value in enumerate(cells, start=1):
            if value == "":
                continue
            if c == 5:
                sheet.write_number(r, c, round(float(value) / 100, 4), pct_fmt)  # type: ignore[arg-type]
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    book.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--xlsx", action="store_true")
    ap.add_argument("--year", type=int, default=2025)
    args = ap.parse_args()
    if args.xlsx:
        write_xlsx(args.rows, args.out, args.year)
    else:
        write_csvs(args.rows, args.out, args.year)
    print(args.out)


if __name__ == "__main__":
    main()
