"""`qes report`."""

from pathlib import Path
from typing import Annotated

import typer

from qes_cli.cli.common import QesCommand, context, today
from qes_cli.cli.targets import (
    DataArgument,
    SheetOption,
    TargetsOption,
    manual_root,
    report_skipped,
)


def register(app: typer.Typer) -> None:
    @app.command("report", cls=QesCommand)
    def report_cmd(
        ctx: typer.Context,
        data: DataArgument,
        out: Annotated[
            Path, typer.Option("--out", help="Folder to write report.html in.", file_okay=False)
        ],
        year: Annotated[
            int | None,
            typer.Option(
                "--year", help="The year of the briefing (default: the latest in the data)."
            ),
        ] = None,
        targets: TargetsOption = None,
        sheet: SheetOption = None,
    ) -> None:
        """The 服务质量简报 as one self-contained HTML page with charts.

        The target table, then inline SVG charts: monthly satisfaction per business line
        against the 85/95 targets, incidents per domain per month against the yearly
        ceilings, QA/QC ratios per quarter, and each branch where the data has branches.
        No script and nothing fetched from the network. Exit 0 when every target is met,
        1 when one is missed or has no data (the page is written either way), 2 for bad data.

        Example: qes report exports/ --year 2025 --out briefing
        """
        from qes_cli.commands.report import write_report
        from qes_cli.store.paths import display_path
        from qes_cli.text import tr

        rc = context(ctx)
        output = rc.output()
        root = manual_root(rc, targets)
        written = write_report(data, out=out, manual_root=root, targets_file=targets, year=year,
                               sheet=sheet, today=today())  # fmt: skip
        report_skipped(rc, output, written.report)
        output.out(rc.say(tr("briefing written to {path}", path=display_path(written.path))))
        if not written.report.met:
            raise typer.Exit(1)
