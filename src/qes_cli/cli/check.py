"""`qes check`."""

from typing import Annotated

import typer

from qes_cli.cli.common import QesCommand, TableFormat, context


def register(app: typer.Typer) -> None:
    @app.command("check", cls=QesCommand)
    def check_cmd(
        ctx: typer.Context,
        fmt: Annotated[
            TableFormat,
            typer.Option("--format", help="table (one line per problem), json, md or csv."),
        ] = TableFormat.table,
    ) -> None:
        """Validate every document, the version histories and toc.md.

        Each problem is printed as FILE:LINE: CODE message. Exit 0 when clean, 1 when
        problems are found, 2 when a file cannot be read.

        Example: qes check --format json
        """
        from qes_cli.commands.check import check_manual
        from qes_cli.text import entries, tr

        rc = context(ctx)
        out = rc.output()
        report = check_manual(rc.root())
        if fmt is TableFormat.json:
            out.json(
                {
                    "ok": report.ok,
                    "documents": report.documents,
                    "problems": [f.to_json() for f in report.findings],
                }
            )
        elif fmt in (TableFormat.md, TableFormat.csv):
            out.tabular(
                fmt,
                None,
                ["file", "line", "code", "message"],
                [[f.file, str(f.line), f.code, rc.say(f.message)] for f in report.findings],
            )
        else:
            for f in report.findings:
                out.out(f.render(rc.lang))
            n = report.documents
            if report.ok:
                out.err(rc.say(tr("{n} {entries} checked: no problems", n=n, entries=entries(n))))
            else:
                count = len(report.findings)
                out.err(
                    rc.say(
                        tr(
                            "{count} problem(s) in {n} {entries}",
                            count=count,
                            n=n,
                            entries=entries(n),
                        )
                    )
                )
        if not report.ok:
            raise typer.Exit(1)
