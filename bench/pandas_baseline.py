"""The same aggregation as `qes check-targets`, written the way an analyst would in pandas.

Reads the CSV, classifies incidents (major = redline or level 1), means satisfaction per
(year, month, business), then per business and overall, and sums inspection ratios per role,
per year; prints the figures as JSON. Used by bench/run.py as the baseline whole-process time.

Usage: python bench/pandas_baseline.py DATA.csv
"""

from __future__ import annotations

import json
import sys

import pandas as pd


def main() -> None:
    df = pd.read_csv(sys.argv[1], usecols=["date", "record", "domain", "level", "business", "value", "role", "checked", "total"],
                     dtype={"level": "string", "value": "string"})  # fmt: skip
    when = pd.to_datetime(df["date"].str.replace("/", "-"), format="mixed")
    df["year"], df["month"] = when.dt.year, when.dt.month
    out: dict[int, dict[str, object]] = {}
    inc = df[df["record"] == "incident"].copy()
    inc["major"] = inc["level"].isin(["redline", "1"])
    counts = inc.groupby(["year", "domain", "major"]).size()
    sat = df[df["record"] == "satisfaction"].copy()
    sat["v"] = sat["value"].str.rstrip("%").astype(float)
    monthly = sat.groupby(["year", "month", "business"])["v"].mean()
    per_business = monthly.groupby(level=["year", "business"]).mean()
    overall = per_business.groupby(level="year").mean()
    insp = df[df["record"] == "inspection"].groupby(["year", "role"])[["checked", "total"]].sum()
    for year in sorted(df["year"].unique()):
        y = int(year)
        out[y] = {
            "incidents": {
                f"{d}/{'major' if m else 'general'}": int(n)
                for (yy, d, m), n in counts.items()
                if yy == year
            },
            "monthly_min": round(float(monthly.loc[year].min()), 2)
            if year in monthly.index.get_level_values(0)
            else None,
            "overall": round(float(overall.loc[year]), 2) if year in overall.index else None,
            "inspection": {
                r: round(100 * float(row["checked"]) / float(row["total"]), 2)
                for (yy, r), row in insp.iterrows()
                if yy == year
            },
        }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
