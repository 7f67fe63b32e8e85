"""Write manual/data/sample-2025.csv: a realistic, deterministic year of quality records.

16 branches, four business lines: monthly satisfaction surveys, quarterly QA spot checks and
QC delivery checks, and the year's incident log. Some targets are missed on purpose (one
month of overseas satisfaction below 85, six general EHS events, QC checks under 80%), so
`make demo` shows what a miss looks like.

Usage: python bench/make_sample.py [OUT]
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

BRANCHES = ["上海", "浙江", "江西", "广西", "海南", "甘肃", "宁夏", "天津",
            "江苏", "安徽", "福建", "湖北", "四川", "重庆", "服务研究院", "欧洲"]  # fmt: skip
BUSINESSES = ["huawei_asp", "self_developed", "operations", "overseas"]
HEADER = [
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


def rows(rng: random.Random) -> list[list[str]]:
    out: list[list[str]] = []
    for month in range(1, 13):
        for business in BUSINESSES:
            for _ in range(3):
                day = rng.randint(1, 28)
                base = 96.4 if business != "overseas" else 95.6
                score = round(min(100.0, rng.gauss(base, 1.2)), 1)
                if business == "overseas" and month == 7:
                    score = round(rng.uniform(82.0, 84.0), 1)  # the summer miss
                branch = "欧洲" if business == "overseas" else rng.choice(BRANCHES[:-1])
                out.append([f"2025-{month:02d}-{day:02d}", "satisfaction", "", "", business, f"{score}", "", "", "",
                            branch, "满意度回访"])  # fmt: skip
    for quarter in range(4):
        for branch in BRANCHES:
            day = f"2025-{quarter * 3 + 3:02d}-{rng.randint(20, 28):02d}"
            total = rng.randint(20, 60)
            qa = round(total * rng.uniform(0.30, 0.40))
            qc = round(total * rng.uniform(0.70, 0.86))
            out.append(
                [day, "inspection", "", "", "", "", "qa", str(qa), str(total), branch, "现场抽检"]
            )
            out.append(
                [
                    day,
                    "inspection",
                    "",
                    "",
                    "",
                    "",
                    "qc",
                    str(qc),
                    str(total),
                    branch,
                    "交付质量检查",
                ]
            )
    incidents = [("network_security", "2"), ("network_security", "3"), ("network_security", "4"),
                 ("information_security", "3"), ("information_security", "2"),
                 ("ehs", "2"), ("ehs", "3"), ("ehs", "3"), ("ehs", "4"), ("ehs", "4"), ("ehs", "2"),
                 ("quality", "2"), ("quality", "3"), ("quality", "3"), ("quality", "4")]  # fmt: skip
    for domain, level in incidents:
        date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        out.append(
            [date, "incident", domain, level, "", "", "", "", "", rng.choice(BRANCHES), "事件通报"]
        )
    out.sort(key=lambda r: r[0])
    return out


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("manual/data/sample-2025.csv")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows(random.Random(2025)))


if __name__ == "__main__":
    main()
