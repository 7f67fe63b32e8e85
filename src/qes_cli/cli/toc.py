"""`qes toc [--check]`."""

from typing import Annotated

import typer

from qes_cli.cli.common import context, reports_errors


def register(app: typer.Typer) -> None:
    @app.command("toc")
    @reports_errors
    def toc_cmd(
        ctx: typer.Context,
        check: Annotated[
            bool,
            typer.Option("--check", help="Write nothing; exit 1 with a diff if toc.md is stale."),
        ] = False,
    ) -> None:
        """Regenerate toc.md (服务质量体系手册目录) from the documents.

        With --check (the CI use): change nothing, print a unified diff and exit 1 if toc.md
        differs from what would be generated.

        Examples: qes toc;  qes toc --check
        """
        from qes_cli.store.atomic import write_atomic
        from qes_cli.store.loader import load_valid_manual
        from qes_cli.toc import render_toc, toc_diff

        rc = context(ctx)
        out = rc.output()
        manual = load_valid_manual(rc.root())
        expected = render_toc(manual)
        path = manual.toc_path
        current = path.read_text(encoding="utf-8") if path.exists() else None
        n = len(manual.documents)
        if current == expected:
            out.err(rc.msg("toc.same", n=n))
            return
        if check:
            out.out(toc_diff(current, expected, name="toc.md"))
            out.err(rc.msg("toc.stale"))
            raise typer.Exit(1)
        write_atomic(path, expected)
        out.err(rc.msg("toc.written", n=n))
