"""`qes review-due`."""

from typing import Annotated

import typer

from qes_cli.cli.common import QesCommand, TableFormat, context, labels, parse_date, today


def register(app: typer.Typer) -> None:
    @app.command("review-due", cls=QesCommand)
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
        from qes_cli.commands.listing import review_due_list
        from qes_cli.text import tr

        rc = context(ctx)
        day = parse_date(as_of, "--as-of") or today()
        result = review_due_list(rc.root(), day, months)
        due = result.due
        out = rc.output()
        if fmt is TableFormat.json:
            out.json(
                {"as_of": day.isoformat(), "months": months, "due": [d.to_json() for d in due]}
            )
        else:
            cols = labels(result.language, "number", "title", "version", "last change",
                          "review due", "days overdue")  # fmt: skip
            cells = [
                [d.number, d.title, d.version, str(d.last_change), str(d.due), str(d.overdue_days)]
                for d in due
            ]
            if fmt is not TableFormat.table or due:
                title = rc.say(
                    tr("Review due as of {day} ({months} months)", day=str(day), months=months)
                )
                out.tabular(fmt, title, cols, cells)
            out.err(
                rc.say(tr("{n} document(s) due for review as of {day}", n=len(due), day=str(day)))
            )
        if due:
            raise typer.Exit(1)
