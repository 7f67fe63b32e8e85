"""`qes history`."""

from typing import Annotated

import typer

from qes_cli.cli.common import DocArgument, QesCommand, TableFormat, context, labels


def register(app: typer.Typer) -> None:
    @app.command("history", cls=QesCommand)
    def history_cmd(
        ctx: typer.Context,
        doc: DocArgument,
        fmt: Annotated[
            TableFormat, typer.Option("--format", help="table, json, md or csv (Excel).")
        ] = TableFormat.table,
    ) -> None:
        """A document's revision history joined with the git commit and tag that released each version.

        A version released by `qes bump` has its tag; an older one is matched to the first
        commit whose front matter carries it; one never committed shows no commit.

        Example: qes history QES-007
        """
        from qes_cli.commands.history import history

        rc = context(ctx)
        result = history(rc.root(), doc)
        out = rc.output()
        if fmt is TableFormat.json:
            out.json(result.to_json())
            return
        cols = labels(result.language, "version", "V-form", "date", "kind", "reason", "meeting",
                      "commit", "tag")  # fmt: skip
        cells = [
            [r["version"], r["vform"], r["date"], rc.word(r["kind"]), r["reason"],
             rc.word(r["meeting"]) if r["meeting"] else "", (r["commit"] or "—")[:10], r["tag"] or ""]
            for r in result.rows
        ]  # fmt: skip
        out.tabular(fmt, f"{result.document} {result.title}", cols, cells, optional=[1, 5, 6])
