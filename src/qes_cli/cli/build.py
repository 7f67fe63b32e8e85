"""`qes build`."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from qes_cli.cli.common import context, reports_errors

PROGRESS_FROM = 50  # documents; fewer build in a blink and need no bar


def register(app: typer.Typer) -> None:
    @app.command("build")
    @reports_errors
    def build_cmd(
        ctx: typer.Context,
        out_dir: Annotated[
            Path | None,
            typer.Option("--out", help="Output folder (default: site/ beside the manual)."),
        ] = None,
    ) -> None:
        """Render the whole manual as a static HTML site.

        index.html is the table of contents with links; every entry gets a page under the
        header block (文件名称, 文件编号, 版本/次, 实施日期, 编制, 审核, 批准), which print
        CSS repeats at the top of every printed page.

        Examples: qes build;  qes build --out public
        """
        from qes_cli.site import build_site
        from qes_cli.store.loader import load_valid_manual

        rc = context(ctx)
        root = rc.root()
        manual = load_valid_manual(root)
        out = out_dir if out_dir is not None else root.resolve().parent / "site"
        total = len(manual.documents)
        if total >= PROGRESS_FROM and sys.stderr.isatty():
            from rich.progress import Progress

            with Progress(transient=True) as bar:
                task = bar.add_task("building", total=total)
                files = build_site(
                    manual, out, progress=lambda done, _total: bar.update(task, completed=done)
                )
        else:
            files = build_site(manual, out)
        rc.output().out(rc.msg("build.done", n=len(files), out=out))
