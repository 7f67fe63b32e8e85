"""The baseline for `qes check-targets FOLDER`: the same work over the 16 branch exports,
written the way an analyst would in pandas.

Reads every file of the folder with its encoding (BOM, else UTF-8, else GBK), Chinese or English
headers and values mapped to English, empty and 合计 rows dropped, dates in 2025/3/5, 2025.3.5
and 2025年3月5日 forms, percentages with % or ％; then the yearly figures of SPEC §4 for the
whole organisation and per branch (incident counts, monthly satisfaction means and their annual
mean, inspection ratios), printed as JSON. Used by bench/run.py as the whole-process baseline.

Usage: python bench/pandas_branches.py FOLDER
"""

from __future__ import annotations

import codecs
import json
import sys
from pathlib import Path

import pandas as pd

COLUMNS = {"日期": "date", "记录类型": "record", "领域": "domain", "等级": "level", "业务品类": "business",
           "数值": "value", "角色": "role", "抽检数": "checked", "总数": "total", "分支机构": "branch"}  # fmt: skip
VALUES = {"事件": "incident", "满意度": "satisfaction", "检查": "inspection", "质量": "quality",
          "网络安全": "network_security", "信息安全": "information_security", "EHS": "ehs",
          "红线": "redline", "一级": "1", "二级": "2", "三级": "3", "四级": "4",
          "华为ASP服务业务": "huawei_asp", "自研服务业务": "self_developed", "运营服务业务": "operations",
          "海外服务业务": "overseas", "质量经理": "qa", "质检工程师": "qc"}  # fmt: skip


def encoding(path: Path) -> str:
    head = path.read_bytes()[:4096]
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gbk"


def load(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, encoding=encoding(path), dtype=str, keep_default_na=False)
    df = df.rename(columns=COLUMNS)[list(COLUMNS.values())]
    df = df[(df != "").any(axis=1)]
    df = df[~df.iloc[:, 0].isin(["合计", "总计", "小计", "Total"])]
    for col in ("record", "domain", "level", "business", "role"):
        df[col] = df[col].replace(VALUES)
    return df


def main() -> None:
    files = sorted(p for p in Path(sys.argv[1]).iterdir() if p.suffix == ".csv")
    df = pd.concat([load(p) for p in files], ignore_index=True)
    # year and month of 2025/3/5, 2025.3.5, 2025-03-05 and 2025年3月5日 (a regex: to_datetime
    # with format="mixed" takes 3x longer on these forms)
    parts = df["date"].str.extract(r"^(\d{4})[-/.年](\d{1,2})")
    df["year"], df["month"] = parts[0].astype(int), parts[1].astype(int)
    out: dict[int, dict[str, object]] = {}
    inc = df[df["record"] == "incident"].copy()
    inc["major"] = inc["level"].isin(["redline", "1"])
    sat = df[df["record"] == "satisfaction"].copy()
    sat["v"] = sat["value"].str.normalize("NFKC").str.rstrip("%").astype(float)
    insp = df[df["record"] == "inspection"].copy()
    insp[["checked", "total"]] = insp[["checked", "total"]].astype(int)
    for year in sorted(df["year"].unique()):
        figures: dict[str, object] = {}
        for name, keys in (("all", []), ("by_branch", ["branch"])):
            i = inc[inc["year"] == year].groupby([*keys, "domain", "major"]).size()
            s = sat[sat["year"] == year]
            monthly = s.groupby([*keys, "month", "business"])["v"].mean()
            annual = monthly.groupby(level=[*keys, "business"]).mean()
            overall = annual.groupby(level=keys).mean() if keys else annual.mean()
            lowest = monthly.groupby(level=keys).min() if keys else monthly.min()
            r = insp[insp["year"] == year].groupby([*keys, "role"])[["checked", "total"]].sum()
            ratio = (100 * r["checked"] / r["total"]).round(2)
            figures[name] = {
                "incidents": {str(k): int(v) for k, v in i.items()},
                "monthly_min": json.loads(pd.Series(lowest).round(2).to_json()) if keys else round(float(lowest), 2),
                "overall": json.loads(pd.Series(overall).round(2).to_json()) if keys else round(float(overall), 2),
                "inspection": {str(k): float(v) for k, v in ratio.items()},
            }  # fmt: skip
        out[int(year)] = figures
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
