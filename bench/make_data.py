"""Write a valid check-targets CSV of ROWS records spread over several years.

Usage: python bench/make_data.py ROWS [OUT] [--years 2021-2025]   (default OUT bench/out/data-ROWS.csv)
Deterministic for a given ROWS: incidents, satisfaction surveys and inspections in realistic
proportions, English values, a few extra columns (branch, note) that qes ignores.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

BRANCHES = [
    "上海",
    "浙江",
    "江西",
    "广西",
    "海南",
    "甘肃",
    "宁夏",
    "天津",
    "江苏",
    "安徽",
    "福建",
    "湖北",
    "四川",
    "重庆",
    "服务研究院",
    "欧洲",
]
BUSINESSES = ["huawei_asp", "self_developed", "operations", "overseas"]
DOMAINS = ["quality", "network_security", "information_security", "ehs"]
LEVELS = ["redline", "1", "2", "2", "3", "3", "3", "4", "4", "4", "4"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out", nargs="?")
    ap.add_argument("--years", default="2021-2025")
    args = ap.parse_args()
    first, last = (int(y) for y in args.years.split("-"))
    out = Path(args.out or f"bench/out/data-{args.rows}.csv")
    out.parent.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.rows)
    with out.open("w", encoding="utf-8", newline="") as fh:
        fh.write("date,record,domain,level,business,value,role,checked,total,branch,note\n")
        for _ in range(args.rows):
            date = f"{rng.randint(first, last)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            branch = rng.choice(BRANCHES)
            kind = rng.random()
            if kind < 0.02:
                fh.write(
                    f"{date},incident,{rng.choice(DOMAINS)},{rng.choice(LEVELS)},,,,,,{branch},事件通报\n"
                )
            elif kind < 0.80:
                fh.write(
                    f"{date},satisfaction,,,{rng.choice(BUSINESSES)},{min(100.0, rng.gauss(95.5, 2.5)):.1f},,,,{branch},满意度回访\n"
                )
            else:
                total = rng.randint(5, 60)
                role = "qa" if rng.random() < 0.5 else "qc"
                ratio = rng.uniform(0.25, 0.45) if role == "qa" else rng.uniform(0.7, 0.95)
                fh.write(
                    f"{date},inspection,,,,,{role},{round(total * ratio)},{total},{branch},抽检\n"
                )
    print(out)


if __name__ == "__main__":
    main()
