"""Presenting a compliance report: cells for tables, and the Markdown for 服务质量简报."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qes_cli.targets.engine import ComplianceReport, TargetResult, YearResult
from qes_cli.targets.vocab import BUSINESS_ZH, DOMAIN_ZH, LEVEL_ZH

OP_LABEL = {"==": "＝", "<=": "≤", "<": "<", ">=": "≥", ">": ">"}
STATUS_ZH = {"met": "达成", "missed": "未达成", "no-data": "无数据"}
ROWS_SHOWN = 5  # incident rows named in a table cell; JSON and Markdown name them all
NO_BRANCH = "—"


def _num(x: float | int) -> str:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return f"{x:.2f}".rstrip("0").rstrip(".") if isinstance(x, float) else str(x)


def figure_cell(t: TargetResult, value: float | int | None) -> str:
    if value is None:
        return "—"
    return _num(value) + ("%" if t.percent else "")


def actual_cell(t: TargetResult) -> str:
    return figure_cell(t, t.actual)


def threshold_cell(t: TargetResult) -> str:
    return f"{OP_LABEL[t.op]} {_num(t.threshold)}" + ("%" if t.percent else "")


def branch_name(branch: str) -> str:
    return branch or NO_BRANCH


def incident_row(row: dict[str, Any]) -> str:
    """`d.csv:12 2025-03-05 EHS 二级 上海`."""
    parts = [row["at"], row["date"], DOMAIN_ZH.get(row["domain"], row["domain"]),
             LEVEL_ZH.get(row["level"], row["level"])]  # fmt: skip
    if row.get("branch"):
        parts.append(row["branch"])
    return " ".join(parts)


def detail_text(t: TargetResult, *, shown: int | None = ROWS_SHOWN) -> str:
    """One line of what lies behind a figure: the incidents of a missed count, the months
    below threshold, per-business means, checked/total, the branches behind a count."""
    d = t.details
    rows = d.get("rows")
    if rows and t.status == "missed":
        named = rows if shown is None else rows[:shown]
        text = "; ".join(incident_row(r) for r in named)
        return text + (f"; … +{len(rows) - len(named)}" if len(rows) > len(named) else "")
    if d.get("below"):
        return "; ".join(
            " ".join(
                [b["month"], *([BUSINESS_ZH.get(b["business"], b["business"])] if "business" in b else []),
                 *([branch_name(b["branch"])] if "branch" in b else []), f"{_num(b['score'])}%"]
            )
            for b in d["below"]
        )  # fmt: skip
    if d.get("per_business"):
        return "; ".join(f"{BUSINESS_ZH[b]} {_num(v)}%" for b, v in d["per_business"].items())
    if d.get("per_branch"):
        return "; ".join(f"{branch_name(b)} {_num(v)}%" for b, v in d["per_branch"].items())
    if "checked" in d:
        return f"{d['checked']}/{d['total']}"
    if rows and d.get("by_branch"):  # a count within its threshold: where the incidents were
        return "; ".join(f"{branch_name(b)} {n}" for b, n in d["by_branch"].items() if n)
    return ""


def branch_columns(y: YearResult) -> list[str]:
    """The branches of a year's breakdown, in the order the data first named them."""
    for t in y.targets:
        if "by_branch" in t.details:
            return list(t.details["by_branch"])
    return []


def branch_table(y: YearResult) -> list[list[str]]:
    """Rows (target, figure per branch) of the breakdown by branch."""
    branches = branch_columns(y)
    return [
        [t.name, *(figure_cell(t, t.details["by_branch"].get(b)) for b in branches)]
        for t in y.targets
        if "by_branch" in t.details
    ]


def period(y: YearResult) -> str:
    """`2025年度`, `2025年第2季度` (the bulletin's headings)."""
    return f"{y.year}年度" if y.quarter is None else f"{y.year}年第{y.quarter}季度"


def csv_rows(report: ComplianceReport) -> tuple[list[str], list[list[str]]]:
    """One row per (year, branch, target), for a spreadsheet: figures as numbers, labels as in
    the seed. 季度 and 分支机构 come last (empty for the year and the whole organisation), so a
    sheet built on the first eight columns keeps working."""
    cols = ["年度", "目标编号", "目标", "实际", "运算", "目标值", "状态", "说明", "季度", "分支机构"]  # fmt: skip
    rows = []
    for y in report.years:
        groups = [("", y.targets)] + [(branch_name(b.branch), b.targets) for b in y.branches or []]
        for branch, targets in groups:
            rows += [
                [str(y.year), t.id, t.name, "" if t.actual is None else str(t.actual), OP_LABEL[t.op],
                 str(t.threshold), STATUS_ZH[t.status], detail_text(t, shown=None),
                 "" if y.quarter is None else f"Q{y.quarter}", branch]
                for t in targets
            ]  # fmt: skip
    return cols, rows


def render_markdown(report: ComplianceReport, manual_root: Path | None) -> str:
    from qes_cli.render import environment, render

    return str(
        render(
            environment(manual_root),
            "report.md.j2",
            report=report,
            actual=actual_cell,
            threshold=threshold_cell,
            detail=lambda t: detail_text(t, shown=None),
            status_zh=STATUS_ZH,
            period=period,
            branch_columns=lambda y: [branch_name(b) for b in branch_columns(y)],
            branch_table=branch_table,
            branch_name=branch_name,
        )
    )
