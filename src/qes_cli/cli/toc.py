"""`qes toc [--check]`."""

from typing import Annotated

import typer

from qes_cli.cli.common import Format, context, reports_errors


def register(app: typer.Typer) -> None:
    @app.command("toc")
    @reports_errors
    def toc_cmd(
        ctx: typer.Context,
        check: Annotated[
            bool,
            typer.Option("--check", help="Write nothing; exit 1 with a diff if toc.md is stale."),
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

        Examples: qes toc;  qes toc --check;  qes toc --check --format json
        """
        from qes_cli.store.atomic import write_atomic
        from qes_cli.store.loader import load_valid_manual
        from qes_cli.store.paths import display_path
        from qes_cli.toc import render_toc, toc_diff

        rc = context(ctx)
        out = rc.output()
        manual = load_valid_manual(rc.root())
        expected = render_toc(manual)
        path = manual.toc_path
        current = path.read_text(encoding="utf-8") if path.exists() else None
        n = len(manual.documents)
        stale = current != expected
        diff = toc_diff(current, expected, name="toc.md") if stale else ""
        written = stale and not check
        if written:
            write_atomic(path, expected)
        if fmt is Format.json:
            out.json(
                {
                    "ok": not stale or written,
                    "stale": stale,
                    "written": written,
                    "entries": n,
                    "path": display_path(path),
                    "diff": diff,
                }
            )
        elif stale and check:
            out.out(f"```diff\n{diff}```" if fmt is Format.md else diff)
        if not stale:
            out.err(rc.msg("toc.same", n=n))
        elif check:
            out.err(rc.msg("toc.stale"))
            raise typer.Exit(1)
        else:
            out.err(rc.msg("toc.written", n=n))
