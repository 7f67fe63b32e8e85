"""The charts of the 服务质量简报 (SPEC §4.1), from the year's sums. Pure, like the engine.

- monthly satisfaction per business line, against the monthly (85) and annual (95) targets;
- incidents per domain per month (general and major stacked), with the running count of
  general incidents against the yearly ceiling;
- QA and QC inspection ratios per quarter, against their targets;
- per branch, where the data has branches: annual satisfaction, general incidents, QA and QC.
Thresholds are read from the targets (the built-in ids), so a changed targets.yaml moves the
lines.
"""

from __future__ import annotations

from qes_cli.targets.charts import PALETTE, Chart, Line, Series
from qes_cli.targets.config import Target
from qes_cli.targets.engine import Totals, quarter_of
from qes_cli.targets.vocab import BUSINESS_ORDER, BUSINESS_ZH, DOMAIN_ORDER, DOMAIN_ZH, MAJOR_LEVELS

MONTHS = [f"{m}月" for m in range(1, 13)]
GENERAL_TARGET = {"network_security": "network-security-general",
                  "information_security": "information-security-general", "ehs": "ehs-general"}  # fmt: skip
MAJOR_TARGET = {"quality": "no-major-quality-accident", "network_security": "no-major-network-security",
                "information_security": "no-major-information-security", "ehs": "no-major-ehs"}  # fmt: skip


def _threshold(targets: list[Target], target_id: str) -> float | None:
    return next((t.threshold for t in targets if t.id == target_id), None)


def _line(targets: list[Target], target_id: str, label: str, color: str = "#c0392b") -> list[Line]:
    value = _threshold(targets, target_id)
    return [] if value is None else [Line(float(value), label.format(v=f"{value:g}"), color)]


def _mean(pairs: list[list[float]]) -> float | None:
    s = sum(p[0] for p in pairs)
    n = sum(p[1] for p in pairs)
    return round(s / n, 2) if n else None


def satisfaction_chart(totals: Totals, targets: list[Target], year: int) -> Chart | None:
    cells: dict[tuple[int, str], list[list[float]]] = {}
    for (y, month, business, _branch), acc in totals.satisfaction.items():
        if y == year:
            cells.setdefault((month, business), []).append(acc)
    if not cells:
        return None
    series = [
        Series(BUSINESS_ZH[b], [_mean(cells.get((m, b), [])) for m in range(1, 13)], PALETTE[i])
        for i, b in enumerate(BUSINESS_ORDER)
        if any(k[1] == b for k in cells)
    ]
    lines = _line(targets, "satisfaction-monthly", "月度目标 {v}%") + _line(
        targets, "satisfaction-annual", "年度目标 {v}%", "#2e7d32"
    )
    values = [v for s in series for v in s.values if v is not None] + [ln.value for ln in lines]
    low = min(values)
    return Chart("月度客户满意度（按业务品类）", MONTHS, series, lines, "line", "%",
                 y_min=max(0.0, 5 * (low // 5) - 5 if low > 5 else 0.0), y_max=100.0)  # fmt: skip


def incident_charts(totals: Totals, targets: list[Target], year: int) -> list[Chart]:
    charts = []
    for domain in DOMAIN_ORDER:
        general = [0] * 12
        major = [0] * 12
        for r in totals.incidents:
            if r[0] == year and r[2] == domain:
                (major if r[3] in MAJOR_LEVELS else general)[r[1] - 1] += 1
        running, total = [], 0
        for n in general:
            total += n
            running.append(float(total))
        lines = _line(targets, GENERAL_TARGET.get(domain, ""), "年度上限 {v} 起")
        lines += (
            _line(targets, MAJOR_TARGET[domain], "重大事件上限 {v}", "#7b1fa2") if not lines else []
        )
        charts.append(Chart(
            f"{DOMAIN_ZH[domain]}事件（按月）", [str(m) for m in range(1, 13)],
            [Series("一般", [float(v) for v in general], "#f0a030"),
             Series("重大", [float(v) for v in major], "#c0392b")],
            lines, "stacked", "",
            overlay=Series("一般累计", running, "#1f6fb2") if domain in GENERAL_TARGET else None,
        ))  # fmt: skip
    return charts


def inspection_chart(totals: Totals, targets: list[Target], year: int) -> Chart | None:
    sums: dict[tuple[int, str], list[int]] = {}
    for (y, month, role, _branch), acc in totals.inspection.items():
        if y == year:
            s = sums.setdefault((quarter_of(month), role), [0, 0])
            s[0] += acc[0]
            s[1] += acc[1]
    if not sums:
        return None

    def ratio(q: int, role: str) -> float | None:
        c, t = sums.get((q, role), [0, 0])
        return round(100.0 * c / t, 2) if t else None

    return Chart(
        "质量经理抽检 / 质检工程师检查比例（按季度）", ["Q1", "Q2", "Q3", "Q4"],
        [Series("质量经理 QA", [ratio(q, "qa") for q in range(1, 5)], PALETTE[0]),
         Series("质检工程师 QC", [ratio(q, "qc") for q in range(1, 5)], PALETTE[1])],
        _line(targets, "qa-spot-check", "QA 目标 {v}%", "#1f6fb2")
        + _line(targets, "qc-delivery-check", "QC 目标 {v}%", "#e07b00"),
        "bars", "%", y_min=0.0, y_max=100.0,
    )  # fmt: skip


def branch_charts(
    totals: Totals,
    targets: list[Target],
    year: int,
    figures: dict[str, dict[str, float | int | None]],
) -> list[Chart]:
    """Horizontal bars per branch; `figures` is target id → branch → figure (the engine's
    `by_branch` details)."""
    if not totals.branches:
        return []
    branches = list(totals.branches)
    labels = [b or "—" for b in branches]
    out = []
    for target_id, title, color, unit, label in (
        ("satisfaction-annual", "年度客户满意度（按分支机构）", PALETTE[0], "%", "目标 {v}%"),
        ("qa-spot-check", "质量经理抽检比例（按分支机构）", PALETTE[2], "%", "目标 {v}%"),
        ("qc-delivery-check", "质检工程师检查比例（按分支机构）", PALETTE[1], "%", "目标 {v}%"),
    ):
        if target_id in figures:
            values = [_float(figures[target_id].get(b)) for b in branches]
            out.append(Chart(title, labels, [Series(title, values, color)],
                             _line(targets, target_id, label), "hbars", unit, y_min=0.0, y_max=100.0))  # fmt: skip
    general = [0.0] * len(branches)
    position = {b: i for i, b in enumerate(branches)}
    for r in totals.incidents:
        if r[0] == year and r[3] not in MAJOR_LEVELS and r[4] in position:
            general[position[r[4]]] += 1
    out.append(Chart("一般事件数（按分支机构，各领域合计）", labels, [Series("一般事件", general, "#f0a030")],
                     [], "hbars", ""))  # fmt: skip
    return out


def _float(v: float | int | None) -> float | None:
    return None if v is None else float(v)
