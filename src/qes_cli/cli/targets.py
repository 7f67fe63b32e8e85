"""`qes check-targets`."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qes_cli.cli.common import QesCommand, RunContext, TableFormat, context, labels

if TYPE_CHECKING:
    from qes_cli.cli.output import Output
    from qes_cli.targets.engine import ComplianceReport, TargetResult

_STATUS_STYLE = {"met": "green", "missed": "bold red", "no-data": "yellow"}


class By(StrEnum):
    branch = "branch"


# options check-targets and report share
DataArgument = Annotated[
    list[Path],
    typer.Argument(
        help="CSV or .xlsx files, or folders of them (every .csv/.xlsx inside).",
        show_default=False,
    ),
]
YearOption = Annotated[int | None, typer.Option("--year", help="Judge only this calendar year.")]
TargetsOption = Annotated[
    Path | None,
    typer.Option("--targets", help="Targets file (default: the manual's targets.yaml)."),
]
SheetOption = Annotated[
    str | None,
    typer.Option("--sheet", help="The sheet of each .xlsx to read (default: the first)."),
]


def manual_root(rc: RunContext, targets: Path | None) -> Path | None:
    """The manual's folder when its targets.yaml is needed (no --targets given)."""
    from qes_cli.errors import ManualNotFoundError
    from qes_cli.text import tr

    if targets is not None:
        try:
            return rc.root()
        except ManualNotFoundError:
            return None
    try:
        return rc.root()
    except ManualNotFoundError as e:
        raise ManualNotFoundError(tr("{message}; or pass --targets FILE", message=e.message)) from e


def report_skipped(rc: RunContext, out: "Output", report: "ComplianceReport") -> None:
    from qes_cli.text import tr

    for file, line, cell in report.skipped:
        out.err(f"{file}:{line}: " + rc.say(tr("totals row skipped ({cell})", cell=cell)))


def register(app: typer.Typer) -> None:
    @app.command("check-targets", cls=QesCommand)
    def check_targets_cmd(
        ctx: typer.Context,
        data: DataArgument,
        year: YearOption = None,
        quarter: Annotated[
            int | None,
            typer.Option(
                "--quarter", help="Judge one quarter (1–4) of --year: the seed's quarterly view."
            ),
        ] = None,
        by: Annotated[
            By | None,
            typer.Option("--by", help="branch: also judge every branch on its own."),
        ] = None,
        fmt: Annotated[
            TableFormat,
            typer.Option("--format", help="table, json, md (for 服务质量简报) or csv (Excel)."),
        ] = TableFormat.table,
        targets: TargetsOption = None,
        sheet: SheetOption = None,
    ) -> None:
        """Judge the quality targets (质量管理目标) per calendar year from branch data.

        DATA is one or more CSV or .xlsx files, or folders of them, as the branches export
        them: UTF-8 (with or without BOM), UTF-16 or GBK/GB18030 CSV, English or Chinese
        headers, an optional branch (分支机构) column. Empty and totals rows are skipped.
        Exit 0 when every target is met, 1 when one is missed or has no data, 2 when the
        data is malformed (every bad row is listed with its file and line).

        Examples:

          qes check-targets manual/data/sample-2025.csv

          qes check-targets exports/ --year 2025 --quarter 3 --by branch

          qes check-targets 上海.xlsx 浙江.csv --year 2025 --format md > 简报.md
        """
        from qes_cli.commands.targets import check_targets

        rc = context(ctx)
        out = rc.output()
        root = manual_root(rc, targets)
        report = check_targets(data, manual_root=root, targets_file=targets, year=year,
                               quarter=quarter, by_branch=by is By.branch, sheet=sheet)  # fmt: skip
        if fmt is TableFormat.json:
            out.json(report.to_json())
        elif fmt is TableFormat.md:
            from qes_cli.targets.report import render_markdown

            out.out(render_markdown(report, root))
        elif fmt is TableFormat.csv:
            from qes_cli.targets.report import csv_rows

            out.csv_table(*csv_rows(report))
        else:
            _table(rc, out, report)
        if fmt is not TableFormat.json:
            report_skipped(rc, out, report)
        if fmt is TableFormat.table:
            _summary(rc, out, report)
        if not report.met:
            raise typer.Exit(1)

    def _summary(rc: RunContext, out: "Output", report: "ComplianceReport") -> None:
        from qes_cli.text import tr

        missed = report.missed
        if missed:
            out.err(rc.say(tr("{n} target(s) missed", n=len(missed))))
        elif report.met:
            out.err(rc.say(tr("all targets met")))

    def _rows(rc: RunContext, targets: "list[TargetResult]", branch: str | None) -> list[list[str]]:
        from qes_cli.targets.report import actual_cell, detail_text, threshold_cell

        rows = []
        for t in targets:
            style = _STATUS_STYLE[t.status]
            row = [t.name, actual_cell(t), threshold_cell(t), f"[{style}]{rc.word(t.status)}[/]",
                   detail_text(t)]  # fmt: skip
            rows.append(row if branch is None else [branch, *row])
        return rows

    def _table(rc: RunContext, out: "Output", report: "ComplianceReport") -> None:
        from qes_cli.targets.report import branch_name
        from qes_cli.text import tr

        cols = labels(rc.lang, "target", "actual", "threshold", "status", "details")
        for y in report.years:
            title = (
                tr("Quality targets {year}", year=y.year)
                if y.quarter is None
                else tr("Quality targets {year} Q{quarter}", year=y.year, quarter=y.quarter)
            )
            out.table(rc.say(title), cols, _rows(rc, y.targets, None))
            if y.branches:
                rows = [r for b in y.branches for r in _rows(rc, b.targets, branch_name(b.branch))]
                out.table(rc.say(tr("{title} by branch", title=title)),
                          labels(rc.lang, "branch", *["target", "actual", "threshold", "status", "details"]),
                          rows)  # fmt: skip
