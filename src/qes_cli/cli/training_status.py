"""`qes training-status`."""

from typing import Annotated

import typer

from qes_cli.cli.common import QesCommand, TableFormat, context, labels, today


def register(app: typer.Typer) -> None:
    @app.command("training-status", cls=QesCommand)
    def training_status_cmd(
        ctx: typer.Context,
        region: Annotated[str | None, typer.Option("--region", help="Only this region.")] = None,
        doc: Annotated[str | None, typer.Option("--doc", help="Only this document.")] = None,
        fmt: Annotated[
            TableFormat,
            typer.Option("--format", help="table, json, md (for the 质量月报) or csv (Excel)."),
        ] = TableFormat.table,
    ) -> None:
        """Which regions have not yet learned which versions in force (exit 1 if any: CI-ready).

        Regions are those of the quality managers in people.yaml; a version is owed from the
        day it came into force (versions before controlled_since were learned on paper).

        Examples: qes training-status;  qes training-status --region 浙江 --format md
        """
        from qes_cli.commands.training_status import training_status
        from qes_cli.text import tr

        rc = context(ctx)
        result = training_status(rc.root(), today=today(), region=region, doc=doc)
        out = rc.output()
        rows = result.outstanding
        if fmt is TableFormat.json:
            out.json({"as_of": result.today.isoformat(), "regions": result.regions,
                      "outstanding": [o.to_json() for o in rows]})  # fmt: skip
        elif rows or fmt is not TableFormat.table:
            cols = labels(result.language, "region", "number", "title", "version", "effective",
                          "days outstanding")  # fmt: skip
            cells = [[o.region, o.number, o.title, o.version, str(o.effective), str(o.days)]
                     for o in rows]  # fmt: skip
            out.tabular(fmt, rc.say(tr("Learning outstanding as of {day}", day=str(result.today))),
                        cols, cells)  # fmt: skip
        out.err(rc.say(tr("{n} version(s) not yet learned in {regions} region(s)", n=len(rows),
                          regions=len(result.regions))))  # fmt: skip
        if rows:
            raise typer.Exit(1)
