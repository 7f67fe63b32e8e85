"""`qes report`: the 服务质量简报 — the target table and its charts as one self-contained HTML
page (inline CSS and SVG, no script, nothing fetched), written to DIR/report.html."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from qes_cli.commands.targets import load
from qes_cli.store.atomic import write_atomic
from qes_cli.targets.engine import ComplianceReport, judge_all
from qes_cli.targets.reader import expand

REPORT_FILE = "report.html"


@dataclass(frozen=True)
class Written:
    path: Path
    report: ComplianceReport


def write_report(
    data: list[Path],
    *,
    out: Path,
    manual_root: Path | None,
    targets_file: Path | None = None,
    year: int | None = None,
    sheet: str | None = None,
    today: dt.date,
) -> Written:
    """Judge `year` (default: the latest year in the data) and write the briefing page."""
    from qes_cli.render import environment, render
    from qes_cli.targets import briefing
    from qes_cli.targets.charts import render as svg
    from qes_cli.targets.report import (
        STATUS_ZH,
        actual_cell,
        branch_columns,
        branch_name,
        branch_table,
        detail_text,
        period,
        threshold_cell,
    )

    judged = load(data, manual_root=manual_root, targets_file=targets_file, year=year, sheet=sheet)
    if year is None and judged.years:
        year = judged.years[-1]
        judged.totals.keep_year(year)
    years = [year] if year is not None else []
    report = judge_all(judged.totals, judged.targets, years)
    charts: list[str] = []
    incident_charts: list[str] = []
    branch_charts: list[str] = []
    if year is not None:
        totals, targets = judged.totals, judged.targets
        for chart in (briefing.satisfaction_chart(totals, targets, year),
                      briefing.inspection_chart(totals, targets, year)):  # fmt: skip
            if chart is not None:
                charts.append(svg(chart))
        incident_charts = [
            svg(c, 360, 230) for c in briefing.incident_charts(totals, targets, year)
        ]
        figures = {
            t.id: t.details["by_branch"]
            for t in report.years[0].targets
            if "by_branch" in t.details
        }
        branch_charts = [
            svg(c, 440) for c in briefing.branch_charts(totals, targets, year, figures)
        ]
    html = render(
        environment(manual_root, html=True),
        "report.html.j2",
        report=report,
        year=year,
        files=len(expand(data)),
        generated=today.isoformat(),
        charts=charts,
        incident_charts=incident_charts,
        branch_charts=branch_charts,
        actual=actual_cell,
        threshold=threshold_cell,
        detail=lambda t: detail_text(t, shown=None),
        status_zh=STATUS_ZH,
        period=period,
        branch_columns=lambda y: [branch_name(b) for b in branch_columns(y)],
        branch_table=branch_table,
    )
    out.mkdir(parents=True, exist_ok=True)
    path = out / REPORT_FILE
    write_atomic(path, html)
    return Written(path, report)
