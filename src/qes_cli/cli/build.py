"""`qes build`."""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from qes_cli.cli.common import QesCommand, context, today

PROGRESS_FROM = 50  # documents; fewer build in a blink and need no bar


def register(app: typer.Typer) -> None:
    @app.command("build", cls=QesCommand)
    def build_cmd(
        ctx: typer.Context,
        out_dir: Annotated[
            Path | None,
            typer.Option("--out", help="Output folder (default: site/ beside the manual)."),
        ] = None,
        pdf: Annotated[
            bool,
            typer.Option(
                "--pdf",
                help="Also write print-ready controlled copies as PDF: manual.pdf and one PDF per document.",
            ),
        ] = False,
        drafts: Annotated[
            bool,
            typer.Option(
                "--drafts",
                help="With --pdf: print open drafts instead of the versions in force, marked 草稿.",
            ),
        ] = False,
        update_pages: Annotated[
            bool,
            typer.Option(
                "--update-pages",
                help="With --pdf: write each document's pages (and front_pages) from the PDF, and toc.md.",
            ),
        ] = False,
        retired: Annotated[
            bool,
            typer.Option(
                "--retired", help="With --pdf: also print retired documents, marked 作废."
            ),
        ] = False,
    ) -> None:
        """Render the whole manual as a static HTML site.

        index.html is the table of contents with links; every entry gets a page under the
        header block (文件名称, 文件编号, 版本/次, 实施日期, 编制, 审核, 批准), which print
        CSS repeats at the top of every printed page.

        With --pdf: the controlled copies instead — manual.pdf (cover, version rules, the
        table of contents with real start pages, every document in force) and one PDF per
        document, each page under the header block with 第 N 页 共 M 页 (in pdf/ beside the
        manual, or --out).

        Examples: qes build;  qes build --out public;  qes build --pdf;  qes build --pdf --update-pages
        """
        from qes_cli.commands.build import build
        from qes_cli.text import tr

        rc = context(ctx)
        if (drafts or update_pages or retired) and not pdf:
            from qes_cli.errors import UsageError

            raise UsageError(tr("--drafts, --update-pages and --retired go with --pdf"))
        if pdf:
            from qes_cli.cli.pdf_options import run_pdf

            run_pdf(rc, out_dir, drafts, update_pages, retired=retired, today=today())
            return
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
