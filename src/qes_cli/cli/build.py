"""`qes build`."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from qes_cli.cli.common import QesCommand, context

PROGRESS_FROM = 50  # documents; fewer build in a blink and need no bar


def register(app: typer.Typer) -> None:
    @app.command("build", cls=QesCommand)
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
        from qes_cli.commands.build import build
        from qes_cli.text import tr

        rc = context(ctx)
        bar: dict[str, Any] = {}

        def progress(done: int, total: int) -> None:
            if total < PROGRESS_FROM or not sys.stderr.isatty():
                return
            if not bar:
                from rich.progress import Progress

                bar["p"] = Progress(transient=True)
                bar["p"].start()
                bar["task"] = bar["p"].add_task("building", total=total)
            bar["p"].update(bar["task"], completed=done)

        try:
            folder, files = build(rc.root(), out_dir, progress=progress)
        finally:
            if bar:
                bar["p"].stop()
        rc.output().out(rc.say(tr("{n} files written to {out}", n=len(files), out=folder)))
