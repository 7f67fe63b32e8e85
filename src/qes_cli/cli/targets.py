"""`qes check-targets`."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qes_cli.cli.common import QesCommand, RunContext, TableFormat, context, labels

if TYPE_CHECKING:
    from qes_cli.cli.output import Output
    from qes_cli.targets.engine import ComplianceReport

_STATUS_STYLE = {"met": "green", "missed": "bold red", "no-data": "yellow"}


def register(app: typer.Typer) -> None:
    @app.command("check-targets", cls=QesCommand)
    def check_targets_cmd(
        ctx: typer.Context,
        data: Annotated[
            Path,
            typer.Argument(
                help="CSV of incidents, satisfaction scores and inspections.", show_default=False
            ),
        ],
        year: Annotated[
            int | None, typer.Option("--year", help="Judge only this calendar year.")
        ] = None,
        fmt: Annotated[
            TableFormat,
            typer.Option("--format", help="table, json, md (for 服务质量简报) or csv (Excel)."),
        ] = TableFormat.table,
        targets: Annotated[
            Path | None,
            typer.Option("--targets", help="Targets file (default: the manual's targets.yaml)."),
        ] = None,
    ) -> None:
        """Judge the quality targets (质量管理目标) per calendar year from a CSV.

        The CSV may be UTF-8 (with or without BOM) or GBK/GB18030 as Excel writes it, with
        English or Chinese headers. Exit 0 when every target is met, 1 when one is missed
        or has no data, 2 when the data is malformed (every bad row is listed).

        Examples:

          qes check-targets manual/data/sample-2025.csv

          qes check-targets incidents.csv --year 2025 --format md > 简报.md
        """
        from qes_cli.commands.targets import check_targets
        from qes_cli.errors import ManualNotFoundError
        from qes_cli.text import tr

        rc = context(ctx)
        out = rc.output()
        root = None
        if targets is None:
            try:
                root = rc.root()
            except ManualNotFoundError as e:
                raise ManualNotFoundError(
                    tr("{message}; or pass --targets FILE", message=e.message)
                ) from e
        report = check_targets(data, manual_root=root, targets_file=targets, year=year)
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
        if not report.met:
            raise typer.Exit(1)

    def _table(rc: RunContext, out: "Output", report: "ComplianceReport") -> None:
        from qes_cli.targets.report import actual_cell, detail_text, threshold_cell
        from qes_cli.text import tr

        cols = labels(rc.lang, "target", "actual", "threshold", "status", "details")
        for y in report.years:
            rows = []
            for t in y.targets:
                style = _STATUS_STYLE[t.status]
                rows.append(
                    [
                        t.name,
                        actual_cell(t),
                        threshold_cell(t),
                        f"[{style}]{rc.word(t.status)}[/]",
                        detail_text(t),
                    ]
                )
            out.table(rc.say(tr("Quality targets {year}", year=y.year)), cols, rows)
        missed = report.missed
        if missed:
            out.err(rc.say(tr("{n} target(s) missed", n=len(missed))))
        elif report.met:
            out.err(rc.say(tr("all targets met")))
