"""`qes review-due`."""

import datetime as dt
from typing import Annotated

import typer

from qes_cli.cli.common import TableFormat, context, parse_date, reports_errors


def register(app: typer.Typer) -> None:
    @app.command("review-due")
    @reports_errors
    def review_due_cmd(
        ctx: typer.Context,
        as_of: Annotated[
            str | None,
            typer.Option("--as-of", help="Judge as of this date YYYY-MM-DD (default: today)."),
        ] = None,
        months: Annotated[
            int,
            typer.Option(
                "--months", help="Review period in months (the seed's annual review: 12).", min=1
            ),
        ] = 12,
        fmt: Annotated[
            TableFormat, typer.Option("--format", help="table, json, md or csv (Excel).")
        ] = TableFormat.table,
    ) -> None:
        """Documents not revised within the review period, oldest first (exit 1 if any: CI-ready).

        The seed asks for a yearly review of every quality document (每年定期…审视优化,
        a minor version). Sections and N/A entries are not versioned and are not listed.

        Examples: qes review-due;  qes review-due --as-of 2026-01-24 --format json
        """
        from qes_cli.register import review_due
        from qes_cli.store.loader import load_valid_manual

        rc = context(ctx)
        manual = load_valid_manual(rc.root())
        day = parse_date(as_of, "--as-of") or dt.date.today()
        due = review_due(manual, day, months)
        out = rc.output()
        if fmt is TableFormat.json:
            out.json(
                {"as_of": day.isoformat(), "months": months, "due": [d.to_json() for d in due]}
            )
        else:
            cols = ["文档编号", "文档名称", "版本/次", "最近修订", "应审视日期", "逾期天数"]
            cells = [
                [d.number, d.title, d.version, str(d.last_change), str(d.due), str(d.overdue_days)]
                for d in due
            ]
            if fmt is not TableFormat.table or due:
                out.tabular(fmt, rc.msg("review.title", day=day, months=months), cols, cells)
            out.err(rc.msg("review.count", n=len(due), day=day))
        if due:
            raise typer.Exit(1)
