"""Presenting a compliance report: cells for tables, and the Markdown for 服务质量简报."""

from __future__ import annotations

from pathlib import Path

from qes_cli.targets.engine import ComplianceReport, TargetResult

PERCENT_TARGETS = frozenset(
    {"satisfaction-monthly", "satisfaction-annual", "qa-spot-check", "qc-delivery-check"}
)
OP_LABEL = {"==": "＝", "<=": "≤", "<": "<", ">=": "≥", ">": ">"}
STATUS_ZH = {"met": "达成", "missed": "未达成", "no-data": "无数据"}
BUSINESS_ZH = {"huawei_asp": "华为ASP服务业务", "self_developed": "自研服务业务",
               "operations": "运营服务业务", "overseas": "海外服务业务"}  # fmt: skip


def _num(x: float | int) -> str:
    if isinstance(x, float) and x.is_integer():
        x = int(x)
    return f"{x:.2f}".rstrip("0").rstrip(".") if isinstance(x, float) else str(x)


def actual_cell(t: TargetResult) -> str:
    if t.actual is None:
        return "—"
    return _num(t.actual) + ("%" if t.id in PERCENT_TARGETS else "")


def threshold_cell(t: TargetResult) -> str:
    return f"{OP_LABEL[t.op]} {_num(t.threshold)}" + ("%" if t.id in PERCENT_TARGETS else "")


def detail_text(t: TargetResult) -> str:
    """One line of what lies behind a figure (months below threshold, per-business means…)."""
    d = t.details
    if t.id == "satisfaction-monthly" and d.get("below"):
        return "; ".join(
            f"{b['month']} {BUSINESS_ZH[b['business']]} {_num(b['score'])}%" for b in d["below"]
        )
    if t.id == "satisfaction-annual" and d.get("per_business"):
        return "; ".join(f"{BUSINESS_ZH[b]} {_num(v)}%" for b, v in d["per_business"].items())
    if "checked" in d:
        return f"{d['checked']}/{d['total']}"
    return ""


def csv_rows(report: ComplianceReport) -> tuple[list[str], list[list[str]]]:
    """One row per (year, target), for a spreadsheet: figures as numbers, labels as in the seed."""
    cols = ["年度", "目标编号", "目标", "实际", "运算", "目标值", "状态", "说明"]
    rows = [
        [str(y.year), t.id, t.name, "" if t.actual is None else str(t.actual), OP_LABEL[t.op], str(t.threshold),
         STATUS_ZH[t.status], detail_text(t)]
        for y in report.years
        for t in y.targets
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
            detail=detail_text,
            status_zh=STATUS_ZH,
        )
    )
