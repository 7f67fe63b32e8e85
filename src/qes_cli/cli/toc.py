"""`qes toc [--check]`."""

from typing import Annotated

import typer

from qes_cli.cli.common import Format, QesCommand, context


def register(app: typer.Typer) -> None:
    @app.command("toc", cls=QesCommand)
    def toc_cmd(
        ctx: typer.Context,
        check: Annotated[
            bool,
            typer.Option("--check", help="Write nothing; exit 1 with a diff if toc.md is stale."),
        ] = False,
        renumber: Annotated[
            bool,
            typer.Option(
                "--renumber",
                help="Close gaps in seq (a removed file's) keeping the order, then regenerate.",
            ),
        ] = False,
        fmt: Annotated[
            Format,
            typer.Option(
                "--format",
                help="table (the diff as text), json ({ok, stale, written, entries, path, diff}) "
                "or md (the diff in a fenced block).",
            ),
        ] = Format.table,
    ) -> None:
        """Regenerate toc.md (服务质量体系手册目录) from the documents.

        With --check (the CI use): change nothing, print a unified diff and exit 1 if toc.md
        differs from what would be generated.

        Examples: qes toc;  qes toc --check;  qes toc --check --format json;  qes toc --renumber
        """
        from qes_cli.commands.toc import toc
        from qes_cli.text import entries, tr

        rc = context(ctx)
        out = rc.output()
        if renumber:
            from qes_cli.commands.toc import renumber as renumber_seq

            done = renumber_seq(rc.root())
            for file, old, new in done.changed:
                out.out(rc.say(tr("{file}: seq {old} → {new}", file=file, old=old, new=new)))
            n = done.toc.entries
            out.err(rc.say(tr("toc.md written ({n} {entries})", n=n, entries=entries(n))))
            return
        result = toc(rc.root(), check=check)
        n = result.entries
        if fmt is Format.json:
            out.json(result.to_json())
        elif result.stale and check:
            out.out(f"```diff\n{result.diff}```" if fmt is Format.md else result.diff)
        if not result.stale:
            out.err(rc.say(tr("toc.md is up to date ({n} {entries})", n=n, entries=entries(n))))
        elif check:
            out.err(rc.say(tr("toc.md is stale: run `qes toc`")))
            raise typer.Exit(1)
        else:
            out.err(rc.say(tr("toc.md written ({n} {entries})", n=n, entries=entries(n))))
